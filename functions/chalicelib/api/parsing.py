"""The one request-parsing layer: every malformed body or query becomes a 4xx.

Limits (the tests assert them): body 64 KB, JSON depth 32, integers of at
most 38 digits, no floats' NaN/Infinity, no duplicate keys, strings valid
UTF-8 without lone surrogates, unknown fields refused.
"""

import json
import re
from decimal import Decimal

from chalicelib.api.http import HttpError
from chalicelib.errors import ValidationFailed

MAX_BODY = 64 * 1024
MAX_DEPTH = 32
MAX_INT_DIGITS = 38
MAX_ITEMS = 100
LIMIT = re.compile(r"^[0-9]{1,3}$")
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")


class _BadJson(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message


def _no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _BadJson("duplicate_key", "The body repeats a field.")
        seen[key] = value
    return seen


def _reject_constant(_name):
    raise _BadJson("invalid_number", "Numbers must be finite.")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _BadJson("invalid_number", "A number is too large.")
    return int(text)


def _parse_float(text: str) -> Decimal:
    number = Decimal(text)
    # DynamoDB numbers: 38 significant digits, exponent within ±125.
    if len(number.as_tuple().digits) > MAX_INT_DIGITS or abs(number.adjusted()) > 125:
        raise _BadJson("invalid_number", "A number is out of range.")
    if number == number.to_integral_value() and abs(number.adjusted()) <= MAX_INT_DIGITS:
        return int(number)  # 2.0 and 2e0 are the integer 2, as JSON Schema counts them
    return number


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, counted outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _check_strings(value, path: str = "", max_items: int = MAX_ITEMS) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise HttpError(400, "invalid_unicode", "Text contains invalid characters.", field=path.lstrip("/") or None)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, path)
            if _CONTROL.search(key):
                raise HttpError(400, "validation_failed", "A field name contains control characters.")
            _check_strings(item, f"{path}/{key}", max_items)
    elif isinstance(value, list):
        if len(value) > max_items:
            raise HttpError(400, "too_many_items", f"Lists may hold at most {max_items} items.", field=path.lstrip("/") or None)
        for item in value:
            _check_strings(item, path, max_items)


def media_type(request) -> tuple[str | None, dict]:
    raw = request.headers.get("content-type")
    if raw is None:
        return None, {}
    kind, *params = raw.split(";")
    parameters = {}
    for param in params:
        key, _, value = param.strip().partition("=")
        parameters[key.lower()] = value.strip('"').lower()
    return kind.strip().lower(), parameters


def json_object(request, max_body: int = MAX_BODY, media: tuple[str, ...] = ("application/json",),
                max_items: int = MAX_ITEMS) -> dict:
    """The request body as a dict, or an HttpError naming what is wrong with it."""
    kind, params = media_type(request)
    if kind is None:
        raise HttpError(400, "content_type_required", f"Send JSON with Content-Type: {media[0]}.")
    if kind not in media or params.get("charset", "utf-8") != "utf-8":
        raise HttpError(415, "unsupported_media_type", f"Send JSON with Content-Type: {media[0]}.")
    raw = request.raw_body or b""
    if len(raw) > max_body:
        raise HttpError(413, "payload_too_large", f"The body may be at most {max_body // 1024} KB.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "invalid_json", "The body is not valid UTF-8.")
    return parse_object(text, max_items)


def parse_object(text: str, max_items: int = MAX_ITEMS) -> dict:
    """A JSON object from text, with the same guards for HTTP bodies and WebSocket frames."""
    if _depth(text) > MAX_DEPTH:
        raise HttpError(400, "too_deep", f"JSON may nest at most {MAX_DEPTH} levels.")
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
        )
    except _BadJson as error:
        raise HttpError(400, error.code, error.message)
    except (ValueError, RecursionError):
        raise HttpError(400, "invalid_json", "The body is not valid JSON.")
    if not isinstance(value, dict):
        raise HttpError(400, "validation_failed", "The body must be a JSON object.")
    _check_strings(value, max_items=max_items)
    return value


def fields(request, allowed: dict, required: tuple[str, ...] = (), max_body: int = MAX_BODY) -> dict:
    """Parse the body and check each field with its checker; unknown fields are refused.

    `allowed` maps a field name to a function that returns the clean value
    or raises ValidationFailed, or to None where the domain checks the value.
    """
    body = json_object(request, max_body)
    for name in body:
        if name not in allowed:
            raise HttpError(400, "unknown_field", "The body has a field this request does not take.", field=name)
    for name in required:
        if name not in body:
            raise HttpError(400, "validation_failed", f"{name}: required", field=name)
    return {name: check(body[name]) if check else body[name] for name, check in allowed.items() if name in body}


def one_of(name: str, values: tuple[str, ...]):
    def check(value):
        if not isinstance(value, str) or value not in values:
            raise ValidationFailed(f"{name}: must be one of {', '.join(values)}", field=name)
        return value

    return check


def query(request, name: str, default: str | None = None) -> str | None:
    """One query parameter; a repeated parameter is refused rather than guessed."""
    params = request.query_params or {}
    if name not in params:
        return default
    values = params.getlist(name)
    if len(values) != 1:
        raise HttpError(400, "duplicate_parameter", f"Give {name} once.", field=name)
    return values[0]


def limit(request, default: int = 20, maximum: int = 100) -> int:
    raw = query(request, "limit")
    if raw is None:
        return default
    if not LIMIT.match(raw) or not 1 <= int(raw) <= maximum:
        raise HttpError(400, "invalid_limit", f"limit: must be a whole number from 1 to {maximum}", field="limit")
    return int(raw)


def no_body(request) -> None:
    """Routes that take no body refuse one, rather than ignore what the client meant."""
    if request.raw_body:
        fields(request, {})
