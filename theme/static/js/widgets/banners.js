// Urgent banners at the top of every page: from /api/me, live on the "site" topic.
import * as api from "../api.js";
import { add, clear, el } from "../dom.js";
import * as live from "../live.js";

const HIDDEN = "torget.hiddenBanners";

function hiddenIds() {
  try { return new Set(JSON.parse(sessionStorage.getItem(HIDDEN) || "[]")); } catch { return new Set(); }
}

export async function mount(root, config) {
  let banners = [];
  const render = () => {
    const hidden = hiddenIds();
    const shown = banners.filter((banner) => !hidden.has(banner.id) && new Date(banner.until) > new Date());
    clear(root).hidden = !shown.length;
    for (const banner of shown) {
      const text = el("div", { class: "banner-text" });
      text.innerHTML = banner.html; // sanitised by the server
      const hide = el("button", { type: "button", class: "banner-hide", "aria-label": config.labelHide }, "×");
      hide.addEventListener("click", () => {
        sessionStorage.setItem(HIDDEN, JSON.stringify([...hiddenIds(), banner.id]));
        render();
        document.getElementById("main")?.focus();
      });
      add(root, el("div", { class: `banner banner-${banner.level}`, "data-banner": banner.id }, text, hide));
    }
  };
  try {
    const me = await api.me();
    banners = me.banners;
  } catch {
    return;
  }
  render();
  live.on("site", (event) => {
    if (event.type !== "banner") return;
    banners = event.data.banners;
    render();
  });
}
