"""Read confirmations: "I have read this" on articles marked `Acknowledge: required`.

A confirmation belongs to a version of the article: the build hashes the
article's text, and registration stores that hash as the article's
`ackVersion` (an article marked `Minor-Edit: true` keeps the version it had,
so a typo fix asks nobody again). `TARGET#<thread>` / `ACK#<person>` holds
the version the person confirmed. Editors see who has confirmed the current
version and who has not.
"""

import time

from chalicelib import audiences, events, ids, keys, store, targets
from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.store import directory as directory_store

READERS_OF_REPORTS = {"editor", "admin"}


def _may_report(caller: dict) -> bool:
    return bool(READERS_OF_REPORTS & set(caller["roles"]))


def _required_article(caller: dict, meta: dict | None) -> dict:
    if not targets.visible(caller, meta) or meta.get("kind") != "article" or not meta.get("ackRequired"):
        raise NotFound("This article asks for no read confirmation.")
    return meta


def status(caller: dict, thread_id: str) -> dict:
    """Whether I have confirmed the current version (1 BatchGetItem); editors also get the report."""
    thread_id = targets.check_thread_id(thread_id)
    meta, mine = store.get_each([keys.target(thread_id), keys.ack(thread_id, caller["id"])])
    meta = _required_article(caller, meta)
    result = {
        "threadId": thread_id, "title": meta.get("title"), "url": meta.get("url"), "version": meta["ackVersion"],
        "confirmedAt": ids.iso(mine["at"] * 1000) if mine else None,
        "confirmedVersion": mine["version"] if mine else None,
        "current": bool(mine) and mine["version"] == meta["ackVersion"],
        "canSeeReport": _may_report(caller),
    }
    if result["canSeeReport"]:
        result["report"] = _report(meta, everyone())
    return result


def confirm(caller: dict, thread_id: str) -> dict:
    """Confirm having read the current version: 1 GetItem + 1 TransactWriteItems."""
    thread_id = targets.check_thread_id(thread_id)
    meta = _required_article(caller, store.get(keys.target(thread_id)))
    version = meta["ackVersion"]
    now = int(time.time())
    try:
        store.transact([
            store.condition_action(keys.target(thread_id), "#v = :v", {"#v": "ackVersion"}, {":v": version}),
            store.put_action({**keys.ack(thread_id, caller["id"]), **keys.acks_index(caller["id"], thread_id),
                              "personId": caller["id"],
                              "name": caller.get("name", caller["id"]), "version": version, "at": now}),
        ])
    except store.Cancelled:
        raise Conflict("The article changed while you read it; reload and read it again.", code="article_changed")
    events.publish(f"user:{caller['id']}", "ack", {"threadId": thread_id, "version": version})
    return {"threadId": thread_id, "version": version, "current": True, "confirmedAt": ids.iso(now * 1000),
            "confirmedVersion": version}


def everyone() -> list[dict]:
    """Everyone in the directory (people who have logged in): only the three attributes the report shows
    are read (at 10,000 people ~0.6 MB instead of every profile whole)."""
    found, after = [], None
    while True:
        page, after = store.query(keys.PEOPLE, "", 1000, after=after, newest_first=False, index=keys.GSI1,
                                  only=("id", "name", "department", "office", "division", "roles"))
        found += [{"id": person["id"], "name": person["name"], "department": person.get("department", ""),
                   "office": person.get("office", ""), "division": person.get("division", ""),
                   "roles": list(person.get("roles") or [])} for person in page]
        if after is None:
            return found


def _acks(thread_id: str) -> dict:
    found, after = {}, None
    while True:
        page, after = store.query(keys.target_partition(thread_id), keys.ACK_PREFIX, 1000, after=after, newest_first=False)
        found.update({item["personId"]: item for item in page})
        if after is None:
            return found


def in_audience(meta: dict, everyone: list[dict]) -> list[dict]:
    """The people an article asks to confirm: everyone, or its audience (Audience: in its front matter)."""
    rules = audiences.parse(meta.get("audience"))
    if not rules:
        return everyone
    grouped = {value for key, value in rules if key == "group"}
    members = directory_store.members_by_name(grouped) if grouped else set()
    return [person for person in everyone
            if audiences.matches(rules, audiences.facts(person, grouped if person["id"] in members else ()))]


def _report(meta: dict, everyone: list[dict]) -> dict:
    everyone = [{key: person[key] for key in ("id", "name", "department")} for person in in_audience(meta, everyone)]
    acks = _acks(meta["targetId"])
    confirmed, earlier, pending = [], [], []
    for person in everyone:
        ack = acks.get(person["id"])
        if ack and ack["version"] == meta["ackVersion"]:
            confirmed.append({**person, "at": ids.iso(ack["at"] * 1000)})
        else:
            pending.append(person)
            if ack:
                earlier.append({**person, "at": ids.iso(ack["at"] * 1000)})
    total = len(everyone)
    return {"total": total, "confirmed": confirmed, "pending": pending, "earlierVersion": earlier,
            "percent": round(100 * len(confirmed) / total) if total else 0, "audience": meta.get("audience") or ""}


def overview(caller: dict) -> dict:
    """Every article that asks for confirmation, with how many have confirmed (editors and admins)."""
    if not _may_report(caller):
        raise Forbidden("Only editors see who has confirmed.")
    articles, after = [], None
    while True:
        page, after = store.query(keys.ARTICLES, "", 200, after=after, index=keys.GSI1)
        articles += [meta for meta in page if meta.get("ackRequired") and meta.get("published")]
        if after is None:
            break
    people = everyone()
    shown = []
    for meta in articles:
        report = _report(meta, people)
        shown.append({"threadId": meta["targetId"], "title": meta.get("title"), "url": meta.get("url"),
                      "date": meta.get("date"), "version": meta["ackVersion"], "total": report["total"],
                      "confirmed": len(report["confirmed"]), "percent": report["percent"],
                      "audience": report["audience"]})
    return {"articles": shown}
