// The list of my conversations with their unread counts, and the form that starts a new one.
import * as api from "../api.js";
import { el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";
import * as live from "../live.js";
import { remember, remembered } from "../repaint.js";

// The rooms shown last time at once (repaint.js), then the server's answer.
export async function loadRooms(chat) {
  const fresh = api.rooms();
  const kept = remembered("rooms");
  const draw = (rooms) => { chat.rooms = rooms; drawRooms(chat); };
  if (kept) {
    draw(kept);
    fresh.then((answer) => { remember("rooms", answer.rooms); draw(answer.rooms); }).catch((error) => chat.say(errorText(error)));
    return;
  }
  try {
    const answer = await fresh;
    remember("rooms", answer.rooms);
    draw(answer.rooms);
  } catch (error) { chat.say(errorText(error)); }
}

export function drawRooms(chat) {
  put(chat.roomList, ...(chat.rooms.length ? chat.rooms.map((room) => {
    const button = el("button", { type: "button", class: "room", "aria-current": chat.current?.id === room.id ? "true" : "false" },
      el("span", { class: "room-name" }, room.name),
      room.unread ? el("span", { class: "count-badge", "aria-label": t("chat-unread", { n: room.unread }) }, String(room.unread)) : null);
    button.addEventListener("click", () => chat.open(room));
    return el("li", {}, button);
  }) : [el("li", { class: "empty" }, t("chat-none"))]));
}

// Unread counts stay live through my own topic (one subscription for every room); the open one is read as it arrives.
export function countUnread(chat) {
  chat.subscriptions.push(live.on(`user:${chat.me.id}`, (event) => {
    const room = chat.rooms.find((r) => r.id === event.data?.room);
    if (!room) return;
    if (event.type === "chat.read") room.unread = 0; // read here or in another tab
    else if (event.type === "chat.unread" && chat.current?.id !== room.id) room.unread = (room.unread || 0) + 1;
    else return;
    drawRooms(chat);
  }));
}

// Start a direct conversation with one or more colleagues, picked by name.
export function startForm(chat) {
  const who = el("input", { id: chat.prefix + "chat-who", type: "text", list: chat.prefix + "chat-people", autocomplete: "off" });
  const options = el("datalist", { id: chat.prefix + "chat-people" });
  const chosen = el("ul", { class: "chips" });
  const picked = new Map();
  let found = [];
  who.addEventListener("input", async () => {
    const value = who.value.trim();
    const match = found.find((p) => p.name === value);
    if (match && match.id !== chat.me.id) {
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
  const form = el("form", { class: "invite" }, el("label", { for: chat.prefix + "chat-who" }, t("chat-with")), who, options, chosen,
    el("button", { type: "submit" }, t("chat-start")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!picked.size) return;
    try {
      const room = await api.startDirect([...picked.keys()]);
      picked.clear(); put(chosen);
      await loadRooms(chat);
      chat.open(chat.rooms.find((r) => r.id === room.id) || room);
    } catch (error) { chat.say(errorText(error)); }
  });
  return form;
}
