"""The Markdown file a publish commits: its header generated field by field, its images, and the content
checks of tools/check_content.py run on it before anything is committed; the editor's preview."""

import re
import time
from datetime import datetime

from chalicelib import keys, store, uploads
from chalicelib.article_markup import removed_by_site, render
from chalicelib.articles import rules
from chalicelib.content_checks import SECTIONS, check_source, read_text, slugify
from chalicelib.errors import ValidationFailed


def path_for(draft: dict) -> str:
    if draft.get("path"):
        return draft["path"]
    suffix = ".en" if draft["lang"] == "en" else ""
    return f"content/{draft['category']}/{draft['slug']}{suffix}.md"


def header_lines(draft: dict, when: datetime) -> list[str]:
    """The metadata header, one generated line per field (values were made one line on the way in)."""
    editing = bool(draft.get("baseSha"))
    stamp = when.astimezone(rules.TZ).strftime("%Y-%m-%d %H:%M")
    date = draft.get("originalDate") if editing and draft.get("originalDate") else stamp
    author = draft.get("originalAuthor") if editing and draft.get("originalAuthor") else draft["authorName"]
    lines = [("Title", draft["title"]), ("Date", date)]
    if editing:
        lines.append(("Modified", stamp))
    lines += [("Author", author), ("Tags", ", ".join(draft.get("tags") or [])), ("Summary", draft.get("summary", "")),
              ("Slug", draft["slug"]), ("Lang", draft["lang"])]
    if draft.get("pinned"):
        lines.append(("Pinned", "true"))
    if not draft.get("comments", True):
        lines.append(("Comments", "off"))
    if draft.get("acknowledge"):
        lines.append(("Acknowledge", "required"))
    if draft.get("audience"):
        lines.append(("Audience", draft["audience"]))
    lines += [(key, value) for key, value in draft.get("keptHeader") or []]
    return [f"{key}: {rules.one_line(value, key.lower(), 1000)}" for key, value in lines if value != ""]


def render_file(draft: dict, images: dict, when: datetime) -> str:
    """The Markdown file: the generated header, a blank line, the text with image references made {static}."""
    text = rules.UPLOAD_REF.sub(lambda m: "{static}/" + images[m.group(1)][0][len("content/"):], draft["text"])
    return "\n".join(header_lines(draft, when)) + "\n\n" + text.strip("\n") + "\n"


def uploaded_images(draft: dict, caller: dict) -> dict:
    """{upload key: (path in content/images, bytes)} for every upload the text refers to, checked by content."""
    found = {}
    for match in rules.UPLOAD_REF.finditer(draft["text"]):
        found.setdefault(match.group(1), None)
    if len(found) > rules.IMAGES_MAX:
        raise ValidationFailed(f"text: at most {rules.IMAGES_MAX} images in one article", field="text", code="too_many_items")
    images = {}
    for key in found:
        owner = key.split("/")[1]
        if owner not in (caller["id"], draft["authorId"]):
            raise ValidationFailed("text: an image is not one of your uploads", field="text", code="invalid_upload")
        data, _kind = uploads.read_checked(key)
        name = key.rsplit("/", 1)[1].lower()
        images[key] = (f"content/images/{draft['category']}/{draft['slug']}/{name}", data)
    return images


