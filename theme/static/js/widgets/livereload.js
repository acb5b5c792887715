// Preview only (the devserver): reload the page when the build changed it (the event names the changed
// pages; none named means all), and show a build error over the page. Never a page someone is writing
// on (the web editor): its own state shows when a published article is live.
import { addFirst, el } from "../dom.js";

export function mount(_root, config) {
  if (document.querySelector("[data-widget=editor]")) return;
  const source = new EventSource(config.url);
  source.addEventListener("reload", (event) => {
    document.getElementById("build-error")?.remove();
    const pages = JSON.parse(event.data || "null");
    if (!pages || pages.includes(location.pathname)) window.location.reload();
  });
  source.addEventListener("error", (event) => {
    if (!event.data) return; // the connection's own error event
    document.getElementById("build-error")?.remove();
    addFirst(document.body, el("div", { id: "build-error", role: "alert", class: "build-error" },
      el("strong", {}, "The site did not build (the page shows the last good build):"),
      el("pre", {}, JSON.parse(event.data).join("\n"))));
  });
}
