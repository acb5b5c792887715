// My notifications: a panel under the bell, and the whole list with settings on /notifications/.
import * as api from "../api.js";
import { avatar } from "../faces.js";
import { add, clear, el, put } from "../dom.js";
import { addStrings, ago, errorText, t } from "../i18n.js";

addStrings({
  sv: {
    "n-title": "Aviseringar",
    "n-empty": "Inga aviseringar än. Här ser du när någon svarar dig, nämner dig eller reagerar på det du skrivit.",
    "n-all-read": "Markera alla som lästa",
    "n-all": "Alla aviseringar och inställningar",
    "n-more": "Visa fler",
    "n-unread": "oläst",
    "n-others": "{name} och {n} till\n{name} och {n} andra",
    "reply.comment": "{who} svarade på din kommentar i ”{title}”",
    "reply.post": "{who} kommenterade ditt inlägg ”{title}”",
    "mention": "{who} nämnde dig i ”{title}”",
    "reaction.comment": "{who} reagerade på din kommentar i ”{title}”",
    "reaction.post": "{who} reagerade på ditt inlägg ”{title}”",
    "reply.article": "{who} kommenterade din artikel ”{title}”",
    "reaction.article": "{who} reagerade på din artikel ”{title}”",
    "post": "{who} skrev i {group}",
    "request": "{who} vill gå med i {group} eller bjöd in dig",
    "review.approved": "{who} godkände ”{title}”: den publiceras", "review.changes": "{who} vill att du ändrar ”{title}”",
    "n-kind-review": "När en redaktör har granskat det jag skrivit",
    "report.new": "{who} anmälde ”{title}” till moderatorerna",
    "report.keep": "Din anmälan av ”{title}”: moderatorn lät det stå kvar",
    "report.hide": "Din anmälan av ”{title}”: moderatorn dolde det",
    "report.delete": "Din anmälan av ”{title}”: moderatorn tog bort det",
    "report.gone": "Din anmälan av ”{title}”: det var redan borttaget",
    "n-kind-report": "Anmält innehåll (moderatorer) och svar på mina anmälningar",
    "n-settings": "Vad vill du få aviseringar om?",
    "n-saved": "Inställningen är sparad.",
    "n-kind-reply": "Svar på mina kommentarer och inlägg",
    "n-kind-mention": "När någon nämner mig",
    "n-kind-reaction": "Reaktioner på det jag skrivit",
    "n-kind-post": "Nya inlägg i mina grupper",
    "n-kind-request": "Förfrågningar och inbjudningar till grupper",
    "n-mail": "Mejl", "n-mail-legend": "Vad vill du få som mejl? Det du redan sett på Torget mejlas aldrig.",
    "n-mail-now": "Direkt", "n-mail-daily": "Daglig sammanfattning", "n-mail-weekly": "Veckosammanfattning",
    "n-mail-off": "Aldrig",
  },
  en: {
    "n-title": "Notifications",
    "n-empty": "No notifications yet. Here you see when someone replies to you, mentions you or reacts to what you wrote.",
    "n-all-read": "Mark all as read",
    "n-all": "All notifications and settings",
    "n-more": "Show more",
    "n-unread": "unread",
    "n-others": "{name} and {n} other\n{name} and {n} others",
    "reply.comment": "{who} replied to your comment on “{title}”",
    "reply.post": "{who} commented on your post “{title}”",
    "mention": "{who} mentioned you in “{title}”",
    "reaction.comment": "{who} reacted to your comment on “{title}”",
    "reaction.post": "{who} reacted to your post “{title}”",
    "reply.article": "{who} commented on your article “{title}”",
    "reaction.article": "{who} reacted to your article “{title}”",
    "post": "{who} posted in {group}",
    "request": "{who} asked to join {group} or invited you",
    "review.approved": "{who} approved “{title}”: it is being published", "review.changes": "{who} asks you to change “{title}”",
    "n-kind-review": "When an editor has reviewed what I wrote",
    "report.new": "{who} reported “{title}” to the moderators",
    "report.keep": "Your report of “{title}”: the moderator kept it",
    "report.hide": "Your report of “{title}”: the moderator hid it",
    "report.delete": "Your report of “{title}”: the moderator deleted it",
    "report.gone": "Your report of “{title}”: it had already been removed",
    "n-kind-report": "Reported content (moderators) and answers to my reports",
    "n-settings": "What do you want to be notified about?",
    "n-saved": "Setting saved.",
    "n-kind-reply": "Replies to my comments and posts",
    "n-kind-mention": "When someone mentions me",
    "n-kind-reaction": "Reactions to what I wrote",
    "n-kind-post": "New posts in my groups",
    "n-kind-request": "Requests and invitations to groups",
    "n-mail": "E-mail", "n-mail-legend": "What do you want by e-mail? What you have already seen on Torget is never mailed.",
    "n-mail-now": "At once", "n-mail-daily": "Daily digest", "n-mail-weekly": "Weekly digest", "n-mail-off": "Never",
  },
});

const site = () => document.body.dataset.site || "/";

