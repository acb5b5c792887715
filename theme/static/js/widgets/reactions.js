// A reaction bar for one target: a toggle button per kind, with counts and my choices.
import * as api from "../api.js";
import { add, el, icon } from "../dom.js";
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

export function bar(targetId, reactions = {}, mine = [], onError = () => {}) {
  const root = el("div", { class: "reactions", role: "group", "aria-label": t("reactions"), "data-target": targetId });
  const updates = [];
  // Live counts from the server (another person reacted); my own choices stay mine.
  root.update = (counts, person, kind, given) => updates.forEach((fn) => fn(counts, person, kind, given));
  for (const [kind, shapes] of Object.entries(KINDS)) {
    let count = reactions[kind] || 0;
    let given = mine.includes(kind);
    const number = el("span", { class: "count" });
    // The name a screen reader says is the word, then the count ("Gilla 3").
    const button = el("button", { type: "button", class: "reaction", "data-kind": kind, title: t(kind) },
      icon(shapes), el("span", { class: "visually-hidden" }, t(kind)), number);
    const show = () => {
      number.textContent = count ? String(count) : "";
      button.setAttribute("aria-pressed", String(given));
    };
    button.addEventListener("click", async () => {
      given = !given;
      count += given ? 1 : -1;
      show();
      try {
        await api.react(targetId, kind, given);
      } catch (error) {
        given = !given;
        count += given ? 1 : -1;
        show();
        onError(errorText(error));
      }
    });
    updates.push((counts, isMe, changedKind, nowGiven) => {
      count = counts[kind] || 0;
      if (isMe && changedKind === kind) given = nowGiven;
      show();
    });
    show();
    add(root, button);
  }
  return root;
}

// "Report" beside the reactions of others' words; its dialog loads on the first press.
export function reportButton(target, say) {
  const button = el("button", { type: "button", class: "link" }, t("report"));
  button.addEventListener("click", () => import("./report.js").then((m) => m.open(target, say, button)));
  return button;
}
