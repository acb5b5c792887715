"""How far an article reached, without watching anyone.

An article page that opens counts its reader once: a marker item whose key
is an HMAC of the article and the person (`TARGET#<article>` / `V#<hmac>`,
kept a year), written only if absent, in one transaction with one shard of
the article's readers counter (`RC#<n>`) and of that day's (`RD#<day>#<n>`):
an all-hands article opened by thousands within minutes spreads its counting
over SHARDS item pairs instead of conflicting on one. Nothing stores who
read what in a form that can be read back: the markers cannot be turned
into names without the key, and no API lists them. Read confirmations stay
the only named list. The browser remembers what it counted, so one person
makes one write per article.
"""

import hashlib
import hmac
import random
import time
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from chalicelib import acks, audiences, keys, store, targets
from chalicelib.config import secret_for
from chalicelib.errors import Forbidden, NotFound
from chalicelib.store import directory as directory_store

MARKER_DAYS = 365
SHARDS = 10
CURVE_DAYS = 14
TZ = ZoneInfo("Europe/Stockholm")
EDITORS = {"editor", "admin"}


@lru_cache(maxsize=1)
def _key() -> bytes:
    secret = secret_for("reads")
    return hashlib.sha256(b"torget-reads|" + secret.encode()).digest()


def marker(thread_id: str, person_id: str) -> dict:
    token = hmac.new(_key(), f"{thread_id}|{person_id}".encode(), hashlib.sha256).hexdigest()[:32]
    return keys.read_token(thread_id, token)


def _article(caller: dict, thread_id: str) -> dict:
    meta = store.get(keys.target(targets.check_thread_id(thread_id)))
    if not meta or meta.get("kind") != "article" or not targets.visible(caller, meta):
        raise NotFound("No such article.")
    return meta


def record_read(caller: dict, thread_id: str) -> dict:
    """The caller opened the article: counted once, ever (per year). {counted: bool}. For an article with an
    audience, a first read by someone in it is counted apart too (a number, never who)."""
    meta = _article(caller, thread_id)
    rules = audiences.parse(meta.get("audience"))
    inside = bool(rules) and audiences.matches(rules, directory_store.facts_of(store.get(keys.person(caller["id"])) or caller))
    day = datetime.now(TZ).strftime("%Y-%m-%d")
    shard = random.randrange(SHARDS)  # noqa: S311 - spreads writes, not a secret
    try:
        store.transact([
            store.put_action({**marker(thread_id, caller["id"]), keys.TTL_ATTRIBUTE: int(time.time()) + MARKER_DAYS * 86400},
                             condition="attribute_not_exists(PK)"),
            store.update_action(keys.readers_shard(thread_id, shard), "ADD #r :one" + (", #a :one" if inside else ""),
                                {"#r": "readers", **({"#a": "audienceReaders"} if inside else {})}, {":one": 1}),
            store.update_action(keys.reads_on(thread_id, day, shard), "ADD #n :one",
                                {"#n": "readers"}, {":one": 1}),
        ])
    except store.Cancelled:
        return {"counted": False}
    return {"counted": True}


def readers_of(meta: dict, field: str = "readers") -> int:
    """An article's readers (or, `audienceReaders`, those in its audience): its counter's shards (one small
    Query), plus the count kept on the article itself before counting was sharded."""
    shards, _ = store.query(meta["PK"], keys.READERS_PREFIX, SHARDS + 1)
    return int(meta.get(field, 0)) + sum(int(item.get(field, 0)) for item in shards)


def _employees() -> int:
    """How many people the directory has (everyone who has logged in): a COUNT query, paged."""
    count, start = 0, None
    while True:
        kwargs = {"TableName": store.table_name(), "IndexName": keys.GSI1, "Select": "COUNT",
                  "KeyConditionExpression": "#pk = :pk", "ExpressionAttributeNames": {"#pk": "GSI1PK"},
                  "ExpressionAttributeValues": {":pk": {"S": keys.PEOPLE}}}
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = store.client().query(**kwargs)
        count += response["Count"]
        start = response.get("LastEvaluatedKey")
        if not start:
            return count


def reach(caller: dict, thread_id: str) -> dict:
    """For the article's author and editors: readers, their share of everyone, reactions, comments, shares,
    and readers per day over the first 14 days."""
    meta = _article(caller, thread_id)
    if not (EDITORS & set(caller["roles"]) or meta.get("authorId") == caller["id"]):
        raise Forbidden("Only the article's author and editors see its reach.", code="not_your_article")
    published = datetime.fromisoformat(meta["date"]).astimezone(TZ).date()
    days = [(published + timedelta(days=n)).strftime("%Y-%m-%d") for n in range(CURVE_DAYS)]
    counted = dict.fromkeys(days, 0)
    for item in store.batch_get([keys.reads_on(thread_id, day, shard) for day in days for shard in (None, *range(SHARDS))]):
        counted[item["SK"][3:13]] += int(item.get("readers", 0))
    readers, employees = readers_of(meta), _employees()
    counts = targets.counts_of(meta)
    targeted = {}
    if meta.get("audience"):
        # N of M in the audience: first reads by people in it, and how many it has (totals, never names).
        size, inside = len(acks.in_audience(meta, acks.everyone())), readers_of(meta, "audienceReaders")
        targeted = {"audience": meta["audience"], "audienceReaders": inside, "audienceSize": size,
                    "audienceShare": round(inside / size, 3) if size else 0.0}
    return {
        **targeted,
        "thread": thread_id, "title": meta.get("title", ""), "readers": readers, "employees": employees,
        "share": round(readers / employees, 3) if employees else 0.0,
        "reactions": sum(counts["reactions"].values()), "comments": counts["comments"], "shares": counts.get("shares", 0),
        "days": [{"day": day, "readers": counted.get(day, 0)} for day in days],
    }
