// The header's chat link with my unread count, live: up when a message comes, down when I read a room
// anywhere (the server's read markers decide); a toast for a new direct message on other pages.
import * as api from "../api.js";
import { add, addFirst, el } from "../dom.js";
import * as live from "../live.js";

export async function mount(root) {
  const badge = root.querySelector(".count-badge");
  const show = (n) => { badge.textContent = n > 99 ? "99+" : n ? String(n) : ""; badge.hidden = !n; };
  let total = 0;
  let me;
  try {
    const [result, person] = await Promise.all([api.rooms(), api.me()]);
    me = person;
    total = result.unread;
    show(total);
    const onChat = location.pathname.endsWith("/chat/");
    if (!onChat) dock(root);
    // Every room's news comes on my own topic: one subscription, not one per room.
    live.on(`user:${me.id}`, (event) => {
      if (event.type === "chat.unread") {
        show(++total);
        if (!onChat && event.data.room.startsWith("dm-")) toast(root, event.data);
      } else if (event.type === "chat.read") {
        api.rooms().then((rooms) => { total = rooms.unread; show(total); }).catch(() => {});
      }
    });
    live.ready(`user:${me.id}`).then(() => { root.dataset.live = "ready"; });
  } catch { /* the link works without the count */ }
}

// A new direct message while I am elsewhere: who wrote, a link into the conversation; gone after 8 s.
function toast(link, { room, from }) {
  let shelf = document.querySelector(".toasts");
  if (!shelf) shelf = add(document.body, el("div", { class: "toasts", role: "status", "aria-live": "polite" })).lastChild;
  const words = link.dataset.labelNew || "New message";
  const item = el("a", { class: "toast", href: `${link.getAttribute("href")}?room=${encodeURIComponent(room)}` },
    el("span", { class: "toast-text" }, el("strong", {}, from?.name || ""), el("span", {}, words)));
  import("../faces.js").then(({ avatar }) => addFirst(item, avatar(from || {}, "sm")));
  add(shelf, item);
  setTimeout(() => item.remove(), 8000);
}

// The chat as a dock on every page: opens over the page, the same widget as /chat/.
function dock(link) {
  const panel = document.createElement("details");
  panel.className = "chat-dock";
  const summary = document.createElement("summary");
  summary.textContent = link.firstChild.textContent.trim();
  const source = link.querySelector(".count-badge");
  const badge = source.cloneNode();
  const body = document.createElement("div");
  body.className = "chat-dock-body";
  add(panel, summary, body);
  add(document.body, panel);
  const mirror = () => { badge.textContent = source.textContent; badge.hidden = source.hidden; };
  new MutationObserver(mirror).observe(source, { childList: true, attributes: true });
  add(summary, " ", badge);
  mirror();
  panel.addEventListener("toggle", async () => {
    if (!panel.open || body.dataset.mounted) return;
    body.dataset.mounted = "1";
    const { mount } = await import("./chat.js");
    mount(body, { dock: true });
  });
}
