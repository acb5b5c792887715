"""The content checks: the demo content passes, and each kind of fault is caught with its file and line."""

import textwrap
from pathlib import Path

import pytest

from tools import check_content

ROOT = Path(__file__).resolve().parents[2]
GOOD = """\
Title: Kontoret byggs om
Date: 2026-11-04 08:30
Author: Johan Lind
Tags: kontoret
Slug: kontoret

Inledning.

## Vad händer

![Ritning över kontoret]({static}/images/plan.svg)

Se [julbordet](/news/julbord/) och [arkivet](/archive/).

### Detaljer

```
# not a heading in code
```
"""


def site(tmp_path: Path, **files: str) -> Path:
    content = tmp_path / "content"
    (content / "people").mkdir(parents=True)
    (content / "people" / "johan-lind.md").write_text("Name: Johan Lind\nPerson: johan.lind\n\nBio.\n", encoding="utf-8")
    (content / "images").mkdir()
    (content / "images" / "plan.svg").write_text("<svg/>", encoding="utf-8")
    (content / "news").mkdir()
    (content / "news" / "julbord.md").write_text(
        "Title: Julbord\nDate: 2026-11-01\nAuthor: Johan Lind\nSlug: julbord\n\nText.\n", encoding="utf-8")
    for name, text in files.items():
        path = content / (name.replace("__", "/") + ".md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return content


def problems(content: Path) -> list[str]:
    return [f"{p.path.name}:{p.line}: {p.message}" for p in check_content.check(content)]


def test_the_demo_content_passes():
    assert check_content.check(ROOT / "content") == []


def test_a_good_article_passes(tmp_path):
    assert problems(site(tmp_path, news__kontoret=GOOD)) == []


@pytest.mark.parametrize("change, expected", [
    (("Author: Johan Lind\n", ""), "kontoret.md:1: missing Author: metadata"),
    (("Date: 2026-11-04 08:30\n", ""), "kontoret.md:1: missing Date: metadata"),
    (("Title: Kontoret byggs om\n", ""), "kontoret.md:1: missing Title: metadata"),
    (("Author: Johan Lind", "Author: Okänd Skribent"), "kontoret.md:3: unknown author 'Okänd Skribent'"),
    (("![Ritning över kontoret]", "![]"), "kontoret.md:11: image without alt text: {static}/images/plan.svg"),
    (("Inledning.", '<img src="x.png">'), "kontoret.md:7: image without alt text"),
    (("Inledning.", '<img src="x.png" alt=" ">'), "kontoret.md:7: image without alt text"),
    (("### Detaljer", "#### Detaljer"), "kontoret.md:15: heading skips a level (h2 to h4)"),
    (("Inledning.", "# Inledning"), "kontoret.md:7: a # heading in the text"),
    (("{static}/images/plan.svg", "{static}/images/saknas.svg"), "kontoret.md:11: broken link: {static}/images/saknas.svg"),
    (("(/news/julbord/)", "(/news/julfest/)"), "kontoret.md:13: broken link: /news/julfest/ (no such page)"),
    (("(/archive/)", "({filename}/news/borta.md)"), "kontoret.md:13: broken link: {filename}/news/borta.md"),
    (("Inledning.", "[klicka](javascript:alert(1))"), 'kontoret.md:7: the site removes href="javascript:alert(1)"'),
    (("Inledning.", 'Inledning.\n{: onclick="alert(1)" }'), "kontoret.md:8: the site removes onclick"),
    (("Inledning.", "<script>alert(1)</script>"), "kontoret.md:7: the site removes <script>"),
    (("Inledning.", "![Karta](https://tracker.example/p.gif)"), 'kontoret.md:7: the site removes src="https://tracker'),
])
def test_each_fault_is_named_with_file_and_line(tmp_path, change, expected):
    found = problems(site(tmp_path, news__kontoret=GOOD.replace(*change)))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_translation_older_than_its_source(tmp_path):
    source = GOOD.replace("Slug: kontoret\n", "Slug: kontoret\nModified: 2026-11-20 10:00\n")
    translation = ("Title: The office\nDate: 2026-11-04 08:30\nModified: 2026-11-05 09:00\nAuthor: Johan Lind\n"
                   "Slug: kontoret\nLang: en\n\nText.\n")
    found = problems(site(tmp_path, news__kontoret=source, **{"news__kontoret.en": translation}))
    assert found == ["kontoret.en.md:3: translation older than its source (2026-11-05 09:00 < 2026-11-20 10:00 in kontoret.md)"]
    newer = translation.replace("2026-11-05 09:00", "2026-11-21 09:00")
    assert problems(site(tmp_path / "again", news__kontoret=source, **{"news__kontoret.en": newer})) == []


def test_the_command_exits_non_zero_and_prints_each_problem(tmp_path, capsys):
    content = site(tmp_path, news__kontoret=GOOD.replace("![Ritning över kontoret]", "![]"))
    assert check_content.main([str(content)]) == 1
    out = capsys.readouterr().out
    assert "kontoret.md:11: image without alt text" in out and "1 problem(s)" in out
    assert check_content.main([str(site(tmp_path / "ok", news__kontoret=GOOD))]) == 0
