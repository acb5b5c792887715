"""Time-ordered ids (ULID: 48-bit milliseconds + 80 random bits, Crockford base32) and the API's timestamps."""

import os
import re
import time
from datetime import UTC, datetime

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


def new_id(now_ms: int | None = None) -> str:
    value = ((now_ms if now_ms is not None else int(time.time() * 1000)) << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def is_id(value: object) -> bool:
    return isinstance(value, str) and bool(ULID.match(value))


def iso(epoch_ms) -> str | None:
    """Milliseconds since the epoch as the API shows times (UTC, ISO 8601), or None."""
    if epoch_ms is None:
        return None
    return datetime.fromtimestamp(int(epoch_ms) / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
