"""Installable and readable offline: the manifest, the service worker, offline reading, logout forgets."""

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser
ARTICLE = "/news/torget-oppnar/"

KEPT_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    urls.push(...(await cache.keys()).map((request) => new URL(request.url).pathname));
  }
  return urls;
}"""


def test_the_web_app_manifest_names_the_app_and_its_icons(devserver):
    manifest = requests.get(devserver.url + "/theme/app.webmanifest", timeout=5)
    assert manifest.headers["Content-Type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["short_name"] == "Torget" and data["display"] == "standalone" and data["start_url"] == "/"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        image = requests.get(devserver.url + icon["src"], timeout=5)
        assert image.status_code == 200 and image.headers["Content-Type"].startswith(icon["type"])


def test_a_page_read_once_reads_offline_and_logout_forgets_it(page, devserver):
    log_in(page, devserver, "sara.nilsson", ARTICLE)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker's control: this read is kept
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    expect(page.locator(".comment").first).to_be_visible()
    kept = page.evaluate(KEPT_URLS)
    assert ARTICLE in kept and "/theme/css/torget.css" in kept
    assert not [url for url in kept if url.startswith("/api/")], "no personal API data is kept"

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text("Torget öppnar – vårt nya intranät där alla kan svara")
    expect(page.locator(".offline-note")).to_contain_text("Du är offline")
    page.context.set_offline(False)
    page.wait_for_load_state()  # the page reloads itself when the connection is back
    expect(page.locator(".offline-note")).to_have_count(0)

    page.locator(".account-button").click()
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/login/?loggedout=1")
    assert ARTICLE not in page.evaluate(KEPT_URLS), "logging out empties what was kept"
