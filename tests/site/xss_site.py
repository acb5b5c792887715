"""A site built from every XSS payload of the test corpora, in every field an article has, written both
as a file pushed with git and as the web editor writes it; and a check of markup for anything that can
run script or leave the site, used on the built pages, the feeds and the search index."""

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPORA = (ROOT / "tests/e2e/data/xss_payloads.txt", ROOT / "tests/site/data/article_payloads.txt")
AUTHOR = "Karin Ek"


def payloads() -> list[str]:
    found = []
    for corpus in CORPORA:
        for line in corpus.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                found.append(line.replace("\\n", "\n"))
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def git_file(number: int, payload: str) -> str:
    """An article as an editor pushes it with git: the payload in the title, tags, summary and text."""
    line = _one_line(payload)
    return (f"Title: {line}\nDate: 2026-11-01 10:00\nAuthor: {AUTHOR}\nTags: {line}\nSummary: {line}\n"
            f"Slug: xss-git-{number}\n\n{payload}\n\nSista stycket.\n")


def editor_file(number: int, payload: str) -> str:
    """The same payload through the web editor's field checks and file writer (every other one without a
    summary, so Pelican makes one from the text)."""
    sys.path.insert(0, str(ROOT / "functions"))
    from chalicelib.articles import rules, source_file
    from chalicelib.errors import ValidationFailed

    def field(check, *args):
        try:
            return check(*args)
        except ValidationFailed:
            return None

    draft = {"title": field(rules.one_line, payload, "title", 200) or f"Utkast {number}",
             "summary": (field(rules.one_line, payload, "summary", 400) or "") if number % 2 == 0 else "",
             "tags": field(rules.clean_tags, [_one_line(payload)]) or [],
             "text": field(rules.clean_body, payload + "\n\nSista stycket.") or "Text.",
             "slug": f"xss-editor-{number}", "lang": "sv", "authorName": AUTHOR}
    return source_file.render_file(draft, {}, datetime(2026, 11, 1, 10, tzinfo=UTC))


def build(tmp: Path) -> Path:
    """Build the corpus site (with its search index) into tmp/out and return that folder."""
    content = tmp / "content"
    for folder in ("people", "images", "pages"):
        shutil.copytree(ROOT / "content" / folder, content / folder)
    (content / "news").mkdir()
    (content / "blog").mkdir()
    for number, payload in enumerate(payloads()):
        (content / "news" / f"xss-git-{number}.md").write_text(git_file(number, payload), encoding="utf-8")
        (content / "blog" / f"xss-editor-{number}.md").write_text(editor_file(number, payload), encoding="utf-8")
    # One page with every payload in its text, for the browser to load once.
    (content / "news" / "xss-all.md").write_text(
        f"Title: Alla\nDate: 2026-10-01 10:00\nAuthor: {AUTHOR}\nSlug: xss-all\n\n" + "\n\n".join(payloads()) + "\n",
        encoding="utf-8")
    (content / "news" / "xss-author.md").write_text(
        "Title: Skribent\nDate: 2026-11-01 10:00\nAuthor: <img src=x onerror=alert(1)>\nSlug: xss-author\n\nText.\n",
        encoding="utf-8")
    output = tmp / "out"
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output), "-q",
         "-e", "SEARCH_INDEX=true", "LIVE_RELOAD=false", f'CACHE_PATH="{tmp / "cache"}"', "LOAD_CONTENT_CACHE=false"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr + result.stdout
    return output


# Elements a page of ours never has inside its content, whatever the theme does around it.
NEVER = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "svg", "math", "template", "video",
         "audio", "marquee", "keygen", "isindex", "noembed", "style", "textarea", "select", "title"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset", "ping",
                  "codebase", "cite", "longdesc", "lowsrc", "dynsrc"}


def _scheme_bad(value: str) -> bool:
    url = "".join(ch for ch in value if ch not in "\t\n\r").strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e"
                                                                    "\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                                    "\x1b\x1c\x1d\x1e\x1f ").lower()
    return url.startswith(("javascript:", "vbscript:", "data:")) or url.startswith(("//", "/\\", "\\"))


class _Scanner(HTMLParser):
    def __init__(self, page: bool):
        super().__init__(convert_charrefs=True)
        self.page = page  # a whole page: one <title> of the theme's is expected
        self.found: list[str] = []
        self.titles = 0

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        say = self.found.append
        if tag == "title" and self.page:
            self.titles += 1
            if self.titles > 1:
                say("a second <title>")
        elif tag in NEVER:
            say(f"<{tag}>")
        if tag == "script" and not attributes.get("src", "").startswith("/theme/js/"):
            say(f"<script {attrs}>")
        if tag == "meta" and "http-equiv" in attributes:
            say(f"<meta {attrs}>")
        if tag == "link" and attributes.get("rel") not in ("stylesheet", "icon", "manifest", "apple-touch-icon",
                                                            "modulepreload", "alternate"):
            say(f"<link {attrs}>")
        for name, value in attributes.items():
            if name.startswith("on") or name in ("srcdoc", "formaction"):
                say(f"{name} on <{tag}>")
            elif name in URL_ATTRIBUTES and _scheme_bad(value):
                say(f"{name}={value!r} on <{tag}>")
            elif name == "style" and not value.startswith("text-align:"):
                say(f"style={value!r} on <{tag}>")


def scriptable(markup: str, page: bool = True) -> list[str]:
    """What in this markup can run script, navigate away or load from elsewhere (an empty list: nothing)."""
    scanner = _Scanner(page)
    scanner.feed(markup)
    scanner.close()
    return scanner.found
