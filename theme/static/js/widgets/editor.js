// The web editor (/write/): my drafts and the review queue, and one article's editor. `openEditor` wires
// the parts, which share `ed` (the draft and its controls): the form (editor-form.js), toolbar
// (editor-toolbar.js), images and paste (editor-images.js), autosave (editor-autosave.js), a live preview
// (editor-preview.js), publish and review (editor-publish.js) and the article's progress (editor-progress.js).
import * as api from "../api.js";
import * as articles from "../articles-api.js";
import { el, put } from "../dom.js";
import { ago, errorText, lang, t } from "../i18n.js";
import "./editor-strings.js";
import { autosave } from "./editor-autosave.js";
import { articleForm, controls, fill } from "./editor-form.js";
import { images } from "./editor-images.js";
import { preview } from "./editor-preview.js";
import { progress, stateLabel } from "./editor-progress.js";
import { reviewPanel, watchLive, writerActions } from "./editor-publish.js";
import { toolbar } from "./editor-toolbar.js";

const writeUrl = (params) => `${location.pathname}?${new URLSearchParams(params)}`;

export async function mount(root) {
  let me;
  try {
    me = await api.me();
  } catch (error) {
    put(root, el("p", { class: "notice" }, errorText(error)));
    return;
  }
  const roles = new Set(me.roles);
  if (!["author", "editor", "admin"].some((role) => roles.has(role))) {
    put(root, el("p", { class: "notice" }, t("w-not-writer")));
    return;
  }
  const params = new URLSearchParams(location.search);
  try {
    if (params.get("id")) return await openEditor(root, params.get("id"), me);
    // A new article is only a form until its first keystroke: leaving at once leaves no untitled draft behind.
    if (params.get("new")) return await openEditor(root, null, me, unsaved(me, params.get("new") === "news" ? "news" : "blog"));
    let created = null;
    if (params.get("edit")) created = await articles.create({ source: params.get("edit") });
    if (params.get("translate")) {
      created = await articles.create({ translationOf: params.get("translate"), lang: params.get("lang") === "sv" ? "sv" : "en" });
    }
    if (created) {
      history.replaceState(null, "", writeUrl({ id: created.id }));
      return await openEditor(root, created.id, me);
    }
    await overview(root, roles);
  } catch (error) {
    put(root, el("p", { class: "notice", role: "alert" }, error.status === 404 ? t("w-missing") : errorText(error)));
  }
}

function listOf(list, empty, withAuthor) {
  if (!list.length) return el("p", { class: "muted" }, empty);
  return el("ul", { class: "draft-list" }, list.map((article) => el("li", {},
    el("a", { href: writeUrl({ id: article.id }) }, article.title || t("w-untitled")),
    " ",
    el("span", { class: `state state-${article.state}` }, stateLabel(article.state)),
    el("span", { class: "muted" }, " · ", withAuthor ? t("w-by", { name: article.author.name }) + " · " : "",
      t("w-changed", { when: ago(article.updatedAt) })),
  )));
}

async function overview(root, roles) {
  const editor = roles.has("editor") || roles.has("admin");
  const [mine, queue] = await Promise.all([articles.mine(), editor ? articles.reviewQueue() : Promise.resolve(null)]);
  put(root,
    el("p", { class: "write-actions" },
      el("a", { class: "button", href: writeUrl({ new: "blog" }) }, t("w-new-blog")),
      el("a", { class: "button", href: writeUrl({ new: "news" }) }, t("w-new-news"))),
    queue ? el("section", { "aria-labelledby": "review-heading" },
      el("h2", { id: "review-heading" }, t("w-review")), listOf(queue.articles, t("w-no-review"), true)) : null,
    el("section", { "aria-labelledby": "mine-heading" },
      el("h2", { id: "mine-heading" }, t("w-mine")), listOf(mine.articles, t("w-no-mine"), false)),
  );
}

// What the server answers for a blank draft, before there is one.
function unsaved(me, category) {
  const roles = new Set(me.roles);
  return { id: null, state: "draft", version: 0, category, lang: lang(), title: "", summary: "", text: "", tags: [],
    pinned: false, comments: true, acknowledge: false, notes: [], editing: false, mine: true, canReview: false,
    canPublish: roles.has("editor") || roles.has("admin"), author: { id: me.id, name: me.name } };
}

async function openEditor(root, id, me, draft = null) {
  const roles = new Set(me.roles);
  const ed = {
    root, draft: draft || await articles.get(id), controls: controls(), isEditor: roles.has("editor") || roles.has("admin"),
    status: el("p", { class: "save-status", role: "status", "aria-live": "polite" }),
    problems: el("div", { class: "problems notice", role: "alert", hidden: true, tabindex: "-1" }),
    conflict: el("section", { class: "conflict", hidden: true, "aria-labelledby": "conflict-heading" }),
  };
  ed.mine = ed.draft.mine;
  ed.editable = () => ed.mine && ["draft", "review", "changes"].includes(ed.draft.state);
  fill(ed);
  ed.preview = preview(ed);
  autosave(ed);
  const status = progress(ed);
  const actions = writerActions(ed);
  const review = reviewPanel(ed);
  const form = articleForm(ed, { problems: ed.problems, toolbar: toolbar(ed), altForm: images(ed), actions: actions.node });
  ed.render = () => {
    status.render();
    actions.render();
    for (const control of form.querySelectorAll("input, textarea, button")) control.disabled = !ed.editable();
    form.hidden = !ed.mine;
    review.render();
    ed.preview.render();
  };
  const columns = el("div", { class: "editor-columns" }, form, el("div", {}, review.node, ed.preview.section));
  put(root, status.head, ed.conflict, status.notes, phoneSwitch(columns), columns);
  ed.render();
  if (ed.draft.state === "publishing") watchLive(ed);
  if (ed.mine && ed.editable()) ed.controls.title.focus();
}

// On a phone the text and its preview take turns (side by side from 64rem).
function phoneSwitch(columns) {
  const text = el("button", { type: "button", "aria-pressed": "true" }, t("w-text"));
  const look = el("button", { type: "button", "aria-pressed": "false" }, t("preview"));
  const show = (preview) => {
    columns.classList.toggle("show-preview", preview);
    text.setAttribute("aria-pressed", String(!preview));
    look.setAttribute("aria-pressed", String(preview));
  };
  text.addEventListener("click", () => show(false));
  look.addEventListener("click", () => show(true));
  return el("div", { class: "tabs editor-switch", role: "group", "aria-label": t("w-view") }, text, look);
}
