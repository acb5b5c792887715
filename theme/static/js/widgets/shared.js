// A shared item's card (in the feed, a group, a conversation): the original's title, snippet and
// author with its link, or "not available" when this reader may not see the original any more.
import "./social-strings.js";
import { el } from "../dom.js";
import { t } from "../i18n.js";

// What a share shows of its original, while this reader may see it.
export function sharedCard(shared) {
  if (shared.available === false) return el("div", { class: "shared-card muted" }, t("shared-gone"));
  return el("div", { class: "shared-card" },
    el("p", { class: "muted" }, shared.author, shared.group ? ` · ${t("in-group", { name: shared.group })}` : ""),
    shared.title ? el("h3", { class: "card-title" }, el("a", { href: shared.url }, shared.title)) : null,
    el("p", {}, shared.snippet, " ", shared.title ? null : el("a", { href: shared.url }, t("open-post"))));
}
