// Faces: a person's photo or initials, and their name as a link to their one profile page.
import { el } from "./dom.js";

const PIXELS = { xs: 24, sm: 32, md: 40, lg: 72, xl: 120 };

// The same colour for the same person everywhere, from their id (a hue; the stylesheet keeps it dark enough for white letters).
function hue(key) {
  let hash = 0;
  for (const char of String(key)) hash = (hash * 31 + char.codePointAt(0)) % 360;
  return hash;
}

export function initials(name) {
  return String(name || "?").trim().split(/\s+/).filter(Boolean).map((part) => [...part][0]).slice(0, 2).join("").toUpperCase() || "?";
}

export function avatar(person, size = "md") {
  const px = PIXELS[size] || PIXELS.md;
  const photo = px <= 64 ? person.photoSmall || person.photo : person.photo; // the 64 px file for small faces
  if (photo) return el("img", { class: `avatar avatar-${size}`, src: photo, alt: "", width: px, height: px, loading: "lazy" });
  const face = el("span", { class: `avatar avatar-${size} avatar-initials`, "aria-hidden": "true" }, initials(person.name));
  face.style.setProperty("--avatar-hue", hue(person.id || person.name)); // CSSOM, which the CSP allows (a style attribute it would not)
  return face;
}

export function profileUrl(id) {
  return `${document.body.dataset.site || "/"}people/person/?id=${encodeURIComponent(id)}`;
}

// The name (and, with a size, the face) linking to the profile; a person without an id (gone) is text only.
export function personLink(person, size = null) {
  const name = el("bdi", {}, person.name || "");
  if (!person.id) return el("span", { class: "person-link" }, size ? avatar(person, size) : null, name);
  return el("a", { class: "person-link", href: profileUrl(person.id), "data-person": person.id }, size ? avatar(person, size) : null, name);
}
