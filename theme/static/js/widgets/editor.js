// The web editor (/write/): my drafts and the review queue, and one article's editor with a
// toolbar, images, autosave to the server, a live preview in the article page's own layout,
// publish or submit, review, and both versions side by side when an edit conflicts.
import * as api from "../api.js";
import { add, el, icon, put } from "../dom.js";
import { ago, errorText, lang, t } from "../i18n.js";
import "./editor-strings.js";
import { htmlToMarkdown } from "./paste.js";

// The article endpoints, here rather than in api.js: only writers load them.
const enc = encodeURIComponent;
const call = api.request;
const articles = {
  mine: () => call("GET", "/articles?mine=1"),
  reviewQueue: () => call("GET", "/articles?state=review"),
  get: (id) => call("GET", `/articles/${enc(id)}`),
  create: (fields) => call("POST", "/articles", fields),
  save: (id, fields) => call("PATCH", `/articles/${enc(id)}`, fields),
  discard: (id) => call("DELETE", `/articles/${enc(id)}`),
  publish: (id, version) => call("POST", `/articles/${enc(id)}/publish`, { version }),
  approve: (id) => call("POST", `/articles/${enc(id)}/approve`),
  askForChanges: (id, note) => call("POST", `/articles/${enc(id)}/changes`, { note }),
  rebase: (id) => call("POST", `/articles/${enc(id)}/rebase`),
  preview: (text) => call("POST", "/articles/preview", { text }),
};
const SAVE_AFTER_MS = 800;
const PREVIEW_AFTER_MS = 250;
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const STEPS = ["draft", "review", "publishing", "live"];
const LINK_ICON = [["path", { d: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1", fill: "none", "stroke-width": "2", stroke: "currentColor", "stroke-linecap": "round" }],
  ["path", { d: "M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1", fill: "none", "stroke-width": "2", stroke: "currentColor", "stroke-linecap": "round" }]];
const IMAGE_ICON = [["rect", { x: "3", y: "5", width: "18", height: "14", rx: "2", fill: "none", stroke: "currentColor", "stroke-width": "2" }],
  ["circle", { cx: "9", cy: "10", r: "1.6", fill: "currentColor" }],
  ["path", { d: "M4 18l5-5 3 3 3-3 5 5", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linejoin": "round" }]];
// A content problem in the page's language (the server's English message when it has no code).
const problemText = (problem) => (problem.code && problem.code !== "other"
  ? t(`w-p-${problem.code}`, { detail: problem.detail || "" }) : problem.message);
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
    let created = null;
    if (params.get("new")) created = await articles.create({ category: params.get("new") === "news" ? "news" : "blog", lang: lang() });
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

function stateLabel(state) {
  return t(`w-state-${state}`);
}

function listOf(articles, empty, withAuthor) {
  if (!articles.length) return el("p", { class: "muted" }, empty);
  return el("ul", { class: "draft-list" }, articles.map((article) => el("li", {},
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

function field(id, label, control, hint) {
  control.id = id;
  const error = el("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", described);
  return el("div", { class: "field", "data-field": id.replace("article-", "") },
    el("label", { for: id }, label), hint ? el("p", { class: "hint", id: `${id}-hint` }, hint) : null, control, error);
}

async function openEditor(root, id, me) {
  let draft = await articles.get(id);
  const mine = draft.mine;
  const editable = () => mine && ["draft", "review", "changes"].includes(draft.state);
  const roles = new Set(me.roles);
  const isEditor = roles.has("editor") || roles.has("admin");

  const title = el("input", { type: "text", name: "title", maxlength: 200, autocomplete: "off" });
  const summary = el("textarea", { name: "summary", rows: 2, maxlength: 600 });
  const text = el("textarea", { name: "text", rows: 18, spellcheck: "true" });
  const tags = el("input", { type: "text", name: "tags", autocomplete: "off" });
  const comments = el("input", { type: "checkbox", name: "comments" });
  const pinned = el("input", { type: "checkbox", name: "pinned" });
  const ack = el("input", { type: "checkbox", name: "acknowledge" });
  const publishAt = el("input", { type: "datetime-local", name: "publishAt" });
  const file = el("input", { type: "file", accept: IMAGE_TYPES.join(","), class: "visually-hidden", tabindex: "-1",
    "aria-hidden": "true" });
  const status = el("p", { class: "save-status", role: "status", "aria-live": "polite" });
  const problems = el("div", { class: "problems notice", role: "alert", hidden: true });
  const steps = el("ol", { class: "steps", "aria-label": t("w-steps") });
  const outcome = el("div", { class: "outcome", "aria-live": "polite" });
  const notes = el("section", { class: "notes", hidden: true });
  const conflict = el("section", { class: "conflict", hidden: true, "aria-labelledby": "conflict-heading" });
  const altForm = el("div", { class: "image-alt", hidden: true });
  const previewTitle = el("h1", {});
  const previewBody = el("div", { class: "prose" });
  const previewByline = el("p", { class: "byline muted" });
  const previewCategory = el("span", { class: "tag-label" });

  const fill = () => {
    title.value = draft.title || "";
    summary.value = draft.summary || "";
    text.value = draft.text || "";
    tags.value = (draft.tags || []).join(", ");
    comments.checked = draft.comments !== false;
    pinned.checked = !!draft.pinned;
    ack.checked = !!draft.acknowledge;
    publishAt.value = draft.publishAt ? toLocalInput(draft.publishAt) : "";
  };
  fill();

  // --- autosave ---
  let saveTimer = null;
  let saving = Promise.resolve();
  let dirty = false;
  const collect = () => ({
    title: title.value, summary: summary.value, text: text.value,
    tags: tags.value.split(",").map((tag) => tag.trim()).filter(Boolean),
    comments: comments.checked, ...(isEditor ? { pinned: pinned.checked, acknowledge: ack.checked } : {}),
    publishAt: publishAt.value ? new Date(publishAt.value).toISOString().replace(/\.\d+Z$/, "+00:00") : null,
  });
  const save = () => {
    clearTimeout(saveTimer);
    if (!dirty || !editable()) return saving;
    dirty = false;
    status.textContent = t("w-saving");
    saving = saving.then(async () => {
      try {
        draft = await articles.save(draft.id, { version: draft.version, ...collect() });
        status.textContent = t("w-saved", { time: new Date().toLocaleTimeString(lang() === "sv" ? "sv-SE" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" }) });
        render();
      } catch (error) {
        status.textContent = error.code === "version_conflict" ? t("w-other-window")
          : t("w-save-failed", { error: errorText(error) });
        if (error.code !== "version_conflict") dirty = true;
      }
    });
    return saving;
  };
  const changed = () => {
    dirty = true;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_AFTER_MS);
    schedulePreview();
  };
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") save(); });
  window.addEventListener("pagehide", save);

  // --- preview ---
  let previewTimer = null;
  let previewed = null;
  const schedulePreview = () => {
    previewTitle.textContent = title.value || t("w-untitled");
    clearTimeout(previewTimer);
    previewTimer = setTimeout(async () => {
      if (text.value === previewed) return;
      previewed = text.value;
      try {
        const { html } = await articles.preview(text.value);
        previewBody.innerHTML = html; // sanitised by the server
      } catch { /* the preview catches up at the next change */ }
    }, PREVIEW_AFTER_MS);
  };

  // --- toolbar ---
  const wrap = (before, after = before, placeholder = "") => {
    const start = text.selectionStart;
    const end = text.selectionEnd;
    const chosen = text.value.slice(start, end) || placeholder;
    text.setRangeText(before + chosen + after, start, end, "end");
    text.selectionStart = start + before.length;
    text.selectionEnd = start + before.length + chosen.length;
    text.focus();
    changed();
  };
  const linePrefix = (prefix) => {
    const start = text.value.lastIndexOf("\n", text.selectionStart - 1) + 1;
    text.setRangeText(prefix, start, start, "end");
    text.focus();
    changed();
  };
  const insertAtCursor = (snippet) => {
    text.setRangeText(snippet, text.selectionStart, text.selectionEnd, "end");
    text.focus();
    changed();
  };
  const tool = (label, mark, action) => el("button", { type: "button", "aria-label": label, title: label, onclick: action },
    typeof mark === "string" ? el("span", { "aria-hidden": "true" }, mark) : icon(mark));
  const toolbar = el("div", { class: "toolbar", role: "toolbar", "aria-label": t("w-toolbar"), "aria-controls": "article-text" },
    tool(t("w-bold"), "B", () => wrap("**", "**", t("w-bold"))),
    tool(t("w-italic"), "I", () => wrap("*", "*", t("w-italic"))),
    tool(t("w-link"), LINK_ICON, () => {
      const url = window.prompt(t("w-link-url"), "https://");
      if (url && /^(https?:\/\/|mailto:|\/)/.test(url)) wrap("[", `](${url})`, t("w-link"));
    }),
    tool(t("w-list"), "•", () => linePrefix("- ")),
    tool(t("w-heading"), "H", () => linePrefix("## ")),
    tool(t("w-quote"), "”", () => linePrefix("> ")),
    tool(t("w-image"), IMAGE_ICON, () => file.click()),
  );
  // Arrow keys move between the toolbar's buttons (one tab stop), as a toolbar should.
  const buttons = [...toolbar.querySelectorAll("button")];
  buttons.forEach((button, index) => {
    button.tabIndex = index === 0 ? 0 : -1;
    button.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = buttons[(index + step + buttons.length) % buttons.length];
      button.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    });
  });
  text.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    if (event.key === "b") { event.preventDefault(); wrap("**", "**", t("w-bold")); }
    if (event.key === "i") { event.preventDefault(); wrap("*", "*", t("w-italic")); }
  });

  // --- images: the file picker, drag and drop, alt text first ---
  const altInput = el("input", { type: "text", id: "image-alt-text", maxlength: 250 });
  const altError = el("p", { class: "field-error", role: "alert" });
  let pending = null;
  const askAlt = (chosen) => {
    if (!IMAGE_TYPES.includes(chosen.type) || chosen.size > 10 * 1024 * 1024 || chosen.size < 1) {
      status.textContent = t("w-image-type");
      return;
    }
    pending = chosen;
    altInput.value = "";
    altError.textContent = "";
    altForm.hidden = false;
    altInput.focus();
  };
  const insertImage = async () => {
    const alt = altInput.value.trim();
    if (!alt) {
      altError.textContent = t("w-alt-needed");
      altInput.focus();
      return;
    }
    altForm.hidden = true;
    status.textContent = t("w-uploading");
    try {
      const key = await api.uploadImage(pending);
      insertAtCursor(`\n![${alt.replace(/[[\]]/g, "")}](/uploads/${key})\n`);
      status.textContent = "";
    } catch (error) {
      status.textContent = errorText(error);
    }
    pending = null;
  };
  altInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); insertImage(); }
    if (event.key === "Escape") { altForm.hidden = true; text.focus(); }
  });
  add(altForm, el("label", { for: "image-alt-text" }, t("w-alt")), altInput, altError,
    el("button", { type: "button", onclick: insertImage }, t("w-insert")),
    el("button", { type: "button", class: "secondary", onclick: () => { altForm.hidden = true; text.focus(); } }, t("w-cancel")));
  file.addEventListener("change", () => { if (file.files[0]) askAlt(file.files[0]); file.value = ""; });
  text.addEventListener("dragover", (event) => { if (event.dataTransfer.types.includes("Files")) event.preventDefault(); });
  text.addEventListener("drop", (event) => {
    const dropped = event.dataTransfer.files[0];
    if (!dropped) return;
    event.preventDefault();
    askAlt(dropped);
  });
  text.addEventListener("paste", (event) => {
    const pastedFile = [...event.clipboardData.files][0];
    if (pastedFile) { event.preventDefault(); askAlt(pastedFile); return; }
    const html = event.clipboardData.getData("text/html");
    if (!html) return;
    event.preventDefault();
    insertAtCursor(htmlToMarkdown(html));
  });

  for (const control of [title, summary, text, tags, publishAt]) control.addEventListener("input", changed);
  for (const control of [comments, pinned, ack]) control.addEventListener("change", changed);

  // --- publishing, review, conflicts ---
  const showProblems = (list) => {
    for (const error of root.querySelectorAll(".field-error[id]")) { error.hidden = true; put(error); }
    for (const control of [title, summary, text, tags]) control.removeAttribute("aria-invalid");
    if (!list.length) { problems.hidden = true; return; }
    put(problems, el("p", {}, t("w-problems")), el("ul", {}, list.map((problem) => el("li", {},
      problem.line ? `${t("w-line", { n: problem.line })}: ` : "", problemText(problem)))));
    problems.hidden = false;
    for (const problem of list) {
      const name = problem.field === "author" ? "title" : problem.field;
      const error = root.querySelector(`#article-${name}-error`);
      const control = root.querySelector(`#article-${name}`);
      if (!error) continue;
      error.hidden = false;
      add(error, el("span", { class: "problem" },
        (problem.line ? `${t("w-line", { n: problem.line })}: ` : "") + problemText(problem)));
      control?.setAttribute("aria-invalid", "true");
    }
    problems.focus?.();
  };
  const showConflict = (error) => {
    put(conflict,
      el("h2", { id: "conflict-heading", tabindex: "-1" }, t("w-conflict")),
      el("div", { class: "versions" },
        el("div", {}, el("h3", { id: "mine-version" }, t("w-mine-version")),
          el("textarea", { readonly: true, rows: 14, "aria-labelledby": "mine-version" }, error.details.mine || text.value)),
        el("div", {}, el("h3", { id: "their-version" }, t("w-their-version")),
          el("textarea", { readonly: true, rows: 14, "aria-labelledby": "their-version" }, error.details.theirs || ""))),
      el("button", { type: "button", onclick: async () => {
        draft = await articles.rebase(draft.id);
        conflict.hidden = true;
        render();
      } }, t("w-rebase")));
    conflict.hidden = false;
    conflict.querySelector("h2").focus?.();
  };
  const act = async (button, action) => {
    button.disabled = true;
    try {
      await save();
      draft = await action();
      showProblems([]);
      conflict.hidden = true;
      render();
      if (draft.state === "publishing") watchLive();
    } catch (error) {
      if (error.code === "content_problems") showProblems(error.details.problems || []);
      else if (error.code === "edit_conflict") showConflict(error);
      else if (error.details.field && root.querySelector(`#article-${error.details.field}-error`)) {
        // e.g. the address is taken
        showProblems([{ field: error.details.field, message: error.code === "slug_taken" ? t("w-slug-taken") : error.message }]);
      } else status.textContent = errorText(error);
    } finally {
      button.disabled = false;
    }
  };
  let watching = false;
  const watchLive = async () => {
    if (watching) return;
    watching = true;
    while (draft.state === "publishing") {
      await new Promise((resolve) => setTimeout(resolve, 400));
      try { draft = await articles.get(draft.id); } catch { /* keep waiting */ }
    }
    watching = false;
    render();
  };

  const publishButton = el("button", { type: "button", class: "primary" });
  publishButton.addEventListener("click", () => act(publishButton, () => articles.publish(draft.id, draft.version)));
  const discardButton = el("button", { type: "button", class: "secondary" }, t("w-discard"));
  discardButton.addEventListener("click", async () => {
    if (!window.confirm(t("w-confirm-discard"))) return;
    await articles.discard(draft.id);
    location.assign(location.pathname);
  });
  const noteInput = el("textarea", { id: "review-note", rows: 3, maxlength: 2000 });
  const approveButton = el("button", { type: "button", class: "primary" }, t("w-approve"));
  approveButton.addEventListener("click", () => act(approveButton, () => articles.approve(draft.id)));
  const askButton = el("button", { type: "button", class: "secondary" }, t("w-ask"));
  askButton.addEventListener("click", () => {
    if (!noteInput.value.trim()) { noteInput.focus(); return; }
    act(askButton, () => articles.askForChanges(draft.id, noteInput.value));
  });
  const reviewPanel = el("section", { class: "review-panel", hidden: true, "aria-label": t("w-review") },
    el("label", { for: "review-note" }, t("w-note")), noteInput, el("p", { class: "actions" }, approveButton, askButton));

  const actions = el("p", { class: "actions" }, publishButton, draft.editing ? null : discardButton);
  const editorsOnly = (control, label) => (isEditor ? el("label", { class: "check" }, control, " ", label) : null);
  const form = el("form", { class: "article-form", novalidate: true, onsubmit: (event) => event.preventDefault() },
    el("p", { class: "muted" }, draft.category === "news" ? t("w-news") : t("w-blog"),
      draft.editing ? ` · ${t("w-edit-of")}` : "", draft.lang === "en" ? ` · ${t("w-en")}` : ""),
    problems,
    field("article-title", t("w-title"), title),
    field("article-summary", t("w-summary"), summary, t("w-summary-hint")),
    el("div", { class: "field", "data-field": "text" },
      el("label", { for: "article-text" }, t("w-text")),
      el("p", { class: "hint", id: "article-text-hint" }, t("w-text-hint")),
      toolbar, text, file, altForm,
      el("p", { class: "field-error", id: "article-text-error", hidden: true })),
    field("article-tags", t("w-tags"), tags, t("w-tags-hint")),
    el("fieldset", { class: "flags" }, el("legend", {}, t("w-flags")),
      el("label", { class: "check" }, comments, " ", t("w-comments")),
      editorsOnly(pinned, t("w-pinned")), editorsOnly(ack, t("w-ack"))),
    field("article-publishAt", t("w-publish-at"), publishAt),
    actions,
    status,
  );
  text.id = "article-text";
  text.setAttribute("aria-describedby", "article-text-hint article-text-error");
  problems.tabIndex = -1;

  const preview = el("section", { class: "editor-preview", "aria-labelledby": "preview-heading" },
    el("h2", { id: "preview-heading", class: "preview-label" }, t("w-preview")),
    el("article", { class: "article", lang: draft.lang },
      el("header", { class: "article-header" }, el("p", { class: "card-meta" }, previewCategory),
        previewTitle, previewByline),
      previewBody));

  const render = () => {
    put(steps, STEPS.map((step) => {
      const shown = draft.state === "changes" && step === "review" ? "changes"
        : draft.state === "scheduled" && step === "publishing" ? "scheduled" : step;
      const reached = STEPS.indexOf(step) <= STEPS.indexOf({ changes: "review", scheduled: "publishing" }[draft.state] || draft.state);
      return el("li", { class: reached ? "reached" : "", "aria-current": shown === draft.state ? "step" : null },
        stateLabel(shown));
    }));
    put(outcome,
      draft.state === "live" && draft.url ? el("p", { class: "notice" }, t("w-live-at"), " ", el("a", { href: draft.url }, draft.url)) : null,
      draft.state === "publishing" ? el("p", { class: "notice" }, t("w-publishing")) : null,
      draft.state === "review" && mine ? el("p", { class: "notice" }, t("w-in-review")) : null,
      draft.state === "scheduled" && draft.publishAt ? el("p", { class: "notice" },
        t("w-scheduled-at", { time: new Date(draft.publishAt).toLocaleString(lang() === "sv" ? "sv-SE" : "en-GB") })) : null,
    );
    const list = draft.notes || [];
    notes.hidden = !list.length;
    put(notes, el("h2", {}, t("w-notes")), el("ul", {}, list.map((note) => el("li", {},
      el("strong", {}, note.by), " ", el("span", { class: "muted" }, ago(note.at)), el("p", {}, note.text)))));
    publishButton.textContent = draft.canPublish ? t("w-publish") : t("w-submit");
    for (const control of form.querySelectorAll("input, textarea, button")) control.disabled = !editable();
    form.hidden = !mine;
    actions.hidden = !editable();
    reviewPanel.hidden = !(draft.canReview && draft.state === "review");
    previewCategory.textContent = draft.category === "news" ? t("w-news") : t("w-blog");
    previewByline.textContent = draft.author.name;
    schedulePreview();
  };

  put(root,
    el("div", { class: "editor-head" }, steps, outcome),
    conflict,
    notes,
    el("div", { class: "editor-columns" }, form, el("div", {}, reviewPanel, preview)),
  );
  render();
  if (draft.state === "publishing") watchLive();
  if (mine && editable()) title.focus();
}

function toLocalInput(iso) {
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
