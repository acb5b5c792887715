// A feed (the company's, or a group's): a post box, cards, more as you scroll.
import "./social-strings.js";
import * as api from "../api.js";
import { add, addFirst, clear, el, put } from "../dom.js";
import * as live from "../live.js";
import { errorText, t } from "../i18n.js";
import { card } from "./postcard.js";

export async function mount(root, config) {
  const groupId = config.group || null;
  const limit = Number(config.limit) || 20;
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const say = (text) => { status.textContent = text; };
  const list = el("div", { class: "feed-list" });
  const empty = el("p", { class: "empty", hidden: true }, t("feed-empty"));
  const more = config.moreUrl
    ? el("a", { class: "more", href: config.moreUrl }, t("feed-all") + " →")
    : el("button", { type: "button", class: "more-button", hidden: true }, t("feed-more"));
  const seen = new Set();
  let next = null;
  let loading = false;

  const load = (cursor) => (groupId ? api.groupFeed(groupId, cursor, limit) : api.feed(cursor, limit));
  function addCards(items, { top = false } = {}) {
    for (const item of items) {
      if (seen.has(item.target)) continue; // never the same card twice
      seen.add(item.target);
      const node = card(item, { say, onDeleted: () => { empty.hidden = list.children.length > 0; } });
      top ? addFirst(list, node) : add(list, node);
    }
    empty.hidden = list.children.length > 0;
  }
  async function loadMore() {
    if (loading || !next) return;
    loading = true;
    try {
      const page = await load(next);
      next = page.next;
      addCards(page.items);
      more.hidden = !next;
    } catch (error) { say(errorText(error)); }
    loading = false;
  }

  let first;
  try {
    first = await load(null);
  } catch (error) {
    put(root, el("p", { class: "notice" }, error.status === 404 ? t("not-found") : errorText(error)));
    return;
  }
  const box = config.compose === "on"
    ? lazyComposer({ label: groupId ? t("post-in-group") : t("post-label"), groupId, say,
        onPosted: (created) => addCards([created], { top: true }) })
    : null;
  // New posts wait behind a polite bar instead of moving what is being read.
  const fresh = new Set();
  const bar = el("button", { type: "button", class: "new-posts", hidden: true });
  bar.addEventListener("click", async () => {
    try {
      const page = await load(null);
      addCards(page.items.filter((item) => !seen.has(item.target)).reverse(), { top: true });
    } catch (error) { say(errorText(error)); }
    fresh.clear();
    bar.hidden = true;
    list.firstElementChild?.querySelector("a, button")?.focus();
  });
  const me = await api.me().catch(() => ({ id: "" }));
  live.on(groupId ? `group:${groupId}` : "feed", (event) => {
    if (event.type !== "post.created" || seen.has(event.data.target)) return;
    fresh.add(event.data.target);
    bar.textContent = t("new-posts", { n: fresh.size });
    bar.hidden = false;
  });
  live.ready(groupId ? `group:${groupId}` : "feed").then(() => { root.dataset.live = "ready"; });
  live.onReconnect(async () => {
    try {
      const page = await load(null);
      for (const item of page.items) if (!seen.has(item.target) && item.author?.id !== me.id) fresh.add(item.target);
      if (fresh.size) { bar.textContent = t("new-posts", { n: fresh.size }); bar.hidden = false; }
    } catch { /* next event */ }
  });
  put(root, ...[box, bar, status, empty, list, more].filter(Boolean));
  next = first.next;
  addCards(first.items);
  if (!config.moreUrl) {
    more.hidden = !next;
    more.addEventListener("click", loadMore);
    // Loading more as you scroll; the button stays for keyboards.
    if ("IntersectionObserver" in window) {
      new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) loadMore(); })
        .observe(more);
    }
  }
}

// The post box as it looks before anyone writes: the full composer (preview, images, uploads) loads on
// first focus, taking over what was typed, so reading the feed does not pay for writing.
function lazyComposer(options) {
  const area = el("textarea", { id: "post-box", rows: 3, maxlength: 10000 });
  const box = el("form", { class: "comment-form composer" }, el("label", { for: "post-box" }, options.label), area);
  const warm = () => import("./composer.js");
  area.addEventListener("pointerenter", warm, { once: true });
  area.addEventListener("focus", async () => {
    const { composer } = await warm();
    const real = composer(options);
    const realArea = real.querySelector("textarea");
    realArea.value = area.value;
    const focused = document.activeElement === area;
    box.replaceWith(real);
    if (focused) {
      realArea.focus();
      realArea.setSelectionRange(realArea.value.length, realArea.value.length);
    }
  }, { once: true });
  return box;
}
