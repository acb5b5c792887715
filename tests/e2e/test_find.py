"""Find and be found, in Chromium: the bell, read confirmations, banners, people, search."""

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.e2e.test_browser import axe_violations

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {"Content-Type": "application/json", "X-Requested-With": "torget"}
POLICY = "/news/sakerhetspolicy-2026/"


def api(page, devserver, method, path, payload=None):
    response = page.request.fetch(devserver.url + "/api" + path, method=method, headers=HEADERS,
                                  data=json.dumps(payload) if payload is not None else None)
    assert response.ok, (path, response.status, response.text())
    return response.json()


def test_a_notification_arrives_live_and_is_read(browser, devserver):
    karin_context, sara_context = browser.new_context(), browser.new_context()
    karin, sara = karin_context.new_page(), sara_context.new_page()
    log_in(karin, devserver, "karin.ek")
    api(karin, devserver, "POST", "/notifications/read", {"all": True})
    karin.reload()
    bell = karin.locator(".bell")
    expect(bell).to_have_attribute("data-ready", "1")
    expect(bell.locator(".count-badge")).to_be_hidden()
    karin.locator("[data-widget=chat-badge][data-live=ready]").wait_for()

    log_in(sara, devserver, "sara.nilsson", "/blog/varfor-jag-bloggar/")
    sara.get_by_label("Skriv en kommentar").fill("Tack för att du bloggar, Karin!")
    sara.get_by_role("button", name="Skicka").click()
    expect(sara.get_by_role("status").filter(has_text="publicerad")).to_be_visible()

    # Karin's page was not reloaded: the count came over the WebSocket.
    expect(bell.locator(".count-badge")).to_have_text("1")
    expect(bell.locator(".bell-label")).to_have_text("Aviseringar, 1 olästa")
    bell.click()
    panel = karin.locator("#notification-panel")
    first = panel.locator(".notification").first
    # Grouped with the demo's earlier comment on the same article: one line, the newest name first.
    expect(first).to_contain_text(re.compile("Sara Nilsson (och 1 till )?kommenterade din artikel ”Varför jag skriver här”"))
    expect(first).to_have_class("notification is-unread")
    karin.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(bell).to_be_focused()
    bell.click()
    panel.get_by_role("button", name="Markera alla som lästa").click()
    expect(bell.locator(".count-badge")).to_be_hidden()
    expect(panel.locator(".notification.is-unread")).to_have_count(0)
    with karin.expect_navigation():
        first.get_by_role("link").click()
    assert "/blog/varfor-jag-bloggar/" in karin.url
    karin_context.close()
    sara_context.close()


def test_notification_settings_are_kept(page, devserver):
    log_in(page, devserver, "ahmed.hassan", "/notifications/")
    # The on-site setting (a checkbox); the same kind's e-mail setting is a select beside it.
    box = page.get_by_role("checkbox", name="Reaktioner på det jag skrivit")
    expect(box).to_be_checked()
    box.uncheck()
    expect(page.get_by_text("Inställningen är sparad.").first).to_be_visible()
    page.reload()
    expect(page.get_by_role("checkbox", name="Reaktioner på det jag skrivit")).not_to_be_checked()
    page.get_by_role("checkbox", name="Reaktioner på det jag skrivit").check()
    expect(page.get_by_text("Inställningen är sparad.").first).to_be_visible()


def wait_for_rebuild(devserver, count_before: int):
    deadline = time.time() + 30
    while devserver.output().count("rebuilt the site") <= count_before:
        assert time.time() < deadline, devserver.output()[-2000:]
        time.sleep(0.2)
    time.sleep(0.5)  # the manifest is registered right after the build


