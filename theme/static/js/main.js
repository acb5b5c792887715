// Mounts every [data-widget] on the page with the widget module of that name.
const widgets = {
  session: () => import("./widgets/session.js"),
  greeting: () => import("./widgets/greeting.js"),
  "login-link": () => import("./widgets/login.js"),
  "login-message": () => import("./widgets/login.js"),
};

for (const root of document.querySelectorAll("[data-widget]")) {
  const load = widgets[root.dataset.widget];
  if (!load) continue;
  load()
    .then((module) => module.mount(root, { ...root.dataset }))
    .catch((error) => console.error("widget", root.dataset.widget, error));
}

if (document.body.dataset.liveReload) {
  import("./widgets/livereload.js").then((module) => module.mount(document.body, { url: document.body.dataset.liveReload }));
}
