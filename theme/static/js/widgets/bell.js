// The header's bell: my unread notifications, live; opens the newest in a panel.
import * as api from "../api.js";
import { fill } from "../dom.js";
import * as live from "../live.js";

export async function mount(root, config) {
  const badge = root.querySelector(".count-badge");
  const label = root.querySelector(".bell-label");
  const show = (n) => {
    badge.textContent = n > 99 ? "99+" : String(n);
    badge.hidden = !n;
    label.textContent = n ? fill(config.labelUnread, { n }) : config.label;
  };
  let me;
  try {
    me = await api.me();
  } catch {
    return; // not logged in: the link to the notifications page stays
  }
  show(me.unread);
  root.dataset.ready = "1";
  live.on(`user:${me.id}`, (event) => {
    if (event.type !== "notification") return;
    show(event.data.unread);
    panel?.dispatchEvent(new CustomEvent("refresh"));
  });
  live.onReconnect(() => api.notifications().then((page) => show(page.unread)).catch(() => {}));
  if (location.pathname.endsWith("/notifications/")) return; // the page itself is the list

  let panel = null;
  const close = (focus) => {
    panel.hidden = true;
    root.setAttribute("aria-expanded", "false");
    if (focus) root.focus();
  };
  root.setAttribute("role", "button");
  root.setAttribute("aria-expanded", "false");
  root.setAttribute("aria-controls", "notification-panel");
  root.addEventListener("click", async (event) => {
    event.preventDefault();
    if (panel && !panel.hidden) return close(false);
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "notification-panel";
      panel.className = "panel notification-panel";
      panel.addEventListener("keydown", (key) => { if (key.key === "Escape") close(true); });
      root.after(panel);
      const { mount: list } = await import("./notifications.js");
      list(panel, { mode: "panel", pageUrl: root.getAttribute("href"), onCount: show });
    } else {
      panel.dispatchEvent(new CustomEvent("refresh"));
    }
    panel.hidden = false;
    root.setAttribute("aria-expanded", "true");
    panel.querySelector("h2")?.focus();
  });
  root.addEventListener("keydown", (event) => { if (event.key === " ") { event.preventDefault(); root.click(); } });
  document.addEventListener("click", (event) => {
    if (panel && !panel.hidden && !panel.contains(event.target) && !root.contains(event.target)) close(false);
  });
}
