"""The Atom feeds read by a feed parser (feedparser): absolute ids and links from the site's configured
address, each language's feed its own self link, entry ids that are tag URIs on the site's host, and
no page advertising a feed that only a logged-in browser can read (plugins/feeds.py)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://127.0.0.1:8123"  # a port other than the default: the feeds follow the configuration


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("feeds")
    env = {key: value for key, value in os.environ.items() if key != "PUBLIC_URL"}
    subprocess.run([sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(out), "-q",
                    "-e", f'CACHE_PATH="{out.parent / "feeds-cache"}"', "SEARCH_INDEX=false", "LOAD_CONTENT_CACHE=false"],
                   cwd=ROOT, env={**env, "PORT": "8123"}, check=True, capture_output=True)
    return out


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_each_feed_is_valid_atom_with_absolute_ids_and_its_own_self_link(site, prefix):
    path = site / prefix.lstrip("/") / "feeds" / "all.atom.xml"
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    own = f"{SITE}{prefix}/feeds/all.atom.xml"
    assert parsed.feed.id == own
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [own]
    assert [link.href for link in parsed.feed.links if link.rel == "alternate"] == [f"{SITE}{prefix}/"]
    assert len(parsed.entries) >= 10
    ids = [entry.id for entry in parsed.entries]
    assert len(set(ids)) == len(ids)
    for entry in parsed.entries:
        assert entry.id.startswith("tag:127.0.0.1,2026-"), entry.id
        assert entry.link.startswith(f"{SITE}/"), entry.link  # either language: a feed lists translations too
        assert entry.title and entry.updated
        assert urlsplit(entry.link).scheme == "http"


def test_an_entry_has_one_id_wherever_it_is_listed(site):
    # A translation is listed in both languages' feeds: the same address, the same id; another address, another id.
    pairs = {(entry.link, entry.id) for feed in ("feeds/all.atom.xml", "en/feeds/all.atom.xml")
             for entry in feedparser.parse((site / feed).read_bytes()).entries}
    links, ids = {link for link, _ in pairs}, {entry_id for _, entry_id in pairs}
    assert len(pairs) == len(links) == len(ids)
    assert any("/en/" in link for link in links) and any("/en/" not in link for link in links)


def test_no_page_advertises_a_feed(site):
    # The feeds are behind the login like every page: a reader without the session cookie gets the login page.
    pages = [site / "index.html", site / "en/index.html", site / "news/torget-oppnar/index.html", site / "news/index.html",
             site / "people/karin-ek/index.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "application/atom+xml" not in text and ".atom.xml" not in text, page
