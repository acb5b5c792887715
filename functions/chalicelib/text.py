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
