// The conversation under an article: reactions, comments, replies, a Markdown box with preview.
import * as api from "../api.js";
import { add, addFirst, el, put } from "../dom.js";
import * as live from "../live.js";
import { ago, errorText, t } from "../i18n.js";
import { bar, reportButton } from "./reactions.js";

const key = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(36).slice(2));

export async function mount(root, config) {
  const thread = config.thread;
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const say = (text) => { status.textContent = text; };
  const list = el("ol", { class: "comments" });
  const more = el("button", { type: "button", class: "more-button", hidden: true }, t("more"));
  const counter = el("span", { class: "comment-count" });
  const nodes = new Map(); // comment id → its <li>
  let next = null;
  let total = 0;
  const heading = config.heading ? document.getElementById(config.heading) : null;
  if (heading) add(heading, " ", counter);
  const showCount = () => { counter.textContent = total ? `(${total})` : ""; };

  function editor(label, initial, submitLabel, onSubmit, onCancel) {
    const id = "c" + key().slice(0, 8);
    const area = el("textarea", { id, rows: 4, maxlength: 10000, required: true });
    area.value = initial;
    const shown = el("div", { class: "preview comment-body", hidden: true, dir: "auto" });
    const send = el("button", { type: "submit" }, submitLabel);
    const preview = el("button", { type: "button", class: "secondary" }, t("preview"));
    preview.addEventListener("click", async () => {
      if (!area.value.trim()) { shown.textContent = t("preview-empty"); shown.hidden = false; return; }
      try {
        shown.innerHTML = (await api.preview(area.value)).html; // sanitised by the server
        shown.hidden = false;
      } catch (error) { say(errorText(error)); }
    });
    const form = el("form", { class: "comment-form" },
      el("label", { for: id }, label), area, el("p", { class: "hint" }, t("markdown-hint")), shown,
      el("div", { class: "form-actions" }, send, preview,
        onCancel ? el("button", { type: "button", class: "secondary", onclick: onCancel }, t("cancel")) : null));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!area.value.trim()) return;
      send.disabled = true;
      send.textContent = t("sending");
      try {
        await onSubmit(area.value);
        area.value = "";
        shown.hidden = true;
      } catch (error) {
        say(errorText(error));
      } finally {
        send.disabled = false;
        send.textContent = submitLabel;
      }
    });
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
      if (event.key === "Escape" && onCancel) onCancel();
    });
    return form;
  }

  function render(comment) {
    const li = el("li", { class: "comment", id: "comment-" + comment.id, "data-comment": comment.id });
    const body = el("div", { class: "comment-body", dir: "auto" });
    const head = el("p", { class: "comment-head" });
    if (comment.deleted) {
      body.textContent = t("removed");
      li.classList.add("removed");
    } else {
      if (comment.html === null) body.textContent = t("hidden");
      else body.innerHTML = comment.html; // sanitised by the server; the only markup inserted
      if (comment.hiddenReason !== undefined) body.before(el("p", { class: "notice" }, `${t("hidden")} ${comment.hiddenReason}`));
      add(head, el("bdi", { class: "author" }, comment.author.name));
      if (comment.replyTo) add(head, " ", el("span", { class: "muted" }, t("replying-to", { name: comment.replyTo.name })));
    }
    add(head, " ", el("time", { datetime: comment.createdAt, title: new Date(comment.createdAt).toLocaleString() }, ago(comment.createdAt)));
    if (comment.editedAt && !comment.deleted) add(head, " ", el("span", { class: "muted" }, `(${t("edited")})`));
    add(li, head, body);
    if (!comment.deleted) {
      const actions = el("div", { class: "comment-actions" }, bar("comment:" + comment.id, comment.reactions, comment.mine, say));
      const replyButton = el("button", { type: "button", class: "link" }, t("reply"));
      replyButton.addEventListener("click", () => openReply(comment, li));
      add(actions, replyButton);
      if (comment.canEdit) {
        const edit = el("button", { type: "button", class: "link" }, t("edit"));
        edit.addEventListener("click", () => openEdit(comment, li, body));
        add(actions, edit);
      }
      if (comment.canDelete) {
        const remove = el("button", { type: "button", class: "link danger" }, t("delete"));
        remove.addEventListener("click", () => removeComment(comment));
        add(actions, remove);
      }
      if (me.id && comment.author.id !== me.id) add(actions, reportButton("comment:" + comment.id, say));
      add(li, actions);
    }
    if (!comment.parentId) add(li, el("ol", { class: "replies" }));
    return li;
  }

  function place(comment, { fresh = false } = {}) {
    const li = render(comment);
    const old = nodes.get(comment.id);
    if (old) {
      const replies = old.querySelector(":scope > ol.replies");
      if (replies && li.querySelector(":scope > ol.replies")) li.querySelector(":scope > ol.replies").replaceWith(replies);
      old.replaceWith(li);
    } else if (comment.parentId) {
      const parent = nodes.get(comment.parentId);
      const replies = parent ? parent.querySelector(":scope > ol.replies") : null;
      // Replies read oldest first under their parent; a page brings them newest first.
      if (replies) (fresh ? add(replies, li) : addFirst(replies, li));
      else pending.push(comment);
    } else if (fresh) {
      addFirst(list, li);
    } else {
      add(list, li);
    }
    nodes.set(comment.id, li);
  }

  const pending = [];
  function addPage(page) {
    // A page lists replies before their parent: hold them until the parent is placed.
    for (const comment of page.comments) {
      if (comment.parentId && !nodes.has(comment.parentId)) { pending.push(comment); continue; }
      place(comment);
      for (const waiting of pending.filter((p) => p.parentId === comment.id)) {
        pending.splice(pending.indexOf(waiting), 1);
        place(waiting);
      }
    }
    next = page.next;
    more.hidden = !next;
    empty.hidden = nodes.size > 0;
  }

  function openReply(comment, li) {
    const anchor = comment.parentId ? nodes.get(comment.parentId) : li;
    const old = anchor.querySelector(":scope > form.comment-form");
    if (old) { old.querySelector("textarea").focus(); return; }
    const form = editor(t("reply-label", { name: comment.author.name }), "", t("send"), async (text) => {
      const created = await api.addComment(thread, text, comment.id, key());
      form.remove();
      if (!nodes.has(created.id)) { total += 1; showCount(); }
      place(created, { fresh: true });
      say(t("posted"));
      nodes.get(created.id)?.querySelector("button")?.focus();
    }, () => form.remove());
    anchor.querySelector(":scope > ol.replies").before(form);
    form.querySelector("textarea").focus();
  }

  function openEdit(comment, li, body) {
    const form = editor(t("edit-label"), comment.text || "", t("save"), async (text) => {
      const edited = await api.editComment(comment.id, text, comment.version);
      place({ ...edited, replyTo: comment.replyTo, parentId: comment.parentId });
      nodes.get(comment.id)?.querySelector(".comment-actions button.link")?.focus();
    }, () => { form.remove(); body.hidden = false; });
    body.hidden = true;
    body.after(form);
    form.querySelector("textarea").focus();
  }

  async function removeComment(comment) {
    if (!window.confirm(t("confirm-delete"))) return;
    try {
      await api.deleteComment(comment.id);
      const li = nodes.get(comment.id);
      const hasReplies = li?.querySelector(":scope > ol.replies > li");
      if (hasReplies) place({ ...comment, deleted: true });
      else { li?.remove(); nodes.delete(comment.id); }
      total -= 1; showCount();
      empty.hidden = nodes.size > 0;
      say(t("deleted"));
    } catch (error) { say(errorText(error)); }
  }

  const empty = el("p", { class: "empty" }, t("empty"));
  more.addEventListener("click", async () => {
    more.disabled = true;
    try { addPage(await api.comments(thread, next)); } catch (error) { say(errorText(error)); }
    more.disabled = false;
  });

  let first;
  try {
    first = await api.comments(thread);
  } catch (error) {
    put(root, el("p", { class: "notice" }, errorText(error)));
    return;
  }
  total = first.thread.comments;
  showCount();
  const me = await api.me().catch(() => ({ id: "", roles: [] }));
  const moderator = (me.roles || []).some((role) => role === "moderator" || role === "admin");
  const own = (comment) => ({
    ...comment,
    canEdit: !comment.deleted && comment.author?.id === me.id,
    canDelete: !comment.deleted && (comment.author?.id === me.id || moderator),
  });
  live.on("thread:" + thread, (event) => {
    const data = event.data;
    if (event.type === "comment.created" && !nodes.has(data.id)) {
      place(own(data), { fresh: true });
      total += 1; showCount();
      empty.hidden = true;
    } else if (event.type === "comment.updated" && nodes.has(data.id)) {
      place(own(data));
    } else if (event.type === "comment.deleted" && nodes.has(data.id)) {
      const li = nodes.get(data.id);
      if (data.placeholder) place({ id: data.id, parentId: data.parentId, deleted: true, createdAt: li.querySelector("time")?.getAttribute("datetime") });
      else { li.remove(); nodes.delete(data.id); }
      total -= 1; showCount();
    } else if (event.type === "reaction.changed") {
      const target = root.querySelector(`.reactions[data-target="${CSS.escape(data.target)}"]`);
      target?.update(data.reactions, data.person === me.id, data.kind, data.given);
    }
  });
  live.ready("thread:" + thread).then(() => { root.dataset.live = "ready"; });
  live.onReconnect(async () => {
    // Fetch what came while the connection was down; ids keep it from showing twice.
    try {
      const page = await api.comments(thread);
      for (const comment of [...page.comments].reverse()) {
        if (!nodes.has(comment.id) && (!comment.parentId || nodes.has(comment.parentId))) {
          place(comment, { fresh: true });
        }
      }
      total = page.thread.comments; showCount();
    } catch { /* the next event or reload will catch up */ }
  });
  const top = first.thread.commentsEnabled
    ? editor(t("comment-label"), "", t("send"), async (text) => {
      const created = await api.addComment(thread, text, null, key());
      if (!nodes.has(created.id)) { total += 1; showCount(); }
      place(created, { fresh: true });
      empty.hidden = true;
      say(t("posted"));
    })
    : el("p", { class: "notice" }, t("comments-off"));
  const reactions = config.reactions === "off" ? null : bar(thread, first.thread.reactions, first.thread.mine, say);
  put(root, ...[reactions, top, status, empty, list, more].filter(Boolean));
  addPage(first);
}
