// The header's chat link with my unread count, live.
import * as api from "../api.js";
import { add } from "../dom.js";
import * as live from "../live.js";

export async function mount(root) {
  const badge = root.querySelector(".unread");
  const show = (n) => { badge.textContent = n ? String(n) : ""; badge.hidden = !n; };
  let total = 0;
  let me;
  try {
    const [result, person] = await Promise.all([api.rooms(), api.me()]);
    me = person;
    total = result.unread;
    show(total);
    if (location.pathname.endsWith("/chat/")) return; // the chat page shows its own counts
    dock(root);
    // Every room's new messages announce themselves on my own topic: one subscription, not one per room.
    live.on(`user:${me.id}`, (event) => { if (event.type === "chat.unread") show(++total); });
    live.ready(`user:${me.id}`).then(() => { root.dataset.live = "ready"; });
  } catch { /* the link works without the count */ }
}

// The chat as a dock on every page: opens over the page, the same widget as /chat/.
function dock(link) {
  const panel = document.createElement("details");
  panel.className = "chat-dock";
  const summary = document.createElement("summary");
  summary.textContent = link.firstChild.textContent.trim();
  const badge = link.querySelector(".unread").cloneNode();
  const body = document.createElement("div");
  body.className = "chat-dock-body";
  add(panel, summary, body);
  add(document.body, panel);
  const mirror = () => { badge.textContent = link.querySelector(".unread").textContent; badge.hidden = link.querySelector(".unread").hidden; };
  new MutationObserver(mirror).observe(link.querySelector(".unread"), { childList: true, attributes: true });
  add(summary, " ", badge);
  mirror();
  panel.addEventListener("toggle", async () => {
    if (!panel.open || body.dataset.mounted) return;
    body.dataset.mounted = "1";
    const { mount } = await import("./chat.js");
    mount(body, { dock: true });
  });
}
