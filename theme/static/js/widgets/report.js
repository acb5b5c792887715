// "Report": a dialog with the reasons, loaded the first time someone presses the button.
import * as data from "../privacy-api.js";
import { add, el } from "../dom.js";
import { addStrings, errorText, t } from "../i18n.js";

addStrings({
  sv: {
    "report-title": "Anmäl till moderatorerna",
    "report-why": "Varför?",
    "report-harassment": "Trakasserier eller hot",
    "report-spam": "Skräppost eller reklam",
    "report-personal_data": "Personuppgifter som inte hör hemma här",
    "report-misinformation": "Felaktig information",
    "report-other": "Något annat",
    "report-note": "Mer att berätta (valfritt)",
    "report-send": "Skicka anmälan",
    "report-cancel": "Avbryt",
    "report-sent": "Tack. Moderatorerna har fått din anmälan och du får veta vad de beslutar.",
    "report-private": "Bara moderatorer och administratörer ser anmälan; den som skrev får inte veta vem som anmälde.",
  },
  en: {
    "report-title": "Report to the moderators",
    "report-why": "Why?",
    "report-harassment": "Harassment or threats",
    "report-spam": "Spam or advertising",
    "report-personal_data": "Personal data that does not belong here",
    "report-misinformation": "False information",
    "report-other": "Something else",
    "report-note": "Anything more to say (optional)",
    "report-send": "Send report",
    "report-cancel": "Cancel",
    "report-sent": "Thank you. The moderators have your report, and you will hear what they decide.",
    "report-private": "Only moderators and admins see reports; the writer is not told who reported.",
  },
});

const REASONS = ["harassment", "spam", "personal_data", "misinformation", "other"];
let count = 0;

export function open(target, say, opener) {
  const id = `report-${++count}`;
  const note = el("textarea", { id: `${id}-note`, rows: 3, maxlength: 500 });
  const choices = REASONS.map((reason) => el("label", { class: "choice" },
    el("input", { type: "radio", name: `${id}-reason`, value: reason, required: true }), " ",
    t(`report-${reason}`)));
  const problem = el("p", { class: "notice", role: "alert", hidden: true });
  const dialog = el("dialog", { class: "report-dialog", "aria-labelledby": `${id}-title` },
    el("form", { method: "dialog" },
      el("h2", { id: `${id}-title` }, t("report-title")),
      el("fieldset", {}, el("legend", {}, t("report-why")), ...choices),
      el("label", { for: note.id }, t("report-note")), note,
      el("p", { class: "muted" }, t("report-private")), problem,
      el("div", { class: "form-actions" },
        el("button", { type: "submit", value: "send" }, t("report-send")),
        el("button", { type: "button", class: "secondary", value: "cancel", onclick: () => dialog.close() }, t("report-cancel")))));
  dialog.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const reason = dialog.querySelector(`input[name="${id}-reason"]:checked`)?.value;
    try {
      await data.report(target, reason, note.value.trim() || undefined);
      dialog.close();
      say(t("report-sent"));
    } catch (error) {
      problem.hidden = false;
      problem.textContent = errorText(error);
    }
  });
  dialog.addEventListener("close", () => { dialog.remove(); opener?.focus(); });
  add(document.body, dialog);
  dialog.showModal();
}
