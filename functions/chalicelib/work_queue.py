"""The work queue: jobs too big for one call, cut into small units (a page of people, a page of connections)
that run in parallel, each on its own, each safe to run twice.

In production the units are messages on Amazon SQS (WORK_QUEUE_URL); a Lambda consumes them ten at a time
(app.work → jobs.handle) and reports the units that failed, which SQS offers again (three times, then its
dead-letter queue). Units that must start at once and all together (the deliveries of one chat message to
a big room) are instead invoked asynchronously, one invocation each, from the work function itself: Lambda
runs them side by side, retries a failed one twice and then keeps it in FailedUnits too.

Locally they wait in this process (`PENDING`) until `jobs.drain` runs them through the same consumer: the
devserver does that as they arrive, tests when they choose. A unit's body stays far below SQS's 256 KB:
units carry ids, never whole items.
"""

import json
from collections import deque
from functools import lru_cache

from chalicelib import config

SQS_BATCH = 10  # messages per SendMessageBatch, SQS's limit
PENDING: deque = deque()  # locally: (unit, receive count)
_arrived = None  # the devserver's callback: units are waiting


def chunks(items: list, size: int) -> list[list]:
    """`items` cut into lists of at most `size`, in order: the ids or entries of one unit each."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def on_arrival(callback) -> None:
    """Locally: `callback()` runs after units are put (the devserver drains the queue then)."""
    global _arrived
    _arrived = callback


@lru_cache(maxsize=1)
def _lambda():
    import boto3  # only production invokes units

    return boto3.client("lambda")


@lru_cache(maxsize=1)
def _sqs():
    import boto3  # only production queues through SQS

    return boto3.client("sqs")


def put(job: str, units: list[dict], together: bool = False) -> int:
    """Queue one message per unit, each {"job": job, **unit}; returns how many. `together`: the units are
    invoked at once, side by side (when this runs in the work function), rather than queued."""
    bodies = [json.dumps({"job": job, **unit}, separators=(",", ":")) for unit in units]
    url = config.work_queue_url()
    if not url:
        PENDING.extend((body, 0) for body in bodies)
        if _arrived is not None and bodies:
            _arrived()
        return len(bodies)
    total = len(bodies)
    if together and config.own_function_name():
        bodies = _invoke_each(bodies)  # what could not be invoked is queued below
    for chunk in chunks(bodies, SQS_BATCH):
        answer = _sqs().send_message_batch(QueueUrl=url, Entries=[
            {"Id": str(n), "MessageBody": body} for n, body in enumerate(chunk)])
        if answer.get("Failed"):  # SQS took some and refused others: send those again, once
            again = [chunk[int(entry["Id"])] for entry in answer["Failed"]]
            retried = _sqs().send_message_batch(QueueUrl=url, Entries=[
                {"Id": str(n), "MessageBody": body} for n, body in enumerate(again)])
            if retried.get("Failed"):
                raise RuntimeError(f"SQS refused {len(retried['Failed'])} units of {job}")
    return total


def _invoke_each(bodies: list[str]) -> list[str]:
    """Invoke this function once per unit, asynchronously (16 requests in flight); returns the units whose
    invocation was refused (throttled, say), for the queue to take instead."""
    from concurrent.futures import ThreadPoolExecutor  # only a big delivery needs threads

    def invoke(body: str) -> str | None:
        try:
            _lambda().invoke(FunctionName=config.own_function_name(), InvocationType="Event", Payload=body.encode())
            return None
        except Exception:  # botocore's errors: the queue still gets it
            return body

    with ThreadPoolExecutor(max_workers=min(16, len(bodies) or 1)) as pool:
        return [body for body in pool.map(invoke, bodies) if body is not None]
