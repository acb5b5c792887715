"""SCIM filters and attribute paths (RFC 7644 §3.4.2.2 and §3.5.2): parsed into small tuples and matched
against a resource as the protocol represents it.

Written here rather than taken from a library: the ones that parse SCIM filters build their grammar tables
or pydantic models at import (0.1 s to 3 s of a cold start, measured in BENCHMARKS.md); this grammar is small.

A filter is one of
    ("pr", path)                      attribute present
    (op, path, value)                 op in eq ne co sw ew gt lt ge le
    ("and", a, b) / ("or", a, b) / ("not", a)
    ("has", path, filter)             emails[type eq "work"]: some value of a multi-valued attribute matches
where a path is a tuple of lower-case names, schema URIs of the core and extension schemas removed.
"""

import json
import re

from chalicelib.errors import ValidationFailed

COMPARE = ("eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le")
MAX_LENGTH = 2000
MAX_DEPTH = 20
# Attribute values that are compared exactly (RFC 7643 caseExact); all other strings ignore case.
CASE_EXACT = {("id",), ("externalid",), ("meta", "version")}
TOKEN = re.compile(r"""
    \s*(?:
      (?P<string>"(?:[^"\\\x00-\x1f]|\\["\\/bfnrtu])*")
    | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.:-]))
    | (?P<punct>[()\[\]])
    | (?P<word>(?:urn:[A-Za-z0-9.:_-]+:)?[A-Za-z$][\w$-]*(?:\.[A-Za-z$][\w$-]*)?)
    )""", re.VERBOSE)


class InvalidFilter(ValidationFailed):
    code = "invalidFilter"


class InvalidPath(ValidationFailed):
    code = "invalidPath"


def _split_path(word: str, error=InvalidFilter) -> tuple[str, ...]:
    """"urn:…:User:manager.value" → ("manager", "value"): schema URIs only qualify a name."""
    if word.lower().startswith("urn:"):
        word = word.rsplit(":", 1)[1]
        if not word:
            raise error("An attribute name is missing after the schema.")
    return tuple(part.lower() for part in word.split("."))


def _tokens(text: str, error) -> list[tuple[str, object]]:
    if not isinstance(text, str) or not text.strip():
        raise error("The filter is empty.")
    if len(text) > MAX_LENGTH:
        raise error(f"The filter is longer than {MAX_LENGTH} characters.")
    found, at = [], 0
    while at < len(text):
        if text[at:].isspace():
            break
        match = TOKEN.match(text, at)
        if not match:
            raise error(f"The filter cannot be read at character {at + 1}.")
        at = match.end()
        kind = match.lastgroup
        raw = match.group(kind)
        if kind == "string":
            found.append(("value", json.loads(raw)))
        elif kind == "number":
            found.append(("value", json.loads(raw)))
        elif kind == "punct":
            found.append((raw, raw))
        elif raw.lower() in ("true", "false", "null"):
            found.append(("value", {"true": True, "false": False, "null": None}[raw.lower()]))
        else:
            found.append(("word", raw))
    return found


class _Parser:
    def __init__(self, text: str, error):
        self.items = _tokens(text, error)
        self.at = 0
        self.error = error
        self.depth = 0

    def peek(self, offset: int = 0):
        index = self.at + offset
        return self.items[index] if index < len(self.items) else (None, None)

    def take(self, kind: str | None = None, word: str | None = None):
        got = self.peek()
        if got[0] is None or (kind and got[0] != kind) or (word and str(got[1]).lower() != word):
            raise self.error(f"Expected {word or kind or 'more'} in the filter.")
        self.at += 1
        return got[1]

    def keyword(self, *words: str) -> str | None:
        kind, value = self.peek()
        if kind == "word" and value.lower() in words:
            self.at += 1
            return value.lower()
        return None

    def filter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("The filter is nested too deeply.")
        left = self.conjunction()
        while self.keyword("or"):
            left = ("or", left, self.conjunction())
        self.depth -= 1
        return left

    def conjunction(self):
        left = self.unary()
        while self.keyword("and"):
            left = ("and", left, self.unary())
        return left

    def unary(self):
        if self.peek()[0] == "word" and self.peek()[1].lower() == "not" and self.peek(1)[0] == "(":
            self.at += 1
            return ("not", self.group())
        if self.peek()[0] == "(":
            return self.group()
        return self.expression()

    def group(self):
        self.take("(")
        inner = self.filter()
        self.take(")")
        return inner

    def expression(self):
        path = _split_path(self.take("word"), self.error)
        if self.peek()[0] == "[":
            self.at += 1
            inner = self.filter()
            self.take("]")
            return ("has", path, inner)
        op = self.keyword("pr", *COMPARE)
        if op is None:
            raise self.error("Expected an operator (eq, ne, co, sw, ew, gt, lt, ge, le or pr) in the filter.")
        if op == "pr":
            return ("pr", path)
        return (op, path, self.take("value"))

    def done(self):
        if self.at != len(self.items):
            raise self.error("The filter has more after its end.")


