"""Two people talk under an article; hostile comments stay inert in a real browser."""

import gzip
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser
PAYLOADS = [
    line.replace("\\n", "\n")
    for line in (Path(__file__).parent / "data/xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


def new_page(browser, devserver):
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else route.abort())
    return context.new_page()


def test_two_people_comment_react_reply_edit_and_delete(browser, devserver):
    article = "/news/kontoret-byggs-om/"
    sara = new_page(browser, devserver)
    log_in(sara, devserver, "sara.nilsson", article)
    expect(sara.locator(".conversation .empty")).to_be_visible()
    sara.get_by_label("Skriv en kommentar").fill("Blir det **fler** tysta rum på plan 2 också?")
    sara.get_by_role("button", name="Skicka").click()
    mine = sara.locator(".comment").first
    expect(mine.locator(".comment-body")).to_have_text("Blir det fler tysta rum på plan 2 också?")
    expect(mine.locator(".comment-body strong")).to_have_text("fler")
    sara.locator(".conversation > div > .reactions .reaction-main").click()
    expect(sara.locator(".conversation > div > .reactions [data-kind=like]")).to_have_attribute("aria-pressed", "true")

    karin = new_page(browser, devserver)
    log_in(karin, devserver, "karin.ek", article)
    theirs = karin.locator(".comment").first
    expect(theirs.locator(".person-link bdi")).to_have_text("Sara Nilsson")
    expect(karin.locator(".conversation > div > .reactions [data-kind=like] .count")).to_have_text("1")
    expect(karin.locator("#conversation-heading")).to_contain_text("(1)")
    theirs.get_by_role("button", name="Svara").click()
    karin.get_by_label("Svara Sara Nilsson").fill("Ja, två till i vår.")
    karin.locator(".comments .comment-form").get_by_role("button", name="Skicka").click()
    reply = karin.locator(".replies .comment").first
    expect(reply.locator(".comment-body")).to_have_text("Ja, två till i vår.")

    sara.reload()
    reply = sara.locator(".replies .comment").first
    expect(reply.locator(".person-link bdi")).to_have_text("Karin Ek")
    expect(reply).to_contain_text("svar till Sara Nilsson")
    mine = sara.locator(".comments > .comment").first
    mine.get_by_role("button", name="Redigera").first.click()
    sara.get_by_label("Redigera din kommentar").fill("Blir det fler tysta rum på plan 2?")
    sara.get_by_role("button", name="Spara").click()
    expect(mine.locator(":scope > .comment-body")).to_have_text("Blir det fler tysta rum på plan 2?")
    expect(mine.locator(":scope > .comment-head")).to_contain_text("redigerad")

    mine.locator(":scope > .comment-actions").get_by_role("button", name="Ta bort").click()
    sara.locator("dialog.confirm-dialog").get_by_role("button", name="Ta bort").click()
    expect(mine.locator(":scope > .comment-body")).to_have_text("Kommentaren har tagits bort.")
    expect(mine.locator(".replies .comment-body")).to_have_text("Ja, två till i vår.")

    karin.goto(devserver.url + "/")
    counts = karin.locator('[data-counts-for="article:kontoret-byggs-om"]').first
    expect(counts).to_have_text("1 kommentar · 1 reaktion")
    expect(counts.locator("svg")).to_have_count(2)  # our own icons, not emoji the system may lack
    karin.context.close()
    sara.context.close()


def test_the_keyboard_writes_and_sends_a_comment(page, devserver):
    log_in(page, devserver, "ahmed.hassan", "/news/julbord-2026/")
    box = page.get_by_label("Skriv en kommentar")
    box.focus()
    page.keyboard.type("Skickat med tangentbordet")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".comment .comment-body").first).to_have_text("Skickat med tangentbordet")
    expect(page.get_by_role("status")).to_have_text("Din kommentar är publicerad.")


