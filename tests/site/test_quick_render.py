"""The devserver's fast path: after a save that changes only an article's text, its pages are rendered
alone first; the full build that follows must give exactly the same pages."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def builder(tmp_path):
    from devserver.site import WarmBuilder

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    warm = WarmBuilder(content=str(content), output=str(tmp_path / "output"), cache=str(tmp_path / "cache"))
    warm.start()
    ok, _seconds, errors = warm.build()
    assert ok, errors
    yield warm, content, tmp_path / "output"
    warm.stop()


def test_a_text_change_renders_its_pages_alone_and_the_full_build_agrees(builder):
    warm, content, output = builder
    source = content / "news" / "julbord.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEn rad till om bussarna.\n", encoding="utf-8")
    others = {path: path.stat().st_mtime_ns for path in output.rglob("index.html")}
    pages, _seconds, why = warm.quick([str(source)])
    assert pages == ["/news/julbord-2026/", "/en/news/julbord-2026/"] or sorted(pages) == sorted(
        ["/news/julbord-2026/", "/en/news/julbord-2026/"]), (pages, why)
    quick = {page: (output / page.strip("/") / "index.html").read_text(encoding="utf-8") for page in pages}
    assert all("En rad till om bussarna." in html for html in quick.values())
    touched = [path for path, mtime in others.items() if path.stat().st_mtime_ns != mtime]
    assert sorted(str(path.relative_to(output)) for path in touched) == sorted(
        page.strip("/") + "/index.html" for page in pages)  # nothing else was written
    ok, _, errors = warm.build()
    assert ok, errors
    for page, html in quick.items():
        assert (output / page.strip("/") / "index.html").read_text(encoding="utf-8") == html, page


@pytest.mark.parametrize("change", ["Title: Julbord – nytt datum", "Tags: fest, jul, buss", "Slug: julbord-ny"])
def test_a_change_beyond_the_text_needs_the_full_build(builder, change):
    warm, content, _ = builder
    source = content / "news" / "julbord.md"
    key = change.split(":")[0] + ":"
    lines = [change if line.startswith(key) else line for line in source.read_text(encoding="utf-8").splitlines()]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages, _, why = warm.quick([str(source)])
    assert pages is None and "more than its text" in why


def test_a_new_file_needs_the_full_build(builder):
    warm, content, _ = builder
    new = content / "news" / "ny.md"
    new.write_text("Title: Ny\nDate: 2026-11-30 10:00\nAuthor: Johan Lind\n\nText.\n", encoding="utf-8")
    pages, _, why = warm.quick([str(new)])
    assert pages is None and "not an article of the last build" in why
