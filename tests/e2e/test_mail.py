"""Mail on the devserver: a mention reaches the local SMTP server at once (shown at /_devserver/mail/),
the digest button sends digests, and the notifications page sets mail per kind."""

import re
import time

from playwright.sync_api import expect

from tests.e2e.test_groups import person


def test_a_mention_is_mailed_and_listed_on_the_devservers_mail_page(browser, devserver):
    writer = person(browser, devserver, "karin.ek", "/news/julbord-2026/")
    box = writer.get_by_label("Skriv en kommentar")
    box.fill("@ahmed.hassan, räcker bussarna från Malå?")
    writer.get_by_role("button", name="Skicka", exact=True).click()
    expect(writer.get_by_role("status")).to_have_text("Din kommentar är publicerad.")
    mailbox = writer.context.new_page()
    deadline = time.monotonic() + 30
    while True:  # the devserver's loop sends due mail every 10 s
        mailbox.goto(devserver.url + "/_devserver/mail/")
        link = mailbox.get_by_role("link", name="Karin Ek nämnde dig i ”Julbord den 11 december – anmäl dig senast fredag”")
        if link.count() or time.monotonic() > deadline:
            break
        time.sleep(1)
    expect(mailbox.locator("tr", has=link)).to_contain_text("Ahmed Hassan <ahmed.hassan@fjallvind.example>")
    link.first.click()
    expect(mailbox.locator("body")).to_contain_text("List-Unsubscribe")
    expect(mailbox.get_by_role("link", name="Sluta skicka mejl om omnämnanden")).to_be_visible()
    before = mailbox.locator("tbody tr").count() if mailbox.goto(devserver.url + "/_devserver/mail/") else 0
    mailbox.get_by_role("button", name="Send the daily digest now").click()
    mailbox.wait_for_url(devserver.url + "/_devserver/mail/")
    expect(mailbox.get_by_role("link", name="Din dag på Torget").first).to_be_visible()
    assert mailbox.locator("tbody tr").count() > before


def test_mail_is_set_per_kind_on_the_notifications_page(browser, devserver):
    page = person(browser, devserver, "sara.nilsson", "/notifications/")
    choice = page.get_by_label("Reaktioner på det jag skrivit").and_(page.locator("select"))
    expect(choice).to_have_value("daily")
    choice.select_option("weekly")
    expect(page.locator(".mail-settings [role=status]")).to_have_text("Inställningen är sparad.")
    page.reload()
    expect(page.get_by_label("Reaktioner på det jag skrivit").and_(page.locator("select"))).to_have_value("weekly")
    expect(page.get_by_label(re.compile("När någon nämner mig")).and_(page.locator("select"))).to_have_value("now")
