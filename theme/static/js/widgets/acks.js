// Editors' page: every article that asks for read confirmation, and who has confirmed.
import * as api from "../api.js";
import { add, el, put } from "../dom.js";
import { addStrings, errorText, t } from "../i18n.js";

addStrings({
  sv: {
    "acks-none": "Inga artiklar ber om läsbekräftelse. Lägg till Acknowledge: required i en artikel.",
    "acks-of": "{confirmed} av {total} har läst ({percent} %)",
    "acks-who": "Visa vem",
    "acks-confirmed": "Har läst ({n})",
    "acks-pending": "Har inte läst ({n})",
    "acks-earlier": "läste en tidigare version",
    "acks-nobody": "Ingen.",
    "acks-forbidden": "Bara redaktörer och administratörer ser läsbekräftelserna.",
  },
  en: {
    "acks-none": "No article asks for read confirmation. Add Acknowledge: required to an article.",
    "acks-of": "{confirmed} of {total} have read it ({percent}%)",
    "acks-who": "Show who",
    "acks-confirmed": "Have read it ({n})",
    "acks-pending": "Have not read it ({n})",
    "acks-earlier": "read an earlier version",
    "acks-nobody": "Nobody.",
    "acks-forbidden": "Only editors and admins see read confirmations.",
  },
});

function people(list, earlier) {
  if (!list.length) return el("p", { class: "muted" }, t("acks-nobody"));
  const older = new Set(earlier.map((person) => person.id));
  return el("ul", { class: "plain columns" }, list.map((person) => el("li", { "data-person": person.id },
    person.name, person.department ? el("span", { class: "muted" }, ` · ${person.department}`) : null,
    older.has(person.id) ? el("span", { class: "muted" }, ` (${t("acks-earlier")})`) : null)));
}

async function details(holder, thread) {
  const report = (await api.ackStatus(thread)).report;
  put(holder,
    el("h3", {}, t("acks-pending", { n: report.pending.length })), people(report.pending, report.earlierVersion),
    el("h3", {}, t("acks-confirmed", { n: report.confirmed.length })), people(report.confirmed, []));
}

export async function mount(root) {
  const wanted = new URLSearchParams(location.search).get("thread");
  let overview;
  try {
    overview = await api.ackOverview();
  } catch (error) {
    put(root, el("p", { class: "notice" }, error.status === 403 ? t("acks-forbidden") : errorText(error)));
    return;
  }
  if (!overview.articles.length) {
    put(root, el("p", { class: "muted" }, t("acks-none")));
    return;
  }
  const rows = overview.articles.map((article) => {
    const holder = el("div", { class: "ack-details" });
    const box = el("details", { class: "ack-article", "data-thread": article.threadId, open: article.threadId === wanted },
      el("summary", {}, el("strong", {}, article.title), " – ", t("acks-of", article),
        el("progress", { max: 100, value: article.percent, "aria-label": `${article.percent} %` })),
      el("p", {}, el("a", { href: article.url }, article.url)), holder);
    const open = () => { if (box.open && !holder.childElementCount) details(holder, article.threadId).catch((e) => add(holder, errorText(e))); };
    box.addEventListener("toggle", open);
    open();
    return box;
  });
  put(root, ...rows);
}
