"""Writing and publishing articles in the browser: drafts, review, and a git commit per publish.

A draft lives in DynamoDB while it is written (saved as the person types).
Publishing writes the very Markdown file an editor would have written by
hand, with a metadata header this module generates field by field (never
concatenated from user text), and commits it with its images through
`repository.current()`, crediting the person. Writers with a role that may
publish directly commit to the base branch; others submit: a commit on the
branch `torget/<slug>`, which an editor approves (merged) or sends back.

States: draft -> review -> (changes ->) publishing -> live, or scheduled
before publishing when a publish time lies ahead. "live" is seen, not
assumed: the site's registered articles hold the committed file's SHA.
"""

import functools
import logging
import os
import re
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib import ids, keys, notifications, repository, store, uploads
from chalicelib.article_markup import removed_by_site, render
from chalicelib.content_checks import RESERVED_SLUGS, SECTIONS, check_source, read_text, slugify
from chalicelib.errors import Conflict, Forbidden, NotFound, Unavailable, ValidationFailed
from chalicelib.repository import FileChanged, NotMergeable, Person, RepositoryError, blob_sha
from chalicelib.store import people as people_store

log = logging.getLogger("torget.articles")

CATEGORIES = ("news", "blog")
LANGS = ("sv", "en")
WRITERS = {"author", "editor", "admin"}
EDITORS = {"editor", "admin"}
TITLE_MAX = 200
SUMMARY_MAX = 600
TAG_MAX = 40
TAGS_MAX = 50
IMAGES_MAX = 20
TEXT_MAX_BYTES = 200 * 1024
NOTE_MAX = 2000
NOTES_MAX = 50
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
SOURCE = re.compile(r"^(news|blog)/([a-z0-9]+(?:-[a-z0-9]+)*)(\.en)?\.md$")
# An image uploaded from the editor, as the text refers to it until it is published.
UPLOAD_REF = re.compile(r"/uploads/(u/[a-z0-9][a-z0-9._-]{0,62}/[0-9A-HJKMNP-TV-Z]{26}\.(?:jpg|png|webp|gif))")
# Every kind of line break and control character: none may reach a header line.
BREAKS = re.compile(r"[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+")
STATES = ("draft", "review", "changes", "scheduled", "publishing", "live")
EDITABLE = ("draft", "review", "changes")
TZ = ZoneInfo("Europe/Stockholm")
# Header lines the editor does not show but must keep when it rewrites a file.
OWN_KEYS = {"title", "date", "author", "tags", "summary", "slug", "lang", "pinned", "comments", "acknowledge",
            "modified", "status"}


