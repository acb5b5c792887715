// A reaction bar for one target: a toggle button per kind, with counts and my choices.
import * as api from "../api.js";
import { el } from "../dom.js";
import { errorText, t } from "../i18n.js";

export const KINDS = { like: "👍", heart: "❤️", celebrate: "🎉", laugh: "😄", wow: "😮", sad: "😢" };

export function bar(targetId, reactions = {}, mine = [], onError = () => {}) {
  const root = el("div", { class: "reactions", role: "group", "aria-label": t("reactions"), "data-target": targetId });
  const updates = [];
  // Live counts from the server (another person reacted); my own choices stay mine.
  root.update = (counts, person, kind, given) => updates.forEach((fn) => fn(counts, person, kind, given));
  for (const [kind, emoji] of Object.entries(KINDS)) {
    let count = reactions[kind] || 0;
    let given = mine.includes(kind);
    const number = el("span", { class: "count" });
    // The name a screen reader says is the word, then the count ("Gilla 3").
    const button = el("button", { type: "button", class: "reaction", "data-kind": kind, title: t(kind) },
      el("span", { "aria-hidden": "true" }, emoji), el("span", { class: "visually-hidden" }, t(kind)), number);
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
    root.append(button);
  }
  return root;
}
