// How far an article reached, for its author and editors: readers (counted once each, no names),
// their share of everyone, reactions, comments, shares, and readers per day over the first 14 days.
import * as api from "../api.js";
import { add, el } from "../dom.js";
import { addStrings, t } from "../i18n.js";

addStrings({
  sv: { "r-title": "Räckvidd", "r-summary": "{readers} läsare ({percent} % av {employees}) · {reactions} reaktioner · {comments} kommentarer · {shares} delningar",
    "r-audience": "{n} av {size} i målgruppen ({percent} %)",
    "r-days": "Läsare per dag, de första 14 dagarna", "r-day": "{day}: {n}", "r-private": "Bara du och redaktörerna ser detta. Ingen lista över vem som läst finns." },
  en: { "r-title": "Reach", "r-summary": "{readers} readers ({percent} % of {employees}) · {reactions} reactions · {comments} comments · {shares} shares",
    "r-audience": "{n} of {size} in the audience ({percent} %)",
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
  const bars = chart(seen.days);
  anchor.after(el("section", { class: "reach", "aria-labelledby": "reach-heading", "data-pagefind-ignore": "" },
    el("h2", { id: "reach-heading" }, t("r-title")),
    el("p", {}, t("r-summary", { readers: seen.readers, percent: Math.round(seen.share * 100), employees: seen.employees,
      reactions: seen.reactions, comments: seen.comments, shares: seen.shares })),
    seen.audience ? el("p", {}, t("r-audience", { n: seen.audienceReaders, size: seen.audienceSize,
      percent: Math.round(seen.audienceShare * 100) })) : null,
    bars, el("p", { class: "muted" }, t("r-private"))));
}

// Readers per day as an SVG bar chart: a bar and its number per day, the day under it, a base line.
// Drawn in the theme's colours (the .reach-chart rules); a screen reader gets the same as a list.
function chart(days) {
  const svg = (tag, attributes, text) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const highest = Math.max(1, ...days.map((day) => day.readers));
  const [width, height, top, bottom, step] = [300, 120, 14, 18, 300 / Math.max(days.length, 1)];
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "reach-chart", "aria-hidden": "true" });
  days.forEach((day, n) => {
    const tall = Math.round((day.readers / highest) * (height - top - bottom));
    const x = n * step + step * 0.15;
    add(root, svg("rect", { x, y: height - bottom - tall, width: step * 0.7, height: Math.max(tall, 1), rx: 2 }),
      svg("text", { x: x + step * 0.35, y: height - 4, "text-anchor": "middle" }, String(n + 1)));
    if (day.readers) add(root, svg("text", { x: x + step * 0.35, y: height - bottom - tall - 3, "text-anchor": "middle", class: "value" }, String(day.readers)));
  });
  add(root, svg("line", { x1: 0, x2: width, y1: height - bottom + 0.5, y2: height - bottom + 0.5 }));
  return el("figure", { class: "reach-figure" }, root,
    el("figcaption", { class: "muted" }, t("r-days")),
    el("ol", { class: "visually-hidden" }, days.map((day) => el("li", {}, t("r-day", { day: day.day, n: day.readers })))));
}
