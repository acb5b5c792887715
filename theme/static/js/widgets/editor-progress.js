// Where the article is: the steps draft → review → publishing → live, what happened last, the editors' notes.
import { el, put } from "../dom.js";
import { ago, lang, t } from "../i18n.js";

const STEPS = ["draft", "review", "publishing", "live"];
export const stateLabel = (state) => t(`w-state-${state}`);

function drawSteps(steps, state) {
  const at = STEPS.indexOf({ changes: "review", scheduled: "publishing" }[state] || state);
  put(steps, STEPS.map((step) => {
    const shown = state === "changes" && step === "review" ? "changes"
      : state === "scheduled" && step === "publishing" ? "scheduled" : step;
    return el("li", { class: STEPS.indexOf(step) <= at ? "reached" : "", "aria-current": shown === state ? "step" : null },
      stateLabel(shown));
  }));
}

export function progress(ed) {
  const steps = el("ol", { class: "steps", "aria-label": t("w-steps") });
  const outcome = el("div", { class: "outcome", "aria-live": "polite" });
  const notes = el("section", { class: "notes", hidden: true });
  const render = () => {
    const { draft } = ed;
    drawSteps(steps, draft.state);
    put(outcome,
      draft.state === "live" && draft.url ? el("p", { class: "notice" }, t("w-live-at"), " ", el("a", { href: draft.url }, draft.url)) : null,
      draft.state === "publishing" ? el("p", { class: "notice" }, t("w-publishing")) : null,
      draft.state === "review" && ed.mine ? el("p", { class: "notice" }, t("w-in-review")) : null,
      draft.state === "scheduled" && draft.publishAt ? el("p", { class: "notice" },
        t("w-scheduled-at", { time: new Date(draft.publishAt).toLocaleString(lang() === "sv" ? "sv-SE" : "en-GB") })) : null,
    );
    const list = draft.notes || [];
    notes.hidden = !list.length;
    put(notes, el("h2", {}, t("w-notes")), el("ul", {}, list.map((note) => el("li", {},
      el("strong", {}, note.by), " ", el("span", { class: "muted" }, ago(note.at)), el("p", {}, note.text)))));
  };
  return { head: el("div", { class: "editor-head" }, steps, outcome), notes, render };
}
