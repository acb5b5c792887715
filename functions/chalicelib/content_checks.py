"""The content checks of one article's source, shared by `tools/check_content.py` (an editor's
push) and the web editor (before anything is committed).

Each check names a line; `exists` answers whether a path under content/
is there, `known` holds the site paths pages may link to.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from chalicelib import audiences
from chalicelib.errors import ValidationFailed

ARTICLE_FOLDERS = ("news", "blog")
SECTIONS = {"", "feed/", "news/", "blog/", "groups/", "archive/", "tags/", "people/", "search/", "chat/",
            "notifications/", "login/", "acks/", "banners/", "groups/group/", "feed/post/", "people/person/",
            "write/", "people/org/", "people/department/", "people/office/"}
# Names an article's address may not take: the site's own sections and files.
RESERVED_SLUGS = {section.strip("/").split("/")[0] for section in SECTIONS if section} | {
    "index", "page", "en", "sv", "theme", "images", "feeds", "api", "uploads", "write", "drafts", "manifest",
    "sw", "404", "favicon", "pagefind"}
LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})\s+\S")
FENCE = re.compile(r"^(```|~~~)")


@dataclass
class Problem:
    path: PurePosixPath
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Source:
    path: PurePosixPath
    meta: dict
    meta_lines: dict
    body_start: int
    lines: list

    @property
    def is_article(self) -> bool:
        return self.path.parent.name in ARTICLE_FOLDERS


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_text(text: str, path) -> Source:
    """A source from its text; `path` names it (content/news/x.md)."""
    path = PurePosixPath(path) if isinstance(path, str) else path
    lines = text.splitlines()
    meta, meta_lines, number = {}, {}, 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if not sep or not re.match(r"^[A-Za-z_-]+$", key.strip()):
            break
        meta[key.strip().lower()] = value.strip()
        meta_lines[key.strip().lower()] = number
    else:
        number = len(lines) + 1
    return Source(path, meta, meta_lines, number, lines)


def body(source: Source):
    """(line number, text) of the body, leaving out fenced code."""
    fenced = False
    for number in range(source.body_start, len(source.lines) + 1):
        text = source.lines[number - 1]
        if FENCE.match(text.strip()):
            fenced = not fenced
            continue
        if not fenced:
            yield number, text


def check_source(source: Source, exists, people, known: set) -> list[Problem]:
    """`people`: the names that have a profile; `exists(path)`: a file under content/ is there."""
    found = []
    say = lambda line, message: found.append(Problem(source.path, line, message))  # noqa: E731
    required = ("title", "date", "author") if source.is_article else ("title",)
    for field in required:
        if not source.meta.get(field):
            say(1, f"missing {field.capitalize()}: metadata")
    if source.meta.get("audience"):
        try:
            audiences.parse(source.meta["audience"])
        except ValidationFailed as error:
            say(source.meta_lines["audience"], error.message)
    author = source.meta.get("author")
    if source.is_article and author and author not in people:
        say(source.meta_lines["author"], f"unknown author {author!r}: add content/people/{slugify(author)}.md")
    level = 1
    for number, text in body(source):
        heading = HEADING.match(text)
        if heading:
            depth = len(heading.group(1))
            if depth == 1:
                say(number, "a # heading in the text: the title is the page's only h1, start at ##")
            elif depth > level + 1:
                say(number, f"heading skips a level (h{level} to h{depth})")
            level = depth
        for is_image, alt, target in LINK.findall(text):
            if is_image and not alt.strip():
                say(number, f"image without alt text: {target}")
            problem = link_problem(target, source, exists, known)
            if problem:
                say(number, problem)
        for tag in IMG_TAG.findall(text):
            alt = re.search(r"\balt\s*=\s*(\"([^\"]*)\"|'([^']*)')", tag)
            if not alt or not (alt.group(2) or alt.group(3) or "").strip():
                say(number, "image without alt text: " + tag[:60])
    return found


def link_problem(target: str, source: Source, exists, known: set) -> str | None:
    target = target.split("#")[0].split("?")[0]
    for marker in ("{static}", "{filename}", "{attach}"):
        if target.startswith(marker):
            rest = target[len(marker):]
            path = rest.lstrip("/") if rest.startswith("/") else f"{source.path.parent.name}/{rest}"
            return None if exists(path) else f"broken link: {target} (no such file)"
    if target.startswith("/") and not target.startswith("//"):
        path = target.lstrip("/")
        if path in known or (path + "/") in known or path.rstrip("/") + "/" in known:
            return None
        return f"broken link: {target} (no such page)"
    return None