def repository_errors(action):
    """A repository that cannot be reached (or refuses) means nothing was committed: say so, retry later."""

    @functools.wraps(action)
    def guarded(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except RepositoryError as error:
            log.warning("repository: %s", error)
            raise Unavailable(5, f"Nothing was published: the article repository answered \"{error}\". "
                                 "Try again in a moment.")

    return guarded


# --- who may do what ---
def may_write(caller: dict) -> bool:
    return bool(WRITERS & set(caller["roles"]))


def is_editor(caller: dict) -> bool:
    return bool(EDITORS & set(caller["roles"]))


def may_publish_directly(caller: dict) -> bool:
    allowed = {part.strip() for part in os.environ.get("PUBLISH_WITHOUT_REVIEW", "editor,admin").split(",")}
    return bool(allowed & set(caller["roles"]))


def require_writer(caller: dict) -> None:
    if not may_write(caller):
        raise Forbidden("Only authors and editors write articles here.", code="not_a_writer")


# --- checking what a writer sends ---
def one_line(value, field: str, max_length: int, required: bool = False) -> str:
    """A metadata value: one line (every break and control becomes a space), no markup brackets."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed(f"{field}: must be text", field=field)
    text = BREAKS.sub(" ", value).strip()
    if required and not text:
        raise ValidationFailed(f"{field}: must not be empty", field=field)
    if len(text) > max_length:
        raise ValidationFailed(f"{field}: at most {max_length} characters", field=field, code="too_long")
    if "<" in text or ">" in text:
        raise ValidationFailed(f"{field}: may not contain < or >", field=field)
    return text


def clean_body(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed("text: must be text", field="text")
    text = re.sub("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]", "", value.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text.encode("utf-8")) > TEXT_MAX_BYTES:
        raise ValidationFailed(f"text: at most {TEXT_MAX_BYTES // 1024} KB", field="text", code="too_long")
    return text


def clean_tags(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationFailed("tags: a list of words", field="tags")
    if len(value) > TAGS_MAX:
        raise ValidationFailed(f"tags: at most {TAGS_MAX}", field="tags", code="too_many_items")
    tags = []
    for tag in value:
        clean = one_line(tag, "tags", TAG_MAX)
        if "," in clean:
            raise ValidationFailed("tags: a tag may not contain a comma", field="tags")
        if clean and clean.casefold() not in (t.casefold() for t in tags):
            tags.append(clean)
    return tags


def check_slug(value, field: str = "slug") -> str:
    if not isinstance(value, str) or not SLUG.match(value) or len(value) > SLUG_MAX:
        raise ValidationFailed(f"{field}: lower-case letters, digits and single hyphens, at most {SLUG_MAX}",
                               field=field, code="invalid_slug")
    if value in RESERVED_SLUGS:
        raise ValidationFailed(f"{field}: {value!r} is a name the site uses itself", field=field, code="invalid_slug")
    return value


def check_publish_at(value) -> str | None:
    if value in (None, ""):
        return None
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise ValidationFailed("publishAt: a date and time with its offset, e.g. 2026-12-24T08:00:00+01:00",
                               field="publishAt")
    if when > datetime.now(UTC) + timedelta(days=366):
        raise ValidationFailed("publishAt: at most a year ahead", field="publishAt")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_id(draft_id: str) -> str:
    if not ids.is_id(draft_id):
        raise ValidationFailed("That is not a valid article id.", field="id", code="invalid_id")
    return draft_id


FIELDS = {
    "title": lambda v: one_line(v, "title", TITLE_MAX),
    "summary": lambda v: one_line(v, "summary", SUMMARY_MAX),
    "text": clean_body,
    "tags": clean_tags,
    "pinned": None, "comments": None, "acknowledge": None,
    "publishAt": check_publish_at,
}


def _flag(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise ValidationFailed(f"{name}: true or false", field=name)
    return value


def _changes(caller: dict, body: dict) -> dict:
    changes = {}
    for name, value in body.items():
        check = FIELDS.get(name)
        changes[name] = check(value) if check else _flag(name, value)
    if not is_editor(caller):
        for flag in ("pinned", "acknowledge"):
            if changes.get(flag):
                raise Forbidden(f"{flag}: only editors pin articles or ask for read confirmations", code="editors_only")
    return changes


# --- drafts ---
def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _public(draft: dict, caller: dict) -> dict:
    shown = {name: draft.get(name) for name in (
        "id", "state", "version", "category", "title", "summary", "text", "tags", "lang", "translationOf", "slug",
        "path", "pinned", "comments", "acknowledge", "publishAt", "createdAt", "updatedAt", "url", "notes",
        "reviewUrl", "conflict")}
    shown["author"] = {"id": draft["authorId"], "name": draft["authorName"]}
    shown["editing"] = bool(draft.get("baseSha"))
    shown["mine"] = draft["authorId"] == caller["id"]
    shown["canPublish"] = may_publish_directly(caller)
    shown["canReview"] = is_editor(caller) and draft["authorId"] != caller["id"]
    shown["notes"] = draft.get("notes") or []
    return {name: value for name, value in shown.items() if value is not None}


def _load(draft_id: str) -> dict:
    draft = store.get(keys.article_draft(check_id(draft_id)), consistent=True)
    if draft is None:
        raise NotFound("No such draft.")
    draft["version"] = int(draft["version"])  # DynamoDB numbers come back as Decimal
    return draft


def _readable(caller: dict, draft: dict) -> None:
    if draft["authorId"] == caller["id"]:
        return
    if is_editor(caller) and draft["state"] in ("review", "changes", "scheduled", "publishing", "live"):
        return
    raise NotFound("No such draft.")  # another writer's draft is not there, for everyone else


def _person(caller: dict) -> dict:
    person = people_store.get_person(caller["id"]) or {}
    return {"id": caller["id"], "name": person.get("name") or caller["name"],
            "email": person.get("email") or f"{caller['id']}@localhost"}


@repository_errors
def create(caller: dict, body: dict) -> dict:
    """A new draft: a blank one, a translation of a published article, or an edit of a published file."""
    require_writer(caller)
    source = body.pop("source", None)
    category = body.pop("category", None)
    lang = body.pop("lang", None) or "sv"
    translation_of = body.pop("translationOf", None)
    if lang not in LANGS:
        raise ValidationFailed("lang: sv or en", field="lang")
    person = _person(caller)
    draft = {"id": ids.new_id(), "authorId": caller["id"], "authorName": person["name"], "authorEmail": person["email"],
             "state": "draft", "version": 1, "title": "", "summary": "", "text": "", "tags": [], "lang": lang,
             "pinned": False, "comments": True, "acknowledge": False, "createdAt": _now()}
    if source is not None:
        draft.update(_from_source(caller, source))
    elif translation_of is not None:  # the translation's category and address are the original's
        original = _published(check_slug(translation_of, "translationOf"))
        if original is None or original.get("lang", "sv") == lang:
            raise ValidationFailed("translationOf: no published article in the other language has that slug",
                                   field="translationOf")
        draft.update(translationOf=translation_of, slug=translation_of,
                     category=original["url"].strip("/").split("/")[-2])
    else:
        if category not in CATEGORIES:
            raise ValidationFailed("category: news or blog", field="category")
        draft["category"] = category
    draft.update(_changes(caller, body))
    draft["updatedAt"] = draft["createdAt"]
    store.put({**keys.article_draft(draft["id"]), **keys.drafts_index(caller["id"], draft["updatedAt"]), **draft})
    return _public(draft, caller)


def _published(slug: str) -> dict | None:
    meta = store.get(keys.target(f"article:{slug}"))
    return meta if meta and meta.get("published") else None


def _from_source(caller: dict, source) -> dict:
    """The fields of a published file, to edit it; the draft remembers the file's blob SHA."""
    match = SOURCE.match(source) if isinstance(source, str) else None
    if not match:
        raise ValidationFailed("source: a published article's file, e.g. news/julbord.md", field="source")
    found = repository.current().file(f"content/{source}")
    if found is None:
        raise NotFound("That article's file is not in the repository.")
    data, sha = found
    parsed = read_text(data.decode("utf-8"), f"content/{source}")
    meta = parsed.meta
    slug = meta.get("slug") or match.group(2)
    registered = _published(slug)
    if not is_editor(caller) and (registered is None or registered.get("authorId") != caller["id"]):
        raise Forbidden("Only its author or an editor edits a published article.", code="not_your_article")
    text = "\n".join(parsed.lines[parsed.body_start:]).strip("\n") + "\n"
    kept = [(key, value) for key, value in _header_pairs(parsed) if key.lower() not in OWN_KEYS]
    return {
        "category": match.group(1), "path": f"content/{source}", "baseSha": sha, "slug": slug,
        "title": meta.get("title", ""), "summary": meta.get("summary", ""), "text": text,
        "tags": [tag.strip() for tag in meta.get("tags", "").split(",") if tag.strip()],
        "lang": meta.get("lang") or ("en" if match.group(3) else "sv"),
        "pinned": meta.get("pinned", "").lower() in ("true", "yes", "1"),
        "comments": meta.get("comments", "").lower() not in ("off", "no", "false", "closed"),
        "acknowledge": meta.get("acknowledge", "").lower() in ("required", "yes", "true"),
        "originalDate": meta.get("date", ""), "originalAuthor": meta.get("author", ""),
        "keptHeader": [list(pair) for pair in kept], "url": registered.get("url") if registered else None,
    }


def _header_pairs(parsed) -> list[tuple[str, str]]:
    pairs = []
    for line in parsed.lines[:parsed.body_start - 1]:
        key, _, value = line.partition(":")
        pairs.append((key.strip(), value.strip()))
    return pairs


def get(caller: dict, draft_id: str) -> dict:
    draft = _load(draft_id)
    _readable(caller, draft)
    return _public(_seen_live(draft), caller)


def update(caller: dict, draft_id: str, body: dict) -> dict:
    """Save what the writer has now (autosave); `version` guards against a second tab's older copy."""
    require_writer(caller)
    version = body.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValidationFailed("version: the draft's version you started from", field="version")
    draft = _load(draft_id)
    if draft["authorId"] != caller["id"]:
        raise NotFound("No such draft.")
    if draft["state"] not in EDITABLE:
        raise Conflict("This article is being published; open it again to make another change.", code="not_editable")
    changes = _changes(caller, body)
    if not changes:
        return _public(draft, caller)
    if draft["version"] != version:
        raise Conflict("This draft was saved from another window since; reload to see that version.",
                       code="version_conflict")
    now = _now()
    changes.update(updatedAt=now, version=version + 1, **({"state": "draft"} if draft["state"] == "review" else {}))
    names = {f"#{name}": name for name in changes} | {"#v": "version", "#g": "GSI1SK"}
    kept = {name: value for name, value in changes.items() if value is not None}
    expression = "SET " + ", ".join(f"#{name} = :{name}" for name in kept) + ", #g = :now"
    if len(kept) < len(changes):  # a field cleared (no publish time any more)
        expression += " REMOVE " + ", ".join(f"#{name}" for name in changes if name not in kept)
    values = {f":{name}": value for name, value in kept.items()} | {":now": now, ":old": version}
    actions = [store.update_action(keys.article_draft(draft_id), expression, names, values, condition="#v = :old")]
    if draft["state"] == "review":  # a change after submitting takes it back out of the queue
        actions.append(store.delete_action(keys.review_entry(draft["submittedAt"], draft_id)))
    try:
        store.transact(actions)
    except store.Cancelled:
        raise Conflict("This draft was saved from another window since; reload to see that version.",
                       code="version_conflict")
    return _public({**draft, **changes}, caller)


def discard(caller: dict, draft_id: str) -> dict:
    draft = _load(draft_id)
    if draft["authorId"] != caller["id"]:
        raise NotFound("No such draft.")
    if draft["state"] not in ("draft", "changes"):
        raise Conflict("Only a draft that is not in review or published can be thrown away.", code="not_editable")
    store.delete(keys.article_draft(draft_id))
    return {"deleted": draft_id}


def list_mine(caller: dict, state: str | None = None, limit: int = 50) -> dict:
    """My drafts, newest first; with `state`, only those in that state."""
    require_writer(caller)
    items, _ = store.query(f"DRAFTS#{caller['id']}", "", limit, index=keys.GSI1)
    return {"articles": [_summary(_seen_live(item)) for item in items if state is None or item.get("state") == state]}


def review_queue(caller: dict, limit: int = 50) -> dict:
    if not is_editor(caller):
        raise Forbidden("Only editors review articles.", code="editors_only")
    entries, _ = store.query("REVIEWS", "R#", limit, newest_first=False)
    drafts = store.batch_get([keys.article_draft(entry["draftId"]) for entry in entries])
    drafts = sorted((d for d in drafts if d["state"] == "review"), key=lambda d: d.get("submittedAt", ""))
    return {"articles": [_summary(draft) for draft in drafts]}


def _summary(draft: dict) -> dict:
    return {"id": draft["id"], "title": draft.get("title") or "", "state": draft["state"],
            "category": draft.get("category"), "lang": draft.get("lang"), "updatedAt": draft.get("updatedAt"),
            "author": {"id": draft["authorId"], "name": draft["authorName"]}, "url": draft.get("url"),
            "editing": bool(draft.get("baseSha")), "submittedAt": draft.get("submittedAt")}


# --- the file ---
def path_for(draft: dict) -> str:
    if draft.get("path"):
        return draft["path"]
    suffix = ".en" if draft["lang"] == "en" else ""
    return f"content/{draft['category']}/{draft['slug']}{suffix}.md"


def header_lines(draft: dict, when: datetime) -> list[str]:
    """The metadata header, one generated line per field (values were made one line on the way in)."""
    editing = bool(draft.get("baseSha"))
    date = draft.get("originalDate") if editing and draft.get("originalDate") else when.astimezone(TZ).strftime("%Y-%m-%d %H:%M")
    author = draft.get("originalAuthor") if editing and draft.get("originalAuthor") else draft["authorName"]
    lines = [("Title", draft["title"]), ("Date", date)]
    if editing:
        lines.append(("Modified", when.astimezone(TZ).strftime("%Y-%m-%d %H:%M")))
    lines += [("Author", author), ("Tags", ", ".join(draft.get("tags") or [])), ("Summary", draft.get("summary", "")),
              ("Slug", draft["slug"]), ("Lang", draft["lang"])]
    if draft.get("pinned"):
        lines.append(("Pinned", "true"))
    if not draft.get("comments", True):
        lines.append(("Comments", "off"))
    if draft.get("acknowledge"):
        lines.append(("Acknowledge", "required"))
    lines += [(key, value) for key, value in draft.get("keptHeader") or []]
    return [f"{key}: {one_line(value, key.lower(), 1000)}" for key, value in lines if value != ""]


def render_file(draft: dict, images: dict, when: datetime) -> str:
    """The Markdown file: the generated header, a blank line, the text with image references made {static}."""
    text = UPLOAD_REF.sub(lambda m: "{static}/" + images[m.group(1)][0][len("content/"):], draft["text"])
    return "\n".join(header_lines(draft, when)) + "\n\n" + text.strip("\n") + "\n"


def _uploaded_images(draft: dict, caller: dict) -> dict:
    """{upload key: (path in content/images, bytes)} for every upload the text refers to, checked by content."""
    found = {}
    for match in UPLOAD_REF.finditer(draft["text"]):
        found.setdefault(match.group(1), None)
    if len(found) > IMAGES_MAX:
        raise ValidationFailed(f"text: at most {IMAGES_MAX} images in one article", field="text", code="too_many_items")
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
        page, after = store.query("ARTICLES", "", 100, after=after, index=keys.GSI1)
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


# --- publishing ---
@repository_errors
def publish(caller: dict, draft_id: str, version) -> dict:
    """Publish (a writer who may) or submit for review; the content checks first, nothing committed until they pass."""
    require_writer(caller)
    draft = _load(draft_id)
    if draft["authorId"] != caller["id"]:
        raise NotFound("No such draft.")
    if draft["state"] not in EDITABLE:
        raise Conflict("This article is already on its way.", code="not_editable")
    if version is not None and version != draft["version"]:
        raise Conflict("This draft was saved from another window since; reload to see that version.",
                       code="version_conflict")
    repo = repository.current()
    files = repo.paths("content")  # one listing serves the slug check and the link checks
    draft = _fix_slug(draft, repo, files)
    direct = may_publish_directly(caller)
    when = datetime.now(UTC)
    if direct and draft.get("publishAt") and draft["publishAt"] > when.strftime("%Y-%m-%dT%H:%M:%SZ"):
        _check_file(caller, draft, repo, when, files)
        return _schedule(caller, draft)
    return _commit(caller, draft, repo, when, to_base=direct, files=files)


def _fix_slug(draft: dict, repo, files: set) -> dict:
    """The slug and path a new article gets at its first publish or submit: derived, checked, not taken."""
    if draft.get("path") or draft.get("branch"):
        return draft
    slug = draft.get("slug") or slugify(draft.get("title") or "")
    if not slug:
        raise ValidationFailed("title: give the article a title first", field="title")
    slug = check_slug(slug[:SLUG_MAX].strip("-"), "title")
    draft = {**draft, "slug": slug}
    path = path_for(draft)
    if draft.get("translationOf"):
        if path in files:
            raise Conflict("That article already has a translation in this language.", code="slug_taken", field="lang")
    else:
        taken = any(f"content/{category}/{slug}{suffix}.md" in files for category in CATEGORIES for suffix in ("", ".en"))
        if taken or _published(slug) is not None or repo.has_branch(f"torget/{slug}"):
            raise Conflict(f"Another article already has the address {slug!r}: change the title a little.",
                           code="slug_taken", field="title")
    return draft


def _check_file(caller: dict, draft: dict, repo, when: datetime, files: set | None = None) -> tuple[str, dict]:
    images = _uploaded_images(draft, caller)
    path = path_for(draft)
    text = render_file(draft, images, when)
    problems = problems_of(draft, text, path, repo, images, repo.paths("content") if files is None else files)
    if problems:
        raise ValidationFailed("The article has problems to fix before it is published.", code="content_problems",
                               details={"problems": problems})
    return text, images


def _commit(caller: dict, draft: dict, repo, when: datetime, to_base: bool, files: set | None = None) -> dict:
    text, images = _check_file(caller, draft, repo, when, files)
    path = path_for(draft)
    files = {path: text.encode("utf-8"), **{image_path: data for image_path, data in images.values()}}
    expected = {path: draft.get("baseSha")}
    person = _person(caller)
    verb = "Edit" if draft.get("baseSha") else ("Publish" if to_base else "Submit")
    message = f"{verb}: {draft['title']}\n\nWritten in Torget by {person['name']}."
    branch = repo.base if to_base else f"torget/{draft['slug']}"
    try:
        commit = repo.commit(branch, files, expected, message, Person(person["name"], person["email"]))
    except FileChanged as changed:
        _remember_conflict(draft, changed)
        raise _conflict(draft, changed, text)
    now = _now()
    fields = {"slug": draft["slug"], "path": path, "commit": commit, "updatedAt": now, "committedSha": blob_sha(files[path]),
              "conflict": None}
    actions = []
    if to_base:
        fields["state"] = "publishing"
    else:
        fields.update(state="review", branch=branch, submittedAt=now, reviewUrl=repo.review_url(branch))
        actions.append(store.put_action({**keys.review_entry(now, draft["id"]), "draftId": draft["id"]}))
    if draft["state"] == "review":
        actions.append(store.delete_action(keys.review_entry(draft["submittedAt"], draft["id"])))
    _save(draft, fields, actions)
    return _public({**draft, **fields}, caller)


def _save(draft: dict, fields: dict, actions: list | None = None) -> None:
    removed = [name for name, value in fields.items() if value is None]
    kept = {name: value for name, value in fields.items() if value is not None}
    names = {f"#{name}": name for name in fields} | {"#g": "GSI1SK", "#v": "version"}
    expression = "SET " + ", ".join(f"#{name} = :{name}" for name in kept) + ", #g = :updatedAt, #v = #v + :one"
    if removed:
        expression += " REMOVE " + ", ".join(f"#{name}" for name in removed)
    values = {f":{name}": value for name, value in kept.items()} | {":one": 1, ":old": draft["version"]}
    values.setdefault(":updatedAt", _now())
    store.transact([store.update_action(keys.article_draft(draft["id"]), expression, names, values,
                                        condition="#v = :old"), *(actions or [])])
    fields["version"] = draft["version"] + 1


def _remember_conflict(draft: dict, changed) -> None:
    store.update(keys.article_draft(draft["id"]), "SET #c = :c", {"#c": "conflict"},
                 {":c": {"path": changed.path, "at": _now()}})


def _conflict(draft: dict, changed, mine: str) -> Conflict:
    theirs = changed.text.decode("utf-8", errors="replace") if changed.text is not None else None
    message = ("Someone changed this article since you started editing it. Nothing was overwritten: "
               "compare the two versions, copy what you need into your draft, and publish again."
               if theirs is not None else "The article's file was removed or moved since you started editing.")
    return Conflict(message, code="edit_conflict", details={"mine": mine, "theirs": theirs, "theirsSha": changed.sha})


@repository_errors
def rebase(caller: dict, draft_id: str) -> dict:
    """After a conflict: start again from the file as it is now (the writer's text stays in the draft)."""
    draft = _load(draft_id)
    if draft["authorId"] != caller["id"] or not draft.get("path"):
        raise NotFound("No such draft.")
    found = repository.current().file(draft["path"])
    _save(draft, {"baseSha": found[1] if found else None, "conflict": None})
    return get(caller, draft_id)


def _schedule(caller: dict, draft: dict) -> dict:
    fields = {"state": "scheduled", "slug": draft["slug"], "path": path_for(draft),
              "scheduledBy": caller["id"], "updatedAt": _now()}
    _save(draft, fields, [store.put_action({**keys.scheduled_entry(draft["publishAt"], draft["id"]),
                                            "draftId": draft["id"]})])
    return _public({**draft, **fields}, caller)


def publish_due(now: datetime | None = None) -> int:
    """Commit every scheduled article whose time has come (the scheduled job; the devserver's loop)."""
    now = now or datetime.now(UTC)
    due, _ = store.query("SCHEDULED", "S#", 20, newest_first=False)
    published = 0
    for entry in due:
        if entry["SK"][2:22] > now.strftime("%Y-%m-%dT%H:%M:%SZ"):
            break
        draft = store.get(keys.article_draft(entry["draftId"]), consistent=True)
        store.delete(keys.scheduled_entry(entry["SK"][2:22], entry["draftId"]))
        if draft is None or draft["state"] != "scheduled":
            continue
        publisher = {"id": draft["authorId"], "name": draft["authorName"], "roles": ["author"]}
        try:
            _commit(publisher, {**draft, "state": "draft"} | {"version": draft["version"]}, repository.current(), now,
                    to_base=True)
            published += 1
        except (Conflict, ValidationFailed) as error:
            _save(draft, {"state": "changes", "notes": _with_note(draft, None, str(error))})
    return published


# --- review ---
def _with_note(draft: dict, by: dict | None, text: str) -> list:
    note = {"by": by["name"] if by else "Torget", "text": text, "at": _now()}
    return ((draft.get("notes") or []) + [note])[-NOTES_MAX:]


@repository_errors
def approve(caller: dict, draft_id: str) -> dict:
    """An editor approves a submitted article: its branch is merged, and the site builds it."""
    if not is_editor(caller):
        raise Forbidden("Only editors approve articles.", code="editors_only")
    draft = _load(draft_id)
    if draft["state"] != "review":
        raise Conflict("This article is not waiting for review.", code="not_in_review")
    if draft["authorId"] == caller["id"] and not may_publish_directly(caller):
        raise Forbidden("Someone else reviews your own article.", code="own_article")
    repo = repository.current()
    editor = _person(caller)
    if draft.get("publishAt") and draft["publishAt"] > datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"):
        # Scheduled: merged at its time, by the scheduled job.
        return _schedule(caller, draft)
    try:
        commit = repo.merge(draft["branch"], {draft["path"]: draft.get("baseSha")}, f"Publish: {draft['title']}",
                            Person(editor["name"], editor["email"]))
    except FileChanged as changed:
        note = "Someone changed this article on the site since it was submitted: the writer needs to update it."
        _save(draft, {"state": "changes", "notes": _with_note(draft, caller, note)},
              [store.delete_action(keys.review_entry(draft["submittedAt"], draft_id))])
        raise _conflict(draft, changed, "")
    except NotMergeable:
        raise Conflict("The article cannot be merged as it is: the site changed the same lines.", code="not_mergeable")
    fields = {"state": "publishing", "commit": commit, "approvedBy": caller["id"],
              "notes": _with_note(draft, caller, "Approved.")}
    _save(draft, fields, [store.delete_action(keys.review_entry(draft["submittedAt"], draft_id))])
    _tell_writer(caller, draft, "approved")
    return _public({**draft, **fields}, caller)


def request_changes(caller: dict, draft_id: str, note) -> dict:
    if not is_editor(caller):
        raise Forbidden("Only editors review articles.", code="editors_only")
    if not isinstance(note, str):
        raise ValidationFailed("note: what the writer should change", field="note")
    text = re.sub("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]", "", note).strip()
    if not text or len(text) > NOTE_MAX:
        raise ValidationFailed(f"note: 1 to {NOTE_MAX} characters", field="note")
    draft = _load(draft_id)
    if draft["state"] != "review":
        raise Conflict("This article is not waiting for review.", code="not_in_review")
    fields = {"state": "changes", "notes": _with_note(draft, caller, text)}
    _save(draft, fields, [store.delete_action(keys.review_entry(draft["submittedAt"], draft_id))])
    _tell_writer(caller, draft, "changes")
    return _public({**draft, **fields}, caller)


def _tell_writer(editor: dict, draft: dict, outcome: str) -> None:
    """The writer hears (bell, and mail at once by default) that an editor approved or asked for changes."""
    notifications.notify(editor, [draft["authorId"]], "review", f"draft:{draft['id']}",
                         {"title": draft.get("title") or "", "outcome": outcome})


# --- live ---
def _seen_live(draft: dict) -> dict:
    """A publishing article is live once the site's registered articles hold the committed file."""
    if draft["state"] != "publishing" or not draft.get("committedSha"):
        return draft
    meta = store.get(keys.target(f"article:{draft['slug']}"))
    if not meta or not meta.get("published") or (meta.get("sources") or {}).get(draft["path"][len("content/"):]) != \
            draft["committedSha"]:
        return draft
    url = meta["url"] if draft["lang"] == meta.get("lang", "sv") else f"/en/{draft['category']}/{draft['slug']}/"
    fields = {"state": "live", "url": url, "liveAt": _now()}
    try:
        _save(draft, fields)
    except store.Cancelled:
        return draft
    return {**draft, **fields}


def preview(caller: dict, text) -> dict:
    """The text as the article page will show it (sanitised), with uploads and {static} images resolved."""
    require_writer(caller)
    started = time.perf_counter()
    html = render(clean_body(text))
    return {"html": html, "ms": round((time.perf_counter() - started) * 1000, 1)}
