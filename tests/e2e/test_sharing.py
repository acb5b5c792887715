"""Dela in the browser: an article shared to the feed with my words shows live in a colleague's feed."""

import re

from playwright.sync_api import expect

from tests.e2e.test_groups import person


def test_an_article_shared_to_the_feed_shows_live_in_a_colleagues_feed(browser, devserver):
    reader = person(browser, devserver, "johan.lind", "/feed/")
    expect(reader.locator("[data-widget=feed]")).to_have_attribute("data-live", "ready")
    sharer = person(browser, devserver, "sara.nilsson", "/news/kontoret-byggs-om/")
    sharer.get_by_role("button", name="Dela", exact=True).click()
    dialog = sharer.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_contain_text("Kontoret i Umeå byggs om")
    expect(dialog.get_by_role("radio", name="I flödet")).to_be_checked()
    dialog.get_by_label("Dina egna ord").fill("Bra att veta för alla på plan 3!")
    dialog.get_by_role("button", name="Dela", exact=True).click()
    expect(sharer.get_by_role("status").filter(has_text="Delat i flödet")).to_be_visible()
    expect(dialog).to_have_count(0)
    # The colleague's open feed hears of it and shows the card: my words, then the article's.
    reader.get_by_role("button", name=re.compile("nytt inlägg|nya inlägg")).click()
    shared = reader.locator(".feed-card", has_text="Bra att veta för alla på plan 3!")
    expect(shared.locator(".shared-card").get_by_role("link", name=re.compile("Kontoret i Umeå byggs om"))).to_be_visible()
    expect(shared.locator(".person-link bdi").first).to_have_text("Sara Nilsson")


def test_a_secret_groups_post_can_be_shared_only_inside_that_group(browser, devserver):
    owner = person(browser, devserver, "karin.ek", "/groups/")
    owner.get_by_role("link", name="Ledningsgruppen").first.click()
    post = owner.locator(".feed-card", has_text="Agendan till mötet på måndag")
    post.get_by_role("button", name="Dela", exact=True).click()
    dialog = owner.get_by_role("dialog")
    expect(dialog).to_contain_text("kan bara delas i den gruppen")
    expect(dialog.get_by_role("radio", name="I flödet")).to_be_disabled()
    expect(dialog.get_by_role("radio", name="I en grupp")).to_be_checked()
    expect(dialog.get_by_label("Vilken grupp?").locator("option")).to_have_text(["Ledningsgruppen"])
    dialog.get_by_role("button", name="Dela", exact=True).click()
    expect(owner.get_by_role("status").filter(has_text="Delat i gruppen")).to_be_visible()


def test_the_author_sees_how_far_the_article_reached(browser, devserver):
    reader = person(browser, devserver, "sara.nilsson", "/news/torget-oppnar/")
    expect(reader.locator("article h1")).to_be_visible()
    reader.wait_for_function("() => localStorage.getItem('read:article:torget-oppnar') === '1'")
    expect(reader.locator(".reach")).to_have_count(0)  # employees see no reach
    author = person(browser, devserver, "johan.lind", "/news/torget-oppnar/")
    panel = author.locator(".reach")
    expect(panel.get_by_role("heading", name="Räckvidd")).to_be_visible()
    expect(panel).to_contain_text(re.compile(r"[1-9]\d* läsare \(\d+ % av \d+\)"))
    expect(panel.locator(".reach-chart rect")).to_have_count(14)  # a bar a day, the first 14 days
    expect(panel.locator("figure li")).to_have_count(14)  # the same figures as words, for screen readers
    expect(panel).to_contain_text("Ingen lista över vem som läst finns.")
