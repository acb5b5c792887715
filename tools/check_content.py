"""Content checks an editor's push must pass: each fault names its file and line.

    python tools/check_content.py [content/] [--site output/]

Checks every article (content/news, content/blog) and page:
- metadata: Title on everything; Date and Author on articles; the Author has
  a profile in content/people/ (unknown writers have no page);
- images: every Markdown image and <img> has alt text;
- headings: the title is the page's h1, so the text starts at ## and never
  skips a level;
- links: `{static}`/`{filename}`/`{attach}` targets exist, and site paths
  (`/news/…/`) are pages the site has (from the sources, and the built
  site when --site is given);
- markup: nothing the site's sanitiser would remove (script, event attributes,
  `javascript:` links, off-site images: each with its line);
- translations: a translation (`Lang: en`, the same Slug) is not older than
  its source (`Modified:`, else `Date:`, else the last git commit).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "functions"))
from chalicelib.article_markup import removed_by_site
from chalicelib.content_checks import (
    ARTICLE_FOLDERS,
    SECTIONS,
    Problem,
    Source,
    check_source,
    read_text,
    slugify,
)


def read(path: Path) -> Source:
    return read_text(path.read_text(encoding="utf-8"), path)


def url_of(source: Source) -> str | None:
    if not source.is_article:
        return (source.meta.get("url") or "").lstrip("/") or None
    slug = source.meta.get("slug") or slugify(source.meta.get("title", source.path.stem))
    prefix = "en/" if source.meta.get("lang") == "en" else ""
    return f"{prefix}{source.path.parent.name}/{slug}/"


def last_commit(path: Path) -> int | None:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(path)], capture_output=True, text=True,
                             cwd=path.parent, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def changed_at(source: Source) -> str | None:
    return source.meta.get("modified") or source.meta.get("date")


def check(content: Path, site: Path | None = None) -> list[Problem]:
    people = {}
    for profile in sorted((content / "people").glob("*.md")):
        name = read(profile).meta.get("name")
        if name:
            people[name] = profile
    sources = [read(path) for folder in (*ARTICLE_FOLDERS, "pages") for path in sorted((content / folder).glob("*.md"))]
    known = set(SECTIONS) | {f"en/{section}" for section in SECTIONS}
    known |= {url for url in map(url_of, sources) if url}
    known |= {f"people/{slugify(name)}/" for name in people} | {f"en/people/{slugify(name)}/" for name in people}
    for source in sources:
        for tag in (source.meta.get("tags") or "").split(","):
            if tag.strip():
                known |= {f"tags/{slugify(tag)}/", f"en/tags/{slugify(tag)}/"}
    if site and site.is_dir():
        known |= {f"{page.parent.relative_to(site)}/" if page.parent != site else "" for page in site.rglob("index.html")}
        known |= {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()}
    problems = []
    for source in sources:
        problems += check_source(source, lambda path: (content / path).exists(), people, known)
        problems += [Problem(source.path, item["line"] or 1, f"the site removes {item['what']} from the page")
                     for item in removed_by_site("\n".join(source.lines))]
    problems += check_translations(sources)
    return problems


def check_translations(sources: list[Source]) -> list[Problem]:
    found = []
    by_slug = {}
    for source in sources:
        if source.meta.get("lang", "sv") == "sv" and source.is_article:
            by_slug[source.meta.get("slug") or source.path.stem] = source
    for source in sources:
        if source.meta.get("lang", "sv") == "sv" or not source.is_article:
            continue
        original = by_slug.get(source.meta.get("slug") or source.path.stem.split(".")[0])
        if original is None:
            continue
        mine, theirs = changed_at(source), changed_at(original)
        if mine and theirs and original.meta.get("modified") and mine < theirs:
            found.append(Problem(source.path, source.meta_lines.get("modified", 1),
                                 f"translation older than its source ({mine} < {theirs} in {original.path.name})"))
            continue
        mine_commit, theirs_commit = last_commit(source.path), last_commit(original.path)
        if mine_commit and theirs_commit and mine_commit < theirs_commit and not source.meta.get("modified"):
            found.append(Problem(source.path, 1, f"translation older than its source ({original.path.name} changed later)"))
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", nargs="?", default="content", type=Path)
    parser.add_argument("--site", type=Path, default=None, help="the built site, to check site paths against it too")
    args = parser.parse_args(argv)
    problems = check(args.content, args.site)
    for problem in problems:
        print(problem)
    count = len(list((args.content / "news").glob("*.md")) + list((args.content / "blog").glob("*.md")))
    print(f"checked {count} articles: {len(problems)} problem(s)" if problems else f"checked {count} articles: all good")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
