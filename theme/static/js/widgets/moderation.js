// Moderators' queue: each reported item in its place, the reports on it, and keep / hide / delete.
import * as data from "../privacy-api.js";
import { add, el, put } from "../dom.js";
import { addStrings, ago, errorText, t } from "../i18n.js";

addStrings({
  sv: {
    "mo-open": "Väntar", "mo-closed": "Avgjorda", "mo-none": "Inget anmält väntar. Bra jobbat!",
    "mo-none-closed": "Inga avgjorda anmälningar än.",
    "mo-comment": "Kommentar", "mo-post": "Inlägg", "mo-message": "Chattmeddelande",
    "mo-by": "av {name}", "mo-where": "Visa där det står", "mo-gone": "Redan borttaget.",
    "mo-reports": "{n} anmälan\n{n} anmälningar", "mo-hidden": "Dolt just nu.",
    "mo-keep": "Behåll", "mo-hide": "Dölj", "mo-delete": "Ta bort", "mo-reason": "Varför (författaren ser det)",
    "mo-reason-needed": "Skriv varför du döljer det.", "mo-decided": "Klart: {decision}.",
    "mo-confirm-delete": "Ta bort det här för alla?",
    "mo-forbidden": "Bara moderatorer och administratörer ser anmälningarna.",
    "reason-harassment": "Trakasserier eller hot", "reason-spam": "Skräppost eller reklam",
    "reason-personal_data": "Personuppgifter", "reason-misinformation": "Felaktig information", "reason-other": "Något annat",
    someone: "Borttagen person", keep: "behålls", hide: "dolt", delete: "borttaget", gone: "redan borttaget",
  },
  en: {
    "mo-open": "Waiting", "mo-closed": "Decided", "mo-none": "Nothing reported is waiting. Well done!",
    "mo-none-closed": "No decided reports yet.",
    "mo-comment": "Comment", "mo-post": "Post", "mo-message": "Chat message",
    "mo-by": "by {name}", "mo-where": "Show where it is", "mo-gone": "Already removed.",
    "mo-reports": "{n} report\n{n} reports", "mo-hidden": "Hidden at the moment.",
    "mo-keep": "Keep", "mo-hide": "Hide", "mo-delete": "Delete", "mo-reason": "Why (its author reads this)",
    "mo-reason-needed": "Say why you hide it.", "mo-decided": "Done: {decision}.",
    "mo-confirm-delete": "Delete this for everyone?",
    "mo-forbidden": "Only moderators and admins see reports.",
    "reason-harassment": "Harassment or threats", "reason-spam": "Spam or advertising",
    "reason-personal_data": "Personal data", "reason-misinformation": "False information", "reason-other": "Something else",
    someone: "Deleted person", keep: "kept", hide: "hidden", delete: "deleted", gone: "already removed",
  },
});

const site = () => document.body.dataset.site || "/";

function where(link) {
  if (!link) return null;
  if (link.post) return `${site()}feed/post/?id=${encodeURIComponent(link.post)}`;
  if (link.room) return `${site()}chat/?room=${encodeURIComponent(link.room)}`;
  if (link.thread?.startsWith("post:")) return `${site()}feed/post/?id=${encodeURIComponent(link.thread.slice(5))}`;
  return null;
}

export async function mount(root) {
  const status = el("p", { role: "status", class: "visually-hidden" });
  const say = (text) => { status.textContent = text; };
  const list = el("div", { class: "moderation-list" });
  const tabs = ["open", "closed"].map((state) => {
    const button = el("button", { type: "button", class: "secondary", "aria-pressed": String(state === "open") }, t(`mo-${state}`));
    button.addEventListener("click", () => {
      for (const other of tabs) other.setAttribute("aria-pressed", String(other === button));
      show(state);
    });
    return button;
  });

  function card(item, state) {
    const n = item.reports.length;
    const box = el("article", { class: "card report-card", "data-target": item.target },
      el("p", { class: "comment-head" }, el("strong", {}, t(`mo-${item.kind}`)), " ",
        item.author ? el("bdi", {}, t("mo-by", { name: item.author.name })) : null, " · ",
        el("span", {}, t("mo-reports", { n }))));
    const body = el("div", { class: "comment-body", dir: "auto" });
    if (item.gone) body.textContent = t("mo-gone");
    else body.innerHTML = item.html; // sanitised by the server when it was written
    add(box, body);
    if (item.hidden) add(box, el("p", { class: "notice" }, t("mo-hidden")));
    const link = where(item.link) || item.url;
    if (link) add(box, el("p", {}, el("a", { href: link }, t("mo-where"))));
    add(box, el("ul", { class: "plain report-reasons" }, ...item.reports.map((report) => el("li", {},
      el("strong", {}, t(`reason-${report.reason}`)), report.note ? ` – ${report.note}` : "", " · ",
      el("bdi", { class: "muted" }, report.reporter.name || t("someone")), " ",
      el("time", { datetime: report.createdAt, class: "muted" }, ago(report.createdAt)),
      report.decision ? el("span", { class: "muted" }, ` · ${t(report.decision)}`) : null))));
    if (state !== "open") return box;
    const reasonId = `mo-reason-${item.target.replace(/[^A-Za-z0-9]/g, "-")}`;
    const reason = el("input", { id: reasonId, type: "text", maxlength: 500 });
    const decide = async (decision) => {
      if (decision === "hide" && !reason.value.trim()) { say(t("mo-reason-needed")); reason.focus(); return; }
      if (decision === "delete" && !(await (await import("./confirm.js")).confirmDialog(t("mo-confirm-delete"), t("delete")))) return;
      try {
        await data.decide(item.target, decision, reason.value.trim() || undefined);
        say(t("mo-decided", { decision: t(decision) }));
        const next = box.nextElementSibling || box.previousElementSibling;
        box.remove();
        if (!list.childElementCount) put(list, el("p", { class: "muted" }, t("mo-none")));
        next?.querySelector("button, input")?.focus();
      } catch (error) { say(errorText(error)); }
    };
    const buttons = ["keep", "hide", "delete"].map((decision) => el("button", {
      type: "button", class: decision === "delete" ? "danger" : decision === "keep" ? "secondary" : "",
      onclick: () => decide(decision) }, t(`mo-${decision}`)));
    add(box, el("div", { class: "field" }, el("label", { for: reasonId }, t("mo-reason")), reason),
      el("div", { class: "form-actions" }, ...buttons));
    return box;
  }

  async function show(state) {
    try {
      const { items } = await data.moderation(state);
      if (!items.length) put(list, el("p", { class: "muted" }, t(state === "open" ? "mo-none" : "mo-none-closed")));
      else put(list, ...items.map((item) => card(item, state)));
    } catch (error) {
      // Not a moderator: no tabs to press, only what this page is for.
      if (error.status === 403) put(root, el("p", { class: "notice" }, t("mo-forbidden")));
      else put(list, el("p", { class: "notice" }, errorText(error)));
    }
  }

  put(root, el("div", { class: "tabs", role: "group" }, ...tabs), list, status);
  await show("open");
}
