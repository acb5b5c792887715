// The article's fields: the controls, filled from the draft and collected for a save, laid out as a form
// with a label, hint and error line per field.
import { el } from "../dom.js";
import { t } from "../i18n.js";

export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];

export function controls() {
  return {
    title: el("input", { type: "text", name: "title", maxlength: 200, autocomplete: "off" }),
    summary: el("textarea", { name: "summary", rows: 2, maxlength: 600 }),
    text: el("textarea", { name: "text", rows: 18, spellcheck: "true", id: "article-text",
      "aria-describedby": "article-text-hint article-text-error" }),
    tags: el("input", { type: "text", name: "tags", autocomplete: "off" }),
    audience: el("input", { type: "text", name: "audience", autocomplete: "off", maxlength: 400 }),
    comments: el("input", { type: "checkbox", name: "comments" }),
    pinned: el("input", { type: "checkbox", name: "pinned" }),
    ack: el("input", { type: "checkbox", name: "acknowledge" }),
    publishAt: el("input", { type: "datetime-local", name: "publishAt" }),
    file: el("input", { type: "file", accept: IMAGE_TYPES.join(","), class: "visually-hidden", tabindex: "-1", "aria-hidden": "true" }),
  };
}

export function fill(ed) {
  const { draft, controls: c } = ed;
  c.title.value = draft.title || "";
  c.summary.value = draft.summary || "";
  c.text.value = draft.text || "";
  c.tags.value = (draft.tags || []).join(", ");
  c.audience.value = draft.audience || "";
  c.comments.checked = draft.comments !== false;
  c.pinned.checked = !!draft.pinned;
  c.ack.checked = !!draft.acknowledge;
  c.publishAt.value = draft.publishAt ? toLocalInput(draft.publishAt) : "";
}

export function collect(ed) {
  const c = ed.controls;
  return {
    title: c.title.value, summary: c.summary.value, text: c.text.value,
    tags: c.tags.value.split(",").map((tag) => tag.trim()).filter(Boolean),
    audience: c.audience.value,
    comments: c.comments.checked, ...(ed.isEditor ? { pinned: c.pinned.checked, acknowledge: c.ack.checked } : {}),
    publishAt: c.publishAt.value ? new Date(c.publishAt.value).toISOString().replace(/\.\d+Z$/, "+00:00") : null,
  };
}

function field(id, label, control, hint) {
  control.id = id;
  const error = el("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", described);
  return el("div", { class: "field", "data-field": id.replace("article-", "") },
    el("label", { for: id }, label), hint ? el("p", { class: "hint", id: `${id}-hint` }, hint) : null, control, error);
}

// `parts`: the problems box, the toolbar, the image's alt text form, the actions and the save status.
export function articleForm(ed, parts) {
  const c = ed.controls;
  const { draft } = ed;
  const editorsOnly = (control, label) => (ed.isEditor ? el("label", { class: "check" }, control, " ", label) : null);
  return el("form", { class: "article-form", novalidate: true, onsubmit: (event) => event.preventDefault() },
    el("p", { class: "muted" }, draft.category === "news" ? t("w-news") : t("w-blog"),
      draft.editing ? ` · ${t("w-edit-of")}` : "", draft.lang === "en" ? ` · ${t("w-en")}` : ""),
    parts.problems,
    field("article-title", t("w-title"), c.title),
    field("article-summary", t("w-summary"), c.summary, t("w-summary-hint")),
    el("div", { class: "field", "data-field": "text" },
      el("label", { for: "article-text" }, t("w-text")),
      el("p", { class: "hint", id: "article-text-hint" }, t("w-text-hint")),
      parts.toolbar, c.text, c.file, parts.altForm,
      el("p", { class: "field-error", id: "article-text-error", hidden: true })),
    field("article-tags", t("w-tags"), c.tags, t("w-tags-hint")),
    field("article-audience", t("w-audience"), c.audience, t("w-audience-hint")),
    el("fieldset", { class: "flags" }, el("legend", {}, t("w-flags")),
      el("label", { class: "check" }, c.comments, " ", t("w-comments")),
      editorsOnly(c.pinned, t("w-pinned")), editorsOnly(c.ack, t("w-ack"))),
    field("article-publishAt", t("w-publish-at"), c.publishAt),
    parts.actions,
    ed.status,
  );
}

function toLocalInput(iso) {
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