function sentence(note) {
  const who = note.others ? t("n-others", { name: note.actor.name, n: note.others }) : note.actor.name;
  const on = note.subject.split(":")[0];
  const key = note.kind === "reply" || note.kind === "reaction" ? `${note.kind}.${on}`
    : note.kind === "review" ? `review.${note.outcome === "approved" ? "approved" : "changes"}`
      : note.kind === "report" ? `report.${note.outcome || "new"}` : note.kind;
  return t(key, { who, title: note.title || "", group: note.group ? note.group.name : "" });
}

function href(note) {
  if (note.group) return `${site()}groups/group/?id=${encodeURIComponent(note.group.id)}`;
  if (note.url) return note.url + (note.subject.startsWith("comment:") ? "#conversation-heading" : "");
  if (note.kind === "report") return `${site()}moderation/`;
  return `${site()}feed/post/?id=${encodeURIComponent(note.post)}`;
}

export function mount(root, config = {}) {
  const panel = config.mode === "panel";
  const status = el("p", { class: "visually-hidden", role: "status" });
  const list = el("ul", { class: "notification-list" });
  const more = el("button", { type: "button", class: "more", hidden: true }, t("n-more"));
  const allRead = el("button", { type: "button", class: "link-button" }, t("n-all-read"));
  const heading = el("h2", { tabindex: "-1", class: panel ? "" : "visually-hidden" }, t("n-title"));
  let cursor = null;
  const count = (n) => { config.onCount?.(n); allRead.disabled = !n; };

  const row = (note) => {
    const link = el("a", { href: href(note), class: "notification-link" }, sentence(note));
    link.addEventListener("click", () => { if (note.unread) api.readNotifications([note.id]).catch(() => {}); });
    return el("li", { class: note.unread ? "notification is-unread" : "notification", "data-kind": note.kind },
      avatar(note.actor || {}, "sm"),
      el("div", { class: "notification-text" }, note.unread ? el("span", { class: "visually-hidden" }, t("n-unread") + ": ") : null,
        link, " ", el("time", { datetime: note.updatedAt }, ago(note.updatedAt))));
  };

  const load = async (append) => {
    try {
      const page = await api.notifications(append ? cursor : undefined);
      if (!append) clear(list);
      add(list, ...page.notifications.map(row));
      if (!list.children.length) add(list, el("li", { class: "empty muted" }, t("n-empty")));
      cursor = page.next;
      more.hidden = panel || !cursor;
      count(page.unread);
      return page;
    } catch (error) {
      status.textContent = errorText(error);
      return null;
    }
  };

  allRead.addEventListener("click", async () => {
    try {
      count((await api.readNotifications()).unread);
      for (const item of list.querySelectorAll(".is-unread")) item.classList.remove("is-unread");
      for (const mark of list.querySelectorAll(".notification .visually-hidden")) mark.remove();
      status.textContent = t("n-all-read") + " ✓";
    } catch (error) {
      status.textContent = errorText(error);
    }
  });
  more.addEventListener("click", () => load(true));
  root.addEventListener("refresh", () => load(false));

  const tools = el("p", { class: "notification-tools" }, allRead,
    panel ? el("a", { href: config.pageUrl }, t("n-all")) : null);
  put(root, heading, tools, list, more, status);
  load(false).then((page) => { if (page && !panel) add(root, settings(page.settings), mailSettings(page.mail || {})); });
}

// How each kind reaches me by e-mail: at once, in a daily or weekly digest, or never.
function mailSettings(current) {
  const saved = el("p", { role: "status", class: "muted" });
  const rows = Object.keys(current).map((kind) => {
    const choice = el("select", { id: `mail-${kind}` }, ["now", "daily", "weekly", "off"].map((mode) =>
      el("option", { value: mode, selected: current[kind] === mode }, t(`n-mail-${mode}`))));
    choice.addEventListener("change", async () => {
      try {
        await api.updateMe({ mail: { [kind]: choice.value } });
        saved.textContent = t("n-saved");
      } catch (error) {
        saved.textContent = errorText(error);
      }
    });
    return el("li", {}, el("label", { for: `mail-${kind}` },
      el("span", { class: "visually-hidden" }, `${t("n-mail")}: `), t(`n-kind-${kind}`)), " ", choice);
  });
  return el("form", { class: "notification-settings mail-settings", onsubmit: (e) => e.preventDefault() },
    el("fieldset", {}, el("legend", {}, t("n-mail-legend")), el("ul", { class: "plain" }, rows)), saved);
}

function settings(current) {
  const saved = el("p", { role: "status", class: "muted" });
  const boxes = Object.keys(current).map((kind) => {
    const box = el("input", { type: "checkbox", id: `notify-${kind}`, checked: current[kind] });
    box.addEventListener("change", async () => {
      try {
        await api.updateMe({ notifications: { [kind]: box.checked } });
        saved.textContent = t("n-saved");
      } catch (error) {
        box.checked = !box.checked;
        saved.textContent = errorText(error);
      }
    });
    return el("li", {}, box, " ", el("label", { for: `notify-${kind}` }, t(`n-kind-${kind}`)));
  });
  return el("form", { class: "notification-settings", onsubmit: (e) => e.preventDefault() },
    el("fieldset", {}, el("legend", {}, t("n-settings")), el("ul", { class: "plain" }, boxes)), saved);
}
