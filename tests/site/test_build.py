"""A real Pelican build of the demo content into a temp folder, checked page by page."""

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


def metadata(path: Path) -> dict:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head.splitlines())}


def articles():
    for category in ("news", "blog"):
        for path in sorted((CONTENT / category).glob("*.md")):
            yield category, path, metadata(path)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    cache = tmp_path_factory.mktemp("cache")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(out),
         "-e", f'CACHE_PATH="{cache}"', "LOAD_CONTENT_CACHE=false"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "ERROR" not in result.stdout + result.stderr, result.stdout + result.stderr
    return out


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.title = ""
        self.h1 = 0
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.threads: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self.h1 += 1
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "data-thread" in attributes and tag == "article":
            self.threads.append(attributes["data-thread"])
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def url_of(category: str, meta: dict) -> str:
    prefix = "/en" if meta.get("lang") == "en" else ""
    return f"{prefix}/{category}/{meta['slug']}/"


def test_demo_content_is_big_enough():
    published = [m for _, _, m in articles() if m.get("status") != "draft"]
    swedish = [m for m in published if m.get("lang", "sv") == "sv"]
    ceo = [m for m in swedish if m["author"] == "Karin Ek"]
    english = [m for m in published if m.get("lang") == "en"]
    assert len(swedish) >= 15 and len(ceo) >= 4 and len(english) >= 3


def test_every_published_article_is_rendered(site):
    for category, path, meta in articles():
        if meta.get("status") == "draft":
            continue
        page = site / url_of(category, meta).lstrip("/") / "index.html"
        assert page.exists(), path.name
        assert meta["title"] in page.read_text(encoding="utf-8").replace("&#39;", "'")


def test_drafts_are_not_published_anywhere(site):
    drafts = [meta for _, _, meta in articles() if meta.get("status") == "draft"]
    assert drafts
    assert not (site / "drafts").exists()
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json"))
    for draft in drafts:
        assert draft["slug"] not in everything
        assert draft["title"] not in everything


def test_manifest_lists_each_published_thread_once(site):
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["articles"]
    ids = [entry["id"] for entry in manifest]
    assert len(ids) == len(set(ids))
    expected = {f"article:{m['slug']}" for _, _, m in articles() if m.get("status") != "draft"}
    assert set(ids) == expected
    dates = [entry["date"] for entry in manifest]
    assert dates == sorted(dates, reverse=True)
    by_id = {entry["id"]: entry for entry in manifest}
    opening = by_id["article:torget-oppnar"]
    assert opening["lang"] == "sv" and opening["url"] == "/news/torget-oppnar/" and opening["pinned"] is True
    assert opening["author"] == "Johan Lind" and opening["summary"].startswith("Från i dag")
    assert [t["url"] for t in opening["translations"]] == ["/en/news/torget-oppnar/"]
    assert by_id["article:lonesystemet-storning"]["comments"] is False
    assert by_id["article:sakerhetspolicy-2026"]["acknowledge"] is True
    for entry in manifest:
        for version in [entry, *entry["translations"]]:
            assert (site / version["url"].lstrip("/") / "index.html").exists()


def html_pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_no_broken_internal_links(site):
    broken = []
    for path in html_pages(site):
        page = parse(path)
        for link in page.links:
            if not link.startswith("/") or link.startswith(("//", "/api/", "/_devserver/")):
                continue
            target = link.split("#")[0].split("?")[0]
            resolved = site / target.lstrip("/")
            if target.endswith("/"):
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{path.relative_to(site)} → {link}")
    assert not broken, "\n".join(broken[:20])


def test_every_page_has_lang_a_title_and_one_h1(site):
    for path in html_pages(site):
        page = parse(path)
        name = str(path.relative_to(site))
        assert page.lang in ("sv", "en"), name
        assert page.title.strip(), name
        assert page.h1 == 1, f"{name} has {page.h1} h1"


def test_article_pages_carry_their_thread_id(site):
    for category, _, meta in articles():
        if meta.get("status") == "draft":
            continue
        page = parse(site / url_of(category, meta).lstrip("/") / "index.html")
        assert page.threads == [f"article:{meta['slug']}"]


def test_comments_off_and_acknowledge_are_marked(site):
    off = (site / "news/lonesystemet-storning/index.html").read_text(encoding="utf-8")
    assert 'data-comments="off"' in off and "Kommentarer är avstängda" in off and 'data-widget="comments"' not in off
    ack = (site / "news/sakerhetspolicy-2026/index.html").read_text(encoding="utf-8")
    assert 'data-acknowledge="required"' in ack and "Läs och bekräfta" in ack


def test_pinned_articles_lead_the_home_page(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    threads = re.findall(r'<article class="card( pinned)?" data-thread="([^"]+)"', home)
    pinned = {f"article:{m['slug']}" for _, _, m in articles() if m.get("pinned") == "true" and m.get("lang", "sv") == "sv"}
    assert {thread for _, thread in threads[: len(pinned)]} == pinned
    assert all(flag for flag, _ in threads[: len(pinned)])
    assert "VD-bloggen" in home and "Senaste nytt" in home and "Senaste blogginläggen" in home


def test_the_interface_speaks_the_page_language(site):
    swedish = (site / "index.html").read_text(encoding="utf-8")
    english = (site / "en/index.html").read_text(encoding="utf-8")
    assert ">Nyheter<" in swedish and 'href="/en/"' in swedish
    assert ">News<" in english and ">The CEO's blog<" in html.unescape(english)  # autoescaped: The CEO&#39;s
    assert "november" in (site / "news/torget-oppnar/index.html").read_text(encoding="utf-8")
    assert "November" in (site / "en/news/torget-oppnar/index.html").read_text(encoding="utf-8")


def test_translations_link_to_each_other(site):
    sv = (site / "news/torget-oppnar/index.html").read_text(encoding="utf-8")
    en = (site / "en/news/torget-oppnar/index.html").read_text(encoding="utf-8")
    assert 'href="/en/news/torget-oppnar/" hreflang="en"' in sv
    assert 'href="/news/torget-oppnar/" hreflang="sv"' in en


def test_the_ceo_has_a_profile_page_called_vd_bloggen(site):
    page = (site / "people/karin-ek/index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "VD-bloggen</h1>" in page
    assert "images/people/karin-ek.svg" in page and "civilingenjör" in page
    assert (site / "feeds/people/karin-ek.atom.xml").exists()


def test_feeds_tags_archive_and_404_exist(site):
    for name in ("feeds/all.atom.xml", "feeds/news.atom.xml", "feeds/blog.atom.xml", "tags/index.html",
                 "archive/index.html", "404.html", "en/404.html", "login/index.html", "people/index.html"):
        assert (site / name).exists(), name
    feed = (site / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") >= 15


def test_pages_load_no_inline_scripts(site):
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        for script in re.findall(r"<script[^>]*>", html):
            assert 'src="' in script, path
        assert " onclick=" not in html and " onload=" not in html


def test_no_absolute_links_to_other_hosts(site):
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="https?://', html), path


def test_english_listings_link_inside_the_english_site(site):
    english = (site / "en/index.html").read_text(encoding="utf-8")
    assert 'href="/en/blog/varfor-jag-bloggar/"' in english
    assert 'href="/blog/varfor-jag-bloggar/"' not in english
