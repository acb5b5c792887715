"""Opaque, tamper-proof page cursors.

A cursor carries DynamoDB's LastEvaluatedKey sort key, bound to the list it
came from (its scope, e.g. the thread) and the person who asked, with an
expiry; an HMAC-SHA256 over all of it stops forging and reuse elsewhere.
"""

import base64
import hashlib
import hmac
import json
import time
from functools import lru_cache

from chalicelib.config import secret_for
from chalicelib.errors import ValidationFailed

MAX_LENGTH = 1024
LIFETIME = 24 * 3600


@lru_cache(maxsize=1)
def _key() -> bytes:
    secret = secret_for("cursor", unconfigured="torget-unconfigured")
    return hashlib.sha256(b"torget-cursor|" + secret.encode()).digest()


def _bad() -> ValidationFailed:
    return ValidationFailed("That page link is not valid any more; start from the top.", field="cursor", code="invalid_cursor")


def encode(sort_key: str, scope: str, person_id: str) -> str:
    payload = json.dumps({"k": sort_key, "s": scope, "p": person_id, "e": int(time.time()) + LIFETIME}, separators=(",", ":"))
    raw = payload.encode()
    signature = hmac.new(_key(), raw, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(signature + raw).rstrip(b"=").decode()


def decode(cursor: str | None, scope: str, person_id: str) -> str | None:
    """The sort key to continue after, or None for the first page; raises invalid_cursor."""
    if cursor is None:
        return None
    if not cursor or len(cursor) > MAX_LENGTH:
        raise _bad()
    try:
        blob = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except ValueError:
        raise _bad()
    signature, raw = blob[:16], blob[16:]
    if not hmac.compare_digest(signature, hmac.new(_key(), raw, hashlib.sha256).digest()[:16]):
        raise _bad()
    data = json.loads(raw)
    if data.get("s") != scope or data.get("p") != person_id or data.get("e", 0) < time.time():
        raise _bad()
    return data["k"]
