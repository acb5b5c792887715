// Chat: my rooms with unread counts, a conversation that updates live, who is here and typing.
import "./social-strings.js";
import * as api from "../api.js";
import { add, addFirst, clear, el, put } from "../dom.js";
import { ago, addStrings, errorText, t } from "../i18n.js";
import * as live from "../live.js";
import { reportButton } from "./reactions.js";
import { sharedCard } from "./shared.js";

addStrings({
  sv: { "chat-rooms": "Konversationer", "chat-new": "Ny konversation", "chat-with": "Med vem? (namn)", "chat-start": "Starta",
    "chat-empty": "Välj en konversation.", "chat-none": "Inga konversationer än.", "chat-write": "Skriv ett meddelande",
    "chat-send": "Skicka", "chat-older": "Visa äldre", "chat-online": "Här nu: {names}", "chat-typing": "{name} skriver …",
    "chat-unread": "{n} oläst\n{n} olästa", "chat-new-divider": "Nya meddelanden", "chat-removed": "Meddelandet har tagits bort.", "chat-no-messages": "Inga meddelanden än. Säg hej!" },
  en: { "chat-rooms": "Conversations", "chat-new": "New conversation", "chat-with": "With whom? (name)", "chat-start": "Start",
    "chat-empty": "Pick a conversation.", "chat-none": "No conversations yet.", "chat-write": "Write a message",
    "chat-send": "Send", "chat-older": "Show older", "chat-online": "Here now: {names}", "chat-typing": "{name} is typing …",
    "chat-unread": "{n} unread\n{n} unread", "chat-new-divider": "New messages", "chat-removed": "This message was removed.", "chat-no-messages": "No messages yet. Say hello!" },
});

const newId = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));