def problems_of(draft: dict, text: str, path: str, repo, images: dict, files: set) -> list[dict]:
    """The content checks of tools/check_content.py on the file to be committed, each tied to a field."""
    problems = []
    if not draft.get("title"):
        problems.append({"field": "title", "code": "title_missing", "message": "Give the article a title."})
    if not draft.get("text", "").strip():
        problems.append({"field": "text", "code": "text_missing", "message": "Write the text."})
    problems += _html_problems(draft["text"])
    content_files = {p[len("content/"):] for p in files}
    new_files = {image_path[len("content/"):] for image_path, _ in images.values()}
    source = read_text(text, path)
    known = _known_paths(content_files)
    names = _author_names(repo, content_files, source.meta.get("author", ""))
    offset = source.body_start  # header lines before the text, plus the blank line
    problems += _removed_markup(source, text, offset)
    for problem in check_source(source, lambda p: p in content_files or p in new_files, names, known):
        code, detail = problem_code(problem.message)
        if problem.line < offset:
            field = "author" if code == "unknown_author" else "title"
            problems.append({"field": field, "code": code, "detail": detail, "message": problem.message})
        else:
            problems.append({"field": "text", "line": problem.line - offset, "code": code, "detail": detail,
                             "message": problem.message})
    # Fields first, the text's problems in the order of their lines.
    return sorted(problems, key=lambda problem: (problem["field"] == "text", problem.get("line") or 0))


PROBLEM_CODES = (
    ("alt_missing", re.compile(r"^image without alt text: (.*)")),
    ("h1_in_text", re.compile(r"^a # heading in the text()")),
    ("heading_skip", re.compile(r"^heading skips a level \((.*)\)")),
    ("broken_link", re.compile(r"^broken link: (\S*)")),
    ("unknown_author", re.compile(r"^unknown author '?([^']*)'?")),
)


def problem_code(message: str) -> tuple[str, str]:
    """A code (the editor says it in the page's language) and the detail, for a content check's message."""
    for code, pattern in PROBLEM_CODES:
        match = pattern.match(message)
        if match:
            return code, match.group(1)
    return "other", ""


def _html_problems(text: str) -> list[dict]:
    """Raw HTML is not written in the browser: the site would show it as it is."""
    from markdown_it import MarkdownIt

    problems = []
    for token in MarkdownIt("commonmark").parse(text):
        kinds = [token.type] + [child.type for child in token.children or []]
        if "html_block" in kinds or "html_inline" in kinds:
            line = (token.map[0] + 1) if token.map else None
            problems.append({"field": "text", "line": line, "code": "html",
                             "message": "HTML is not allowed here: write Markdown"})
            break
    return problems


def _removed_markup(source, text: str, offset: int) -> list[dict]:
    """What the site's sanitiser would take out of the file, each beside its field and line."""
    fields = {number: name for name, number in source.meta_lines.items()}
    problems = []
    for item in removed_by_site(text):
        line = item["line"]
        where = {"field": "text", "line": line - offset} if line and line > offset else {"field": fields.get(line, "text")}
        problems.append({**where, "code": "unsafe_markup", "detail": item["what"],
                         "message": f"The site removes {item['what']} from the page: write it without."})
    return problems


def _known_paths(content_files: set) -> set:
    known = set(SECTIONS) | {f"en/{section}" for section in SECTIONS}
    after = None
    while True:
        page, after = store.query(keys.ARTICLES, "", 100, after=after, index=keys.GSI1)
        known |= {meta["url"].lstrip("/") for meta in page if meta.get("published") and meta.get("url")}
        if after is None:
            break
    known |= {path for path in content_files if path.startswith("images/")}  # served as they are
    for path in content_files:
        if path.startswith("people/") and path.endswith(".md"):
            slug = path[len("people/"):-3]
            known |= {f"people/{slug}/", f"en/people/{slug}/"}
    return known


def _author_names(repo, content_files: set, author: str) -> set:
    """The author's name when it has a profile page (content/people/<slug>.md with that `Name:`):
    one file read, not one per profile."""
    profile = f"people/{slugify(author)}.md"
    if not author or profile not in content_files:
        return set()
    found = repo.file(f"content/{profile}")
    name = read_text(found[0].decode("utf-8"), profile).meta.get("name") if found else None
    return {name} if name else set()


def preview(caller: dict, text) -> dict:
    """The text as the article page will show it (sanitised), with uploads and {static} images resolved."""
    rules.require_writer(caller)
    started = time.perf_counter()
    html = render(rules.clean_body(text))
    return {"html": html, "ms": round((time.perf_counter() - started) * 1000, 1)}
