// An open conversation: its messages (older ones as you scroll up), the composer, who is here and typing,
// and the live events that keep it current.
import * as api from "../api.js";
import { add, addFirst, el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";
import * as live from "../live.js";
import { drawMessage, regroup } from "./chat-message.js";
import { countUnread, drawRooms } from "./chat-rooms.js";

const newId = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));

export async function openRoom(chat, room) {
  chat.current = room;
  if (!chat.dock) history.replaceState(null, "", `?room=${encodeURIComponent(room.id)}`);
  const unreadBefore = room.unread || 0;
  room.unread = 0;
  drawRooms(chat);
  const view = messageList(chat, room);
  const form = composer(chat, room, view);
  for (const stop of chat.subscriptions.splice(0)) stop();
  delete chat.pane.dataset.live;
  countUnread(chat);
  const back = el("button", { type: "button", class: "icon-button chat-back", "aria-label": t("chat-back") }, "←");
  back.addEventListener("click", () => { chat.pane.closest(".chat").classList.remove("in-room"); chat.roomList.querySelector("[aria-current=true]")?.focus(); });
  chat.pane.closest(".chat")?.classList.add("in-room");
  put(chat.pane, el("div", { class: "chat-pane-head" }, back, el("h2", {}, room.name)), view.online, view.older, view.list, view.typing, form);
  if (!(await firstPage(chat, room, view, unreadBefore))) return;
  view.older.addEventListener("click", () => loadOlder(chat, room, view));
  // History loads as you scroll up; the button stays for keyboards.
  view.list.addEventListener("scroll", () => { if (view.list.scrollTop < 40) loadOlder(chat, room, view); });
  follow(chat, room, view);
  form.querySelector("textarea").focus();
}

// The messages shown: each once, a sent one replacing its "sending" placeholder when it is stored.
function messageList(chat, room) {
  const view = {
    list: el("ol", { class: "messages" }),
    older: el("button", { type: "button", class: "more-button", hidden: true }, t("chat-older")),
    online: el("p", { class: "muted online" }),
    typing: el("p", { class: "muted typing", "aria-live": "polite" }),
    shown: new Map(), // message id → <li>
    pending: new Map(), // client id → <li> not yet stored
    oldest: null, newest: null,
    scrollDown: () => { view.list.scrollTop = view.list.scrollHeight; },
  };
  view.show = (message, atTop = false) => {
    const li = drawMessage(chat, room, message, view.show);
    const waiting = message.clientId && view.pending.get(message.clientId);
    if (waiting) { waiting.replaceWith(li); view.pending.delete(message.clientId); }
    else if (view.shown.has(message.id)) view.shown.get(message.id).replaceWith(li);
    else (atTop ? addFirst : add)(view.list, li);
    view.shown.set(message.id, li);
    regroup(view.list);
    if (!view.oldest || message.id < view.oldest) view.oldest = message.id;
    if (!view.newest || message.id > view.newest) view.newest = message.id;
  };
  return view;
}

// Enter sends (Shift+Enter a new line); the message shows at once and is confirmed by the server.
function composer(chat, room, view) {
  const id = chat.prefix + "chat-text";
  const area = el("textarea", { id, rows: 2, maxlength: 4000 });
  area.addEventListener("focus", () => import("../mention.js").then((m) => m.attachMentions(area)), { once: true });
  const form = el("form", { class: "chat-form" }, el("label", { for: id }, t("chat-write")), area,
    el("button", { type: "submit" }, t("chat-send")));
  let lastTyping = 0;
  area.addEventListener("input", () => {
    if (Date.now() - lastTyping > 3000) { lastTyping = Date.now(); live.send({ action: "typing", room: room.id }); }
  });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = area.value.trim();
    if (!text) return;
    const clientId = newId();
    const li = el("li", { class: "message mine follows sending" }, el("span", { class: "message-avatar" }),
      el("div", { class: "message-bubble" }, el("div", { class: "comment-body", dir: "auto" }, text)));
    view.list.querySelector(".empty")?.remove();
    add(view.list, li);
    view.pending.set(clientId, li);
    view.scrollDown();
    live.send({ action: "send", room: room.id, text, clientId });
    area.value = "";
  });
  return form;
}

