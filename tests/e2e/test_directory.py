"""The company's directory in Chromium: the org chart walked with the keyboard, a department's page, the
directory filtered by office, and a profile with manager, reports and a leaver's mark."""

import requests
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.e2e.test_browser import axe_violations


def test_the_org_chart_opens_six_levels_down_with_the_keyboard(browser, devserver):
    page = browser.new_context().new_page()
    log_in(page, devserver, "sara.nilsson", "/people/org/")
    chart = page.locator(".org-tree")
    expect(chart.get_by_role("link", name="Karin Ek")).to_be_visible()
    expect(chart.get_by_role("link", name="Per Norberg")).to_be_visible()  # the top opens its team by itself
    for manager, report in [("Per Norberg", "Olof Strand"), ("Olof Strand", "Linnea Dahl"),
                            ("Linnea Dahl", "Jonas Björk"), ("Jonas Björk", "Hugo Lund")]:
        toggle = chart.locator(".org-person", has=page.get_by_role("link", name=manager, exact=True)).locator(".org-toggle")
        toggle.focus()
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(chart.get_by_role("link", name=report, exact=True)).to_be_visible()
    page.keyboard.press("Enter")  # and closed again
    expect(chart.get_by_role("link", name="Hugo Lund")).to_be_hidden()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_a_profile_leads_to_the_department_and_the_directory_filters_by_office(browser, devserver):
    page = browser.new_context().new_page()
    log_in(page, devserver, "sara.nilsson", "/people/person/?id=sara.nilsson")
    contact = page.locator(".contact")
    expect(contact.get_by_role("link", name="Olof Strand")).to_be_visible()  # the manager
    contact.get_by_role("link", name="Drift").click()
    page.wait_for_url("**/people/department/?name=Drift")
    expect(page.get_by_role("heading", level=1)).to_have_text("Drift")
    people = page.locator("main .people-grid").first.locator(".person-card")
    expect(people.filter(has_text="Sara Nilsson")).to_have_count(1)
    expect(people.filter(has_text="Lars Holm")).to_have_count(0)  # IT
    expect(page.locator(".listing-others").get_by_role("link", name="IT (6)")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(devserver.url + "/people/")
    page.get_by_label("Kontor").select_option(label="Storliden (22)")
    expect(page).to_have_url(devserver.url + "/people/?office=Storliden")
    expect(people.filter(has_text="Jonas Björk")).to_have_count(1)
    expect(people.filter(has_text="Karin Ek")).to_have_count(0)  # Umeå
    assert axe_violations(page) == []


def test_a_leaver_is_marked_on_their_profile_and_gone_from_search(browser, devserver):
    token = devserver.scim_token
    scim = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    made = requests.post(devserver.url + "/api/scim/v2/Users", headers=scim, timeout=10, json={
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "vera.leaver@fjallvind.example",
        "name": {"givenName": "Vera", "familyName": "Leaver"}, "title": "Praktikant"})
    assert made.status_code == 201, made.text
    page = browser.new_context().new_page()
    log_in(page, devserver, "karin.ek", "/people/")
    page.get_by_label("Sök kollega").fill("Vera")
    expect(page.locator(".people-grid").get_by_role("link", name="Vera Leaver")).to_be_visible()
    left = requests.patch(devserver.url + "/api/scim/v2/Users/vera.leaver", headers=scim, timeout=10, json={
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}]})
    assert left.status_code == 200 and left.json()["active"] is False
    page.get_by_label("Sök kollega").fill("Veraa")
    page.get_by_label("Sök kollega").fill("Vera")
    expect(page.get_by_role("status").filter(has_text="Ingen kollega")).to_be_visible()
    page.goto(devserver.url + "/people/person/?id=vera.leaver")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Har slutat")
    expect(page.get_by_role("button", name="Skicka meddelande")).to_have_count(0)


def test_an_article_for_storliden_is_in_the_listings_of_storliden_only_and_readable_by_link(browser, devserver):
    title = "Vinterrutiner i Storliden från den 14 december"
    sara = browser.new_context().new_page()
    log_in(sara, devserver, "sara.nilsson", "/news/")  # works at Storliden
    card = sara.locator(".card", has=sara.get_by_role("link", name=title))
    expect(card).to_be_visible()
    expect(card.locator(".audience-label")).to_have_text("För: Storliden")
    karin = browser.new_context().new_page()
    log_in(karin, devserver, "karin.ek", "/news/")  # works in Umeå
    expect(karin.get_by_role("link", name="Vindparken i Storliden är i full drift")).to_be_visible()
    expect(karin.get_by_role("link", name=title)).to_be_hidden()
    karin.goto(devserver.url + "/")
    expect(karin.get_by_role("heading", name="Senaste nytt")).to_be_visible()
    expect(karin.get_by_role("link", name=title)).to_be_hidden()
    titles = lambda page: [item.get("title") for item in page.request.get(devserver.url + "/api/feed").json()["items"]]  # noqa: E731
    assert title in titles(sara) and title not in titles(karin)  # the same newest page, with and without it
    karin.goto(devserver.url + "/news/vinterrutiner-storliden/")
    expect(karin.get_by_role("heading", level=1)).to_have_text(title)
    expect(karin.locator(".article-header .audience-label")).to_have_text("För: Storliden")
