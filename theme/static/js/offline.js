// Offline: say so once, at the top; when the connection is back, the page loads its conversation again.
import { addFirst, el } from "./dom.js";

let shown = false;

export function show() {
  if (shown) return;
  shown = true;
  addFirst(document.body, el("p", { class: "offline-note", role: "status" }, document.body.dataset.lang === "en"
    ? "You are offline: this is the page as you last read it. Comments and the feed come back when you are online."
    : "Du är offline: sidan visas som när du senast läste den. Kommentarer och flödet kommer tillbaka när du är online."));
  window.addEventListener("online", () => window.location.reload(), { once: true });
}
