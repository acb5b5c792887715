"""The work queue's consumer: runs units of work, each on its own, and says which failed.

A unit is `{"job": <name>, ...}` (chalicelib.work_queue). In production SQS hands this function up to ten
units at a time (app.work); the answer lists the failed ones (`batchItemFailures`), so SQS offers only
those again, up to three times, and then keeps them in its dead-letter queue. Every unit is idempotent:
running one twice changes nothing the first run did not (a digest's marker, a take, a set's DELETE).

Locally `drain` runs the waiting units through the same `run_batch`, with the same three receives.
"""

import json
import logging
import threading
from collections import Counter

from chalicelib import chat, erasure, events, mail, notifications, posts, retention, work_queue

log = logging.getLogger("torget.jobs")
RECEIVES = 3  # as the queue's redrive policy: then the dead-letter queue
DEAD: list = []  # locally: units that failed RECEIVES times

UNITS = {
    "digest": lambda unit: mail.digest_unit(unit["period"], unit["day"], unit["ids"], unit["now"]),
    "mail_now": lambda unit: mail.send_now_unit(unit["entries"]),
    "retention": lambda unit: retention.sweep_unit(unit["ids"], unit["now"]),
    "told": lambda unit: erasure.told_unit(unit["person"], unit["ids"]),
    "fanout": lambda unit: events.fanout_unit(unit["topic"], unit["frame"], unit.get("skip")),
    "deliver": lambda unit: events.deliver_unit(unit["connections"], unit["frame"]),
    "notify": lambda unit: notifications.notify_unit(unit["actor"], unit["recipients"], unit["kind"], unit["subject"],
                                                     unit["context"]),
    "room_unread": lambda unit: chat.unread_unit(unit["room"], unit["from"]),
    "group_post": lambda unit: posts.tell_members_unit(unit["actor"], unit["group"], unit["mentioned"]),
}


def run_one(body: str) -> dict:
    """One unit: its counts (a dict of numbers). Raises when it failed."""
    unit = json.loads(body)
    result = UNITS[unit["job"]](unit)
    return {"units": 1, **(result or {})}


def run_batch(bodies: list[tuple[str, str]]) -> tuple[Counter, list[str]]:
    """Run (id, body) pairs; returns the summed counts and the ids that failed."""
    counts, failed = Counter(), []
    for ident, body in bodies:
        try:
            counts.update(run_one(body))
        except Exception:  # a unit's failure never stops the others; SQS offers it again
            log.exception("work unit %s failed", ident)
            failed.append(ident)
    return counts, failed


def handle(event: dict) -> dict:
    """The Lambda's answer to an SQS batch: the units to offer again (ReportBatchItemFailures). A unit
    invoked on its own (asynchronously) is the event itself: it raises when it fails, so Lambda retries it."""
    if "job" in event:
        return run_one(json.dumps(event))
    records = event.get("Records") or []
    _, failed = run_batch([(record["messageId"], record["body"]) for record in records])
    return {"batchItemFailures": [{"itemIdentifier": ident} for ident in failed]}


_draining = threading.Lock()


def drain(wait: bool = False) -> Counter:
    """Locally: run every waiting unit (and those they add), ten at a time as SQS would hand them out;
    a failed unit is offered again up to RECEIVES times, then set aside in DEAD. Returns the counts.
    While another thread drains, this returns at once (that thread takes these units too), or with
    `wait`, once that thread is done."""
    total = Counter()
    while work_queue.PENDING or wait:
        if not _draining.acquire(blocking=wait):  # with `wait`, after another thread's drain has finished
            return total
        wait = False
        try:
            while work_queue.PENDING:
                batch = []
                while work_queue.PENDING and len(batch) < work_queue.SQS_BATCH:
                    batch.append(work_queue.PENDING.popleft())
                counts, failed = run_batch([(str(n), body) for n, (body, _) in enumerate(batch)])
                total.update(counts)
                for n in failed:
                    body, receives = batch[int(n)]
                    if receives + 1 >= RECEIVES:
                        DEAD.append(body)
                        total["dead"] += 1
                    else:
                        work_queue.PENDING.append((body, receives + 1))
        finally:
            _draining.release()
    return total
