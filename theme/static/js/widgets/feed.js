// A feed (the company's, or a group's): a post box, cards, more as you scroll.
// `view`: the feed's list and state, shared by the parts.
import "./social-strings.js";
import * as api from "../api.js";
import { add, addFirst, el, put } from "../dom.js";
import * as live from "../live.js";
import { remember, remembered } from "../repaint.js";
import { errorText, t } from "../i18n.js";
import { card } from "./postcard.js";

export async function mount(root, config) {
  const groupId = config.group || null;
  const limit = Number(config.limit) || 20;
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const view = {
    list: el("div", { class: "feed-list" }), empty: el("p", { class: "empty", hidden: true }, t("feed-empty")),
    seen: new Set(), next: null, loading: false, topic: groupId ? `group:${groupId}` : "feed",
    load: (cursor) => (groupId ? api.groupFeed(groupId, cursor, limit) : api.feed(cursor, limit)),
    say: (text) => { status.textContent = text; },
  };
  const kept = `feed:${groupId || ""}:${limit}`;
  const fresh = view.load(null);
  let first = remembered(kept);
  if (!first) {
    try {
      first = await fresh;
    } catch (error) {
      put(root, el("p", { class: "notice" }, error.status === 404 ? t("not-found") : errorText(error)));
      return;
    }
  }
  const box = config.compose === "on"
    ? lazyComposer({ label: groupId ? t("post-in-group") : t("post-label"), groupId, say: view.say,
        onPosted: (created) => addCards(view, [created], true) })
    : null;
  const bar = newPosts(view, root);
  const more = config.moreUrl
    ? el("a", { class: "more", href: config.moreUrl }, t("feed-all") + " →")
    : el("button", { type: "button", class: "more-button", hidden: true }, t("feed-more"));
  put(root, box, bar, status, view.empty, view.list, more);
  view.next = first.next;
  addCards(view, first.items);
  if (!config.moreUrl) endless(view, more);
  // What was shown last time is painted at once; the server's answer then takes its place.
  fresh.then((page) => {
    remember(kept, page);
    if (page === first) return;
    view.seen.clear();
    put(view.list);
    view.next = page.next;
    addCards(view, page.items);
  }).catch((error) => view.say(errorText(error)));
}

function addCards(view, items, top = false) {
  const { list, empty } = view;
  for (const item of items) {
    if (view.seen.has(item.target)) continue; // never the same card twice
    view.seen.add(item.target);
    const node = card(item, { say: view.say, onDeleted: () => { empty.hidden = list.children.length > 0; } });
    top ? addFirst(list, node) : add(list, node);
  }
  empty.hidden = list.children.length > 0;
}

// More cards as you scroll; the button stays for keyboards.
function endless(view, more) {
  const loadMore = async () => {
    if (view.loading || !view.next) return;
    view.loading = true;
    try {
      const page = await view.load(view.next);
      view.next = page.next;
      addCards(view, page.items);
      more.hidden = !view.next;
    } catch (error) { view.say(errorText(error)); }
    view.loading = false;
  };
  more.hidden = !view.next;
  more.addEventListener("click", loadMore);
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) loadMore(); }).observe(more);
  }
}

// New posts wait behind a polite bar instead of moving what is being read.
function newPosts(view, root) {
  const fresh = new Set();
  const bar = el("button", { type: "button", class: "new-posts", hidden: true });
  const show = () => { bar.textContent = t("new-posts", { n: fresh.size }); bar.hidden = false; };
  bar.addEventListener("click", async () => {
    try {
      const page = await view.load(null);
      addCards(view, page.items.filter((item) => !view.seen.has(item.target)).reverse(), true);
    } catch (error) { view.say(errorText(error)); }
    fresh.clear();
    bar.hidden = true;
    view.list.firstElementChild?.querySelector("a, button")?.focus();
  });
  const me = { id: "" };
  api.me().then((person) => { me.id = person.id; }).catch(() => {});
  live.on(view.topic, (event) => {
    if (event.type !== "post.created" || view.seen.has(event.data.target) || event.data.author === me.id) return;
    fresh.add(event.data.target);
    show();
  });
  live.ready(view.topic).then(() => { root.dataset.live = "ready"; });
  live.onReconnect(async () => {
    try {
      const page = await view.load(null);
      for (const item of page.items) if (!view.seen.has(item.target) && item.author?.id !== me.id) fresh.add(item.target);
      if (fresh.size) show();
    } catch { /* next event */ }
  });
  return bar;
}

// The post box as it looks before anyone writes: the full composer (preview, images, uploads) loads on
// first focus, taking over what was typed, so reading the feed does not pay for writing.
function lazyComposer(options) {
  const area = el("textarea", { id: "post-box", rows: 1, maxlength: 10000 }); // one line until it is used
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
