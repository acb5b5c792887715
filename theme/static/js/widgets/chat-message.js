// One chat message as drawn in a conversation: who, when, the text, a shared card; my own can be
// edited or removed, anyone else's reported.
import * as api from "../api.js";
import { add, addFirst, el } from "../dom.js";
import { ago, errorText, t } from "../i18n.js";
import { reportButton } from "./reactions.js";
import { sharedCard } from "./shared.js";

export function drawMessage(chat, room, message, show) {
  const mine = message.author.id === chat.me.id;
  const li = el("li", { class: "message" + (mine ? " mine" : ""), "data-id": message.id });
  const body = el("div", { class: "comment-body", dir: "auto" });
  if (message.deleted) body.textContent = t("chat-removed");
  else if (message.html === null) body.textContent = t("hidden");
  else body.innerHTML = message.html; // sanitised by the server
  if (message.hiddenReason !== undefined) addFirst(body, el("span", { class: "notice" }, `${t("hidden")} ${message.hiddenReason}`));
  add(li, el("p", { class: "comment-head" }, el("bdi", { class: "author" }, message.author.name), " ",
    el("time", { datetime: message.createdAt }, ago(message.createdAt)),
    message.editedAt && !message.deleted ? ` (${t("edited")})` : ""), body,
    message.shared && !message.deleted ? sharedCard(message.shared) : null);
  if (mine && !message.deleted) add(li, ownActions(chat, room, message, body, show));
  else if (!message.deleted && message.id) {
    add(li, el("div", { class: "comment-actions" }, reportButton(`message:${room.id}:${message.id}`, chat.say)));
  }
  return li;
}

function ownActions(chat, room, message, body, show) {
  const edit = el("button", { type: "button", class: "link" }, t("edit"));
  edit.addEventListener("click", async () => {
    const text = window.prompt(t("edit"), message.text || body.textContent);
    if (text === null || !text.trim()) return;
    try { show({ ...(await api.editMessage(room.id, message.id, text)) }); } catch (error) { chat.say(errorText(error)); }
  });
  const remove = el("button", { type: "button", class: "link danger" }, t("delete"));
  remove.addEventListener("click", async () => {
    if (!window.confirm(t("delete") + "?")) return;
    try { await api.deleteMessage(room.id, message.id); show({ ...message, deleted: true }); } catch (error) { chat.say(errorText(error)); }
  });
  return el("div", { class: "comment-actions" }, edit, remove);
}
