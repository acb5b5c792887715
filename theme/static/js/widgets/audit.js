// Admins' audit trail: who did what to whose content or account, a month at a time, newest first.
import * as data from "../privacy-api.js";
import { add, el, put } from "../dom.js";
import { addStrings, errorText, lang, t } from "../i18n.js";

addStrings({
  sv: {
    "au-month": "Månad", "au-when": "När", "au-who": "Vem", "au-what": "Vad", "au-target": "Gällde", "au-detail": "Detaljer",
    "au-none": "Inga åtgärder den här månaden.", "au-more": "Visa äldre", "au-kept": "Posterna sparas i {n} dagar.",
    "au-forbidden": "Bara administratörer ser granskningsloggen.",
    "comment.deleted": "tog bort en kommentar", "post.deleted": "tog bort ett inlägg", "message.deleted": "tog bort ett chattmeddelande",
    "content.hidden": "dolde innehåll", "content.kept": "lät anmält innehåll stå kvar",
    "person.erased": "raderade en persons data", "person.exported": "laddade ner en persons data",
    "banner.posted": "satte upp en banderoll", "banner.removed": "tog ner en banderoll",
    "group.role_changed": "ändrade en roll i en grupp", "group.member_removed": "tog bort en medlem ur en grupp",
  },
  en: {
    "au-month": "Month", "au-when": "When", "au-who": "Who", "au-what": "What", "au-target": "Concerned", "au-detail": "Details",
    "au-none": "No actions this month.", "au-more": "Show older", "au-kept": "Entries are kept for {n} days.",
    "au-forbidden": "Only admins see the audit trail.",
    "comment.deleted": "deleted a comment", "post.deleted": "deleted a post", "message.deleted": "deleted a chat message",
    "content.hidden": "hid content", "content.kept": "kept reported content",
    "person.erased": "erased a person's data", "person.exported": "downloaded a person's data",
    "banner.posted": "put up a banner", "banner.removed": "took down a banner",
    "group.role_changed": "changed a role in a group", "group.member_removed": "removed a member from a group",
  },
});

const when = (iso) => new Date(iso).toLocaleString(lang() === "en" ? "en-GB" : "sv-SE");

export async function mount(root) {
  const body = el("tbody");
  const table = el("table", { class: "audit" }, el("thead", {}, el("tr", {},
    ...["au-when", "au-who", "au-what", "au-target", "au-detail"].map((key) => el("th", { scope: "col" }, t(key))))), body);
  const more = el("button", { type: "button", class: "more", hidden: true }, t("au-more"));
  const picker = el("select", { id: "audit-month" });
  const note = el("p", { class: "muted" });
  let cursor = null;

  // Each cell names its column, for phones, where a row is shown as a block.
  const cell = (key, ...children) => el("td", { "data-label": t(key) }, ...children);
  const rows = (entries) => entries.map((entry) => el("tr", { "data-action": entry.action },
    cell("au-when", el("time", { datetime: entry.at }, when(entry.at))),
    cell("au-who", el("bdi", {}, entry.actor.name)),
    cell("au-what", t(entry.action)),
    cell("au-target", entry.person ? el("bdi", {}, entry.person) : "", entry.person ? " · " : "", el("code", {}, entry.target)),
    cell("au-detail", el("bdi", {}, entry.detail))));

  async function load(month, next) {
    const page = await data.auditTrail(month, next);
    if (!next) {
      put(picker, ...page.months.map((m) => el("option", { value: m, selected: m === page.month }, m)));
      put(body, ...rows(page.entries));
      note.textContent = page.entries.length ? t("au-kept", { n: page.retentionDays }) : t("au-none");
    } else {
      add(body, ...rows(page.entries));
    }
    cursor = page.next;
    more.hidden = !cursor;
  }

  picker.addEventListener("change", () => load(picker.value).catch((error) => { note.textContent = errorText(error); }));
  more.addEventListener("click", () => load(picker.value, cursor).catch((error) => { note.textContent = errorText(error); }));
  try {
    await load();
  } catch (error) {
    put(root, el("p", { class: "notice" }, error.status === 403 ? t("au-forbidden") : errorText(error)));
    return;
  }
  put(root, el("p", {}, el("label", { for: "audit-month" }, t("au-month")), " ", picker), note,
    el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("au-what") }, table), more);
}