def test_a_changed_article_asks_for_confirmation_again(page, devserver):
    log_in(page, devserver, "sara.nilsson", POLICY)
    widget = page.locator("[data-widget=acknowledge]")
    expect(widget).to_have_attribute("data-state", re.compile("confirmed|asked"))
    if widget.get_attribute("data-state") == "asked":
        widget.get_by_role("button", name="Jag har läst").click()
    expect(widget).to_have_attribute("data-state", "confirmed")
    expect(widget).to_contain_text("Du bekräftade att du läst artikeln")

    source = ROOT / "content/news/sakerhetspolicy.md"
    original = source.read_text(encoding="utf-8")
    builds = devserver.output().count("rebuilt the site")
    try:
        page.evaluate("window.__before_edit = true")
        source.write_text(original + "\nNytt stycke: lösenord byts var sjätte månad.\n", encoding="utf-8")
        wait_for_rebuild(devserver, builds)
        # The open page reloads itself after the rebuild (live reload).
        page.wait_for_function("() => window.__before_edit === undefined", timeout=30_000)
        expect(widget).to_have_attribute("data-state", "asked", timeout=15_000)
        expect(widget).to_contain_text("Artikeln har ändrats sedan du bekräftade den")
        widget.get_by_role("button", name="Jag har läst").click()
        expect(widget).to_have_attribute("data-state", "confirmed")
    finally:
        builds = devserver.output().count("rebuilt the site")
        source.write_text(original, encoding="utf-8")
        wait_for_rebuild(devserver, builds)


def test_editors_see_who_has_confirmed_and_employees_do_not(page, devserver, browser):
    log_in(page, devserver, "sara.nilsson", POLICY)
    widget = page.locator("[data-widget=acknowledge]")
    expect(widget).to_have_attribute("data-state", re.compile("confirmed|asked"))
    if widget.get_attribute("data-state") == "asked":
        widget.get_by_role("button", name="Jag har läst").click()
    expect(widget).not_to_contain_text("Se vem som har läst")
    page.goto(devserver.url + "/acks/")
    expect(page.locator("[data-widget=acks]")).to_contain_text("Bara redaktörer och administratörer")

    editor = browser.new_context().new_page()
    log_in(editor, devserver, "johan.lind", POLICY)
    editor.get_by_role("link", name="Se vem som har läst").click()
    article = editor.locator("details.ack-article[data-thread='article:sakerhetspolicy-2026']")
    expect(article).to_have_attribute("open", "")
    confirmed = article.locator(".ack-details ul").last
    expect(confirmed.locator("[data-person='sara.nilsson']")).to_be_visible()
    expect(article.locator("summary")).to_contain_text("har läst")
    assert not axe_violations(editor)
    editor.context.close()


def test_an_urgent_banner_shows_on_open_pages_at_once(browser, devserver):
    admin_context, reader_context = browser.new_context(), browser.new_context()
    admin, reader = admin_context.new_page(), reader_context.new_page()
    log_in(reader, devserver, "sara.nilsson", "/news/julbord-2026/")
    reader.locator("[data-widget=chat-badge][data-live=ready]").wait_for()
    log_in(admin, devserver, "karin.ek", "/banners/")
    text = admin.get_by_role("textbox", name="Meddelande (Markdown, högst 280 tecken)")
    text.fill("Driftstörning i **växeln** – ring 08-123 45 00")
    admin.get_by_label("Visas i (timmar)").fill("2")
    admin.get_by_role("button", name="Visa på alla sidor").click()
    expect(admin.get_by_role("status").filter(has_text="visas nu")).to_be_visible()

    banner = reader.locator(".banners .banner-urgent")
    expect(banner).to_contain_text("Driftstörning i växeln")
    expect(banner.locator("strong")).to_have_text("växeln")
    assert not axe_violations(reader)

    admin.locator(".banner-list").get_by_role("button", name="Ta bort").first.click()
    expect(banner).to_have_count(0)
    reader.goto(devserver.url + "/banners/")
    expect(reader.locator("[data-widget=banner-admin]")).to_contain_text("Bara administratörer")
    admin_context.close()
    reader_context.close()


