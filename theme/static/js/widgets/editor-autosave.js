// Autosave: every change is saved to the server shortly after typing stops, and when the page is hidden
// or left. Saves run one after another; a second window's newer version is never overwritten.
import * as articles from "../articles-api.js";
import { errorText, lang, t } from "../i18n.js";
import { collect } from "./editor-form.js";

const SAVE_AFTER_MS = 800;

export function autosave(ed) {
  let timer = null;
  let saving = Promise.resolve();
  let dirty = false;
  ed.save = () => {
    clearTimeout(timer);
    if (!ed.draft.id && !ed.controls.title.value && !ed.controls.text.value) return saving; // nothing typed yet
    if (!ed.draft.id) dirty = true;
    if (!dirty || !ed.editable()) return saving;
    dirty = false;
    ed.status.textContent = t("w-saving");
    saving = saving.then(async () => {
      try {
        if (ed.draft.id) ed.draft = await articles.save(ed.draft.id, { version: ed.draft.version, ...collect(ed) });
        else {
          // The first keystroke of a new article makes its draft, with what was typed.
          const { category, lang: language } = ed.draft;
          ed.draft = await articles.create({ category, lang: language, ...collect(ed) });
          history.replaceState(null, "", `${location.pathname}?id=${encodeURIComponent(ed.draft.id)}`);
        }
        const time = new Date().toLocaleTimeString(lang() === "sv" ? "sv-SE" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
        ed.status.textContent = t("w-saved", { time });
        ed.render();
      } catch (error) {
        ed.status.textContent = error.code === "version_conflict" ? t("w-other-window")
          : t("w-save-failed", { error: errorText(error) });
        if (error.code !== "version_conflict") dirty = true;
      }
    });
    return saving;
  };
  ed.changed = () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(ed.save, SAVE_AFTER_MS);
    ed.preview.schedule();
  };
  const c = ed.controls;
  for (const control of [c.title, c.summary, c.text, c.tags, c.publishAt]) control.addEventListener("input", ed.changed);
  for (const control of [c.comments, c.pinned, c.ack]) control.addEventListener("change", ed.changed);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") ed.save(); });
  window.addEventListener("pagehide", ed.save);
}
