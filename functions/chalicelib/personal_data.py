"""Everything Torget holds about one person: where it lies, and a download of it (the GDPR's right of access).

The sources (each a Query on the person's own partition or an index keyed by
the person) are listed once here; the export reads them and erasure.py
empties them, so a kind of data added to one cannot be forgotten by the
other. Others' words are never copied into a person's export: a reply's
author or a direct conversation's members appear by id and name only.

The archive (`torget-data.json`, documented in docs/personal-data.md, a
readable `index.html`, and the person's uploaded images under `uploads/`)
is written to a temporary file as it is read, then stored under `exports/`
in the uploads bucket; the browser downloads it through a link valid for an
hour (the bucket's lifecycle removes it after a day).
"""

import html
import io
import json
import tempfile
import time
import zipfile

from chalicelib import audit, ids, keys, limits, store, uploads
from chalicelib.errors import Forbidden, NotFound
from chalicelib.people import check_person_id

SCHEMA = "torget-personal-data/1"
LINK_SECONDS = 3600
PAGE = 500
PROFILE_FIELDS = ("id", "name", "email", "department", "title", "phone", "photo", "roles", "lang", "bio",
                  "notifySettings", "mailSettings", "createdAt", "lastLoginAt")


def authorize(caller: dict, person_id: str) -> str:
    """Only the person themself, or an admin; never a moderator as such."""
    person_id = check_person_id(person_id)
    if caller["id"] != person_id and "admin" not in caller.get("roles", []):
        raise Forbidden("Only the person themself or an admin may do this.", code="not_yours")
    return person_id


def _all(partition: str, prefix: str = "", index: str | None = None, limit: int | None = None) -> list[dict]:
    """Every item of a partition (oldest first), or only the first `limit` (one erasure pass)."""
    found, after = [], None
    while True:
        items, after = store.query(partition, prefix, min(PAGE, limit or PAGE), after=after, newest_first=False,
                                   index=index)
        found += items
        if after is None or (limit and len(found) >= limit):
            return found[:limit] if limit else found


# Where each kind lies. Erasure empties the same places.
def sessions_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.sessions_of(person_id), index=keys.GSI1, limit=limit)


def reactions_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.reacted_by(person_id), index=keys.GSI1, limit=limit)


def messages_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.said_by(person_id), index=keys.GSI1, limit=limit)


def activity_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.person_partition(person_id), keys.ACTIVITY_PREFIX, limit=limit)


def groups_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.person_partition(person_id), keys.MY_GROUP_PREFIX, limit=limit)


def rooms_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.person_partition(person_id), keys.MY_ROOM_PREFIX, limit=limit)


def acks_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.acks_by(person_id), index=keys.GSI1, limit=limit)


def notifications_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.notifications_of(person_id), limit=limit)


def drafts_of(person_id: str, limit: int | None = None) -> list[dict]:
    return _all(keys.drafts_of(person_id), index=keys.GSI1, limit=limit)


def reports_by(person_id: str) -> list[dict]:
    return [item for item in _all(keys.REPORTS, keys.REPORT_PREFIX) if item.get("reporter", {}).get("id") == person_id]


def upload_keys(person_id: str) -> list[dict]:
    """The person's images in the uploads bucket: [{key, size}]."""
    client, found, token = uploads.s3(), [], None
    while True:
        kwargs = {"Bucket": uploads.bucket(), "Prefix": uploads.object_key(f"u/{person_id}/")}
        if token:
            kwargs["ContinuationToken"] = token
        page = client.list_objects_v2(**kwargs)
        found += [{"key": item["Key"], "size": item["Size"]} for item in page.get("Contents", [])]
        token = page.get("NextContinuationToken")
        if not token:
            return found


