// The box to write a post: Markdown, mentions, a preview, up to four images with alt text.
import "./social-strings.js";
import * as api from "../api.js";
import { el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";

const TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const MAX_BYTES = 10 * 1024 * 1024;
const uid = () => Math.random().toString(36).slice(2, 10);

export function composer({ label, groupId, onPosted, say }) {
  const id = "post-" + uid();
  const area = el("textarea", { id, rows: 3, maxlength: 10000, required: true });
  area.addEventListener("focus", () => import("../mention.js").then((m) => m.attachMentions(area)), { once: true });
  const preview = el("div", { class: "preview comment-body", hidden: true, dir: "auto" });
  const files = el("input", { type: "file", id: id + "-files", accept: TYPES.join(","), multiple: true });
  const chosen = el("ul", { class: "chosen-images" });
  const send = el("button", { type: "submit" }, t("publish"));
  const previewButton = el("button", { type: "button", class: "secondary" }, t("preview"));
  let images = []; // {file, url, alt}

  function showChosen() {
    put(chosen, ...images.map((image, index) => {
      const altId = `${id}-alt-${index}`;
      const alt = el("input", { id: altId, type: "text", maxlength: 250, required: true, value: image.alt });
      alt.addEventListener("input", () => { image.alt = alt.value; });
      const remove = el("button", { type: "button", class: "link" }, t("remove-image", { n: index + 1 }));
      remove.addEventListener("click", () => { URL.revokeObjectURL(image.url); images.splice(index, 1); showChosen(); });
      return el("li", {}, el("img", { src: image.url, alt: "", width: 96, height: 72 }),
        el("label", { for: altId }, t("alt-label", { n: index + 1 })), alt, remove);
    }));
  }

  files.addEventListener("change", () => {
    for (const file of files.files) {
      if (!TYPES.includes(file.type) || file.size > MAX_BYTES) { say(t("image-type")); continue; }
      if (images.length >= 4) { say(t("too-many-images")); break; }
      images.push({ file, url: URL.createObjectURL(file), alt: "" });
    }
    files.value = "";
    showChosen();
  });

  previewButton.addEventListener("click", async () => {
    if (!area.value.trim()) { preview.textContent = t("preview-empty"); preview.hidden = false; return; }
    try {
      preview.innerHTML = (await api.preview(area.value)).html; // sanitised by the server
      preview.hidden = false;
    } catch (error) { say(errorText(error)); }
  });

  const form = el("form", { class: "comment-form composer" },
    el("label", { for: id }, label), area, el("p", { class: "hint" }, t("markdown-hint")), preview,
    el("label", { for: id + "-files", class: "file-label" }, t("add-images")), files, chosen,
    el("div", { class: "form-actions" }, send, previewButton));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!area.value.trim()) return;
    send.disabled = true;
    try {
      if (images.length) say(t("uploading"));
      const attached = [];
      for (const image of images) attached.push({ key: await api.uploadImage(image.file), alt: image.alt });
      const created = await api.addPost(area.value, groupId, attached, crypto.randomUUID ? crypto.randomUUID() : uid() + uid());
      area.value = "";
      preview.hidden = true;
      images.forEach((image) => URL.revokeObjectURL(image.url));
      images = [];
      showChosen();
      say(t("post-published"));
      onPosted(created);
    } catch (error) {
      say(errorText(error));
    } finally {
      send.disabled = false;
    }
  });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  return form;
}
