// Preview only (the devserver): reload the page when the site has been rebuilt.
export function mount(_root, config) {
  const source = new EventSource(config.url);
  source.addEventListener("reload", async () => {
    await newWorker();
    window.location.reload();
  });
}

// A rebuild that changed the theme also changed /sw.js: let the new worker (and its caches) take over
// first, so the reload shows the new files, not the ones the old worker kept.
async function newWorker() {
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => null);
  if (!registration) return;
  await registration.update().catch(() => {});
  if (!registration.installing && !registration.waiting) return;
  await new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
    setTimeout(resolve, 3000);
  });
}
