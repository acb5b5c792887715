"""Sessions and login attempts: items with a TTL, looked up by hashed token."""

import hashlib
import time

from chalicelib import keys, store
from chalicelib.config import session_idle_seconds

TTL = keys.TTL_ATTRIBUTE
# A session ends after SESSION_HOURS in all (its TTL) or after config.session_idle_seconds() without a request.
SEEN_EVERY = 300  # "last seen" is written at most every 5 minutes, not on every request


def token_hash(token: str) -> str:
    # Only the hash is stored: a copy of the table does not let anyone log in.
    return hashlib.sha256(token.encode()).hexdigest()


def put_session(token: str, person_id: str, roles: list[str], ttl_seconds: int, name: str = "",
                id_token: str | None = None) -> None:
    now = int(time.time())
    store.put({
        **({"idToken": id_token} if id_token and len(id_token) < 8000 else {}),
        **keys.session(token_hash(token)),
        "personId": person_id,
        "name": name or person_id,
        "roles": roles,
        "createdAt": now,
        "seenAt": now,
        **keys.sessions_index(person_id, now),
        TTL: now + ttl_seconds,
    })


def get_session(token: str) -> dict | None:
    """The live session for a token, or None when unknown or expired."""
    key = keys.session(token_hash(token))
    item = store.get(key)
    now = int(time.time())
    # TTL deletion lags by up to days: an expired item is treated as gone.
    if item is None or int(item[TTL]) <= now:
        return None
    seen = int(item.get("seenAt", item.get("createdAt", now)))
    if now - seen > session_idle_seconds():
        store.delete(key)
        return None
    if now - seen > SEEN_EVERY:
        store.update(key, "SET #seen = :now", {"#seen": "seenAt"}, {":now": now}, condition="attribute_exists(PK)")
    return item


def delete_session(token: str) -> None:
    store.delete(keys.session(token_hash(token)))


def put_login_attempt(state: str, values: dict, ttl_seconds: int) -> None:
    store.put({**keys.login_attempt(state), **values, TTL: int(time.time()) + ttl_seconds})


def take_login_attempt(state: str) -> dict | None:
    """Remove and return an unexpired login attempt; a second call gets None."""
    return store.take(
        keys.login_attempt(state),
        condition="#ttl > :now",
        names={"#ttl": TTL},
        values_expr={":now": int(time.time())},
    )
