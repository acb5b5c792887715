// Images into the text: from the file picker, dropped or pasted; alt text asked for first, then uploaded.
// Pasted HTML (from Word or a web page) becomes Markdown.
import * as api from "../api.js";
import { add, el } from "../dom.js";
import { errorText, t } from "../i18n.js";
import { IMAGE_TYPES } from "./editor-form.js";
import { insertAtCursor } from "./editor-toolbar.js";
import { htmlToMarkdown } from "./paste.js";

// Returns the alt text form, shown while an image waits for its words.
export function images(ed) {
  const { text, file } = ed.controls;
  const form = el("div", { class: "image-alt", hidden: true });
  const alt = el("input", { type: "text", id: "image-alt-text", maxlength: 250 });
  const error = el("p", { class: "field-error", role: "alert" });
  let pending = null;
  const close = () => { form.hidden = true; text.focus(); };
  const ask = (chosen) => {
    if (!IMAGE_TYPES.includes(chosen.type) || chosen.size > 10 * 1024 * 1024 || chosen.size < 1) {
      ed.status.textContent = t("w-image-type");
      return;
    }
    pending = chosen;
    alt.value = "";
    error.textContent = "";
    form.hidden = false;
    alt.focus();
  };
  const insert = async () => {
    if (!alt.value.trim()) { error.textContent = t("w-alt-needed"); alt.focus(); return; }
    form.hidden = true;
    ed.status.textContent = t("w-uploading");
    try {
      const key = await api.uploadImage(pending);
      insertAtCursor(ed, `\n![${alt.value.trim().replace(/[[\]]/g, "")}](/uploads/${key})\n`);
      ed.status.textContent = "";
    } catch (failure) {
      ed.status.textContent = errorText(failure);
    }
    pending = null;
  };
  alt.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); insert(); }
    if (event.key === "Escape") close();
  });
  add(form, el("label", { for: "image-alt-text" }, t("w-alt")), alt, error,
    el("button", { type: "button", onclick: insert }, t("w-insert")),
    el("button", { type: "button", class: "secondary", onclick: close }, t("w-cancel")));
  file.addEventListener("change", () => { if (file.files[0]) ask(file.files[0]); file.value = ""; });
  dropAndPaste(ed, ask);
  return form;
}

function dropAndPaste(ed, ask) {
  const text = ed.controls.text;
  text.addEventListener("dragover", (event) => { if (event.dataTransfer.types.includes("Files")) event.preventDefault(); });
  text.addEventListener("drop", (event) => {
    const dropped = event.dataTransfer.files[0];
    if (!dropped) return;
    event.preventDefault();
    ask(dropped);
  });
  text.addEventListener("paste", (event) => {
    const pastedFile = [...event.clipboardData.files][0];
    if (pastedFile) { event.preventDefault(); ask(pastedFile); return; }
    const html = event.clipboardData.getData("text/html");
    if (!html) return;
    event.preventDefault();
    insertAtCursor(ed, htmlToMarkdown(html));
  });
}
