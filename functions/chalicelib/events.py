"""Pushing events to open WebSocket connections (API Gateway's management API).

`publish(topic, type, data)` sends `{"type", "topic", "data"}` to every
connection subscribed to the topic, in parallel with a bound; a connection
that is gone is removed with its subscriptions, and one failure never stops
the others. Delivery is best effort: the data is already stored, and pages
fetch what they missed when they reconnect.

A small audience (up to INLINE_MAX connections, one Query) hears it within
the sender's call. A bigger one is delivered off the sender's path: one
work unit reads the subscribers and cuts them into units of DELIVER_UNIT
connections, each invoked on its own so that all deliver side by side; a
room with 12,000 open tabs costs the sender one Query and one SQS message.
"""

import json
import logging
from functools import lru_cache

from chalicelib import config, keys, store, work_queue
from chalicelib.errors import Unavailable

log = logging.getLogger("torget.events")
PARALLEL = 16
INLINE_MAX = 100  # connections the sender's own call delivers to
DELIVER_UNIT = 200  # connections per delivery unit: ~1 s at PARALLEL posts in flight
_sender = None


def use_sender(sender) -> None:
    """Swap the management client (the devserver's local gateway does)."""
    global _sender
    _sender = sender


@lru_cache(maxsize=1)
def _aws_sender():
    import boto3
    from botocore.config import Config

    # A slow or stuck connection must not hold up the others: short timeouts, one retry.
    config = Config(connect_timeout=2, read_timeout=3, retries={"max_attempts": 2, "mode": "standard"})
    return boto3.client("apigatewaymanagementapi", endpoint_url=config.websocket_endpoint(), config=config)


def sender():
    if _sender is not None:
        return _sender
    if not config.websocket_endpoint():
        return None
    return _aws_sender()


def _gone(error: Exception) -> bool:
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code") == "GoneException"


def forget(connection_id: str) -> None:
    """Remove a connection and its subscriptions."""
    meta = store.take(keys.connection(connection_id))
    for name in (meta or {}).get("topics") or []:
        store.delete(keys.subscription(name, connection_id))
    if meta and meta.get("personId"):
        store.delete(keys.my_connection(meta["personId"], connection_id))


def close(connection_id: str) -> bool:
    """Close one connection now (someone left the company) and forget it; False if it was already gone."""
    client = sender()
    closed = False
    if client is not None:
        try:
            client.delete_connection(ConnectionId=connection_id)
            closed = True
        except Exception as error:
            if not _gone(error):
                log.warning("closing %s failed: %s", connection_id, type(error).__name__)
    forget(connection_id)
    return closed


def _post(client, connection_id: str, data: bytes) -> str:
    """Push to one connection: "sent", "gone" or "failed" (never raises)."""
    try:
        client.post_to_connection(ConnectionId=connection_id, Data=data)
        return "sent"
    except Exception as error:
        if _gone(error):
            return "gone"
        log.warning("push to %s failed: %s", connection_id, type(error).__name__)
        return "failed"


def send(connection_id: str, message: dict) -> bool:
    """Send to one connection; False (and the connection forgotten) when it is gone."""
    client = sender()
    if client is None:
        return False
    outcome = _post(client, connection_id, json.dumps(message, ensure_ascii=False).encode())
    if outcome == "gone":
        forget(connection_id)
    return outcome == "sent"


def subscribers(topic: str, only: tuple[str, ...] = ()) -> list[dict]:
    """A topic's subscriptions (`only`: just those attributes, for a big fan-out that needs only the ids)."""
    found, after = [], None
    while True:
        page, after = store.query(keys.topic(topic), keys.CONNECTION_PREFIX, 1000, after=after, newest_first=False,
                                  only=only)
        found += page
        if after is None:
            return found


def publish(topic: str, kind: str, data: dict, skip: str | None = None) -> int:
    """Fan an event out to a topic's subscribers; returns how many got it within this call (0 when the
    audience is big and its delivery was queued)."""
    if sender() is None:
        return 0
    frame = json.dumps({"type": kind, "topic": topic, "data": data}, ensure_ascii=False)
    try:
        first, after = store.query(keys.topic(topic), keys.CONNECTION_PREFIX, INLINE_MAX, newest_first=False)
        if after is not None:
            work_queue.put("fanout", [{"topic": topic, "frame": frame, "skip": skip}])
            return 0
    except Unavailable:  # the change is stored; open pages catch up when they next load or reconnect
        log.warning("event %s on %s not pushed: the table is busy", kind, topic)
        return 0
    return _deliver([item["connectionId"] for item in first if item["connectionId"] != skip], frame.encode())


def fanout_unit(topic: str, frame: str, skip: str | None) -> dict:
    """A big audience: its subscribers, read page by page, as delivery units."""
    targets = [item["connectionId"] for item in subscribers(topic, only=("connectionId",)) if item["connectionId"] != skip]
    units = [{"connections": part, "frame": frame} for part in work_queue.chunks(targets, DELIVER_UNIT)]
    return {"delivery_units": work_queue.put("deliver", units, together=True)}


def deliver_unit(connections: list[str], frame: str) -> dict:
    """One unit of a big delivery."""
    sent = _deliver(connections, frame.encode())
    return {"delivered": sent}


def _deliver(targets: list[str], data: bytes) -> int:
    """Post to each connection, PARALLEL at a time; forget the gone ones. Returns how many got it."""
    client = sender()
    if not targets or client is None:
        return 0
    from concurrent.futures import ThreadPoolExecutor  # only fan-outs need threads

    with ThreadPoolExecutor(max_workers=min(PARALLEL, len(targets))) as pool:
        outcomes = list(pool.map(lambda connection_id: _post(client, connection_id, data), targets))
    # Clean-up after the parallel part: storage calls stay on this thread.
    for connection_id, outcome in zip(targets, outcomes, strict=True):
        if outcome == "gone":
            forget(connection_id)
    return outcomes.count("sent")