def test_search_finds_articles_in_both_languages_and_people(page, devserver):
    log_in(page, devserver, "ahmed.hassan")
    box = page.get_by_role("searchbox", name="Sök artiklar och personer")
    box.click()
    box.fill("turbinerna")
    results = page.locator(".site-search .search-results")
    expect(results.get_by_role("link", name="Vindparken i Storliden är i full drift")).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    box.fill("quarterly")  # only in the English translation of the Q3 report
    expect(results.locator(".search-articles a").first).to_contain_text("Quarterly report")
    box.fill("driftingenjör")  # a title: the directory's 29 people in Drift would be more than the list shows
    expect(results.locator(".search-people")).to_contain_text("Sara Nilsson")
    # The keyboard walks the results and opens one.
    box.focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused and page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("Escape")
    expect(results).to_be_hidden()
    expect(box).to_be_focused()
    box.fill("storliden")
    box.press("Enter")
    page.wait_for_url("**/search/?q=storliden")
    expect(page.locator(".search-results.panel-static .search-articles li").first).to_be_visible()
    assert not axe_violations(page)


def test_the_directory_and_a_profile_with_an_own_bio(page, devserver):
    log_in(page, devserver, "sara.nilsson", "/people/")
    page.get_by_label("Sök kollega på namn, avdelning eller titel").fill("hr")
    card = page.locator("[data-widget=people] [data-person='ahmed.hassan']")
    expect(card).to_contain_text("HR-partner")
    assert not axe_violations(page)
    card.get_by_role("link", name="Ahmed Hassan").click()
    expect(page.locator("h1")).to_have_text("Ahmed Hassan")
    expect(page.get_by_role("link", name="ahmed.hassan@fjallvind.example")).to_be_visible()
    expect(page.locator(".bio-editor")).to_have_count(0)  # not his own page

    page.locator(".account-button").click()
    page.locator(".session .who").click()
    expect(page.locator("h1")).to_have_text("Sara Nilsson")
    expect(page.locator("section[aria-labelledby=groups-heading]")).to_contain_text("Löparklubben")
    page.get_by_text("Redigera din presentation").click()
    page.get_by_label("Presentation").fill("Jag sköter **driften** i Storliden. <img src=x onerror=alert(1)>")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Din presentation är sparad.")).to_be_visible()
    expect(page.locator(".bio strong")).to_have_text("driften")
    assert page.locator(".bio img").count() == 0 and not dialogs
    assert not axe_violations(page)


@pytest.mark.parametrize("path", ["/notifications/", "/people/person/?id=karin.ek", "/en/people/", "/search/?q=vind"])
def test_new_pages_have_no_serious_accessibility_violations(page, devserver, path):
    log_in(page, devserver, "karin.ek", path)
    page.locator(".session .who").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_a_profile_photo_is_cropped_in_the_browser_and_shown_where_people_meet(browser, devserver, tmp_path):
    from tests.e2e.test_groups import person, png

    picture = tmp_path / "semester.png"
    picture.write_bytes(png(400, 300))
    page = person(browser, devserver, "ahmed.hassan", "/people/person/?id=ahmed.hassan")
    page.get_by_role("button", name="Byt bild").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("input[type=file]").set_input_files(str(picture))
    crop = dialog.locator("canvas")
    crop.focus()
    crop.press("ArrowLeft")  # placed with the keyboard
    dialog.get_by_label("Zooma").fill("1.5")
    assert not axe_violations(page)
    with page.expect_response(lambda r: r.url.endswith("/api/me") and r.request.method == "PATCH") as saved:
        dialog.get_by_role("button", name="Spara bilden").click()
    assert saved.value.ok
    face = page.locator(".profile img.avatar")
    expect(face).to_have_attribute("src", re.compile(r"^/uploads/u/ahmed\.hassan/.+\.webp$"))
    assert page.evaluate("(img) => img.complete && img.naturalWidth", face.element_handle()) == 256
    # The header's small face is the 64 px file.
    small = page.locator(".account-button img.avatar")
    expect(small).to_have_attribute("src", re.compile(r"\.webp$"))
    page.wait_for_function("(img) => img.complete && img.naturalWidth === 64", arg=small.element_handle())
    # Colleagues find him by his face in the directory.
    page.goto(devserver.url + "/people/?q=ahmed")
    expect(page.locator(".people-grid [data-person='ahmed.hassan'] img.avatar")).to_have_attribute("src", re.compile(r"\.webp$"))
    page.context.close()
