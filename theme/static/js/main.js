// Mounts every [data-widget] on the page with the widget module of that name.
const widgets = {
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
};

for (const root of document.querySelectorAll("[data-widget]")) {
  const load = widgets[root.dataset.widget];
  if (!load) continue;
  load()
    .then((module) => module.mount(root, { ...root.dataset }))
    .catch((error) => console.error("widget", root.dataset.widget, error));
}

const counted = document.querySelectorAll("[data-counts-for]");
if (counted.length) import("./widgets/counts.js").then((module) => module.mount(counted));

if (document.body.dataset.liveReload) {
  import("./widgets/livereload.js").then((module) => module.mount(document.body, { url: document.body.dataset.liveReload }));
}