def _plain(value):
    """JSON for what DynamoDB gives back: numbers as numbers, sets as sorted lists."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _when(value) -> str | None:
    return ids.iso(value) if value is not None else None


def _seconds(value) -> str | None:
    return ids.iso(int(value) * 1000) if value is not None else None


def collect(person_id: str) -> dict:
    """The export's document (without the image bytes)."""
    profile = store.get(keys.person(person_id))
    if profile is None:
        raise NotFound("No such person.")
    comments, posts = [], []
    activity = activity_of(person_id)
    comment_metas = {m["targetId"]: m for m in store.batch_get(
        [keys.target(a["targetId"]) for a in activity if a["kind"] == "comment"])}
    comment_items = {}
    wanted = [{"PK": keys.thread(m["threadId"]), "SK": m["sortKey"]} for m in comment_metas.values()]
    for item in store.batch_get(wanted):
        comment_items[item["id"]] = item
    post_metas = {m["targetId"]: m for m in store.batch_get(
        [keys.target(a["targetId"]) for a in activity if a["kind"] == "post"])}
    for entry in activity:
        if entry["kind"] == "comment":
            item = comment_items.get(entry["targetId"].split(":", 1)[1])
            if not item or item.get("deleted"):
                continue
            comments.append({"id": item["id"], "thread": item["threadId"], "parentId": item.get("parentId"),
                             "replyTo": item.get("replyTo"), "text": item.get("source", ""),
                             "createdAt": _when(item["createdAt"]), "editedAt": _when(item.get("editedAt")),
                             "hidden": bool(item.get("hidden"))})
        elif entry["kind"] == "post":
            meta = post_metas.get(entry["targetId"])
            if not meta:
                continue
            posts.append({"id": meta["id"], "text": meta.get("source", ""), "group": meta.get("groupId"),
                          "groupName": meta.get("groupName"), "images": [
                              {"key": image["key"], "alt": image.get("alt", "")} for image in meta.get("images") or []],
                          "shared": (meta.get("shared") or {}).get("target"), "comments": int(meta.get("comments", 0)),
                          "createdAt": _when(meta["createdAt"]), "editedAt": _when(meta.get("editedAt")),
                          "hidden": bool(meta.get("hidden"))})
    rooms = []
    for mark in rooms_of(person_id):
        rooms.append({"room": mark["roomId"], "readCount": int(mark.get("readCount", 0)),
                      "readAt": _when(mark.get("readAt"))})
    room_metas = {m["id"]: m for m in store.batch_get([keys.room(r["room"]) for r in rooms]) if "id" in m}
    for room in rooms:  # the other people in a direct conversation: by id and name only
        names = (room_metas.get(room["room"]) or {}).get("memberNames") or {}
        room["members"] = [{"id": pid, "name": name} for pid, name in sorted(names.items()) if pid != person_id]
    document = {
        "schema": SCHEMA,
        "exportedAt": _seconds(int(time.time())),
        "person": {**{field: profile.get(field) for field in PROFILE_FIELDS if profile.get(field) is not None},
                   "createdAt": _seconds(profile.get("createdAt")), "lastLoginAt": _seconds(profile.get("lastLoginAt"))},
        "comments": comments,
        "posts": posts,
        "chatMessages": [{"id": m["id"], "room": m["room"], "text": m.get("source", ""),
                          "shared": (m.get("shared") or {}).get("target"), "createdAt": _when(m["createdAt"]),
                          "editedAt": _when(m.get("editedAt")), "hidden": bool(m.get("hidden"))}
                         for m in messages_of(person_id) if not m.get("deleted")],
        "reactions": [{"target": r["GSI1SK"], "kinds": sorted(r.get("kinds") or [])} for r in reactions_of(person_id)],
        "groups": [{"group": g["groupId"], "name": g.get("groupName"), "role": g.get("role"), "status": g["status"],
                    "since": _seconds(g.get("since"))} for g in groups_of(person_id)],
        "directConversations": rooms,
        "readConfirmations": [{"article": a["PK"].split("#", 1)[1], "version": a.get("version"),
                               "confirmedAt": _seconds(a.get("at"))} for a in acks_of(person_id)],
        "notifications": [{"kind": n["kind"], "subject": n["subject"], "from": n.get("actor"),
                           "unread": bool(n.get("unread")), "updatedAt": _when(n.get("updatedAt"))}
                          for n in notifications_of(person_id)],
        "sessions": [{"startedAt": _seconds(s.get("createdAt")), "lastSeenAt": _seconds(s.get("seenAt")),
                      "endsAt": _seconds(s.get(keys.TTL_ATTRIBUTE))} for s in sessions_of(person_id)],
        "articleDrafts": [{"id": d["id"], "title": d.get("title", ""), "state": d.get("state"),
                           "text": d.get("body", ""), "updatedAt": d.get("updatedAt")} for d in drafts_of(person_id)],
        "reportsMade": [{"target": r["target"], "reason": r["reason"], "note": r.get("note", ""),
                         "status": r["status"], "decision": r.get("decision"), "createdAt": _when(r["createdAt"])}
                        for r in reports_by(person_id)],
        "uploads": [],
    }
    return document


