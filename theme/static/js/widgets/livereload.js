// Preview only (the devserver): reload the page when the site has been rebuilt. Never a page
// someone is writing on (the web editor): its own state shows when a published article is live.
export function mount(_root, config) {
  if (document.querySelector("[data-widget=editor]")) return;
  const source = new EventSource(config.url);
  source.addEventListener("reload", () => window.location.reload());
}
