// Publish or submit, approve or ask for changes, throw a draft away; the content problems beside their
// fields, both versions side by side when an edit conflicts, and waiting until the site has it live.
import * as articles from "../articles-api.js";
import { add, el, put } from "../dom.js";
import { errorText, t } from "../i18n.js";

// A content problem in the page's language (the server's English message when it has no code).
const problemText = (problem) => (problem.code && problem.code !== "other"
  ? t(`w-p-${problem.code}`, { detail: problem.detail || "" }) : problem.message);
const lined = (problem) => (problem.line ? `${t("w-line", { n: problem.line })}: ` : "") + problemText(problem);

function showProblems(ed, list) {
  const { root, problems } = ed;
  for (const error of root.querySelectorAll(".field-error[id]")) { error.hidden = true; put(error); }
  for (const name of ["title", "summary", "text", "tags"]) ed.controls[name].removeAttribute("aria-invalid");
  if (!list.length) { problems.hidden = true; return; }
  put(problems, el("p", {}, t("w-problems")), el("ul", {}, list.map((problem) => el("li", {}, lined(problem)))));
  problems.hidden = false;
  for (const problem of list) {
    const name = problem.field === "author" ? "title" : problem.field;
    const error = root.querySelector(`#article-${name}-error`);
    if (!error) continue;
    error.hidden = false;
    add(error, el("span", { class: "problem" }, lined(problem)));
    root.querySelector(`#article-${name}`)?.setAttribute("aria-invalid", "true");
  }
  problems.focus?.();
}

function showConflict(ed, error) {
  const version = (id, label, text) => el("div", {}, el("h3", { id }, label),
    el("textarea", { readonly: true, rows: 14, "aria-labelledby": id }, text));
  put(ed.conflict,
    el("h2", { id: "conflict-heading", tabindex: "-1" }, t("w-conflict")),
    el("div", { class: "versions" },
      version("mine-version", t("w-mine-version"), error.details.mine || ed.controls.text.value),
      version("their-version", t("w-their-version"), error.details.theirs || "")),
    el("button", { type: "button", onclick: async () => {
      ed.draft = await articles.rebase(ed.draft.id);
      ed.conflict.hidden = true;
      ed.render();
    } }, t("w-rebase")));
  ed.conflict.hidden = false;
  ed.conflict.querySelector("h2").focus?.();
}

// Saves first, then the action; what the server refuses is shown where the writer can fix it.
async function act(ed, button, action) {
  button.disabled = true;
  try {
    await ed.save();
    ed.draft = await action();
    showProblems(ed, []);
    ed.conflict.hidden = true;
    ed.render();
    if (ed.draft.state === "publishing") watchLive(ed);
  } catch (error) {
    if (error.code === "content_problems") showProblems(ed, error.details.problems || []);
    else if (error.code === "edit_conflict") showConflict(ed, error);
    else if (error.details.field && ed.root.querySelector(`#article-${error.details.field}-error`)) {
      // e.g. the address is taken
      showProblems(ed, [{ field: error.details.field, message: error.code === "slug_taken" ? t("w-slug-taken") : error.message }]);
    } else ed.status.textContent = errorText(error);
  } finally {
    button.disabled = false;
  }
}

// "Publishing" until the site's build holds the committed file; then the page shows where it is live.
export async function watchLive(ed) {
  if (ed.watching) return;
  ed.watching = true;
  while (ed.draft.state === "publishing") {
    await new Promise((resolve) => setTimeout(resolve, 400));
    try { ed.draft = await articles.get(ed.draft.id); } catch { /* keep waiting */ }
  }
  ed.watching = false;
  ed.render();
}

export function writerActions(ed) {
  const publish = el("button", { type: "button", class: "primary" });
  publish.addEventListener("click", () => act(ed, publish, () => articles.publish(ed.draft.id, ed.draft.version)));
  const discard = el("button", { type: "button", class: "secondary" }, t("w-discard"));
  discard.addEventListener("click", async () => {
    if (!(await (await import("./confirm.js")).confirmDialog(t("w-confirm-discard"), t("w-discard")))) return;
    await ed.save();
    if (ed.draft.id) await articles.discard(ed.draft.id);
    location.assign(location.pathname);
  });
  const node = el("p", { class: "actions" }, publish, ed.draft.editing ? null : discard);
  const render = () => {
    publish.textContent = ed.draft.canPublish ? t("w-publish") : t("w-submit");
    node.hidden = !ed.editable();
  };
  return { node, render };
}

export function reviewPanel(ed) {
  const note = el("textarea", { id: "review-note", rows: 3, maxlength: 2000 });
  const approve = el("button", { type: "button", class: "primary" }, t("w-approve"));
  approve.addEventListener("click", () => act(ed, approve, () => articles.approve(ed.draft.id)));
  const ask = el("button", { type: "button", class: "secondary" }, t("w-ask"));
  ask.addEventListener("click", () => {
    if (!note.value.trim()) { note.focus(); return; }
    act(ed, ask, () => articles.askForChanges(ed.draft.id, note.value));
  });
  const node = el("section", { class: "review-panel", hidden: true, "aria-label": t("w-review") },
    el("label", { for: "review-note" }, t("w-note")), note, el("p", { class: "actions" }, approve, ask));
  const render = () => { node.hidden = !(ed.draft.canReview && ed.draft.state === "review"); };
  return { node, render };
}
