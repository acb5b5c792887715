"""Retention: the sweep removes exactly what is older than each kind's period, and the privacy page says the periods."""

import json
import time
from contextlib import contextmanager

from chalicelib import audit, config, ids, keys, notifications, retention, store, uploads
from chalicelib.store import sessions

from tests.conftest import body

DAY = 86400
real_time = time.time



def sweep(now=None) -> dict:
    """A night's sweep: the scheduled part, then the units it queued (a page of people each)."""
    from chalicelib import jobs

    removed = retention.sweep(now)
    done = jobs.drain()
    assert done["units"] == removed.pop("units")  # every queued unit ran, none failed
    return {kind: removed[kind] + done.get(kind, 0) for kind in removed}

def aged(days: float) -> float:
    return real_time() - days * DAY


@contextmanager
def days_ago(days: float):
    """The code below runs as if it were that many days ago (its clock is time.time)."""
    time.time = lambda: real_time() - days * DAY
    try:
        yield
    finally:
        time.time = real_time


def test_the_sweep_removes_exactly_what_is_older_than_each_period(people, articles, monkeypatch):
    monkeypatch.setenv("RETENTION_CHAT_DAYS", "30")
    monkeypatch.setenv("RETENTION_NOTIFICATIONS_DAYS", "60")
    monkeypatch.setenv("RETENTION_SESSIONS_DAYS", "7")
    monkeypatch.setenv("RETENTION_DELETED_UPLOADS_DAYS", "14")
    monkeypatch.setenv("RETENTION_AUDIT_DAYS", "365")
    sara = people("sara.nilsson", "Sara Nilsson")
    people("jonas.berg", "Jonas Berg")
    room = body(sara.send("POST", "/api/chat/rooms", json.dumps({"members": ["jonas.berg"]})))["id"]
    caller = {"id": "sara.nilsson", "name": "Sara Nilsson", "roles": ["employee"]}
    # Messages 31 and 29 days old (written as they were then: a message's id carries its time).
    for age, text in ((31, "gammalt"), (29, "nyare"), (0, "idag")):
        message_id = ids.new_id(int(aged(age) * 1000))
        store.put({**keys.message(room, message_id), "id": message_id, "room": room, "authorId": "sara.nilsson",
                   "authorName": "Sara Nilsson", "source": text, "html": f"<p>{text}</p>",
                   "createdAt": int(aged(age) * 1000), **keys.messages_index("sara.nilsson", message_id)})
    # Notifications 61 and 59 days old.
    for age in (61, 59):
        with days_ago(age):
            notifications.notify({"id": "jonas.berg", "name": "Jonas Berg"}, ["sara.nilsson"], "reaction",
                                 "post:" + ids.new_id(), {})
    # DynamoDB's TTL has not come round to them yet (DynamoDB Local's own TTL sweep would otherwise take the
    # older one at a moment of its choosing): the sweep must not depend on it.
    for item in store.query(keys.notifications_of("sara.nilsson"), "", 10)[0]:
        store.update({"PK": item["PK"], "SK": item["SK"]}, "SET #t = :later", {"#t": keys.TTL_ATTRIBUTE},
                     {":later": int(real_time()) + DAY})
    # Sessions started 8 and 6 days ago (a long session setting).
    for age, token in ((8, "old-" + "o" * 39), (6, "new-" + "n" * 39)):
        with days_ago(age):
            sessions.put_session(token, "sara.nilsson", ["employee"], 30 * DAY, "Sara Nilsson")
    # Images of posts deleted 15 and 13 days ago.
    for age, name in ((15, "gone"), (13, "kept")):
        key = f"u/sara.nilsson/{ids.new_id()}.png"
        uploads.s3().put_object(Bucket=uploads.bucket(), Key=uploads.object_key(key), Body=b"x", ContentType="image/png")
        store.put({**keys.upload_gone(int(aged(age) * 1000), key), "key": key, "name": name})
    # Audit entries 366 and 364 days old.
    for age in (366, 364):
        with days_ago(age):
            audit.record(caller | {"roles": ["admin"]}, "banner.removed", f"banner:{ids.new_id()}", str(age))

    removed = sweep()

    assert removed == {"chat": 1, "notifications": 1, "sessions": 1, "deleted_uploads": 1, "audit": 1}
    left = [item["source"] for item in store.query(keys.room_partition(room), "MSG#", 10, newest_first=False)[0]]
    assert left == ["nyare", "idag"]
    assert len(store.query(keys.notifications_of("sara.nilsson"), "", 10)[0]) == 1
    stored = [store.get(keys.session(sessions.token_hash(t))) for t in ("old-" + "o" * 39, "new-" + "n" * 39)]
    assert stored[0] is None and stored[1]["personId"] == "sara.nilsson"
    kept = [item["name"] for item in store.query("UPLOADGONE", "", 10)[0]]
    assert kept == ["kept"]
    listed = uploads.s3().list_objects_v2(Bucket=uploads.bucket(), Prefix="uploads/u/sara.nilsson/")["Contents"]
    assert len(listed) == 1
    remaining = [entry["detail"] for month in audit.months() for entry in store.query(f"AUDIT#{month}", "", 10)[0]]
    assert remaining == ["364"]
    assert sweep() == dict.fromkeys(removed, 0)  # a second sweep finds nothing more



def test_the_periods_are_shown_to_everyone_and_a_period_of_zero_keeps_everything(people, monkeypatch):
    sara = people("sara.nilsson", "Sara Nilsson")
    monkeypatch.setenv("RETENTION_CHAT_DAYS", "0")
    shown = body(sara.get("/api/privacy"))
    assert shown["days"] == {**config.RETENTION_DEFAULTS, "chat": 0}
    assert sweep()["chat"] == 0


def test_a_deleted_posts_images_wait_for_their_period(people):
    sara = people("sara.nilsson", "Sara Nilsson")
    key = body(sara.send("POST", "/api/uploads", json.dumps({"contentType": "image/png", "size": 9})))["key"]
    uploads.s3().put_object(Bucket=uploads.bucket(), Key=uploads.object_key(key), Body=b"\x89PNG\r\n\x1a\n\x00",
                            ContentType="image/png")
    post = body(sara.send("POST", "/api/posts", json.dumps({"text": "Bild", "images": [{"key": key, "alt": "Bild"}]})))
    assert sara.send("DELETE", f"/api/posts/{post['id']}").status_code == 200
    assert [item["key"] for item in store.query("UPLOADGONE", "", 10)[0]] == [key]
    assert sweep()["deleted_uploads"] == 0
    assert sweep(time.time() + 31 * DAY)["deleted_uploads"] == 1
    assert "Contents" not in uploads.s3().list_objects_v2(Bucket=uploads.bucket(), Prefix=uploads.object_key(key))
