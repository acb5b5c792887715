// The conversation under an article: reactions, comments, replies, a Markdown box with preview.
// `view`: one thread's state, shared by the parts.
import * as api from "../api.js";
import { personLink } from "../faces.js";
import { add, addFirst, el, put } from "../dom.js";
import * as live from "../live.js";
import { remember, remembered } from "../repaint.js";
import { ago, errorText, t } from "../i18n.js";
import { bar, reportButton } from "./reactions.js";

const key = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(36).slice(2));
const replies = (li) => li?.querySelector(":scope > ol.replies");

function composer(view, label, initial, submitLabel, onSubmit, onCancel) {
  const id = "c" + key().slice(0, 8);
  const area = el("textarea", { id, rows: 4, maxlength: 10000, required: true });
  area.value = initial;
  area.addEventListener("focus", () => import("../mention.js").then((m) => m.attachMentions(area)), { once: true });
  const shown = el("div", { class: "preview comment-body", hidden: true, dir: "auto" });
  const send = el("button", { type: "submit" }, submitLabel);
  const preview = el("button", { type: "button", class: "secondary" }, t("preview"));
  preview.addEventListener("click", async () => {
    if (!area.value.trim()) { shown.textContent = t("preview-empty"); shown.hidden = false; return; }
    try {
      shown.innerHTML = (await api.preview(area.value)).html; // sanitised by the server
      shown.hidden = false;
    } catch (error) { view.say(errorText(error)); }
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
      view.say(errorText(error));
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

function comment(view, c) {
  const li = el("li", { class: "comment", id: "comment-" + c.id, "data-comment": c.id });
  const body = el("div", { class: "comment-body", dir: "auto" });
  const head = el("p", { class: "comment-head" });
  if (c.deleted) {
    body.textContent = t("removed");
    li.classList.add("removed");
  } else {
    if (c.html === null) body.textContent = t("hidden");
    else body.innerHTML = c.html; // sanitised by the server; the only markup inserted
    if (c.hiddenReason !== undefined) body.before(el("p", { class: "notice" }, `${t("hidden")} ${c.hiddenReason}`));
    add(head, personLink(c.author, "sm"));
    if (c.replyTo) add(head, " ", el("span", { class: "muted" }, t("replying-to", { name: c.replyTo.name })));
  }
  add(head, " ", el("time", { datetime: c.createdAt, title: new Date(c.createdAt).toLocaleString() }, ago(c.createdAt)));
  if (c.editedAt && !c.deleted) add(head, " ", el("span", { class: "muted" }, `(${t("edited")})`));
  add(li, head, body, c.deleted ? null : actions(view, c, li, body), c.parentId ? null : el("ol", { class: "replies" }));
  return li;
}

function actions(view, c, li, body) {
  const button = (label, className, onclick) => el("button", { type: "button", class: className, onclick }, t(label));
  return el("div", { class: "comment-actions" },
    bar("comment:" + c.id, c.reactions, c.mine, view.say),
    button("reply", "link", () => openReply(view, c, li)),
    c.canEdit ? button("edit", "link", () => openEdit(view, c, body)) : null,
    c.canDelete ? button("delete", "link danger", () => remove(view, c)) : null,
    view.me.id && c.author.id !== view.me.id ? reportButton("comment:" + c.id, view.say) : null);
}

function place(view, c, fresh = false) {
  const li = comment(view, c);
  const old = view.nodes.get(c.id);
  if (old) {
    if (replies(old) && replies(li)) replies(li).replaceWith(replies(old));
    old.replaceWith(li);
  } else if (c.parentId) {
    const under = replies(view.nodes.get(c.parentId));
    // Replies read oldest first under their parent; a page brings them newest first.
    if (under) (fresh ? add(under, li) : addFirst(under, li));
    else view.pending.push(c);
  } else {
    (fresh ? addFirst : add)(view.list, li);
  }
  view.nodes.set(c.id, li);
}

function addPage(view, page) {
  // A page lists replies before their parent: hold them until the parent is placed.
  for (const c of page.comments) {
    if (c.parentId && !view.nodes.has(c.parentId)) { view.pending.push(c); continue; }
    place(view, c);
    for (const waiting of view.pending.filter((p) => p.parentId === c.id)) {
      view.pending.splice(view.pending.indexOf(waiting), 1);
      place(view, waiting);
    }
  }
  view.next = page.next;
  view.more.hidden = !view.next;
  view.empty.hidden = view.nodes.size > 0;
}

function count(view, total) {
  view.total = total;
  view.counter.textContent = total ? `(${total})` : "";
  view.empty.hidden = view.nodes.size > 0;
}

// Counted once, whether or not the live event came first.
function added(view, created) {
  if (!view.nodes.has(created.id)) count(view, view.total + 1);
  place(view, created, true);
  view.empty.hidden = true;
  view.say(t("posted"));
}

function openReply(view, c, li) {
  const anchor = c.parentId ? view.nodes.get(c.parentId) : li;
  const old = anchor.querySelector(":scope > form.comment-form");
  if (old) { old.querySelector("textarea").focus(); return; }
  const form = composer(view, t("reply-label", { name: c.author.name }), "", t("send"), async (text) => {
    const created = await api.addComment(view.thread, text, c.id, key());
    form.remove();
    added(view, created);
    view.nodes.get(created.id)?.querySelector("button")?.focus();
  }, () => form.remove());
  replies(anchor).before(form);
  form.querySelector("textarea").focus();
}

function openEdit(view, c, body) {
  const form = composer(view, t("edit-label"), c.text || "", t("save"), async (text) => {
    const edited = await api.editComment(c.id, text, c.version);
    place(view, { ...edited, replyTo: c.replyTo, parentId: c.parentId });
    view.nodes.get(c.id)?.querySelector(".comment-actions button.link")?.focus();
  }, () => { form.remove(); body.hidden = false; });
  body.hidden = true;
  body.after(form);
  form.querySelector("textarea").focus();
}

// A placeholder while replies hang under it.
function drop(view, c, placeholder) {
  const li = view.nodes.get(c.id);
  if (placeholder) place(view, { ...c, deleted: true, createdAt: li.querySelector("time")?.getAttribute("datetime") });
  else { li.remove(); view.nodes.delete(c.id); }
  count(view, view.total - 1);
}

async function remove(view, c) {
  if (!(await (await import("./confirm.js")).confirmDialog(t("confirm-delete"), t("delete")))) return;
  try {
    await api.deleteComment(c.id);
    drop(view, c, replies(view.nodes.get(c.id))?.firstElementChild);
    view.say(t("deleted"));
  } catch (error) { view.say(errorText(error)); }
}

function follow(view, root) {
  const own = (c) => ({
    ...c,
    canEdit: !c.deleted && c.author?.id === view.me.id,
    canDelete: !c.deleted && (c.author?.id === view.me.id || view.moderator),
  });
  live.on("thread:" + view.thread, ({ type, data }) => {
    const known = view.nodes.has(data.id);
    if (type === "comment.created" && !known) {
      place(view, own(data), true);
      count(view, view.total + 1);
    } else if (type === "comment.updated" && known) place(view, own(data));
    else if (type === "comment.deleted" && known) drop(view, data, data.placeholder);
    else if (type === "reaction.changed") {
      root.querySelector(`.reactions[data-target="${CSS.escape(data.target)}"]`)
        ?.update(data.reactions, data.person === view.me.id, data.kind, data.given);
    }
  });
  live.ready("thread:" + view.thread).then(() => { root.dataset.live = "ready"; });
  live.onReconnect(async () => {
    // Fetch what came while the connection was down; ids keep it from showing twice.
    try {
      const page = await api.comments(view.thread);
      for (const c of [...page.comments].reverse()) {
        if (!view.nodes.has(c.id) && (!c.parentId || view.nodes.has(c.parentId))) place(view, c, true);
      }
      count(view, page.thread.comments);
    } catch { /* the next event or reload will catch up */ }
  });
}

export async function mount(root, config) {
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const view = {
    thread: config.thread, nodes: new Map(), pending: [], next: null, total: 0,
    list: el("ol", { class: "comments" }), empty: el("p", { class: "empty" }, t("empty")),
    more: el("button", { type: "button", class: "more-button", hidden: true }, t("more")),
    counter: el("span", { class: "comment-count" }), say: (text) => { status.textContent = text; },
  };
  const heading = config.heading ? document.getElementById(config.heading) : null;
  if (heading) add(heading, " ", view.counter);
  view.more.addEventListener("click", async () => {
    view.more.disabled = true;
    try { addPage(view, await api.comments(view.thread, view.next)); } catch (error) { view.say(errorText(error)); }
    view.more.disabled = false;
  });
  // The thread as this tab last showed it paints at once (repaint.js); the server's answer then replaces it.
  const fresh = api.comments(view.thread);
  let first = remembered("thread:" + view.thread);
  if (!first) {
    try {
      first = await fresh;
    } catch (error) {
      put(root, el("p", { class: "notice" }, errorText(error)));
      return;
    }
  }
  view.me = await api.me().catch(() => ({ id: "", roles: [] }));
  view.moderator = (view.me.roles || []).some((role) => role === "moderator" || role === "admin");
  follow(view, root);
  const top = first.thread.commentsEnabled
    ? composer(view, t("comment-label"), "", t("send"), async (text) => added(view, await api.addComment(view.thread, text, null, key())))
    : el("p", { class: "notice" }, t("comments-off"));
  const reactionsOf = (page) => (config.reactions === "off" ? null : bar(view.thread, page.thread.reactions, page.thread.mine, view.say));
  let reactions = reactionsOf(first);
  put(root, reactions, top, status, view.empty, view.list, view.more);
  addPage(view, first);
  count(view, first.thread.comments);
  fresh.then((page) => {
    remember("thread:" + view.thread, page);
    if (page === first) return;
    const again = reactionsOf(page);
    if (reactions) reactions.replaceWith(again);
    reactions = again;
    view.nodes.clear();
    view.pending.length = 0;
    put(view.list);
    addPage(view, page);
    count(view, page.thread.comments);
  }).catch(() => { /* what is shown stays; live events and the next load bring it up to date */ });
}
