// Mounts every [data-widget] on the page with the widget module of that name.
const widgets = {
  menu: () => import("./widgets/menu.js"),
  session: () => import("./widgets/session.js"),
  greeting: () => import("./widgets/greeting.js"),
  "login-link": () => import("./widgets/login.js"),
  "login-message": () => import("./widgets/login.js"),
  comments: () => import("./widgets/comments.js"),
  feed: () => import("./widgets/feed.js"),
  post: () => import("./widgets/post.js"),
  groups: () => import("./widgets/groups.js"),
  group: () => import("./widgets/group.js"),
  "my-groups": () => import("./widgets/mygroups.js"),
  chat: () => import("./widgets/chat.js"),
  "chat-badge": () => import("./widgets/chatbadge.js"),
  bell: () => import("./widgets/bell.js"),
  banners: () => import("./widgets/banners.js"),
  notifications: () => import("./widgets/notifications.js"),
  acknowledge: () => import("./widgets/acknowledge.js"),
  acks: () => import("./widgets/acks.js"),
  "banner-admin": () => import("./widgets/banneradmin.js"),
  people: () => import("./widgets/people.js"),
  person: () => import("./widgets/person.js"),
  org: () => import("./widgets/org.js"),
  moments: () => import("./widgets/moments.js"),
  listing: () => import("./widgets/listing.js"),
  search: () => import("./widgets/search.js"),
  editor: () => import("./widgets/editor.js"),
  share: () => import("./widgets/share.js"),
  "my-data": () => import("./widgets/mydata.js"),
  privacy: () => import("./widgets/privacy.js"),
  moderation: () => import("./widgets/moderation.js"),
  audit: () => import("./widgets/audit.js"),
};

function start(root) {
  const load = widgets[root.dataset.widget];
  if (!load) return Promise.resolve();
  return load()
    .then((module) => module.mount(root, { ...root.dataset }))
    .catch((error) => console.error("widget", root.dataset.widget, error));
}

// The page's own content first, then the header's tools: their API calls queue in that order, so what the
// person came to see is answered first.
const roots = [...document.querySelectorAll("[data-widget]")];
const inMain = (root) => Boolean(root.closest("main"));
for (const root of [...roots.filter(inMain), ...roots.filter((root) => !inMain(root))]) {
  if (root.dataset.lazy === "click") {
    // Loaded by the first press (the phone menu's button), which it then answers.
    root.addEventListener("click", () => start(root).then(() => root.click()), { once: true });
    continue;
  }
  if (root.dataset.lazy === "open") {
    root.addEventListener("toggle", () => start(root), { once: true }); // a disclosure filled when first opened
    continue;
  }
  if (root.dataset.lazy !== "focus") {
    start(root);
    continue;
  }
  // Loaded when first used (the header's search box): pages stay light until then.
  const wake = () => { root.removeEventListener("focusin", wake); root.removeEventListener("pointerenter", wake); start(root); };
  root.addEventListener("focusin", wake);
  root.addEventListener("pointerenter", wake);
}

// An article page counts its reader once (anonymously; the browser remembers it counted).
const read = document.querySelector("article[data-thread]")?.dataset.thread;
if (read && !localStorage.getItem("read:" + read)) {
  fetch(`/api/reads/${encodeURIComponent(read)}`, { method: "POST", headers: { "X-Requested-With": "torget" } })
    .then((response) => response.json().then(() => response.ok && localStorage.setItem("read:" + read, "1")))
    .catch(() => {}); // the body is read, or the request never finishes for the browser's network idle
}

// A person's card over their name, on screens with a pointer that hovers: loaded by the first name hovered
// or focused, which it then answers.
if (matchMedia("(hover: hover)").matches) {
  const wake = (event) => {
    if (!event.target.closest?.("a.person-link")) return;
    document.removeEventListener("mouseover", wake);
    document.removeEventListener("focusin", wake);
    import("./widgets/hovercard.js").then((module) => {
      module.mount();
      event.target.dispatchEvent(new FocusEvent(event.type === "focusin" ? "focusin" : "mouseover", { bubbles: true }));
    });
  };
  document.addEventListener("mouseover", wake);
  document.addEventListener("focusin", wake);
}

const counted = document.querySelectorAll("[data-counts-for]");
if (counted.length) import("./widgets/counts.js").then((module) => module.mount(counted));

if (document.body.dataset.liveReload) {
  import("./widgets/livereload.js").then((module) => module.mount(document.body, { url: document.body.dataset.liveReload }));
}

// Installable and readable offline: the service worker keeps pages and theme files read before.
const worker = document.body.dataset.serviceWorker;
if (worker && "serviceWorker" in navigator) {
  navigator.serviceWorker.register(worker, { scope: "/" }).catch((error) => console.warn("service worker", error));
}

// Offline: a note at the top (loaded only when needed); the page reloads when the connection is back.
const offline = () => import("./offline.js").then((module) => module.show());
if (!navigator.onLine) offline();
window.addEventListener("offline", offline);
window.addEventListener("torget:offline", offline);
