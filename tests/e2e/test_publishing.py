"""Publishing in the browser, end to end, on a devserver whose repository is a temporary clone of this
one (content and git): the project's own history and working tree are never written."""

import json
import re
import subprocess
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import Devserver
from tests.e2e.conftest import ROOT, log_in
from tests.e2e.test_browser import AXE
from tests.e2e.test_groups import png
from tests.e2e.test_look import LOOK, STRAY

DOCS_PASTE = ('<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><h1 dir="ltr">'
              '<span style="font-size:20pt;">Vad händer nu</span></h1><p dir="ltr"><span style="font-weight:700;">'
              'Viktigt:</span><span> läs </span><span style="font-style:italic;">noga</span></p><ul><li dir="ltr">'
              '<p><span>Första punkten</span></p></li><li><p><span>Andra</span></p></li></ul>'
              '<p><a href="https://example.com/x"><span style="color:#1155cc">en länk</span></a></p></b>'
              '<script>window.pasted = 1</script>')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The intranet on a clone of this repository; yields (devserver, git in the clone)."""
    tmp = tmp_path_factory.mktemp("publishing")
    clone = tmp / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "-q", "-B", "main"], cwd=clone, check=True)

    def git(*args):
        return subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True, text=True).stdout

    server = Devserver(tmp, TORGET_REPO=str(clone), TORGET_CONTENT=str(clone / "content"),
                       TORGET_OUTPUT=str(tmp / "output"))
    yield server, git, clone
    server.stop()


def page_for(browser, server, sub, path="/write/"):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else route.abort())
    page = context.new_page()
    log_in(page, server, sub, path)
    return page


def test_karin_writes_a_blog_post_with_an_image_and_publishes_it(browser, site, tmp_path):
    server, git, _ = site
    image = tmp_path / "vindkraft.png"
    image.write_bytes(png(160, 90))
    page = page_for(browser, server, "karin.ek", "/")
    page.get_by_role("link", name="Skriv", exact=True).click()
    page.get_by_role("link", name="Nytt blogginlägg").click()
    page.get_by_label("Rubrik", exact=True).fill("Vintern i Storliden")
    page.wait_for_url(re.compile(r".*/write/\?id="))
    page.get_by_label("Sammanfattning").fill("Hur parken klarar kylan.")
    text = page.locator("#article-text")
    text.fill("Det har varit en kall vecka.\n\n## Vad vi lärde oss\n\nVingarna klarar kylan.\n")
    page.locator("input[type=file]").set_input_files(str(image))
    page.get_by_label("Beskriv bilden").fill("Vindkraftverk i snö")
    page.get_by_role("button", name="Infoga bilden").click()
    expect(text).to_have_value(re.compile(r"!\[Vindkraftverk i snö\]\(/uploads/u/karin\.ek/[0-9A-Z]{26}\.png\)"))
    # The preview shows the text in the article page's layout, the uploaded image included.
    preview = page.locator(".editor-preview")
    expect(preview.get_by_role("heading", name="Vintern i Storliden", level=1)).to_be_visible()
    expect(preview.get_by_role("heading", name="Vad vi lärde oss", level=2)).to_be_visible()
    expect(preview.get_by_role("img", name="Vindkraftverk i snö")).to_be_visible()
    expect(page.locator(".save-status")).to_contain_text("Sparat")
    before = int(git("rev-list", "--count", "HEAD"))
    started = time.perf_counter()
    page.get_by_role("button", name="Publicera", exact=True).click()
    live = page.locator(".outcome a")
    expect(live).to_have_attribute("href", "/blog/vintern-i-storliden/", timeout=20_000)
    print(f"\nPublicera -> live on the local site: {time.perf_counter() - started:.2f} s")
    # One commit, by her, with exactly the Markdown file and the image.
    assert int(git("rev-list", "--count", "HEAD")) == before + 1
    assert git("log", "-1", "--format=%an <%ae>").strip() == "Karin Ek <karin.ek@fjallvind.example>"
    changed = sorted(line.split("\t") for line in git("show", "--name-status", "--format=", "HEAD").split("\n") if line)
    assert [status for status, _ in changed] == ["A", "A"]
    assert changed[0][1] == "content/blog/vintern-i-storliden.md"
    assert re.match(r"content/images/blog/vintern-i-storliden/[0-9a-z]{26}\.png$", changed[1][1])
    live.click()
    expect(page.get_by_role("heading", name="Vintern i Storliden", level=1)).to_be_visible()
    expect(page.locator(".prose img[alt='Vindkraftverk i snö']")).to_have_js_property("naturalWidth", 160)
    page.goto(server.url + "/people/karin-ek/")
    expect(page.get_by_role("link", name="Vintern i Storliden")).to_be_visible()
    page.goto(server.url + "/")
    expect(page.get_by_role("link", name="Vintern i Storliden").first).to_be_visible()


def test_johan_approves_a_news_article_an_author_submitted(browser, site):
    server, git, clone = site
    ahmed = page_for(browser, server, "ahmed.hassan", "/write/?new=news")
    ahmed.get_by_label("Rubrik", exact=True).fill("Nytt friskvårdsbidrag 2027")
    ahmed.wait_for_url(re.compile(r".*/write/\?id="))
    ahmed.locator("#article-text").fill("Från januari höjs bidraget till 5 000 kronor.\n")
    expect(ahmed.locator("label", has_text="Fäst överst")).to_have_count(0)  # editors pin
    ahmed.get_by_role("button", name="Skicka för granskning").click()
    expect(ahmed.locator(".steps [aria-current=step]")).to_have_text("Granskas")
    assert not (clone / "content/news/nytt-friskvardsbidrag-2027.md").exists()
    assert git("log", "-1", "--format=%an", "torget/nytt-friskvardsbidrag-2027").strip() == "Ahmed Hassan"

    johan = page_for(browser, server, "johan.lind")
    queue = johan.locator("section", has=johan.get_by_role("heading", name="Att granska"))
    queue.get_by_role("link", name="Nytt friskvårdsbidrag 2027").click()
    expect(johan.locator(".editor-preview")).to_contain_text("Från januari höjs bidraget")
    johan.get_by_role("button", name="Godkänn och publicera").click()
    expect(johan.locator(".outcome a")).to_have_attribute("href", "/news/nytt-friskvardsbidrag-2027/", timeout=20_000)
    assert git("log", "-1", "--format=%an|%s", "main").strip() == "Ahmed Hassan|Submit: Nytt friskvårdsbidrag 2027"
    ahmed.reload()
    expect(ahmed.locator(".steps [aria-current=step]")).to_have_text("Publicerad")


def test_an_employee_sees_no_write_and_the_api_refuses_her(browser, site):
    server, git, _ = site
    before = git("rev-parse", "HEAD")
    page = page_for(browser, server, "sara.nilsson", "/")
    expect(page.locator(".account-button")).to_be_visible()
    expect(page.get_by_role("link", name="Skriv", exact=True)).to_have_count(0)
    status = page.evaluate("""() => fetch('/api/articles', {method: 'POST', headers: {'Content-Type': 'application/json',
        'X-Requested-With': 'torget'}, body: JSON.stringify({category: 'blog', title: 'Hej'})}).then(r => r.status)""")
    assert status == 403
    page.goto(server.url + "/write/")
    expect(page.locator("[data-widget=editor]")).to_contain_text("författare och redaktörer")
    assert git("rev-parse", "HEAD") == before


def test_a_draft_survives_a_reload_and_paste_from_google_docs_becomes_markdown(browser, site):
    server, _, _ = site
    page = page_for(browser, server, "karin.ek", "/write/?new=blog")
    page.get_by_label("Rubrik", exact=True).fill("Ett utkast som överlever")
    page.wait_for_url(re.compile(r".*/write/\?id="))
    expect(page.locator(".save-status")).to_contain_text("Sparat")
    text = page.locator("#article-text")
    text.click()
    with page.expect_response(lambda r: "/api/articles/" in r.url and r.request.method == "PATCH"):
        page.evaluate("""(html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', 'plain');
            const paste = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
            document.querySelector('#article-text').dispatchEvent(paste);
        }""", DOCS_PASTE)
        expect(text).to_have_value("## Vad händer nu\n\n**Viktigt:** läs *noga*\n\n- Första punkten\n- Andra\n\n"
                                   "[en länk](https://example.com/x)")
        assert page.evaluate("window.pasted") is None
    expect(page.locator(".save-status")).to_contain_text("Sparat")
    page.reload()
    expect(page.get_by_label("Rubrik", exact=True)).to_have_value("Ett utkast som överlever")
    expect(page.locator("#article-text")).to_have_value(re.compile(r"\*\*Viktigt:\*\* läs \*noga\*"))
    page.goto(server.url + "/write/")
    mine = page.locator("section", has=page.get_by_role("heading", name="Mina utkast"))
    expect(mine.get_by_role("link", name="Ett utkast som överlever")).to_be_visible()


def test_a_conflicting_edit_is_refused_with_both_versions(browser, site):
    server, git, clone = site
    page = page_for(browser, server, "johan.lind", "/news/julbord-2026/")
    page.get_by_role("link", name="Redigera").click()
    page.wait_for_url(re.compile(r".*/write/\?id="))
    text = page.locator("#article-text")
    expect(text).to_have_value(re.compile("Välkommen till årets julbord"))
    # Someone pushes a change to the same file meanwhile.
    path = clone / "content/news/julbord.md"
    path.write_text(path.read_text() + "\nDeras rad om bussen.\n")
    git("-c", "user.name=Other", "-c", "user.email=o@x.example", "commit", "-qam", "Bussen")
    head = git("rev-parse", "HEAD")
    text.press("End")
    text.press("Control+End")
    text.type("\nMin rad om maten.\n")
    expect(page.locator(".save-status")).to_contain_text("Sparat")
    page.get_by_role("button", name="Publicera", exact=True).click()
    conflict = page.locator(".conflict")
    expect(conflict).to_contain_text("Inget är överskrivet")
    expect(conflict.get_by_role("textbox", name="Din version")).to_have_value(re.compile("Min rad om maten"))
    expect(conflict.get_by_role("textbox", name="Versionen på sajten nu")).to_have_value(re.compile("Deras rad om bussen"))
    assert git("rev-parse", "HEAD") == head and "Min rad" not in path.read_text()
    # The API answers the same for a script.
    body = page.evaluate("""(id) => fetch('/api/articles/' + id + '/publish', {method: 'POST', headers: {'Content-Type':
        'application/json', 'X-Requested-With': 'torget'}, body: '{}'}).then(r => r.json())""",
                         page.url.split("id=")[1])
    assert body["error"]["code"] == "edit_conflict"
    assert json.dumps(body["error"]["theirs"], ensure_ascii=False).count("Deras rad om bussen") == 1


@pytest.mark.parametrize("width", [390, 1366])
def test_the_editor_with_its_problems_shown_looks_right_and_passes_axe(browser, site, width):
    server, _, _ = site
    page = page_for(browser, server, "karin.ek", "/write/?new=news")
    page.set_viewport_size({"width": width, "height": 900})
    page.get_by_label("Rubrik", exact=True).fill(f"Utseende {width}")
    page.wait_for_url(re.compile(r".*/write/\?id="))
    page.locator("#article-text").fill("# Fel nivå\n\n![](/images/julbord.svg)\n\n[Klicka](javascript:alert(1))\n")
    page.get_by_role("button", name="Publicera", exact=True).click()
    problems = page.locator(".problems")
    expect(problems).to_contain_text("En bild saknar alt-text")
    # What the site's sanitiser would take out, in the writer's language, with its line.
    expect(problems).to_contain_text('Sidan tar bort href="javascript:alert(1)" ur texten')
    # Each problem is also beside its field, tied to it for screen readers.
    expect(page.locator("#article-text")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#article-text-error")).to_contain_text("rad 1")
    page.evaluate(AXE)
    seen = page.evaluate(LOOK)
    assert not sorted({text for text in seen["texts"] if STRAY.search(text)})
    assert seen["scrollWidth"] <= seen["width"] + 1, seen["wide"]
    assert not seen["overlaps"] and not seen["small"], (seen["overlaps"], seen["small"])
    result = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
    serious = [(v["id"], [n["target"] for n in v["nodes"][:2]]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious
    page.screenshot(path=str(ROOT / "test-artifacts" / f"editor-problems-{width}.png"), full_page=True)


def test_the_editor_behaves_like_a_word_processor_and_leaves_no_empty_draft(browser, site):
    server, _, _ = site
    page = page_for(browser, server, "johan.lind", "/write/")
    before = page.evaluate("fetch('/api/articles?mine=1').then((r) => r.json()).then((b) => b.articles.length)")
    # Opened and left without a keystroke: no untitled draft.
    page.get_by_role("link", name="Nytt blogginlägg").click()
    expect(page.get_by_label("Rubrik", exact=True)).to_be_focused()
    page.goto(server.url + "/write/")
    expect(page.locator("#mine-heading")).to_be_visible()
    assert page.evaluate("fetch('/api/articles?mine=1').then((r) => r.json()).then((b) => b.articles.length)") == before
    page.goto(server.url + "/write/?new=blog")
    text = page.locator("#article-text")
    text.fill("Det blir ")
    # Ctrl+B with nothing selected: an empty pair with the caret inside; pressed again there, nothing is left.
    text.press("End")
    text.press("Control+b")
    expect(text).to_have_value("Det blir ****")
    text.press("Control+b")
    expect(text).to_have_value("Det blir ")
    # A selected word: bold, then not bold; the toolbar's edit undone with Ctrl+Z.
    text.fill("Det blir varmt")
    page.evaluate("() => document.querySelector('#article-text').setSelectionRange(9, 14)")
    page.get_by_role("button", name="Fet").click()
    expect(text).to_have_value("Det blir **varmt**")
    text.press("Control+b")
    expect(text).to_have_value("Det blir varmt")
    page.get_by_role("button", name="Fet").click()
    text.press("Control+z")
    expect(text).to_have_value("Det blir varmt")
    page.wait_for_url(re.compile(r".*/write/\?id="))
    # On a phone the text and its preview take turns.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator(".editor-preview")).to_be_hidden()
    page.get_by_role("button", name="Förhandsgranska", exact=True).click()
    expect(page.locator(".editor-preview")).to_be_visible()
    expect(text).to_be_hidden()
