// The Markdown toolbar over the text: bold, italic, link, list, heading, quote, image. One tab stop,
// arrow keys move between its buttons; Ctrl+B and Ctrl+I work in the text.
import { el, icon } from "../dom.js";
import { t } from "../i18n.js";

const LINK_ICON = [["path", { d: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1", fill: "none", "stroke-width": "2", stroke: "currentColor", "stroke-linecap": "round" }],
  ["path", { d: "M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1", fill: "none", "stroke-width": "2", stroke: "currentColor", "stroke-linecap": "round" }]];
const IMAGE_ICON = [["rect", { x: "3", y: "5", width: "18", height: "14", rx: "2", fill: "none", stroke: "currentColor", "stroke-width": "2" }],
  ["circle", { cx: "9", cy: "10", r: "1.6", fill: "currentColor" }],
  ["path", { d: "M4 18l5-5 3 3 3-3 5 5", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linejoin": "round" }]];

// The selection wrapped in `before` and `after` (or the placeholder, selected, when nothing was).
function wrap(ed, before, after = before, placeholder = "") {
  const text = ed.controls.text;
  const start = text.selectionStart;
  const end = text.selectionEnd;
  const chosen = text.value.slice(start, end) || placeholder;
  text.setRangeText(before + chosen + after, start, end, "end");
  text.selectionStart = start + before.length;
  text.selectionEnd = start + before.length + chosen.length;
  text.focus();
  ed.changed();
}

function linePrefix(ed, prefix) {
  const text = ed.controls.text;
  const start = text.value.lastIndexOf("\n", text.selectionStart - 1) + 1;
  text.setRangeText(prefix, start, start, "end");
  text.focus();
  ed.changed();
}

export function insertAtCursor(ed, snippet) {
  const text = ed.controls.text;
  text.setRangeText(snippet, text.selectionStart, text.selectionEnd, "end");
  text.focus();
  ed.changed();
}

function roving(toolbar) {
  const buttons = [...toolbar.querySelectorAll("button")];
  buttons.forEach((button, index) => {
    button.tabIndex = index === 0 ? 0 : -1;
    button.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = buttons[(index + step + buttons.length) % buttons.length];
      button.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    });
  });
}

export function toolbar(ed) {
  const bold = () => wrap(ed, "**", "**", t("w-bold"));
  const italic = () => wrap(ed, "*", "*", t("w-italic"));
  const tool = (label, mark, action) => el("button", { type: "button", "aria-label": label, title: label, onclick: action },
    typeof mark === "string" ? el("span", { "aria-hidden": "true" }, mark) : icon(mark));
  const bar = el("div", { class: "toolbar", role: "toolbar", "aria-label": t("w-toolbar"), "aria-controls": "article-text" },
    tool(t("w-bold"), "B", bold),
    tool(t("w-italic"), "I", italic),
    tool(t("w-link"), LINK_ICON, () => {
      const url = window.prompt(t("w-link-url"), "https://");
      if (url && /^(https?:\/\/|mailto:|\/)/.test(url)) wrap(ed, "[", `](${url})`, t("w-link"));
    }),
    tool(t("w-list"), "•", () => linePrefix(ed, "- ")),
    tool(t("w-heading"), "H", () => linePrefix(ed, "## ")),
    tool(t("w-quote"), "”", () => linePrefix(ed, "> ")),
    tool(t("w-image"), IMAGE_ICON, () => ed.controls.file.click()),
  );
  roving(bar);
  ed.controls.text.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    if (event.key === "b") { event.preventDefault(); bold(); }
    if (event.key === "i") { event.preventDefault(); italic(); }
  });
  return bar;
}
