"""The production rehearsal (make rehearse) in a browser: the synthesized template's CloudFront and API
Gateway stages in front of the devserver. Each test fails with the template as it was before the deploy bugs
were fixed: /ws with the stage as origin path (live updates refused), error pages for every path (an API
refusal shown as the login page with 200, an API 404 as the site's 404 page), and an uploads bucket without
a CORS rule (the browser may not read S3's answer to the presigned POST, so the upload fails)."""

import os
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.conftest import Devserver, free_port
from tests.e2e.conftest import ROOT, log_in
from tests.e2e.test_groups import png

pytestmark = pytest.mark.browser


class Rehearsal:
    def __init__(self, tmp):
        self.port, self.idp_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / "rehearsal.log"
        inherited = {name: value for name, value in os.environ.items() if not name.startswith("OIDC_")}
        env = {**inherited, "PORT": str(self.port), "OIDC_PORT": str(self.idp_port), "TORGET_DATA_DIR": str(tmp / "data"),
               "TORGET_OUTPUT": str(tmp / "output"), "MAIL_DELAY_SECONDS": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "infra.rehearsal"], cwd=ROOT, env=env,
                                        stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        started = time.monotonic()
        while "The rehearsal is running at" not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() - started > 300:
                raise RuntimeError("the rehearsal did not start:\n" + self.log.read_text())
            time.sleep(0.2)

    stop = Devserver.stop  # terminate, wait, kill if it must


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory):
    server = Rehearsal(tmp_path_factory.mktemp("rehearsal"))
    yield server
    server.stop()


def person(browser, rehearsal, sub, path):
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else route.abort())
    page = context.new_page()
    page.goto(f"{rehearsal.url}/login/?next={quote(path)}")
    page.locator("a[data-widget=login-link]").click()
    page.wait_for_url(f"http://127.0.0.1:{rehearsal.idp_port}/**")
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(rehearsal.url + path)  # the callback's signed cookies let the site's pages through
    return page


def test_a_page_without_login_sends_the_browser_to_the_login_page_and_back(browser, rehearsal):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, rehearsal, "karin.ek", "/news/")  # through the site's viewer-request function
    expect(page.locator("h1").first).to_be_visible()
    context.close()


def test_logging_in_through_cloudfront_and_a_comment_arriving_live_through_the_websocket_stage(browser, rehearsal):
    article = "/news/nya-kolleger-november/"
    reader = person(browser, rehearsal, "karin.ek", article)
    writer = person(browser, rehearsal, "sara.nilsson", article)
    expect(reader.locator("article h1")).to_be_visible()
    # Live: the page's socket reached the WebSocket API's stage through /ws.
    expect(reader.locator("[data-widget=comments][data-live=ready]")).to_be_visible()
    text = f"Välkomna genom molnet {uuid.uuid4().hex[:6]}"
    writer.get_by_label("Skriv en kommentar").fill(text)
    writer.get_by_role("button", name="Skicka").click()
    expect(writer.get_by_role("status")).to_have_text("Din kommentar är publicerad.")
    expect(reader.locator(".comment .comment-body", has_text=text)).to_have_count(1)
    for page in (reader, writer):
        page.context.close()


def test_live_chat_between_two_people_through_the_websocket_stage(browser, rehearsal):
    text = f"Lunch i molnet {uuid.uuid4().hex[:6]}"
    sara = person(browser, rehearsal, "sara.nilsson", "/chat/")
    johan = person(browser, rehearsal, "johan.lind", "/chat/")
    for page in (johan, sara):
        page.locator(".room-list .room", has_text="Löparklubben").click()
        expect(page.locator(".chat-pane[data-live=ready]")).to_be_visible()
    sara.get_by_label("Skriv ett meddelande").fill(text)
    sara.get_by_label("Skriv ett meddelande").press("Enter")
    expect(johan.locator(".messages .message", has_text=text)).to_have_count(1)
    johan.get_by_label("Skriv ett meddelande").type("Ja")
    expect(sara.locator(".typing")).to_have_text("Johan Lind skriver …")
    for page in (sara, johan):
        page.context.close()


