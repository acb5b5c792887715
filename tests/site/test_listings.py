"""Tag, category and writer pages list the same articles in the same order with plugins/listings.py
as with Pelican's own list scan: the whole site is the same file by file, built with and without it."""

import json
import subprocess
import sys
from pathlib import Path

from bench.generate import generate
from plugins.listings import Listing
from tests.site.test_shared_cache import differing

ROOT = Path(__file__).resolve().parents[2]


def build(content: Path, output: Path, cache: Path, plugins: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output), "-q",
         "-e", "SEARCH_INDEX=false", "LIVE_RELOAD=false", f'CACHE_PATH="{cache}"',
         f"PLUGINS={json.dumps(plugins)}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_listings_are_the_same_as_pelicans_own(tmp_path):
    from pelicanconf import PLUGINS

    assert "listings" in PLUGINS
    content = generate(tmp_path / "content", 120)  # ten tags, six writers, two sections, paginated listings
    build(content, tmp_path / "with", tmp_path / "cache-with", PLUGINS)
    build(content, tmp_path / "without", tmp_path / "cache-without", [name for name in PLUGINS if name != "listings"])
    tag_pages = list((tmp_path / "with" / "tags").rglob("index.html"))
    assert len(tag_pages) >= 10
    assert differing(tmp_path / "with", tmp_path / "without") == []


def test_membership_is_by_identity_and_follows_changes():
    class Item:
        pass

    first, second, third = Item(), Item(), Item()
    listing = Listing([first, second])
    assert first in listing and second in listing and third not in listing
    assert [item for item in [third, second, first] if item in listing] == [second, first]
    # What Pelican asks of it: a listing's articles picked out of all of them, in the order of all of them.
    import random

    everything = [Item() for _ in range(500)]
    chosen = random.Random(7).sample(everything, 120)  # noqa: S311 (a fixed sample, not a secret)
    assert [item for item in everything if item in Listing(chosen)] == [item for item in everything if item in chosen]
    listing.append(third)
    assert third in listing
    listing.remove(first)
    assert first not in listing and isinstance(listing, list) and listing == [second, third]
