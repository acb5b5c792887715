"""Cleaning of short user-visible strings that come from outside (names, titles)."""

import re
import unicodedata

# C0/C1 controls, bidi overrides and isolates, zero-width and filler characters:
# none of them belongs in a name shown next to other people's words.
_INVISIBLE = re.compile(
    "[\u0000-\u001f\u007f-\u009f\u061c\u115f\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\u3164\ufeff\ufff0-\uffff]"
)
_SPACES = re.compile(r"\s+")


def clean_label(value: object, max_length: int) -> str:
    """A single-line label: NFC, no invisible characters, collapsed spaces, clipped."""
    if not isinstance(value, str):
        return ""
    value = value.encode("utf-8", "replace").decode("utf-8")
    value = _INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    return _SPACES.sub(" ", value).strip()[:max_length]


_WORD = re.compile(r"\w+")


def words_of(text: str) -> set[str]:
    """Search words: case-folded runs of letters and digits ("HR-partner" gives "hr" and "partner")."""
    return {word[:40] for word in _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())}


def snippet(text: str, length: int = 140) -> str:
    """The start of a text on one line, cut at a word with an ellipsis."""
    flat = " ".join((text or "").split())
    if len(flat) <= length:
        return flat
    return flat[: length - 1].rsplit(" ", 1)[0].rstrip() + "…"