def test_a_read_confirmation_is_kept(browser, rehearsal):
    policy = "/news/sakerhetspolicy-2026/"
    page = person(browser, rehearsal, "karin.ek", policy)
    widget = page.locator("[data-widget=acknowledge]")
    expect(widget).to_have_attribute("data-state", "asked")
    widget.get_by_role("button", name="Jag har läst").click()
    expect(widget).to_have_attribute("data-state", "confirmed")
    page.reload()
    expect(widget).to_contain_text("Du bekräftade att du läst artikeln")
    page.context.close()


def test_refusals_and_missing_items_reach_the_browser_as_the_api_said(browser, rehearsal):
    page = person(browser, rehearsal, "johan.lind", "/")
    answers = page.evaluate("""async () => {
        const refused = await fetch('/api/posts', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                                   body: JSON.stringify({text: 'no CSRF header'})});
        const missing = await fetch('/api/groups/01JZZZZZZZZZZZZZZZZZZZZZZZ');
        return {refused: refused.status, missing: missing.status, body: await missing.text()};
    }""")
    assert answers["refused"] == 403  # never 200 with the login page: the widget would take it for success
    assert answers["missing"] == 404 and '"code"' in answers["body"]  # the API's own JSON, not the site's page
    # A refusal the widgets meet (an employee posting a banner) is worded as one, in the page's language,
    # though CloudFront's error response took the API's JSON away.
    worded = page.evaluate("""async () => {
        const [{ request }, { errorText }] = await Promise.all([import('/theme/js/api.js'), import('/theme/js/i18n.js')]);
        try { await request('POST', '/banners', {text: 'Till alla', hours: 1}); return 'posted'; }
        catch (error) { return [error.status, errorText(error)]; }
    }""")
    assert worded == [403, "Det har du inte behörighet till."]
    page.context.close()


def test_an_image_goes_straight_to_the_uploads_bucket_and_is_shown_through_cloudfront(browser, rehearsal, tmp_path):
    page = person(browser, rehearsal, "sara.nilsson", "/feed/")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    image = tmp_path / "turbin.png"
    image.write_bytes(png())
    page.get_by_label("Skriv ett inlägg").fill("Molnet sett från tornet")
    page.get_by_label("Lägg till bilder (högst 4)").set_input_files(str(image))
    page.get_by_label("Beskriv bilden 1 (alt-text)").fill("Moln över turbinerna")
    page.get_by_role("button", name="Publicera").click()
    shown = page.locator(".feed-card").first.locator(".post-images img")
    expect(shown).to_have_attribute("alt", "Moln över turbinerna")
    page.wait_for_function("() => document.querySelector('.post-images img').naturalWidth === 8")  # via /uploads/*
    # The image went to another origin, S3's endpoint, which the CSP allows and whose CORS rule let the
    # page read its answer; the site's origin never saw the file.
    [upload] = [url for url in posts if "/_s3/" in url]
    assert not upload.startswith(rehearsal.url)
    page.context.close()


def test_a_page_the_site_does_not_have_is_the_sites_404_page_with_status_404(browser, rehearsal):
    page = person(browser, rehearsal, "sara.nilsson", "/")
    response = page.goto(rehearsal.url + "/news/finns-inte/")
    assert response.status == 404
    expect(page.locator("h1")).to_be_visible()
    assert "NoSuchKey" not in page.content()
    page.context.close()


def test_the_response_headers_policy_is_the_templates(browser, rehearsal):
    page = person(browser, rehearsal, "sara.nilsson", "/")
    response = page.goto(rehearsal.url + "/")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    page.context.close()


def test_the_api_answers_only_what_comes_through_cloudfront(rehearsal):
    import re

    import requests

    # The devserver behind the rehearsal stands where API Gateway's own execute-api address would be.
    behind = re.search(r"the devserver behind it at (http://[\d.:]+)", rehearsal.log.read_text()).group(1)
    straight = requests.get(behind + "/api/health", timeout=10)
    assert straight.status_code == 403 and straight.json()["error"]["code"] == "forbidden"
    assert requests.get(rehearsal.url + "/api/health", timeout=10).status_code == 200
