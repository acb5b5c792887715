// Mounts every [data-widget] on the page with the widget module of that name.
import { addFirst, el } from "./dom.js";

document.documentElement.classList.add("has-js"); // the stylesheet folds the phone menu only when it can be opened
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
  search: () => import("./widgets/search.js"),
};

function start(root) {
  const load = widgets[root.dataset.widget];
  if (!load) return;
  load()
    .then((module) => module.mount(root, { ...root.dataset }))
    .catch((error) => console.error("widget", root.dataset.widget, error));
}

for (const root of document.querySelectorAll("[data-widget]")) {
  if (root.dataset.lazy !== "focus") {
    start(root);
    continue;
  }
  // Loaded when first used (the header's search box): pages stay light until then.
  const wake = () => { root.removeEventListener("focusin", wake); root.removeEventListener("pointerenter", wake); start(root); };
  root.addEventListener("focusin", wake);
  root.addEventListener("pointerenter", wake);
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

// Offline: say so once, at the top; when the connection is back, the page loads its conversation again.
let wentOffline = !navigator.onLine;
const offlineNote = () => document.querySelector(".offline-note");
function showOffline() {
  wentOffline = true;
  if (offlineNote()) return;
  addFirst(document.body, el("p", { class: "offline-note", role: "status" }, document.body.dataset.lang === "en"
    ? "You are offline: this is the page as you last read it. Comments and the feed come back when you are online."
    : "Du är offline: sidan visas som när du senast läste den. Kommentarer och flödet kommer tillbaka när du är online."));
}
if (wentOffline) showOffline();
window.addEventListener("offline", showOffline);
window.addEventListener("torget:offline", showOffline);
window.addEventListener("online", () => { if (wentOffline) window.location.reload(); });
