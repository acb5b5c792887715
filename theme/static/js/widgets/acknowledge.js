// "I have read this" on articles that ask for it; asks again when the text has changed.
import * as api from "../api.js";
import { add, el, put } from "../dom.js";
import { addStrings, errorText, lang, t } from "../i18n.js";

addStrings({
  sv: {
    "ack-ask": "Bekräfta att du har läst artikeln.",
    "ack-button": "Jag har läst",
    "ack-done": "Du bekräftade att du läst artikeln {date}.",
    "ack-changed": "Artikeln har ändrats sedan du bekräftade den {date}. Läs den igen och bekräfta på nytt.",
    "ack-report": "Se vem som har läst ({percent} %)",
  },
  en: {
    "ack-ask": "Please confirm that you have read this article.",
    "ack-button": "I have read this",
    "ack-done": "You confirmed that you read this article on {date}.",
    "ack-changed": "The article has changed since you confirmed it on {date}. Please read it again and confirm.",
    "ack-report": "See who has read it ({percent}%)",
  },
});

const day = (iso) => new Date(iso).toLocaleDateString(lang() === "sv" ? "sv-SE" : "en-GB", { dateStyle: "long" });

export async function mount(root, config) {
  const status = el("p", { role: "status" });
  const render = (state) => {
    const parts = [];
    if (state.current) {
      parts.push(el("p", { class: "ack-done" }, "✓ ", t("ack-done", { date: day(state.confirmedAt) })));
    } else {
      const button = el("button", { type: "button", class: "primary" }, t("ack-button"));
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          const confirmed = await api.confirmRead(config.thread);
          // Editors see the new percentage at once.
          render(state.canSeeReport ? await api.ackStatus(config.thread) : { ...state, ...confirmed });
          root.querySelector(".ack-done")?.setAttribute("tabindex", "-1");
          root.querySelector(".ack-done")?.focus();
        } catch (error) {
          button.disabled = false;
          status.textContent = errorText(error);
        }
      });
      const ask = state.confirmedAt ? t("ack-changed", { date: day(state.confirmedAt) }) : t("ack-ask");
      parts.push(el("p", {}, ask), button);
    }
    if (state.canSeeReport && state.report) {
      const href = `${config.reportUrl}?thread=${encodeURIComponent(config.thread)}`;
      parts.push(el("p", {}, el("a", { href }, t("ack-report", { percent: state.report.percent }))));
    }
    put(root, ...parts, status);
    root.dataset.state = state.current ? "confirmed" : "asked";
  };
  try {
    render(await api.ackStatus(config.thread));
  } catch (error) {
    if (error.status !== 401) status.textContent = errorText(error);
    add(root, status);
  }
}