def counts(document: dict) -> dict:
    return {name: len(value) for name, value in document.items() if isinstance(value, list)}


def _index_html(document: dict) -> str:
    """A page a person can open without tools: what each part holds, and their own words."""
    e = html.escape
    person = document["person"]
    rows = "".join(f"<tr><th scope='row'>{e(name)}</th><td>{count}</td></tr>" for name, count in counts(document).items())

    def listing(title: str, items: list[dict], text: str = "text") -> str:
        if not items:
            return ""
        entries = "".join(f"<li><time>{e(str(i.get('createdAt') or ''))}</time> {e(str(i.get(text) or ''))}</li>"
                          for i in items[:2000])
        more = f"<p>… and {len(items) - 2000} more in torget-data.json.</p>" if len(items) > 2000 else ""
        return f"<h2>{e(title)}</h2><ul>{entries}</ul>{more}"

    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Torget: your data</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
        "td,th{padding:.2rem .6rem;text-align:left}</style></head><body>"
        f"<h1>Your data in Torget: {e(person.get('name', ''))}</h1>"
        f"<p>Exported {e(document['exportedAt'] or '')}. Everything is in <code>torget-data.json</code> "
        "(format: torget-personal-data/1); your images are in <code>uploads/</code>.</p>"
        f"<table><caption>What it holds</caption>{rows}</table>"
        + listing("Your posts", document["posts"]) + listing("Your comments", document["comments"])
        + listing("Your chat messages", document["chatMessages"]) + "</body></html>"
    )


def export(caller: dict, person_id: str) -> dict:
    """Build the archive and return a download link: {url, expiresAt, bytes, counts, seconds}."""
    started = time.perf_counter()
    person_id = authorize(caller, person_id)
    limits.spend(caller["id"], "export")
    document = collect(person_id)
    client = uploads.s3()
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as archive:
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for upload in upload_keys(person_id):
                name = "uploads/" + upload["key"].rsplit("/", 1)[-1]
                body = client.get_object(Bucket=uploads.bucket(), Key=upload["key"])["Body"]
                with zipped.open(name, "w") as out:
                    for chunk in iter(lambda body=body: body.read(1024 * 1024), b""):
                        out.write(chunk)
                document["uploads"].append({"file": name, "bytes": upload["size"]})
            with zipped.open("torget-data.json", "w") as out:
                writer = io.TextIOWrapper(out, encoding="utf-8")
                json.dump(document, writer, ensure_ascii=False, indent=1, default=_plain)
                writer.flush()
                writer.detach()
            zipped.writestr("index.html", _index_html(document))
        size = archive.tell()
        archive.seek(0)
        key = f"exports/{person_id}/{ids.new_id()}/torget-data-{person_id}.zip"
        client.put_object(Bucket=uploads.bucket(), Key=key, Body=archive.read(), ContentType="application/zip",
                          ContentDisposition=f'attachment; filename="torget-data-{person_id}.zip"')
    url = client.generate_presigned_url("get_object", Params={"Bucket": uploads.bucket(), "Key": key},
                                        ExpiresIn=LINK_SECONDS)
    if caller["id"] != person_id:
        audit.record(caller, "person.exported", f"person:{person_id}", person=person_id)
    return {"url": url, "expiresAt": _seconds(int(time.time()) + LINK_SECONDS), "bytes": size,
            "counts": counts(document), "seconds": round(time.perf_counter() - started, 2)}
