// Dela (share): into the company feed, a group I am in, or a conversation, with my own words;
// and the link, copied in one click. Loaded on the first press of a Dela button.
import * as api from "../api.js";
import { add, el, put } from "../dom.js";
import { addStrings, errorText, t } from "../i18n.js";

addStrings({
  sv: {
    "s-share": "Dela", "s-title": "Dela {what}", "s-where": "Var vill du dela?", "s-feed": "I flödet",
    "s-group": "I en grupp", "s-chat": "I ett samtal", "s-words": "Dina egna ord (valfritt)", "s-send": "Dela",
    "s-cancel": "Avbryt", "s-copy": "Kopiera länken", "s-copied": "Länken är kopierad.",
    "s-done-feed": "Delat i flödet.", "s-done-group": "Delat i gruppen.", "s-done-chat": "Delat i samtalet.",
    "s-private": "Inlägget kommer från en sluten grupp: det kan bara delas i den gruppen.",
    "s-no-groups": "Du är inte med i någon grupp.", "s-no-rooms": "Du har inga samtal än.",
    "s-which-group": "Vilken grupp?", "s-which-room": "Vilket samtal?",
  },
  en: {
    "s-share": "Share", "s-title": "Share {what}", "s-where": "Where do you want to share it?", "s-feed": "In the feed",
    "s-group": "In a group", "s-chat": "In a conversation", "s-words": "Your own words (optional)", "s-send": "Share",
    "s-cancel": "Cancel", "s-copy": "Copy the link", "s-copied": "The link is copied.",
    "s-done-feed": "Shared in the feed.", "s-done-group": "Shared in the group.", "s-done-chat": "Shared in the conversation.",
    "s-private": "This post is from a closed group: it can only be shared in that group.",
    "s-no-groups": "You are not in any group.", "s-no-rooms": "You have no conversations yet.",
    "s-which-group": "Which group?", "s-which-room": "Which conversation?",
  },
});

let counter = 0;

// `what`: {target, title, url, group: {id, name} | null, private}
export async function open(what, say = () => {}) {
  const id = `share-${++counter}`;
  const [mine, rooms] = await Promise.all([api.myGroups().catch(() => ({ groups: [] })), api.rooms().catch(() => ({ rooms: [] }))]);
  const groups = what.private ? (mine.groups || []).filter((group) => group.id === what.group?.id) : (mine.groups || []);
  const roomList = (rooms.rooms || []).filter((room) => !what.private || room.id === `group-${what.group?.id}` || room.kind === "dm");
  const choice = (value, label, disabled) => el("label", { class: "check" },
    el("input", { type: "radio", name: `${id}-where`, value, disabled: disabled || null }), " ", label);
  const groupSelect = el("select", { id: `${id}-group`, "aria-label": t("s-which-group") },
    groups.map((group) => el("option", { value: group.id }, group.name)));
  const roomSelect = el("select", { id: `${id}-room`, "aria-label": t("s-which-room") },
    roomList.map((room) => el("option", { value: room.id }, room.name)));
  const words = el("textarea", { id: `${id}-words`, rows: 3, maxlength: 10000 });
  const status = el("p", { role: "status", class: "muted" });
  const dialog = el("dialog", { class: "share-dialog", "aria-labelledby": `${id}-title` });
  const send = el("button", { type: "submit", class: "primary" }, t("s-send"));
  const form = el("form", { method: "dialog" },
    el("h2", { id: `${id}-title` }, t("s-title", { what: what.title })),
    what.private ? el("p", { class: "notice" }, t("s-private")) : null,
    el("fieldset", {}, el("legend", {}, t("s-where")),
      choice("feed", t("s-feed"), what.private),
      choice("group", t("s-group"), !groups.length), groups.length ? groupSelect : el("p", { class: "muted" }, t("s-no-groups")),
      choice("chat", t("s-chat"), !roomList.length), roomList.length ? roomSelect : el("p", { class: "muted" }, t("s-no-rooms"))),
    el("label", { for: `${id}-words` }, t("s-words")), words,
    el("p", { class: "actions" }, send,
      el("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("s-cancel")),
      el("button", { type: "button", class: "secondary", onclick: async () => {
        try { await navigator.clipboard.writeText(new URL(what.url, location.href).href); status.textContent = t("s-copied"); }
        catch { status.textContent = new URL(what.url, location.href).href; }
      } }, t("s-copy"))),
    status);
  form.querySelector(`input[value=${what.private ? "group" : "feed"}]`).checked = true;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const where = form.querySelector(`input[name=${id}-where]:checked`)?.value || "feed";
    const payload = { target: what.target, ...(words.value.trim() ? { text: words.value } : {}) };
    if (where === "group") payload.groupId = groupSelect.value;
    if (where === "chat") Object.assign(payload, { roomId: roomSelect.value, clientId: `share-${Date.now()}-${counter}` });
    send.disabled = true;
    try {
      await api.share(payload);
      dialog.close();
      say(t(`s-done-${where}`));
    } catch (error) {
      status.textContent = errorText(error);
    } finally {
      send.disabled = false;
    }
  });
  add(dialog, form);
  add(document.body, dialog);
  dialog.addEventListener("close", () => dialog.remove());
  dialog.showModal();
  words.focus();
}

// The Dela button on an article page (data-widget=share, data-lazy=click).
export function mount(root, config) {
  const status = el("span", { class: "share-status", role: "status" }); // made on first use only
  root.after(status);
  root.addEventListener("click", () => open({ target: config.target, title: config.title, url: location.pathname },
    (text) => put(status, text)));
}
