"""A build that reuses unchanged pages (plugins/render_cache.py) writes exactly what a cold build writes.

One site is built again and again in place, after edits of every kind (an article's text, a title, tags,
a person's profile, a page others link to moving, a new article, a deleted one, a theme template); after
each, a cold build of the same sources into an empty folder with no cache is compared with it file by
file. The edits must also really be cheap: after a text edit only the pages showing that text are rendered."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.site.test_shared_cache import differing

ROOT = Path(__file__).resolve().parents[2]
COUNTS = re.compile(r"render_cache: (\S+): (\d+) pages rendered, (\d+) unchanged, (\d+) without a key, (\d+) no longer")


def build(content: Path, theme: Path, output: Path, cache: Path) -> dict:
    """One build; for each site (language) the pages it rendered, reused, could not key, removed."""
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output), "--verbose",
         "-e", "SEARCH_INDEX=false", "LIVE_RELOAD=false", f'CACHE_PATH="{cache}"', f'THEME="{theme}"'],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    counts = {}
    for site, rendered, reused, unkeyed, removed in COUNTS.findall(done.stdout):
        counts["en" if site.endswith("/en") else "sv"] = {
            "rendered": int(rendered), "reused": int(reused), "unkeyed": int(unkeyed), "removed": int(removed)}
    assert set(counts) == {"sv", "en"}, done.stdout[-2000:]
    return counts


def test_building_again_after_edits_gives_what_a_cold_build_gives(tmp_path):
    content, theme = tmp_path / "content", tmp_path / "theme"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "theme", theme, ignore=shutil.ignore_patterns("__pycache__"))
    site, cache = tmp_path / "site", tmp_path / "cache"

    def same_as_cold(step: str) -> dict:
        counts = build(content, theme, site, cache)
        cold = tmp_path / f"cold-{step}"
        build(content, theme, cold, tmp_path / f"cold-cache-{step}")
        assert differing(site, cold) == [], step
        return counts

    first = same_as_cold("first")
    pages = first["sv"]["rendered"] + first["en"]["rendered"]
    assert pages > 100 and first["sv"]["unkeyed"] == first["en"]["unkeyed"] == 0

    again = build(content, theme, site, cache)
    assert again["sv"]["rendered"] == again["en"]["rendered"] == 0
    assert again["sv"]["reused"] + again["en"]["reused"] == pages

    # A page changed by hand in the output (not by this cache) is rendered again, though nothing it shows changed.
    by_hand = site / "people" / "index.html"
    by_hand.write_text(by_hand.read_text(encoding="utf-8") + "<!-- by hand -->", encoding="utf-8")

    # One article's text: its page in both languages and the listings that show it, nothing else.
    article = content / "news" / "julbord.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nGlöm inte att anmäla specialkost.\n", encoding="utf-8")
    edited = same_as_cold("text")
    assert 2 <= edited["sv"]["rendered"] + edited["en"]["rendered"] < pages / 4
    assert "specialkost" in (site / "news" / "julbord-2026" / "index.html").read_text(encoding="utf-8")
    assert "by hand" not in by_hand.read_text(encoding="utf-8")
    assert "specialkost" in (site / "en" / "news" / "julbord-2026" / "index.html").read_text(encoding="utf-8")

    # A title, tags and a person's title (every byline of theirs) at once.
    other = content / "news" / "kontoret-byggs-om.md"
    text = other.read_text(encoding="utf-8")
    text = re.sub(r"^Title: .*$", "Title: Kontoret byggs om hela våren", text, count=1, flags=re.M)
    text = re.sub(r"^Tags: .*$", "Tags: kontoret, ombyggnad", text, count=1, flags=re.M) if "\nTags:" in text \
        else text.replace("\n\n", "\nTags: kontoret, ombyggnad\n\n", 1)
    other.write_text(text, encoding="utf-8")
    person = content / "people" / "ahmed-hassan.md"
    person.write_text(re.sub(r"^Title: .*$", "Title: HR-chef", person.read_text(encoding="utf-8"), count=1,
                             flags=re.M), encoding="utf-8")
    # A page moves: the pages that link to it ({filename}) follow, though their own text did not change.
    moved = content / "pages" / "my-data.md"
    moved.write_text(moved.read_text(encoding="utf-8").replace("me/data/", "me/my-data/"), encoding="utf-8")
    same_as_cold("metadata")
    assert 'href="/me/my-data/"' in (site / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "HR-chef" in (site / "news" / "julbord-2026" / "index.html").read_text(encoding="utf-8")

    # A new article and a deleted one: the deleted one's page goes, as it would from a cold build.
    (content / "news" / "ny-artikel.md").write_text(
        "Title: En alldeles ny artikel\nDate: 2026-11-20 08:00\nAuthor: Johan Lind\nTags: nytt\n\nNågot hände.\n",
        encoding="utf-8")
    gone = content / "news" / "lonesystemet-storning.md"
    slug = re.search(r"^Slug: (.*)$", gone.read_text(encoding="utf-8"), flags=re.M)
    gone.unlink()
    changed = same_as_cold("new-and-deleted")
    assert changed["sv"]["removed"] >= 1
    assert not (site / "news" / (slug.group(1).strip() if slug else "lonesystemet-storning")).exists()

    # The theme: every page shows the header, so every page is rendered again.
    header = theme / "templates" / "partials" / "header.html"
    header.write_text(header.read_text(encoding="utf-8").replace('class="site-header"', 'class="site-header" data-x="1"'),
                      encoding="utf-8")
    themed = same_as_cold("theme")
    assert themed["sv"]["reused"] == themed["en"]["reused"] == 0
    assert 'data-x="1"' in (site / "index.html").read_text(encoding="utf-8")
