"""Chat in a browser: a group room and a direct conversation, outsiders, a dropped connection."""

import json
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_groups import person

pytestmark = pytest.mark.browser


def room_named(page, name):
    return page.locator(".room-list .room", has_text=name)


def send(page, text):
    page.get_by_label("Skriv ett meddelande").fill(text)
    page.get_by_label("Skriv ett meddelande").press("Enter")


def test_a_group_room_live_with_an_outsider_who_gets_nothing(browser, devserver):
    text = f"Intervaller {uuid.uuid4().hex[:6]}"
    sara = person(browser, devserver, "sara.nilsson", "/chat/")
    johan = person(browser, devserver, "johan.lind", "/chat/")
    outsider = person(browser, devserver, "ahmed.hassan", "/chat/")
    room_named(johan, "Löparklubben").click()
    room_named(sara, "Löparklubben").click()
    expect(johan.locator(".chat-pane[data-live=ready]")).to_be_visible()
    expect(johan.locator(".online")).to_contain_text("Sara Nilsson")
    expect(outsider.locator(".room-list")).not_to_contain_text("Löparklubben")
    send(sara, text + " **i kväll**")
    mine = sara.locator(".messages .message.mine").last
    expect(mine.locator(".comment-body strong")).to_have_text("i kväll")
    theirs = johan.locator(".messages .message", has_text=text)
    expect(theirs).to_have_count(1)
    expect(theirs.locator(".person-link bdi")).to_have_text("Sara Nilsson")
    johan.get_by_label("Skriv ett meddelande").type("Jag")
    expect(sara.locator(".typing")).to_have_text("Johan Lind skriver …")
    outsider.wait_for_timeout(500)
    expect(outsider.locator("body")).not_to_contain_text(text)
    for page in (sara, johan, outsider):
        page.context.close()


def test_a_direct_conversation_with_unread_counts(browser, devserver):
    text = f"Hej Karin {uuid.uuid4().hex[:6]}"
    sara = person(browser, devserver, "sara.nilsson", "/chat/")
    karin = person(browser, devserver, "karin.ek", "/")
    expect(karin.locator(".chat-link[data-live=ready]")).to_be_visible()
    sara.get_by_text("Ny konversation").click()
    who = sara.get_by_label("Med vem? (namn)")
    who.fill("Kar")
    sara.wait_for_timeout(400)
    who.fill("Karin Ek")
    expect(sara.locator(".chips")).to_contain_text("Karin Ek")
    sara.get_by_role("button", name="Starta").click()
    expect(sara.locator(".chat-pane h2")).to_have_text("Karin Ek")
    expect(sara.locator(".chat-pane[data-live=ready]")).to_be_visible()
    send(sara, text)
    badge = karin.locator(".chat-link .count-badge")
    expect(badge).to_have_text("1")
    karin.locator(".chat-link").click()
    room_named(karin, "Sara Nilsson").click()
    expect(karin.locator(".messages .message", has_text=text)).to_have_count(1)
    # The line Karin reads from: "Nya meddelanden" right above what came while she was away.
    expect(karin.locator(".messages .new-divider + .message")).to_contain_text(text)
    karin.reload()
    expect(room_named(karin, "Sara Nilsson").locator(".count-badge")).to_have_count(0)
    for page in (sara, karin):
        page.context.close()


def test_after_a_dropped_connection_missed_messages_show_once(browser, devserver):
    sara = person(browser, devserver, "sara.nilsson", "/chat/")
    room_named(sara, "Löparklubben").click()
    expect(sara.locator(".chat-pane[data-live=ready]")).to_be_visible()
    johan = requests.Session()
    start = johan.get(devserver.url + "/api/auth/login", allow_redirects=False, timeout=5)
    picked = requests.post(start.headers["Location"], data={"sub": "johan.lind"}, allow_redirects=False, timeout=5)
    johan.get(picked.headers["Location"], allow_redirects=False, timeout=10)
    room = sara.url.split("room=")[1]
    assert requests.post(devserver.url + "/_devserver/drop-sockets", timeout=5).json()["dropped"] >= 1
    sent = []
    for n in range(3):
        words = f"Medan du var borta {n} {uuid.uuid4().hex[:4]}"
        sent.append(words)
        answer = johan.post(devserver.url + f"/api/chat/rooms/{room}/messages",
                            data=json.dumps({"text": words, "clientId": uuid.uuid4().hex}),
                            headers={"Content-Type": "application/json", "X-Requested-With": "torget"}, timeout=5)
        assert answer.status_code == 201
    for words in sent:
        expect(sara.locator(".messages .message", has_text=words)).to_have_count(1, timeout=15_000)
    # And the socket works again.
    live = f"Tillbaka {uuid.uuid4().hex[:4]}"
    johan.post(devserver.url + f"/api/chat/rooms/{room}/messages", data=json.dumps({"text": live, "clientId": uuid.uuid4().hex}),
               headers={"Content-Type": "application/json", "X-Requested-With": "torget"}, timeout=5)
    expect(sara.locator(".messages .message", has_text=live)).to_have_count(1)
    sara.context.close()


