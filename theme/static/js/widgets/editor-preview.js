// The live preview beside the form, in the article page's own layout, rendered (and sanitised) by the server.
import * as articles from "../articles-api.js";
import { el } from "../dom.js";
import { t } from "../i18n.js";

const PREVIEW_AFTER_MS = 250;

export function preview(ed) {
  const title = el("h1", {});
  const body = el("div", { class: "prose" });
  const byline = el("p", { class: "byline muted" });
  const category = el("span", { class: "tag-label" });
  const section = el("section", { class: "editor-preview", "aria-labelledby": "preview-heading" },
    el("h2", { id: "preview-heading", class: "preview-label" }, t("w-preview")),
    el("article", { class: "article", lang: ed.draft.lang },
      el("header", { class: "article-header" }, el("p", { class: "card-meta" }, category), title, byline),
      body));
  let timer = null;
  let previewed = null;
  const schedule = () => {
    title.textContent = ed.controls.title.value || t("w-untitled");
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = ed.controls.text.value;
      if (text === previewed) return;
      previewed = text;
      try {
        body.innerHTML = (await articles.preview(text)).html; // sanitised by the server
      } catch { /* the preview catches up at the next change */ }
    }, PREVIEW_AFTER_MS);
  };
  const render = () => {
    category.textContent = ed.draft.category === "news" ? t("w-news") : t("w-blog");
    byline.textContent = ed.draft.author.name;
    schedule();
  };
  return { section, schedule, render };
}
