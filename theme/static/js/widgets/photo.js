// My profile photo: pick an image, place it in a square (drag or arrow keys, zoom with the slider), and
// save it as two small WebP files (256 and 64 px) made in the browser; or go back to initials.
// Loaded when "Byt bild" is pressed on one's own profile.
import * as api from "../api.js";
import { add, el } from "../dom.js";
import { addStrings, errorText, t } from "../i18n.js";

addStrings({
  sv: { "ph-title": "Din profilbild", "ph-pick": "Välj en bild", "ph-zoom": "Zooma", "ph-move": "Dra bilden eller använd piltangenterna för att placera den.",
    "ph-save": "Spara bilden", "ph-remove": "Ta bort bilden", "ph-saving": "Sparar …", "ph-type": "Välj en JPEG-, PNG-, WebP- eller GIF-bild." },
  en: { "ph-title": "Your profile photo", "ph-pick": "Choose an image", "ph-zoom": "Zoom", "ph-move": "Drag the image or use the arrow keys to place it.",
    "ph-save": "Save the photo", "ph-remove": "Remove the photo", "ph-saving": "Saving …", "ph-type": "Choose a JPEG, PNG, WebP or GIF image." },
});

const SIDE = 256;

export function open(person, onSaved, opener) {
  const canvas = el("canvas", { width: SIDE, height: SIDE, class: "photo-crop", tabindex: "0", "aria-label": t("ph-move") });
  const file = el("input", { type: "file", accept: "image/jpeg,image/png,image/webp,image/gif", id: "photo-file" });
  const zoom = el("input", { type: "range", min: "1", max: "4", step: "0.05", value: "1", id: "photo-zoom", disabled: true });
  const status = el("p", { class: "status", role: "status" });
  const save = el("button", { type: "button", class: "primary", disabled: true }, t("ph-save"));
  const dialog = el("dialog", { class: "confirm-dialog photo-dialog", "aria-labelledby": "photo-title" },
    el("h2", { id: "photo-title" }, t("ph-title")),
    el("label", { class: "file-label", for: "photo-file" }, t("ph-pick"), file),
    canvas, el("p", { class: "hint" }, t("ph-move")),
    el("label", { for: "photo-zoom" }, t("ph-zoom")), zoom, status,
    el("div", { class: "form-actions" }, save,
      person.photo ? el("button", { type: "button", class: "secondary", onclick: () => store(null) }, t("ph-remove")) : null,
      el("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("cancel"))));
  const crop = { image: null, x: 0, y: 0 };
  const draw = () => {
    const { image } = crop;
    if (!image) return;
    const scale = Math.max(SIDE / image.width, SIDE / image.height) * Number(zoom.value);
    const w = image.width * scale;
    const h = image.height * scale;
    crop.x = Math.min(0, Math.max(SIDE - w, crop.x)); // the square stays covered
    crop.y = Math.min(0, Math.max(SIDE - h, crop.y));
    const context = canvas.getContext("2d");
    context.clearRect(0, 0, SIDE, SIDE);
    context.drawImage(image, crop.x, crop.y, w, h);
  };
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen || !/^image\/(jpeg|png|webp|gif)$/.test(chosen.type)) { status.textContent = t("ph-type"); return; }
    crop.image = await createImageBitmap(chosen);
    const scale = Math.max(SIDE / crop.image.width, SIDE / crop.image.height);
    crop.x = (SIDE - crop.image.width * scale) / 2;
    crop.y = (SIDE - crop.image.height * scale) / 2;
    zoom.disabled = save.disabled = false;
    status.textContent = "";
    draw();
    canvas.focus();
  });
  zoom.addEventListener("input", draw);
  move(canvas, crop, draw);
  const store = async (photo) => {
    save.disabled = true;
    status.textContent = t("ph-saving");
    try {
      onSaved(await api.updateMe({ photo: photo && await photo() }));
      dialog.close();
    } catch (error) {
      status.textContent = errorText(error);
      save.disabled = false;
    }
  };
  save.addEventListener("click", () => store(() => sizes(canvas)));
  dialog.addEventListener("close", () => { dialog.remove(); opener?.focus(); });
  add(document.body, dialog);
  dialog.showModal();
}

// Drag with a pointer, or 8 px a press of an arrow key.
function move(canvas, crop, draw) {
  let last = null;
  canvas.addEventListener("pointerdown", (event) => { last = [event.clientX, event.clientY]; canvas.setPointerCapture(event.pointerId); });
  canvas.addEventListener("pointermove", (event) => {
    if (!last) return;
    crop.x += event.clientX - last[0];
    crop.y += event.clientY - last[1];
    last = [event.clientX, event.clientY];
    draw();
  });
  canvas.addEventListener("pointerup", () => { last = null; });
  canvas.addEventListener("keydown", (event) => {
    const step = { ArrowLeft: [8, 0], ArrowRight: [-8, 0], ArrowUp: [0, 8], ArrowDown: [0, -8] }[event.key];
    if (!step) return;
    event.preventDefault();
    crop.x += step[0];
    crop.y += step[1];
    draw();
  });
}

// The square as WebP (JPEG where the browser cannot write WebP) at 256 and 64 px, uploaded as my own images.
async function sizes(canvas) {
  const encode = async (side) => {
    const out = el("canvas", { width: side, height: side });
    out.getContext("2d").drawImage(canvas, 0, 0, side, side);
    const blob = await new Promise((done) => out.toBlob(done, "image/webp", 0.86));
    return blob.type === "image/webp" ? blob : new Promise((done) => out.toBlob(done, "image/jpeg", 0.9));
  };
  const [large, small] = await Promise.all([encode(256), encode(64)]);
  const [largeKey, smallKey] = await Promise.all([api.uploadImage(large), api.uploadImage(small)]);
  return { large: largeKey, small: smallKey };
}
