// Preview only (the devserver): reload the page when the site has been rebuilt.
export function mount(_root, config) {
  const source = new EventSource(config.url);
  source.addEventListener("reload", () => window.location.reload());
}
