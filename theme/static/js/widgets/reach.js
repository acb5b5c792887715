// How far an article reached, for its author and editors: readers (counted once each, no names),
// their share of everyone, reactions, comments, shares, and readers per day over the first 14 days.
import * as api from "../api.js";
import { el } from "../dom.js";
import { addStrings, t } from "../i18n.js";

addStrings({
  sv: { "r-title": "Räckvidd", "r-summary": "{readers} läsare ({percent} % av {employees}) · {reactions} reaktioner · {comments} kommentarer · {shares} delningar",
    "r-days": "Läsare per dag, de första 14 dagarna", "r-day": "{day}: {n}", "r-private": "Bara du och redaktörerna ser detta. Ingen lista över vem som läst finns." },
  en: { "r-title": "Reach", "r-summary": "{readers} readers ({percent} % of {employees}) · {reactions} reactions · {comments} comments · {shares} shares",
    "r-days": "Readers per day, the first 14 days", "r-day": "{day}: {n}", "r-private": "Only you and the editors see this. There is no list of who read it." },
});

export async function mount(anchor) {
  const thread = anchor.closest("article[data-thread]")?.dataset.thread;
  if (!thread) return;
  let seen;
  try {
    seen = await api.reach(thread);
  } catch {
    return;
  }
  const highest = Math.max(1, ...seen.days.map((day) => day.readers));
  const bars = el("ol", { class: "reach-days", "aria-label": t("r-days") }, seen.days.map((day) => el("li", {
    title: t("r-day", { day: day.day, n: day.readers }) },
  el("span", { class: "bar", "data-height": Math.round((day.readers / highest) * 100) }),
  el("span", { class: "visually-hidden" }, t("r-day", { day: day.day, n: day.readers })))));
  // Heights through the CSSOM: the site's CSP allows no inline style attributes.
  for (const bar of bars.querySelectorAll(".bar")) bar.style.height = `${bar.dataset.height}%`;
  anchor.after(el("section", { class: "reach", "aria-labelledby": "reach-heading", "data-pagefind-ignore": "" },
    el("h2", { id: "reach-heading" }, t("r-title")),
    el("p", {}, t("r-summary", { readers: seen.readers, percent: Math.round(seen.share * 100), employees: seen.employees,
      reactions: seen.reactions, comments: seen.comments, shares: seen.shares })),
    bars, el("p", { class: "muted" }, t("r-private"))));
}
