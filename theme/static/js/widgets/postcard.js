// One item of a feed: a colleague's post or a new article, with reactions and its conversation.
import "./social-strings.js";
import * as api from "../api.js";
import { add, el } from "../dom.js";
import { personLink } from "../faces.js";
import { ago, errorText, t } from "../i18n.js";
import { bar, reportButton } from "./reactions.js";
import { sharedCard } from "./shared.js";

const site = () => document.body.dataset.site || "/";

// Dela on a card: the dialog loads on the first press.
function shareButton(item, say) {
  const button = el("button", { type: "button", class: "link" }, item.shares ? `${t("share")} (${item.shares})` : t("share"));
  button.addEventListener("click", async () => {
    const { open } = await import("./share.js");
    const url = item.kind === "article" ? item.url : `${site()}feed/post/?id=${encodeURIComponent(item.id)}`;
    open({ target: item.target, title: item.title || t("share-post", { name: item.author.name }), url, group: item.group,
      private: item.private }, say);
  });
  return button;
}

export function card(item, { say, onDeleted }) {
  const root = el("article", { class: "card feed-card", "data-target": item.target });
  const head = el("p", { class: "comment-head" });
  const body = el("div", { class: "comment-body", dir: "auto" });
  if (item.kind === "article") {
    add(head, el("span", { class: "tag-label" }, t("new-article")), " ",
      el("time", { datetime: item.createdAt }, ago(item.createdAt)));
    add(body, el("h3", { class: "card-title" }, el("a", { href: item.url }, item.title)),
      el("p", { class: "muted" }, personLink(item.author)), el("p", {}, item.summary));
    add(root, head, body, el("div", { class: "comment-actions" }, bar(item.target, item.reactions, item.mine, say),
      el("a", { href: item.url + "#conversation-heading" }, `${t("comment")} (${item.comments})`), shareButton(item, say)));
    return root;
  }
  const link = `${site()}feed/post/?id=${encodeURIComponent(item.id)}`;
  add(head, item.erased ? el("bdi", { class: "author" }, t("someone")) : personLink(item.author, "md"));
  if (item.group) {
    add(head, " ", el("a", { href: `${site()}groups/group/?id=${encodeURIComponent(item.group.id)}` },
      t("in-group", { name: item.group.name })));
  }
  add(head, " · ", el("a", { href: link, class: "muted" },
    el("time", { datetime: item.createdAt, title: new Date(item.createdAt).toLocaleString() }, ago(item.createdAt))));
  if (item.editedAt) add(head, " ", el("span", { class: "muted" }, `(${t("edited")})`));
  if (item.hidden && !item.html) body.textContent = t("hidden");
  else body.innerHTML = item.html; // sanitised by the server; the only markup inserted
  if (item.hiddenReason !== undefined) body.before(el("p", { class: "notice" }, `${t("hidden")} ${item.hiddenReason}`));
  add(root, head, body, item.shared ? sharedCard(item.shared) : null);
  if (item.images && item.images.length) {
    add(root, el("div", { class: `post-images count-${item.images.length}` },
      ...item.images.map((image) => el("img", { src: image.url, alt: image.alt, loading: "lazy" }))));
  }
  const conversation = el("div", { class: "post-conversation", hidden: true });
  const toggle = el("button", { type: "button", class: "link comments-toggle", "aria-expanded": "false" }, `${t("comment")} (${item.comments})`);
  toggle.addEventListener("click", async () => {
    const open = conversation.hidden;
    conversation.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? t("hide-comments") : `${t("comment")} (${item.comments})`;
    if (open && !conversation.dataset.loaded) {
      conversation.dataset.loaded = "1";
      const { mount } = await import("./comments.js");
      mount(conversation, { thread: item.target, reactions: "off" });
    }
  });
  const actions = el("div", { class: "comment-actions" }, bar(item.target, item.reactions, item.mine, say), toggle,
    shareButton(item, say));
  if (item.canEdit) {
    const edit = el("button", { type: "button", class: "link" }, t("edit"));
    edit.addEventListener("click", () => editPost(item, root, body, say));
    add(actions, edit);
  }
  if (item.canDelete) {
    const remove = el("button", { type: "button", class: "link danger" }, t("delete"));
    remove.addEventListener("click", async () => {
      if (!(await (await import("./confirm.js")).confirmDialog(t("confirm-delete-post"), t("delete")))) return;
      try {
        await api.deletePost(item.id);
        root.remove();
        say(t("post-deleted"));
        onDeleted?.(item);
      } catch (error) { say(errorText(error)); }
    });
    add(actions, remove);
  }
  if (!item.canEdit && !item.erased && item.author.id) add(actions, reportButton(item.target, say));
  add(root, actions, conversation);
  return root;
}

function editPost(item, root, body, say) {
  const id = "edit-" + item.id;
  const area = el("textarea", { id, rows: 3 });
  area.value = item.text || "";
  const form = el("form", { class: "comment-form" }, el("label", { for: id }, t("edit")), area,
    el("div", { class: "form-actions" }, el("button", { type: "submit" }, t("save")),
      el("button", { type: "button", class: "secondary", onclick: () => { form.remove(); body.hidden = false; } }, t("cancel"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const edited = await api.editPost(item.id, area.value, item.version);
      item.text = area.value;
      body.innerHTML = edited.html; // sanitised by the server
      form.remove();
      body.hidden = false;
      say(t("saved"));
    } catch (error) { say(errorText(error)); }
  });
  body.hidden = true;
  body.after(form);
  area.focus();
}
