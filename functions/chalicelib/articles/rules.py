"""Who may write, review and publish articles, and what a writer may send: every field checked on the way in."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib import audiences, config, ids
from chalicelib.content_checks import RESERVED_SLUGS
from chalicelib.errors import Forbidden, ValidationFailed

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
            "modified", "status", "audience"}


def may_write(caller: dict) -> bool:
    return bool(WRITERS & set(caller["roles"]))


def is_editor(caller: dict) -> bool:
    return bool(EDITORS & set(caller["roles"]))


def may_publish_directly(caller: dict) -> bool:
    return bool(config.publish_without_review() & set(caller["roles"]))


def require_writer(caller: dict) -> None:
    if not may_write(caller):
        raise Forbidden("Only authors and editors write articles here.", code="not_a_writer")


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
    "audience": lambda v: check_audience(v),
}


def check_audience(value) -> str:
    """The Audience line as written (empty: everyone), if its rules can be read."""
    line = one_line(value, "audience", 400) if value else ""
    audiences.parse(line)
    return line


def _flag(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise ValidationFailed(f"{name}: true or false", field=name)
    return value


def changes_from(caller: dict, body: dict) -> dict:
    changes = {}
    for name, value in body.items():
        check = FIELDS.get(name)
        changes[name] = check(value) if check else _flag(name, value)
    if not is_editor(caller):
        for flag in ("pinned", "acknowledge"):
            if changes.get(flag):
                raise Forbidden(f"{flag}: only editors pin articles or ask for read confirmations", code="editors_only")
    return changes


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