def test_new_comments_appear_for_everyone_reading(browser, devserver):
    article = "/news/nya-kolleger-november/"
    reader = person(browser, devserver, "karin.ek", article)
    writer = person(browser, devserver, "sara.nilsson", article)
    expect(reader.locator(".conversation .empty")).to_be_visible()
    expect(reader.locator("[data-widget=comments][data-live=ready]")).to_be_visible()
    writer.get_by_label("Skriv en kommentar").fill("Välkomna allihop!")
    writer.get_by_role("button", name="Skicka").click()
    expect(reader.locator(".comment .comment-body", has_text="Välkomna allihop!")).to_have_count(1)
    writer.locator(".conversation > div > .reactions .reaction-more").click()
    writer.locator(".conversation > div > .reactions [data-kind=celebrate]").click()
    expect(reader.locator(".conversation > div > .reactions [data-kind=celebrate] .count")).to_have_text("1")
    for page in (reader, writer):
        page.context.close()


def test_new_posts_wait_behind_a_polite_bar(browser, devserver):
    reader = person(browser, devserver, "karin.ek", "/feed/")
    expect(reader.locator("[data-widget=feed][data-live=ready]")).to_be_visible()
    first = reader.locator(".feed-card").first.inner_text()
    writer = requests.Session()
    start = writer.get(devserver.url + "/api/auth/login", allow_redirects=False, timeout=5)
    picked = requests.post(start.headers["Location"], data={"sub": "sara.nilsson"}, allow_redirects=False, timeout=5)
    writer.get(picked.headers["Location"], allow_redirects=False, timeout=10)
    for n in range(3):
        writer.post(devserver.url + "/api/posts", data=json.dumps({"text": f"Fredagsfika {n}"}),
                    headers={"Content-Type": "application/json", "X-Requested-With": "torget"}, timeout=5)
    bar = reader.locator(".new-posts")
    expect(bar).to_have_text("3 nya inlägg – visa")
    assert reader.locator(".feed-card").first.inner_text() == first  # nothing moved under the reader
    # The reader's own post is not news to her; the next colleague's post is (events arrive in order).
    reader.evaluate("""() => fetch('/api/posts', {method: 'POST', body: JSON.stringify({text: 'Min egen'}),
        headers: {'Content-Type': 'application/json', 'X-Requested-With': 'torget'}})""")
    writer.post(devserver.url + "/api/posts", data=json.dumps({"text": "Fredagsfika 3"}),
                headers={"Content-Type": "application/json", "X-Requested-With": "torget"}, timeout=5)
    expect(bar).to_have_text("4 nya inlägg – visa")
    bar.click()
    expect(reader.locator(".feed-card").first).to_contain_text("Fredagsfika 3")
    reader.context.close()


def test_the_dock_chats_from_any_page(browser, devserver):
    text = f"Från dockan {uuid.uuid4().hex[:6]}"
    reader = person(browser, devserver, "sara.nilsson", "/news/julbord-2026/")
    johan = person(browser, devserver, "johan.lind", "/chat/")
    room_named(johan, "Löparklubben").click()
    expect(johan.locator(".chat-pane[data-live=ready]")).to_be_visible()
    reader.locator(".chat-dock > summary").click()
    room_named(reader.locator(".chat-dock"), "Löparklubben").click()
    expect(reader.locator(".chat-dock .chat-pane[data-live=ready]")).to_be_visible()
    reader.locator(".chat-dock").get_by_label("Skriv ett meddelande").fill(text)
    reader.locator(".chat-dock").get_by_label("Skriv ett meddelande").press("Enter")
    expect(johan.locator(".messages .message", has_text=text)).to_have_count(1)
    expect(reader.locator("h1")).to_contain_text("Julbord")  # still reading the article
    for page in (reader, johan):
        page.context.close()


def test_a_group_rooms_message_counts_in_the_header_of_a_member_elsewhere(browser, devserver):
    """Johan reads the news; Sara writes in their running club's room. His header's count grows through his
    own topic (the page listens to no room), and the room's list on /chat/ shows it too."""
    johan = person(browser, devserver, "johan.lind", "/news/")
    link = johan.locator(".chat-link")
    expect(link).to_have_attribute("data-live", "ready")
    before = int(link.locator(".count-badge").text_content() or 0)
    sara = person(browser, devserver, "sara.nilsson", "/chat/")
    room_named(sara, "Löparklubben").click()
    expect(sara.locator(".chat-pane[data-live=ready]")).to_be_visible()
    send(sara, f"Backe i kväll {uuid.uuid4().hex[:6]}")
    expect(link.locator(".count-badge")).to_have_text(str(before + 1))
    for page in (sara, johan):
        page.context.close()
