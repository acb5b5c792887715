"""A person in a browser: log in, read, switch language, log out; axe on the pages they see."""

import json
import os
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, log_in

pytestmark = pytest.mark.browser
AXE = (ROOT / "node_modules/axe-core/axe.min.js").read_text()


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE)
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    return [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]


def test_the_site_is_private_until_login(devserver):
    response = requests.get(devserver.url + "/news/torget-oppnar/", allow_redirects=False, timeout=5)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login/?next=/news/torget-oppnar/"
    assert requests.get(devserver.url + "/login/", timeout=5).status_code == 200
    assert requests.get(devserver.url + "/manifest.json", allow_redirects=False, timeout=5).status_code == 302


def test_the_devserver_prints_the_url_and_demo_logins(devserver):
    printed = devserver.output()
    assert devserver.url in printed
    for sub in ("karin.ek", "johan.lind", "sara.nilsson", "ahmed.hassan"):
        assert sub in printed


def test_log_in_read_switch_to_english_and_log_out(page, devserver):
    log_in(page, devserver, "karin.ek")
    expect(page.locator(".session .who")).to_contain_text("Karin Ek")
    expect(page.locator("h1")).to_contain_text("Välkommen till Torget")
    expect(page.locator(".greeting")).to_have_text("Hej, Karin!")
    expect(page.locator("#ceo-heading")).to_have_text("VD-bloggen")

    page.locator(".pinned-section .card-title a", has_text="Torget öppnar").click()
    expect(page.locator("h1")).to_have_text("Torget öppnar – vårt nya intranät där alla kan svara")
    expect(page.locator("article.article")).to_have_attribute("data-thread", "article:torget-oppnar")

    page.locator(".account-button").click()
    page.locator(".site-header").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/news/torget-oppnar/")
    expect(page.locator("h1")).to_have_text("Torget opens – our new intranet where everyone can reply")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("News")

    page.locator(".account-button").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/?loggedout=1")
    expect(page.locator("h1")).to_have_text("Log in to Torget")
    expect(page.get_by_role("status")).to_have_text("You have logged out.")
    page.goto(devserver.url + "/")
    page.wait_for_url("**/login/?next=/")


def test_login_returns_to_the_page_asked_for(page, devserver):
    log_in(page, devserver, "sara.nilsson", "/blog/ny-som-ingenjor/")
    expect(page.locator("h1")).to_have_text("Min första månad som driftingenjör")
    expect(page.locator(".session .who")).to_contain_text("Sara Nilsson")


def test_the_keyboard_reaches_the_content_first(page, devserver):
    log_in(page, devserver, "johan.lind")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


@pytest.mark.parametrize("path", ["/", "/news/torget-oppnar/", "/en/blog/varfor-jag-bloggar/", "/people/karin-ek/"])
def test_pages_have_no_serious_accessibility_violations(page, devserver, path):
    log_in(page, devserver, "ahmed.hassan", path)
    page.locator(".session .who").wait_for(state="attached")
    violations = axe_violations(page)
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_the_login_page_has_no_serious_accessibility_violations(page, devserver):
    page.goto(devserver.url + "/login/")
    assert not axe_violations(page)


def test_an_article_reads_on_a_phone_without_sideways_scrolling(page, devserver):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, devserver, "sara.nilsson", "/news/nya-kolleger-november/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose')).fontSize)")
    assert font >= 16


def test_an_edit_rebuilds_and_reloads_the_open_page(page, devserver):
    log_in(page, devserver, "johan.lind", "/news/julbord-2026/")
    page.evaluate("window.__before_edit = true")
    source = ROOT / "content/news/julbord.md"
    edited = time.time()
    os.utime(source, None)  # what an editor's save does to the file
    page.wait_for_function("() => window.__before_edit === undefined", timeout=20_000)
    seconds = time.time() - edited
    expect(page.locator("h1")).to_contain_text("Julbord")
    Path(os.environ.get("TORGET_MEASUREMENTS", "/dev/null")).write_text(f"edit_to_reload_seconds={seconds:.2f}\n")
    # The article's own pages first, then the rest of the site beside it.
    assert "/news/julbord-2026/, /en/news/julbord-2026/ in" in devserver.output()
    deadline = time.time() + 30
    while "rebuilt the site" not in devserver.output() and time.time() < deadline:
        time.sleep(0.2)
    assert "rebuilt the site" in devserver.output()


CSP_PAGES = ["/", "/news/storliden-i-drift/", "/feed/", "/groups/", "/chat/", "/people/", "/people/person/?id=sara.nilsson",
             "/notifications/", "/search/?q=vind", "/en/", "/archive/"]


def test_pages_work_under_the_csp_with_no_violations(page, devserver):
    """Every page carries the security headers, and Chromium reports no CSP violation while it runs."""
    page.add_init_script("""window.__csp = [];
      document.addEventListener('securitypolicyviolation',
        (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));""")
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    log_in(page, devserver, "karin.ek")
    for path in CSP_PAGES:
        response = page.goto(devserver.url + path)
        page.wait_for_load_state("networkidle")
        headers = response.headers
        policy = headers["content-security-policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval'" not in policy.replace("wasm-unsafe-eval'", "")
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"]
        assert page.evaluate("window.__csp") == [], (path, page.evaluate("window.__csp"))
    assert refused == []
