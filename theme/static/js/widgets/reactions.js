// A reaction bar for one target: Like (or my reaction), a picker of six kinds, and what others gave.
import * as api from "../api.js";
import { add, el, icon, put } from "../dom.js";
import { errorText, t } from "../i18n.js";

// Our own icons (24 × 24, stroked in currentColor), so no kind depends on the system's emoji font.
const FACE = ["circle", { cx: 12, cy: 12, r: 9 }];
const EYES = ["path", { d: "M9 9.5h.01M15 9.5h.01", "stroke-width": 3 }];
export const KINDS = {
  like: [["path", { d: "M7 11v9H4v-9zM7 11l4-7c1.4 0 2.5 1.1 2.5 2.5V9.5H19a2 2 0 0 1 2 2.3l-1.2 6.5A2 2 0 0 1 17.8 20H7" }]],
  heart: [["path", { d: "M12 20s-7-4.3-8.8-8.7C1.8 7.8 3.9 4.5 7.2 4.5c2 0 3.4 1 4.8 2.8 1.4-1.8 2.8-2.8 4.8-2.8 3.3 0 5.4 3.3 4 6.8C19 15.7 12 20 12 20z" }]],
  celebrate: [["path", { d: "M4 20l4.5-12 7.5 7.5z" }], ["path", { d: "M13 4v2M20 11h-2M17.5 6.5 19 5M14.5 9.5 17 7" }]],
  laugh: [FACE, EYES, ["path", { d: "M7.5 13.5h9a4.5 4.5 0 0 1-9 0z" }]],
  wow: [FACE, EYES, ["circle", { cx: 12, cy: 15.5, r: 2 }]],
  sad: [FACE, EYES, ["path", { d: "M8.5 16.5c.9-1.2 2-1.8 3.5-1.8s2.6.6 3.5 1.8" }]],
};

// One button (Like, or my reaction: pressed again, it is taken back), "+" opening the six kinds, and a summary:
// the most given kinds' icons and the total, as Teams and LinkedIn show them.
export function bar(targetId, reactions = {}, mine = [], onError = () => {}) {
  const counts = { ...reactions };
  const given = new Set(mine);
  const main = el("button", { type: "button", class: "reaction reaction-main" });
  const more = el("button", { type: "button", class: "reaction reaction-more", "aria-expanded": "false", "aria-label": t("react-pick"), title: t("react-pick") }, "+");
  const picker = el("div", { class: "panel reaction-picker", hidden: true, role: "group", "aria-label": t("reactions") });
  const summary = el("span", { class: "reaction-summary" });
  const root = el("div", { class: "reactions", "data-target": targetId }, main, more, picker, summary);
  const buttons = {};
  const show = () => {
    const mineFirst = Object.keys(KINDS).find((kind) => given.has(kind));
    const kind = mineFirst || "like";
    put(main, icon(KINDS[kind]), el("span", {}, t(kind)));
    main.setAttribute("aria-pressed", String(Boolean(mineFirst)));
    for (const [name, button] of Object.entries(buttons)) {
      button.querySelector(".count").textContent = counts[name] ? String(counts[name]) : "";
      button.setAttribute("aria-pressed", String(given.has(name)));
    }
    const top = Object.keys(KINDS).filter((name) => counts[name] > 0).sort((a, b) => counts[b] - counts[a]).slice(0, 3);
    const total = Object.values(counts).reduce((sum, n) => sum + (n || 0), 0);
    put(summary, ...top.map((name) => icon(KINDS[name])), total ? el("span", { class: "count" }, String(total)) : null);
    summary.title = top.map((name) => `${t(name)} ${counts[name]}`).join(" · ");
  };
  const toggle = async (kind) => {
    const now = !given.has(kind);
    const apply = (on) => { if (on) given.add(kind); else given.delete(kind); counts[kind] = (counts[kind] || 0) + (on ? 1 : -1); show(); };
    apply(now);
    try {
      await api.react(targetId, kind, now);
    } catch (error) {
      apply(!now);
      onError(errorText(error));
    }
  };
  for (const [kind, shapes] of Object.entries(KINDS)) {
    // The name a screen reader says is the word, then the count ("Gilla 3").
    buttons[kind] = el("button", { type: "button", class: "reaction", "data-kind": kind, title: t(kind) },
      icon(shapes), el("span", { class: "visually-hidden" }, t(kind)), el("span", { class: "count" }));
    buttons[kind].addEventListener("click", () => { toggle(kind); close(true); });
    add(picker, buttons[kind]);
  }
  const close = (focus) => { picker.hidden = true; more.setAttribute("aria-expanded", "false"); if (focus) more.focus(); };
  main.addEventListener("click", () => toggle(Object.keys(KINDS).find((kind) => given.has(kind)) || "like"));
  more.addEventListener("click", () => {
    picker.hidden = !picker.hidden;
    more.setAttribute("aria-expanded", String(!picker.hidden));
    if (!picker.hidden) picker.querySelector("button").focus();
  });
  picker.addEventListener("keydown", (event) => { if (event.key === "Escape") close(true); });
  picker.addEventListener("focusout", (event) => { if (!root.contains(event.relatedTarget)) close(false); });
  // Live counts from the server (another person reacted); my own choices stay mine.
  root.update = (fresh, isMe, changedKind, nowGiven) => {
    for (const kind of Object.keys(KINDS)) counts[kind] = fresh[kind] || 0;
    if (isMe) { if (nowGiven) given.add(changedKind); else given.delete(changedKind); }
    show();
  };
  show();
  return root;
}

// "Report" beside the reactions of others' words; its dialog loads on the first press.
export function reportButton(target, say) {
  const button = el("button", { type: "button", class: "link" }, t("report"));
  button.addEventListener("click", () => import("./report.js").then((m) => m.open(target, say, button)));
  return button;
}
