"""The search index holds each article and each writer once: a writer with more articles than a page
of their profile shows is still one result, and tag pages and listings are not indexed."""

import gzip
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench.generate import generate

ROOT = Path(__file__).resolve().parents[2]


def indexed_urls(output: Path) -> list[str]:
    urls = []
    for fragment in (output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(data.removeprefix(b"pagefind_dcd"))["url"])
    return urls


def test_each_article_and_writer_is_indexed_once(tmp_path):
    content = generate(tmp_path / "content", 80)  # six writers: 13 or 14 articles each, two profile pages
    output = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output), "-q",
                    "-e", "SEARCH_INDEX=true", "LIVE_RELOAD=false", f'CACHE_PATH="{tmp_path / "cache"}"'],
                   cwd=ROOT, check=True, capture_output=True)
    assert (output / "people" / "karin-ek" / "page" / "2" / "index.html").exists()
    urls = indexed_urls(output)
    counts = Counter(urls)
    writers = [url for url in counts if url.startswith("/people/")]
    assert len(writers) == 6 and all(counts[url] == 1 for url in writers), counts
    published = [path for path in (output / "news").glob("*/index.html") if path.parent.name != "page"]
    assert sum(url.startswith("/news/") for url in urls) == len(published)
    assert not [url for url in urls if "/tags/" in url or "/page/" in url]