async function firstPage(chat, room, view, unreadBefore) {
  try {
    const page = await api.messages(room.id);
    page.messages.forEach((message) => view.show(message));
    // My read marker: a line before what arrived since I last read.
    const firstNew = page.messages.filter((m) => m.author.id !== chat.me.id).slice(-unreadBefore)[0];
    if (unreadBefore && firstNew) view.shown.get(firstNew.id)?.before(el("li", { class: "new-divider" }, t("chat-new-divider")));
    view.older.hidden = !page.more;
    if (!page.messages.length) add(view.list, el("li", { class: "empty" }, t("chat-no-messages")));
    view.scrollDown();
    api.markRead(room.id).catch(() => {});
    return true;
  } catch (error) { chat.say(errorText(error)); return false; }
}

async function loadOlder(chat, room, view) {
  if (view.loadingOlder || view.older.hidden) return;
  view.loadingOlder = true;
  const top = view.list.scrollHeight;
  try {
    const page = await api.messages(room.id, { before: view.oldest });
    [...page.messages].reverse().forEach((message) => view.show(message, true));
    view.older.hidden = !page.more;
    view.list.scrollTop = view.list.scrollHeight - top;
  } catch (error) { chat.say(errorText(error)); }
  view.loadingOlder = false;
}

function presenceText({ online, count, more }) {
  const names = online.map((p) => p.name).join(", ");
  const others = (count ?? online.length) - online.length;
  if (more) return t("chat-online-many", { names });
  return others > 0 ? t("chat-online-more", { names, n: others }) : t("chat-online", { names });
}

function follow(chat, room, view) {
  let typingTimer;
  chat.subscriptions.push(live.on(`room:${room.id}`, ({ type, data }) => {
    if (chat.current?.id !== room.id) return;
    if (type === "message.created" || type === "message.updated") {
      view.list.querySelector(".empty")?.remove();
      view.show(data);
      view.scrollDown();
      view.typing.textContent = "";
      if (type === "message.created") api.markRead(room.id).catch(() => {});
    } else if (type === "message.deleted" && view.shown.has(data.id)) {
      const li = view.shown.get(data.id);
      li.querySelector(".comment-body").textContent = t("chat-removed");
      for (const part of li.querySelectorAll(".message-menu-button, .message-menu")) part.remove();
    }
  }));
  // Who is here and who is typing: only tabs that have this room open listen to its view.
  chat.subscriptions.push(live.on(`view:${room.id}`, ({ type, data }) => {
    if (chat.current?.id !== room.id) return;
    if (type === "presence") {
      view.online.textContent = presenceText(data);
    } else if (type === "typing" && data.person.id !== chat.me.id) {
      view.typing.textContent = t("chat-typing", { name: data.person.name });
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { view.typing.textContent = ""; }, 4000);
    }
  }));
  Promise.all([live.ready(`room:${room.id}`), live.ready(`view:${room.id}`)]).then(() => { chat.pane.dataset.live = "ready"; });
  chat.subscriptions.push(live.onReply((event) => {
    if (event.type === "ack" && event.data.room === room.id) view.show(event.data);
    if (event.type === "error" && event.ref && view.pending.has(event.ref)) {
      view.pending.get(event.ref).classList.add("failed");
      chat.say(event.message);
    }
  }));
  // After a drop: everything after the newest message we have, once each.
  chat.subscriptions.push(live.onReconnect(async () => {
    let after = view.newest;
    for (;;) {
      const page = await api.messages(room.id, after ? { after } : {});
      page.messages.forEach((message) => view.show(message));
      if (!page.more || !page.messages.length) break;
      after = page.messages[page.messages.length - 1].id;
    }
    view.scrollDown();
  }));
}
