// The Markdown toolbar over the text: bold, italic, link, list, heading, quote, image. One tab stop,
// arrow keys move between its buttons; Ctrl+B and Ctrl+I work in the text.
import { el, icon } from "../dom.js";
import { t } from "../i18n.js";

const LINK_ICON = [["path", { d: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1", fill: "none", "stroke-width": "2", stroke: "currentColor", "stroke-linecap": "round" }],
  ["path", { d: "M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1", fill: "none", "stroke-width": "2", stroke: "currentColor", "stroke-linecap": "round" }]];
const IMAGE_ICON = [["rect", { x: "3", y: "5", width: "18", height: "14", rx: "2", fill: "none", stroke: "currentColor", "stroke-width": "2" }],
  ["circle", { cx: "9", cy: "10", r: "1.6", fill: "currentColor" }],
  ["path", { d: "M4 18l5-5 3 3 3-3 5 5", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linejoin": "round" }]];

// Text replaced as typing replaces it, so Ctrl+Z undoes a toolbar edit (setRangeText leaves no undo step).
function replace(text, start, end, snippet) {
  text.focus();
  text.setSelectionRange(start, end);
  if (!document.execCommand("insertText", false, snippet)) text.setRangeText(snippet, start, end, "end");
}

// Bold and italic toggle as in a word processor: the selection wrapped in `mark`, or unwrapped when it already is;
// with nothing selected, an empty pair with the caret inside (pressed again there, the pair goes).
function toggle(ed, mark) {
  const text = ed.controls.text;
  const { selectionStart: start, selectionEnd: end, value } = text;
  const size = mark.length;
  const around = value.slice(start - size, start) === mark && value.slice(end, end + size) === mark;
  const inside = end - start >= 2 * size && value.slice(start, start + size) === mark && value.slice(end - size, end) === mark;
  if (around) {
    replace(text, start - size, end + size, value.slice(start, end));
    text.setSelectionRange(start - size, end - size);
  } else if (inside) {
    replace(text, start, end, value.slice(start + size, end - size));
    text.setSelectionRange(start, end - 2 * size);
  } else {
    replace(text, start, end, mark + value.slice(start, end) + mark);
    text.setSelectionRange(start + size, end + size);
  }
  ed.changed();
}

function wrap(ed, before, after, placeholder) {
  const text = ed.controls.text;
  const { selectionStart: start, selectionEnd: end } = text;
  const chosen = text.value.slice(start, end) || placeholder;
  replace(text, start, end, before + chosen + after);
  text.setSelectionRange(start + before.length, start + before.length + chosen.length);
  ed.changed();
}

function linePrefix(ed, prefix) {
  const text = ed.controls.text;
  const start = text.value.lastIndexOf("\n", text.selectionStart - 1) + 1;
  const caret = text.selectionStart;
  replace(text, start, start, prefix);
  text.setSelectionRange(caret + prefix.length, caret + prefix.length);
  ed.changed();
}

export function insertAtCursor(ed, snippet) {
  const text = ed.controls.text;
  replace(text, text.selectionStart, text.selectionEnd, snippet);
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
  const bold = () => toggle(ed, "**");
  const italic = () => toggle(ed, "_");
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
  import("../mention.js").then((m) => m.mentionsOnFocus(ed.controls.text));
  ed.controls.text.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    if (event.key === "b") { event.preventDefault(); bold(); }
    if (event.key === "i") { event.preventDefault(); italic(); }
  });
  return bar;
}
