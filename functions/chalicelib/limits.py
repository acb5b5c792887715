"""Per-person write budgets, checked inside the write's own transaction.

Each write adds one to a counter item for (person, kind, minute) with the
condition that it is still under the budget, so a burst cannot slip past
between a check and a write, and a refused write changes nothing.
"""

import time

from chalicelib import config, keys, store
from chalicelib.errors import RateLimited

DEFAULT_PER_MINUTE = {"comment": 10, "reaction": 60, "preview": 60, "upload": 30, "chat": 30, "frame": 120,
                      "export": 2, "report": 10, "erasure": 5,
                      "scim_refused": 10}


def per_minute(bucket: str) -> int:
    """The budget for a kind of write; RATE_LIMIT_<BUCKET> overrides it (e.g. for load tests)."""
    override = config.rate_limit(bucket)
    return DEFAULT_PER_MINUTE[bucket] if override is None else override


def budget_action(person_id: str, bucket: str) -> dict:
    now = int(time.time())
    minute = now // 60
    return store.update_action(
        keys.write_budget(person_id, bucket, minute),
        "ADD #n :one SET #ttl = :ttl",
        {"#n": "n", "#ttl": keys.TTL_ATTRIBUTE},
        {":one": 1, ":max": per_minute(bucket), ":ttl": (minute + 2) * 60},
        condition="attribute_not_exists(#n) OR #n < :max",
    )


def refused() -> RateLimited:
    return RateLimited(retry_after=60 - int(time.time()) % 60, message="You are writing very fast; wait a moment and try again.")


def spend(person_id: str, bucket: str) -> None:
    """Spend one unit outside a transaction (for writes that have none); raises RateLimited."""
    try:
        store.transact([budget_action(person_id, bucket)])
    except store.Cancelled:
        raise refused()
