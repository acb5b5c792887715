"""People's data in the browser: a report reaches a moderator and comes back; my data downloads; erasure
asks once more, then leaves nothing; the privacy page shows the periods; the audit trail shows the actions."""

import io
import json
import re
import zipfile

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import Devserver
from tests.e2e.conftest import ROOT, log_in
from tests.e2e.test_browser import axe_violations
from tests.e2e.test_groups import person

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "privacy"


def shoot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, f"{name} scrolls sideways at {width}"


def test_a_report_reaches_a_moderator_who_hides_it_and_the_reporter_hears_back(browser, devserver):
    reporter = person(browser, devserver, "sara.nilsson", "/news/torget-oppnar/")
    comment = reporter.locator("li.comment").filter(has_not=reporter.locator(".person-link bdi", has_text="Sara Nilsson")).first
    text = comment.locator(".comment-body").first.inner_text()
    comment.get_by_role("button", name="Anmäl").first.click()
    dialog = reporter.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Anmäl till moderatorerna")
    dialog.get_by_role("radio", name="Skräppost eller reklam").check()
    dialog.get_by_label("Mer att berätta (valfritt)").fill("Reklam för klockor")
    assert axe_violations(reporter) == []
    shoot(reporter, "report-dialog")
    dialog.get_by_role("button", name="Skicka anmälan").click()
    expect(dialog).to_have_count(0)
    expect(reporter.get_by_role("status").filter(has_text="Moderatorerna har fått din anmälan")).to_be_visible()

    moderator = person(browser, devserver, "ahmed.hassan", "/moderation/")
    card = moderator.locator(".report-card").filter(has_text="Reklam för klockor")
    expect(card).to_contain_text(text[:40])
    expect(card).to_contain_text("Skräppost eller reklam")
    assert axe_violations(moderator) == []
    shoot(moderator, "moderation")
    card.get_by_label("Varför (författaren ser det)").fill("Reklam hör inte hemma i kommentarerna.")
    card.get_by_role("button", name="Dölj").click()
    expect(moderator.get_by_role("status").filter(has_text="Klart: dolt")).to_be_attached()
    expect(card).to_have_count(0)

    reporter.reload()
    expect(reporter.locator(".comment-body", has_text="Dolt av en moderator.")).to_have_count(1)
    reporter.goto(devserver.url + "/notifications/")
    expect(reporter.locator(".notification-link", has_text="moderatorn dolde det").first).to_be_visible()

    admin = person(browser, devserver, "karin.ek", "/audit/")
    row = admin.locator("table.audit tbody tr").first
    expect(row).to_contain_text("dolde innehåll")
    expect(row).to_contain_text("Ahmed Hassan")
    assert axe_violations(admin) == []
    shoot(admin, "audit")


def test_the_privacy_page_shows_how_long_things_are_kept(browser, devserver):
    page = person(browser, devserver, "sara.nilsson", "/privacy/")
    rows = page.locator("table.retention tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("tr[data-kind=chat] td")).to_have_text("365 dagar")
    expect(page.locator("#main").get_by_role("link", name="Mina data")).to_be_visible()
    assert axe_violations(page) == []
    shoot(page, "privacy")
    page.goto(devserver.url + "/en/privacy/")
    expect(page.locator("tr[data-kind=notifications] td")).to_have_text("90 days")


def test_my_data_downloads_and_erasure_leaves_nothing_and_a_new_login_starts_fresh(browser, tmp_path):
    # Its own devserver: the shared one keeps Sara for the other tests.
    server = Devserver(tmp_path)
    try:
        context = browser.new_context(accept_downloads=True)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
                      else route.abort())
        page = context.new_page()
        log_in(page, server, "sara.nilsson", "/me/data/")
        page.get_by_role("button", name="Ladda ner mina data").click()
        link = page.get_by_role("link", name="Hämta arkivet")
        expect(link).to_be_focused()
        expect(page.locator(".md-result")).to_contain_text(re.compile(r"\d+ reaktioner"))
        assert axe_violations(page) == []
        shoot(page, "my-data")
        with page.expect_download() as caught:
            link.click()
        archive = zipfile.ZipFile(io.BytesIO(open(caught.value.path(), "rb").read()))
        document = json.loads(archive.read("torget-data.json"))
        assert document["person"]["name"] == "Sara Nilsson" and document["comments"]
        assert "index.html" in archive.namelist()

        page.get_by_role("button", name="Radera mitt konto …").click()
        confirm = page.get_by_role("button", name="Ja, radera allt nu")
        expect(confirm).to_be_focused()
        expect(page.locator(".md-erase")).to_contain_text("Det här tas bort:")
        shoot(page, "erase-confirm")
        confirm.click()
        # The erasure's steps run one after another on the server: on a busy machine it takes a while.
        expect(page.locator(".md-erase .notice")).to_have_text(re.compile("Allt är raderat"), timeout=30_000)
        token = next(c["value"] for c in context.cookies() if c["name"] == "torget_session")
        assert requests.get(server.url + "/api/me", cookies={"torget_session": token}, timeout=10).status_code == 401
        context.close()
        again = browser.new_context()
        page = again.new_page()
        log_in(page, server, "sara.nilsson", "/notifications/")
        # The demo's mentions and replies to her are gone: the list says it is empty.
        expect(page.locator(".notification-list li.empty")).to_contain_text("Inga aviseringar än.")
        expect(page.locator(".notification-list li:not(.empty)")).to_have_count(0)
        again.close()
    finally:
        server.stop()
