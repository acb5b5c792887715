// One chat message as a messenger draws it: a face and name when the sender changes, the text in a bubble,
// and its actions (edit and remove my own, report anyone else's) in a menu that opens from "⋯".
import * as api from "../api.js";
import { add, addFirst, el, put } from "../dom.js";
import { personLink, avatar } from "../faces.js";
import { errorText, t } from "../i18n.js";
import { confirmDialog } from "./confirm.js";
import { sharedCard } from "./shared.js";

const MINUTES_TOGETHER = 5;

export function drawMessage(chat, room, message, show) {
  const mine = message.author.id === chat.me.id;
  const li = el("li", { class: "message" + (mine ? " mine" : ""), "data-id": message.id, "data-author": message.author.id,
    "data-at": message.createdAt });
  const body = el("div", { class: "comment-body", dir: "auto" });
  if (message.deleted) body.textContent = t("chat-removed");
  else if (message.html === null) body.textContent = t("hidden");
  else body.innerHTML = message.html; // sanitised by the server
  if (message.hiddenReason !== undefined) addFirst(body, el("span", { class: "notice" }, `${t("hidden")} ${message.hiddenReason}`));
  const time = new Date(message.createdAt);
  add(li, el("span", { class: "message-avatar" }, avatar(message.author, "sm")),
    el("p", { class: "message-head" }, personLink(message.author), " ",
      el("time", { datetime: message.createdAt, title: time.toLocaleString() }, time.toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" })),
      message.editedAt && !message.deleted ? ` (${t("edited")})` : ""),
    el("div", { class: "message-bubble" }, body, message.shared && !message.deleted ? sharedCard(message.shared) : null));
  if (!message.deleted && message.id) add(li, ...actionMenu(chat, room, message, body, show, mine));
  return li;
}

// Messages from one person within a few minutes share one head; a new day gets a line with its date.
export function regroup(list) {
  for (const line of list.querySelectorAll(".day-separator")) line.remove();
  let before = null;
  for (const li of list.querySelectorAll(".message[data-at]")) {
    const at = new Date(li.dataset.at);
    const sameDay = before && new Date(before.dataset.at).toDateString() === at.toDateString();
    if (!sameDay) li.before(el("li", { class: "day-separator" }, dayName(at)));
    const close = sameDay && before.dataset.author === li.dataset.author && at - new Date(before.dataset.at) < MINUTES_TOGETHER * 60_000;
    li.classList.toggle("follows", Boolean(close));
    before = li;
  }
}

function dayName(date) {
  const days = Math.round((new Date().setHours(0, 0, 0, 0) - new Date(date).setHours(0, 0, 0, 0)) / 86_400_000);
  if (days === 0) return t("chat-today");
  if (days === 1) return t("chat-yesterday");
  return date.toLocaleDateString(document.documentElement.lang, { weekday: "long", day: "numeric", month: "long" });
}

// "⋯" opens the message's menu (also by keyboard; Escape closes and returns focus).
function actionMenu(chat, room, message, body, show, mine) {
  const button = el("button", { type: "button", class: "icon-button message-menu-button", "aria-haspopup": "true", "aria-expanded": "false",
    "aria-label": t("chat-actions") }, "⋯");
  const menu = el("ul", { class: "panel menu-list message-menu", hidden: true });
  const item = (label, action) => el("li", {}, el("button", { type: "button", onclick: () => { close(); action(); } }, label));
  const close = (focus) => { menu.hidden = true; button.setAttribute("aria-expanded", "false"); if (focus) button.focus(); };
  button.addEventListener("click", () => {
    const opening = menu.hidden;
    for (const other of document.querySelectorAll(".message-menu:not([hidden])")) other.hidden = true;
    menu.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    if (opening) menu.querySelector("button")?.focus();
  });
  menu.addEventListener("keydown", (event) => { if (event.key === "Escape") close(true); });
  menu.addEventListener("focusout", (event) => { if (!menu.contains(event.relatedTarget) && event.relatedTarget !== button) close(false); });
  if (mine) {
    add(menu, item(t("edit"), () => editInPlace(chat, room, message, body, show)),
      item(t("delete"), async () => {
        if (!(await confirmDialog(t("chat-delete-ask"), t("delete")))) return;
        try { await api.deleteMessage(room.id, message.id); show({ ...message, deleted: true }); } catch (error) { chat.say(errorText(error)); }
      }));
  } else {
    add(menu, item(t("report"), () => import("./report.js").then((m) => m.open(`message:${room.id}:${message.id}`, chat.say, button))));
  }
  return [button, menu];
}

// Edit where the message is: Enter saves, Escape gives up.
function editInPlace(chat, room, message, body, show) {
  const area = el("textarea", { rows: 2, maxlength: 4000, "aria-label": t("edit") });
  area.value = message.text || body.textContent;
  const before = [...body.childNodes];
  put(body, area);
  area.focus();
  area.addEventListener("keydown", async (event) => {
    if (event.key === "Escape") { put(body, ...before); return; }
    if (event.key !== "Enter" || event.shiftKey) return;
    event.preventDefault();
    if (!area.value.trim()) return;
    try { show({ ...(await api.editMessage(room.id, message.id, area.value)) }); } catch (error) { chat.say(errorText(error)); }
  });
}