export async function mount(root, config = {}) {
  const me = await api.me();
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const say = (text) => { status.textContent = text; };
  const roomList = el("ul", { class: "room-list" });
  const pane = el("section", { class: "chat-pane", "aria-live": "off" }, el("p", { class: "muted" }, t("chat-empty")));
  let rooms = [];
  let current = null;
  const unsubscribe = [];

  async function loadRooms() {
    try {
      const result = await api.rooms();
      rooms = result.rooms;
      drawRooms();
      return result;
    } catch (error) { say(errorText(error)); return { rooms: [] }; }
  }
  function drawRooms() {
    put(roomList, ...(rooms.length ? rooms.map((room) => {
      const button = el("button", { type: "button", class: "room", "aria-current": current?.id === room.id ? "true" : "false" },
        el("span", { class: "room-name" }, room.name),
        room.unread ? el("span", { class: "unread", "aria-label": t("chat-unread", { n: room.unread }) }, String(room.unread)) : null);
      button.addEventListener("click", () => openRoom(room));
      return el("li", {}, button);
    }) : [el("li", { class: "empty" }, t("chat-none"))]));
  }

  // Unread counts stay live for every room; the open one is read as it arrives.
  const listenAll = () => {
    for (const room of rooms) {
      unsubscribe.push(live.on(`room:${room.id}`, (event) => {
        if (event.type === "message.created" && (!current || current.id !== room.id) && event.data.author.id !== me.id) {
          room.unread = (room.unread || 0) + 1;
          drawRooms();
        }
      }));
    }
  };

  async function openRoom(room) {
    current = room;
    if (!config.dock) history.replaceState(null, "", `?room=${encodeURIComponent(room.id)}`);
    room.unread = 0;
    drawRooms();
    const list = el("ol", { class: "messages" });
    const older = el("button", { type: "button", class: "more-button", hidden: true }, t("chat-older"));
    const online = el("p", { class: "muted online" });
    const typing = el("p", { class: "muted typing", "aria-live": "polite" });
    const areaId = (config.dock ? "dock-" : "") + "chat-text";
    const area = el("textarea", { id: areaId, rows: 2, maxlength: 4000 });
    const form = el("form", { class: "chat-form" }, el("label", { for: areaId }, t("chat-write")), area,
      el("button", { type: "submit" }, t("chat-send")));
    const shown = new Map(); // message id → <li>
    const pending = new Map(); // client id → <li> not yet stored
    let oldest = null;
    let newest = null;

    const draw = (message) => {
      const li = el("li", { class: "message" + (message.author.id === me.id ? " mine" : ""), "data-id": message.id });
      const body = el("div", { class: "comment-body", dir: "auto" });
      if (message.deleted) body.textContent = t("chat-removed");
      else if (message.html === null) body.textContent = t("hidden");
      else body.innerHTML = message.html; // sanitised by the server
      if (message.hiddenReason !== undefined) addFirst(body, el("span", { class: "notice" }, `${t("hidden")} ${message.hiddenReason}`));
      add(li, el("p", { class: "comment-head" }, el("bdi", { class: "author" }, message.author.name), " ",
        el("time", { datetime: message.createdAt }, ago(message.createdAt)),
        message.editedAt && !message.deleted ? ` (${t("edited")})` : ""), body,
        message.shared && !message.deleted ? sharedCard(message.shared) : null);
      if (message.author.id === me.id && !message.deleted) {
        const edit = el("button", { type: "button", class: "link" }, t("edit"));
        edit.addEventListener("click", async () => {
          const text = window.prompt(t("edit"), message.text || body.textContent);
          if (text === null || !text.trim()) return;
          try { showMessage({ ...(await api.editMessage(room.id, message.id, text)) }); } catch (error) { say(errorText(error)); }
        });
        const remove = el("button", { type: "button", class: "link danger" }, t("delete"));
        remove.addEventListener("click", async () => {
          if (!window.confirm(t("delete") + "?")) return;
          try { await api.deleteMessage(room.id, message.id); showMessage({ ...message, deleted: true }); } catch (error) { say(errorText(error)); }
        });
        add(li, el("div", { class: "comment-actions" }, edit, remove));
      } else if (!message.deleted && message.id) {
        add(li, el("div", { class: "comment-actions" }, reportButton(`message:${room.id}:${message.id}`, say)));
      }
      return li;
    };
    const showMessage = (message, { atTop = false } = {}) => {
      const li = draw(message);
      const waiting = message.clientId && pending.get(message.clientId);
      if (waiting) { waiting.replaceWith(li); pending.delete(message.clientId); }
      else if (shown.has(message.id)) shown.get(message.id).replaceWith(li);
      else if (atTop) addFirst(list, li);
      else add(list, li);
      shown.set(message.id, li);
      if (!oldest || message.id < oldest) oldest = message.id;
      if (!newest || message.id > newest) newest = message.id;
    };
    const scrollDown = () => { list.scrollTop = list.scrollHeight; };

    for (const stop of unsubscribe.splice(0)) stop();
    delete pane.dataset.live;
    listenAll();
    put(pane, el("h2", {}, room.name), online, older, list, typing, form);
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
      const li = el("li", { class: "message mine sending" }, el("div", { class: "comment-body", dir: "auto" }, text));
      list.querySelector(".empty")?.remove();
      add(list, li);
      pending.set(clientId, li);
      scrollDown();
      live.send({ action: "send", room: room.id, text, clientId });
      area.value = "";
    });
    const unreadBefore = room.unread || 0;
    try {
      const page = await api.messages(room.id);
      page.messages.forEach((message) => showMessage(message));
      // My read marker: a line before what arrived since I last read.
      const firstNew = page.messages.filter((m) => m.author.id !== me.id).slice(-unreadBefore)[0];
      if (unreadBefore && firstNew) shown.get(firstNew.id)?.before(el("li", { class: "new-divider", role: "separator" }, t("chat-new-divider")));
      older.hidden = !page.more;
      if (!page.messages.length) add(list, el("li", { class: "empty" }, t("chat-no-messages")));
      scrollDown();
      api.markRead(room.id).catch(() => {});
    } catch (error) { say(errorText(error)); return; }

    let loadingOlder = false;
    const loadOlder = async () => {
      if (loadingOlder || older.hidden) return;
      loadingOlder = true;
      const top = list.scrollHeight;
      try {
        const page = await api.messages(room.id, { before: oldest });
        [...page.messages].reverse().forEach((message) => showMessage(message, { atTop: true }));
        older.hidden = !page.more;
        list.scrollTop = list.scrollHeight - top;
      } catch (error) { say(errorText(error)); }
      loadingOlder = false;
    };
    older.addEventListener("click", loadOlder);
    // History loads as you scroll up; the button stays for keyboards.
    list.addEventListener("scroll", () => { if (list.scrollTop < 40) loadOlder(); });
    let typingTimer;
    unsubscribe.push(live.on(`room:${room.id}`, (event) => {
      if (current?.id !== room.id) return;
      if (event.type === "message.created" || event.type === "message.updated") {
        list.querySelector(".empty")?.remove();
        showMessage(event.data);
        scrollDown();
        typing.textContent = "";
        if (event.type === "message.created") api.markRead(room.id).catch(() => {});
      } else if (event.type === "message.deleted" && shown.has(event.data.id)) {
        const li = shown.get(event.data.id);
        li.querySelector(".comment-body").textContent = t("chat-removed");
        li.querySelector(".comment-actions")?.remove();
      } else if (event.type === "presence") {
        online.textContent = t("chat-online", { names: event.data.online.map((p) => p.name).join(", ") });
      } else if (event.type === "typing" && event.data.person.id !== me.id) {
        typing.textContent = t("chat-typing", { name: event.data.person.name });
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { typing.textContent = ""; }, 4000);
      }
    }));
    live.ready(`room:${room.id}`).then(() => { pane.dataset.live = "ready"; });
    unsubscribe.push(live.onReply((event) => {
      if (event.type === "ack" && event.data.room === room.id) showMessage(event.data);
      if (event.type === "error" && event.ref && pending.has(event.ref)) {
        pending.get(event.ref).classList.add("failed");
        say(event.message);
      }
    }));
    // After a drop: everything after the newest message we have, once each.
    unsubscribe.push(live.onReconnect(async () => {
      let after = newest;
      for (;;) {
        const page = await api.messages(room.id, after ? { after } : {});
        page.messages.forEach((message) => showMessage(message));
        if (!page.more || !page.messages.length) break;
        after = page.messages[page.messages.length - 1].id;
      }
      scrollDown();
    }));

    area.focus();
  }

  // Start a direct conversation with one or more colleagues.
  const prefix = config.dock ? "dock-" : "";
  const who = el("input", { id: prefix + "chat-who", type: "text", list: prefix + "chat-people", autocomplete: "off" });
  const options = el("datalist", { id: prefix + "chat-people" });
  const chosen = el("ul", { class: "chips" });
  const picked = new Map();
  let found = [];
  who.addEventListener("input", async () => {
    const value = who.value.trim();
    const match = found.find((p) => p.name === value);
    if (match && match.id !== me.id) {
      picked.set(match.id, match.name);
      who.value = "";
      put(chosen, ...[...picked].map(([id, name]) => el("li", {}, name, " ",
        el("button", { type: "button", class: "link", "aria-label": `${t("remove")} ${name}`, onclick: () => { picked.delete(id); who.dispatchEvent(new Event("input")); } }, "×"))));
      return;
    }
    if (value.length < 2) return;
    try {
      found = (await api.people(value)).people;
      put(options, ...found.map((p) => el("option", { value: p.name }, p.title || p.id)));
    } catch { /* suggestions are optional */ }
  });
  const start = el("form", { class: "invite" }, el("label", { for: prefix + "chat-who" }, t("chat-with")), who, options, chosen,
    el("button", { type: "submit" }, t("chat-start")));
  start.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!picked.size) return;
    try {
      const room = await api.startDirect([...picked.keys()]);
      picked.clear(); put(chosen);
      await loadRooms();
      openRoom(rooms.find((r) => r.id === room.id) || room);
    } catch (error) { say(errorText(error)); }
  });

  put(root, el("div", { class: "chat" },
    el("nav", { class: "chat-rooms", "aria-labelledby": prefix + "rooms-heading" },
      el("h2", { id: prefix + "rooms-heading" }, t("chat-rooms")), roomList,
      el("details", {}, el("summary", {}, t("chat-new")), start), status),
    pane));
  await loadRooms();
  listenAll();
  const wanted = config.dock ? null : new URLSearchParams(location.search).get("room");
  const first = rooms.find((room) => room.id === wanted);
  if (first) openRoom(first);
}