def test_javascript_on_an_article_page_stays_within_budget(page, devserver):
    scripts = {}

    def remember(response):
        if response.request.resource_type == "script":
            scripts[response.url] = response.body()

    log_in(page, devserver, "sara.nilsson", "/news/friskvardsbidrag-2027/")
    # The article page's own scripts (not the login page's on the way there).
    page.on("response", remember)
    page.reload()
    page.locator(".comment").first.wait_for()
    raw = sum(len(body) for url, body in scripts.items() if "/_devserver/" not in url and "livereload" not in url)
    zipped = sum(len(gzip.compress(body, 9)) for url, body in scripts.items() if "livereload" not in url)
    Path(devserver.log.parent / "js-bytes.json").write_text(json.dumps({"raw": raw, "gzip": zipped}))
    assert zipped <= 16 * 1024, (raw, zipped)  # the budget for any page's first load


def test_hostile_comments_stay_inert_in_the_browser(page, devserver):
    article = "/news/storliden-i-drift/"
    log_in(page, devserver, "sara.nilsson", article)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for payload in PAYLOADS:
        response = page.request.post(
            devserver.url + "/api/threads/article:storliden-i-drift/comments",
            data=json.dumps({"text": payload}),
            headers={"Content-Type": "application/json", "X-Requested-With": "torget"},
        )
        assert response.status == 201, (payload, response.text())
    page.reload()
    shown = page.locator(".comments .comment")
    expect(shown.first).to_be_visible()
    while shown.count() < len(PAYLOADS):
        before = shown.count()
        page.get_by_role("button", name="Visa fler kommentarer").click()
        expect(shown).not_to_have_count(before)
    expect(shown).to_have_count(len(PAYLOADS))
    # Hover and focus everything a person might touch.
    for link in page.locator(".comment-body a").all()[:60]:
        link.hover()
    page.wait_for_timeout(500)
    report = page.evaluate("""() => {
        const bodies = [...document.querySelectorAll('.comment-body')];
        const all = bodies.flatMap((b) => [b, ...b.querySelectorAll('*')]);
        const onAttrs = all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name));
        const urls = all.flatMap((el) => ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background']
            .map((n) => el.getAttribute(n) || '')).filter((u) => /^\\s*(javascript|vbscript|data):/i.test(u));
        const tags = [...new Set(bodies.flatMap((b) => [...b.querySelectorAll('*')].map((e) => e.tagName.toLowerCase())))];
        return {onAttrs, urls, tags, xss: window.__xss || null, title: document.title};
    }""")
    assert dialogs == []
    assert report["onAttrs"] == [] and report["urls"] == []
    assert report["xss"] is None
    assert set(report["tags"]) <= {"p", "a", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "br", "hr", "del"}
    links = page.locator(".comment-body a").evaluate_all("(links) => links.map((a) => [a.getAttribute('href'), a.rel])")
    for href, rel in links:
        assert re.match(r"^(https?:|mailto:|/people/)", href), href
        assert rel == "nofollow noopener ugc"
    assert "Vindparken" in report["title"]


def test_mentioning_a_colleague_picks_them_from_a_list_with_the_keyboard(browser, devserver):
    page = new_page(browser, devserver)
    log_in(page, devserver, "sara.nilsson", "/news/friskvardsbidrag-2027/")
    box = page.get_by_label("Skriv en kommentar")
    box.click()
    box.press_sequentially("Tack @kar")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_contain_text("Karin Ek")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"-0$"))  # the first is the one Enter picks
    box.press("Enter")  # picks; does not send
    expect(box).to_have_value("Tack @karin.ek ")
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.press_sequentially("för svaret")
    page.get_by_role("button", name="Skicka").click()
    link = page.locator(".comment .comment-body a", has_text="Karin Ek").first
    expect(link).to_be_visible()
    # In the chat, Enter with the list open picks a name; with it closed, Enter sends.
    page.goto(devserver.url + "/chat/")
    page.locator(".room-list .room", has_text="Löparklubben").click()
    area = page.get_by_label("Skriv ett meddelande")
    area.press_sequentially("Hej @elin")
    expect(page.get_by_role("option").first).to_contain_text("Elin Forsberg")
    area.press("Enter")
    expect(area).to_have_value("Hej @elin.forsberg ")
    area.press("Enter")
    expect(page.locator(".chat-pane .message.mine").last.locator(".comment-body a")).to_have_text("@Elin Forsberg")
