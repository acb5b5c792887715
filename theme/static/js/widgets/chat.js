// Chat: my rooms with unread counts (chat-rooms.js), a conversation that updates live (chat-room.js) made of
// messages (chat-message.js). `chat` is the state the parts share.
import "./social-strings.js";
import * as api from "../api.js";
import { el, put } from "../dom.js";
import { addStrings, t } from "../i18n.js";
import { openRoom } from "./chat-room.js";
import { countUnread, loadRooms, startForm } from "./chat-rooms.js";

addStrings({
  sv: { "chat-rooms": "Konversationer", "chat-new": "Ny konversation", "chat-with": "Med vem? (namn)", "chat-start": "Starta",
    "chat-empty": "Välj en konversation.", "chat-none": "Inga konversationer än.", "chat-write": "Skriv ett meddelande",
    "chat-send": "Skicka", "chat-older": "Visa äldre", "chat-online": "Här nu: {names}", "chat-online-more": "Här nu: {names} och {n} till",
    "chat-online-many": "Här nu: {names} och många fler", "chat-typing": "{name} skriver …",
    "chat-unread": "{n} oläst\n{n} olästa", "chat-new-divider": "Nya meddelanden", "chat-removed": "Meddelandet har tagits bort.", "chat-no-messages": "Inga meddelanden än. Säg hej!",
    "chat-actions": "Åtgärder för meddelandet", "chat-today": "I dag", "chat-yesterday": "I går", "chat-delete-ask": "Ta bort meddelandet för alla?",
    "chat-back": "Alla konversationer" },
  en: { "chat-rooms": "Conversations", "chat-new": "New conversation", "chat-with": "With whom? (name)", "chat-start": "Start",
    "chat-empty": "Pick a conversation.", "chat-none": "No conversations yet.", "chat-write": "Write a message",
    "chat-send": "Send", "chat-older": "Show older", "chat-online": "Here now: {names}", "chat-online-more": "Here now: {names} and {n} more",
    "chat-online-many": "Here now: {names} and many more", "chat-typing": "{name} is typing …",
    "chat-unread": "{n} unread\n{n} unread", "chat-new-divider": "New messages", "chat-removed": "This message was removed.", "chat-no-messages": "No messages yet. Say hello!",
    "chat-actions": "Message actions", "chat-today": "Today", "chat-yesterday": "Yesterday", "chat-delete-ask": "Delete this message for everyone?",
    "chat-back": "All conversations" },
});

export async function mount(root, config = {}) {
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const chat = {
    me: await api.me(), dock: Boolean(config.dock), prefix: config.dock ? "dock-" : "",
    rooms: [], current: null, subscriptions: [],
    roomList: el("ul", { class: "room-list" }),
    pane: el("section", { class: "chat-pane", "aria-live": "off" }, el("p", { class: "muted" }, t("chat-empty"))),
    say: (text) => { status.textContent = text; },
  };
  chat.open = (room) => openRoom(chat, room);
  await loadRooms(chat); // before the layout is put in place, so nothing moves when the list arrives
  put(root, el("div", { class: "chat" },
    el("nav", { class: "chat-rooms", "aria-labelledby": chat.prefix + "rooms-heading" },
      el("h2", { id: chat.prefix + "rooms-heading" }, t("chat-rooms")), chat.roomList,
      el("details", {}, el("summary", {}, t("chat-new")), startForm(chat)), status),
    chat.pane));
  countUnread(chat);
  const wanted = config.dock ? null : new URLSearchParams(location.search).get("room");
  const first = chat.rooms.find((room) => room.id === wanted);
  if (first) chat.open(first);
}