def parse(text: str):
    """The filter's tree; raises InvalidFilter (a SCIM 400 invalidFilter) for anything outside the grammar."""
    parser = _Parser(text, InvalidFilter)
    tree = parser.filter()
    parser.done()
    return tree


def parse_path(text: str) -> tuple[tuple[str, ...], object | None, str | None]:
    """A PATCH path: (attribute, value filter or None, sub-attribute or None), e.g.
    'members[value eq "x"]' → (("members",), ("eq", ("value",), "x"), None); raises InvalidPath."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidPath("The path is empty.")
    match = re.fullmatch(r"\s*([^\[\]\s]+)\s*(?:\[(.*)\]\s*(?:\.([A-Za-z$][\w$-]*))?)?\s*", text, re.S)
    if not match:
        raise InvalidPath("The path cannot be read.")
    word, inner, sub = match.groups()
    if not TOKEN.fullmatch(word) or TOKEN.fullmatch(word).lastgroup != "word":
        raise InvalidPath("The path is not an attribute name.")
    path = _split_path(word, InvalidPath)
    where = None
    if inner is not None:
        parser = _Parser(inner, InvalidPath)
        where = parser.filter()
        parser.done()
    return path, where, sub.lower() if sub else None


def _get(resource, path: tuple[str, ...]):
    """The values at a path, multi-valued attributes flattened (names matched without case)."""
    values = [resource]
    for name in path:
        found = []
        for value in values:
            if isinstance(value, dict):
                for key, inner in value.items():
                    if key.lower() == name or (key.lower().startswith("urn:") and isinstance(inner, dict)
                                               and name in {k.lower() for k in inner}):
                        found.append(inner if key.lower() == name else
                                     next(v for k, v in inner.items() if k.lower() == name))
        values = []
        for value in found:
            values.extend(value if isinstance(value, list) else [value])
    return [value for value in values if value is not None]


def _compare(op: str, have, want, exact: bool) -> bool:
    if isinstance(have, str) and isinstance(want, str) and not exact:
        have, want = have.casefold(), want.casefold()
    if op == "eq":
        return have == want
    if op == "ne":
        return have != want
    if not isinstance(have, type(want)) and not (isinstance(have, (int, float)) and isinstance(want, (int, float))):
        return False
    if op in ("co", "sw", "ew"):
        if not isinstance(have, str):
            return False
        return {"co": want in have, "sw": have.startswith(want), "ew": have.endswith(want)}[op]
    if isinstance(have, bool) or want is None:
        return False
    return {"gt": have > want, "lt": have < want, "ge": have >= want, "le": have <= want}[op]


def matches(tree, resource: dict) -> bool:
    op = tree[0]
    if op == "and":
        return matches(tree[1], resource) and matches(tree[2], resource)
    if op == "or":
        return matches(tree[1], resource) or matches(tree[2], resource)
    if op == "not":
        return not matches(tree[1], resource)
    if op == "has":
        return any(isinstance(value, dict) and matches(tree[2], value) for value in _get(resource, tree[1]))
    values = _get(resource, tree[1])
    if op == "pr":
        return any(value not in ("", [], {}) for value in values)
    if op == "ne" and not values:
        return tree[2] is not None
    if op == "eq" and tree[2] is None:
        return not values
    values = [value["value"] if isinstance(value, dict) and "value" in value else value for value in values]
    return any(_compare(op, value, tree[2], tree[1] in CASE_EXACT) for value in values)


def equality(tree) -> tuple[tuple[str, ...], object] | None:
    """(path, value) when the whole filter is `path eq value` (what providers ask before they create):
    the store answers those from a lookup item instead of reading everyone."""
    if tree[0] == "eq" and isinstance(tree[2], str):
        return tree[1], tree[2]
    return None
