"""How long personal data is kept, and the daily sweep that removes what is older.

The periods are settings (config.RETENTION_DEFAULTS, RETENTION_<KIND>_DAYS).
Items whose end is known when they are written carry a TTL (sessions,
notifications, audit entries); DynamoDB deletes those lazily, within days,
so the sweep removes anything past its time too. Chat messages have no TTL
(their period may change after they are written): the sweep finds each
person's older messages through their message index. Images of deleted
posts are removed from the bucket once their period after the deletion is over.

The nightly run (`sweep`) reads only people's ids and queues them as work
units of SWEEP_UNIT people (`sweep_unit`, three Queries a person), so every
person is swept every night however many there are; a unit that runs twice
finds nothing more to remove.
"""

import time

from chalicelib import audit, config, ids, keys, store, uploads, work_queue
from chalicelib.store import people as people_store

KINDS = tuple(config.RETENTION_DEFAULTS)
SWEEP_UNIT = 50  # people per unit: ~150 Queries
GONE_UPLOADS_PER_RUN = 1000  # images of deleted posts removed a night (more wait for the next)


def policy() -> dict:
    """What the privacy page shows: days per kind (0: kept as long as the intranet runs)."""
    return {"days": {kind: config.retention_days(kind) for kind in KINDS}}


def _older(partition: str, before: str, index: str | None = None) -> list[dict]:
    """Items of a partition (or index partition) whose sort key is below `before`, oldest first."""
    found, after = [], None
    while True:
        items, after = store.query(partition, "", 200, after=after, newest_first=False, index=index)
        for item in items:
            if (item["GSI1SK"] if index else item["SK"]) >= before:
                return found
            found.append(item)
        if after is None:
            return found


def sweep(now: float | None = None) -> dict:
    """The nightly run: queue everyone as units of SWEEP_UNIT people, and remove what is not anyone's
    (images of deleted posts, old audit entries). Returns what went here and how many units were queued."""
    now = now if now is not None else time.time()
    units = []
    for page in people_store.id_pages():
        units += [{"ids": part, "now": now} for part in work_queue.chunks(page, SWEEP_UNIT)]
    removed = dict.fromkeys(KINDS, 0)
    upload_days = config.retention_days("deleted_uploads")
    if upload_days:
        cutoff = f"{int((now - upload_days * 86400) * 1000):015d}"
        gone = _older(keys.UPLOADS_GONE, cutoff)[:GONE_UPLOADS_PER_RUN]
        if gone:  # one DeleteObjects request for up to 1,000 images, then their entries
            uploads.s3().delete_objects(Bucket=uploads.bucket(), Delete={
                "Objects": [{"Key": uploads.object_key(item["key"])} for item in gone], "Quiet": True})
            store.batch_delete([{"PK": item["PK"], "SK": item["SK"]} for item in gone])
            removed["deleted_uploads"] = len(gone)
    removed["audit"] = audit.sweep(now)
    return {**removed, "units": work_queue.put("retention", units)}


def sweep_unit(people: list[str], now: float) -> dict:
    """Remove each person's chat messages, notifications and sessions older than their periods."""
    removed = {"chat": 0, "notifications": 0, "sessions": 0}
    chat_days = config.retention_days("chat")
    notification_days = config.retention_days("notifications")
    session_days = config.retention_days("sessions")
    for person_id in people:
        if chat_days:
            cutoff = ids.new_id(int((now - chat_days * 86400) * 1000))[:10]  # the ULID's time part
            old = _older(keys.said_by(person_id), cutoff, index=keys.GSI1)
            store.batch_delete(old)  # unread counts stay: they count messages sent, not kept
            removed["chat"] += len(old)
        if notification_days:
            cutoff = f"{int((now - notification_days * 86400) * 1000):015d}"
            old = _older(keys.notifications_of(person_id), cutoff, index=keys.GSI1)
            store.batch_delete(old)
            removed["notifications"] += len(old)
        if session_days:
            cutoff = f"{int(now - session_days * 86400):012d}"
            old = _older(keys.sessions_of(person_id), cutoff, index=keys.GSI1)
            store.batch_delete(old)
            removed["sessions"] += len(old)
    return removed
