// The header's chat link with my unread count, live.
import * as api from "../api.js";
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
    // Direct conversations announce themselves on my own topic; group rooms on theirs.
    live.on(`user:${me.id}`, (event) => { if (event.type === "chat.unread") show(++total); });
    live.ready(`user:${me.id}`).then(() => { root.dataset.live = "ready"; });
    for (const room of result.rooms.filter((r) => r.kind === "group").slice(0, 40)) {
      live.on(`room:${room.id}`, (event) => {
        if (event.type === "message.created" && event.data.author.id !== me.id) show(++total);
      });
    }
  } catch { /* the link works without the count */ }
}
