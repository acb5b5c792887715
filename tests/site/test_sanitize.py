"""Every payload of the corpora, in every field of an article pushed with git or written in the web
editor, leaves no markup that can run script or leave the site on any page that shows it, in the
feeds or in the search index (plugins/sanitize.py and the theme's autoescaping)."""

import gzip
import json
import xml.etree.ElementTree as ET

import pytest

from tests.site.xss_site import build, payloads, scriptable

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("xss"))


def test_the_checker_sees_what_the_holes_were():
    # The shapes the build used to write, so a pass below means the build no longer writes them.
    assert scriptable('<div class="card-summary"><script>alert(1)</script></div>')
    assert scriptable("<title>x</title><title>y</title>")
    assert scriptable('<meta http-equiv=refresh content="9;url=http://attacker.example/x">')
    assert scriptable('<a href="java&#x09;script:alert(1)">x</a>')
    assert scriptable('<p onclick="alert(1)">x</p>')
    assert scriptable('<details open ontoggle=alert(1)>')
    assert scriptable('<a href="//attacker.example/">x</a>')
    assert not scriptable('<title>x</title><p class="muted">&lt;script&gt;alert(1)&lt;/script&gt;</p>'
                          '<script type="module" src="/theme/js/main.js"></script>')


def test_no_page_carries_a_payload_live(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 2 * len(payloads())  # every article, both sites, listings, tags, writers
    found = {}
    for path in pages:
        problems = scriptable(path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(site))] = problems[:3]
    assert not found, dict(list(found.items())[:10])


def test_the_payloads_are_shown_as_text(site):
    # The title of an article whose title was `</title><img …>` is the text itself, escaped, in <title> and <h1>.
    number = payloads().index("</title><img src=x onerror=alert(1)>")
    page = (site / "news" / f"xss-git-{number}" / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt; – Torget</title>" in page
    assert "<h1>&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;</h1>" in page
    # A summary of entities is shown as the entities' text on the listing, never as markup.
    number = payloads().index("&lt;script&gt;alert(1)&lt;/script&gt;")
    listing = "".join(path.read_text(encoding="utf-8") for path in site.glob("news/**/index.html"))
    assert f'href="/news/xss-git-{number}/"' in listing
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing


def test_an_automatic_summary_with_a_code_span_stays_text(site):
    number = payloads().index("Kod `<script>alert(1)</script>` i en mening")
    assert number % 2 == 1  # this one was written in the web editor without a summary
    home = (site / "blog" / "index.html").read_text(encoding="utf-8") + "".join(
        path.read_text(encoding="utf-8") for path in site.glob("blog/page/*/index.html"))
    card = home.split(f'href="/blog/xss-editor-{number}/"', 1)[1].split("</article>", 1)[0]
    assert "Kod &lt;script&gt;alert(1)&lt;/script&gt; i en mening" in card
    assert not scriptable(card, page=False)


def test_feeds_hold_only_clean_html(site):
    feeds = sorted(site.rglob("*.atom.xml"))
    assert feeds
    entries = 0
    for feed in feeds:
        root = ET.parse(feed).getroot()  # noqa: S314 - our own build's output
        for entry in root.iter(f"{ATOM}entry"):
            entries += 1
            for part in (entry.find(f"{ATOM}content"), entry.find(f"{ATOM}summary")):
                if part is not None and part.text:
                    assert not scriptable(part.text, page=False), (feed.name, entry.findtext(f"{ATOM}id"))
            for link in entry.iter(f"{ATOM}link"):
                assert link.get("href", "").startswith(("http://127.0.0.1:8000/", "/")), link.get("href")
    assert entries >= 20


def test_the_search_index_holds_text_and_site_addresses(site):
    # Pagefind keeps a page's text (the widget shows it with textContent) and its metadata: the built page's
    # title as text, its address and image on the site.
    fragments = list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) >= len(payloads())
    for fragment in fragments:
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        assert data["url"].startswith("/") and not data["url"].startswith("//"), data["url"]
        for name, value in data.get("meta", {}).items():
            if name in ("image", "url"):
                assert value.startswith("/") and not value.startswith("//"), (data["url"], value)
        number = data["url"].rstrip("/").rsplit("-", 1)[-1]
        if data["url"].startswith("/news/xss-git-") and number.isdigit():
            payload = payloads()[int(number)]
            assert data["meta"]["title"] == " ".join(payload.split()), data["url"]
