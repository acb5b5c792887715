"""The WebSocket side: who is connected, what they listen to, what they send.

Frames follow DESIGN.md's protocol: `subscribe`/`unsubscribe` to topics
(`thread:<id>`, `feed`, `site` (banners), `group:<id>`, `room:<id>`, `view:<room>`, `user:<id>`),
`send` a chat message, `typing`, `ping`. `room:<id>` carries a room's messages (to every tab that shows
the room or its unread count); `view:<room>` only the tabs that have the room open, and only those hear
who is typing and who is here. Every frame re-checks the session (a logout
closes the door within one frame) and the connection's frame budget;
subscriptions are authorised one by one, and sending is authorised again on
every message.
"""

import time

from chalicelib import auth, chat, events, groups, keys, limits, store, targets
from chalicelib.config import settings
from chalicelib.errors import DomainError, NotAuthenticated, NotFound, ValidationFailed
from chalicelib.store import sessions as session_store

LIFETIME = 2 * 3600  # API Gateway closes a connection after 2 hours
MAX_TOPICS = 50
MAX_CONNECTIONS_PER_PERSON = 10
# Presence reads one page of a room's viewers (a join or a leave costs one Query, however big the room),
# and a frame names at most a screenful of them, with how many there are.
PRESENCE_READ = 100
PRESENCE_NAMES = 20


def connect(connection_id: str, token: str | None, origin: str | None) -> dict | None:
    """Register a connection for a logged-in person from our own origin; None refuses it
    (also beyond MAX_CONNECTIONS_PER_PERSON open at once: a tab storm cannot starve others)."""
    if origin != settings().origin:
        return None
    caller = auth.caller_for(token)
    if caller is None:
        return None
    now = int(time.time())
    open_now, _ = store.query(keys.person_partition(caller["id"]), keys.CONNECTION_PREFIX, MAX_CONNECTIONS_PER_PERSON + 5)
    if sum(int(item[keys.TTL_ATTRIBUTE]) > now for item in open_now) >= MAX_CONNECTIONS_PER_PERSON:
        return None
    expires = now + LIFETIME
    store.transact([
        store.put_action({**keys.connection(connection_id), "connectionId": connection_id, "personId": caller["id"],
                          "name": caller["name"], "roles": caller["roles"], "session": session_store.token_hash(token),
                          "connectedAt": now, keys.TTL_ATTRIBUTE: expires}),
        store.put_action({**keys.my_connection(caller["id"], connection_id), keys.TTL_ATTRIBUTE: expires}),
    ])
    return caller


def disconnect(connection_id: str) -> None:
    meta = store.get(keys.connection(connection_id))
    events.forget(connection_id)
    if meta:
        for topic in meta.get("topics") or []:
            if topic.startswith("view:"):
                _announce_presence(topic)


def _caller_of(connection_id: str) -> tuple[dict, dict]:
    meta = store.get(keys.connection(connection_id))
    if not meta:
        raise NotAuthenticated()
    session = store.get(keys.session(meta["session"]))
    if not session or int(session[keys.TTL_ATTRIBUTE]) <= time.time():
        raise NotAuthenticated("The session has ended; log in again.")
    return {"id": meta["personId"], "name": meta["name"], "roles": list(meta.get("roles") or [])}, meta


def may_listen(caller: dict, topic: str) -> bool:
    """Whether the caller may subscribe to a topic (membership for groups and rooms)."""
    kind, _, ident = topic.partition(":")
    try:
        if kind in ("feed", "site") and not ident:
            return True
        if kind == "user":
            return ident == caller["id"]
        if kind == "thread":
            return targets.visible(caller, store.get(keys.target(targets.check_thread_id(ident))))
        if kind == "group":
            group, membership = groups.load(caller, ident)
            return groups.can_read(group, membership)
        if kind in ("room", "view"):
            chat.access(caller, ident)
            return True
    except DomainError:
        return False
    return False


def presence(topic: str) -> dict:
    """Who has the room open: up to PRESENCE_NAMES names, how many people in the first PRESENCE_READ tabs,
    and whether there are more tabs than that."""
    page, after = store.query(keys.topic(topic), keys.CONNECTION_PREFIX, PRESENCE_READ, newest_first=False)
    people = {item["personId"]: item.get("name", item["personId"]) for item in page}
    online = [{"id": pid, "name": name} for pid, name in sorted(people.items(), key=lambda p: p[1])]
    return {"online": online[:PRESENCE_NAMES], "count": len(people), "more": after is not None}


def _announce_presence(topic: str, joining: str | None = None) -> None:
    """Tell a room's viewers who is here: everyone while they fit one page, else only the one who came."""
    here = presence(topic)
    if not here["more"]:
        events.publish(topic, "presence", here)
    elif joining:
        events.send(joining, {"type": "presence", "topic": topic, "data": here})


def subscribe(connection_id: str, caller: dict, topics) -> dict:
    if not isinstance(topics, list) or not all(isinstance(t, str) and len(t) <= 200 for t in topics):
        raise ValidationFailed("topics: a list of topic names", field="topics")
    if len(topics) > MAX_TOPICS:
        raise ValidationFailed(f"topics: at most {MAX_TOPICS}", field="topics", code="too_many_items")
    accepted, refused = [], []
    for topic in dict.fromkeys(topics):
        (accepted if may_listen(caller, topic) else refused).append(topic)
    expires = int(time.time()) + LIFETIME
    for topic in accepted:
        store.put({**keys.subscription(topic, connection_id), "connectionId": connection_id, "personId": caller["id"],
                   "name": caller["name"], keys.TTL_ATTRIBUTE: expires})
    if accepted:
        store.update(keys.connection(connection_id), "ADD #t :topics", {"#t": "topics"}, {":topics": set(accepted)})
    for topic in accepted:
        if topic.startswith("view:"):
            _announce_presence(topic, joining=connection_id)
    return {"topics": accepted, "refused": refused}


def unsubscribe(connection_id: str, topics) -> dict:
    if not isinstance(topics, list) or len(topics) > MAX_TOPICS or not all(isinstance(t, str) for t in topics):
        raise ValidationFailed("topics: a list of topic names", field="topics")
    for topic in topics:
        store.delete(keys.subscription(topic, connection_id))
    if topics:
        store.update(keys.connection(connection_id), "DELETE #t :topics", {"#t": "topics"}, {":topics": set(topics)})
    for topic in topics:
        if topic.startswith("view:"):  # the room was closed in this tab: the others see one fewer
            _announce_presence(topic)
    return {"topics": topics}


def handle(connection_id: str, frame: dict) -> dict | None:
    """Act on one parsed frame; return the reply for the sender (or None)."""
    action = frame.get("action")
    caller, meta = _caller_of(connection_id)
    if action == "ping":
        return {"type": "pong", "data": {"at": int(time.time() * 1000)}}
    try:
        limits.spend(f"conn-{connection_id}", "frame")
    except DomainError as error:
        return error_frame(error, frame)
    if action == "subscribe":
        return {"type": "subscribed", "data": subscribe(connection_id, caller, frame.get("topics"))}
    if action == "unsubscribe":
        return {"type": "unsubscribed", "data": unsubscribe(connection_id, frame.get("topics"))}
    if action == "send":
        message = chat.send_message(caller, frame.get("room"), frame.get("text"), frame.get("clientId"))
        return {"type": "ack", "data": message}
    if action == "typing":
        room = chat.check_room_id(frame.get("room"))
        if f"view:{room}" not in (meta.get("topics") or set()):
            raise NotFound("Open the room first (subscribe to its view).")
        events.publish(f"view:{room}", "typing", {"room": room, "person": {"id": caller["id"], "name": caller["name"]}},
                       skip=connection_id)
        return None
    raise ValidationFailed("Unknown action.", code="unknown_action")


def error_frame(error: DomainError, frame: dict | None = None) -> dict:
    reply = {"type": "error", "code": error.code, "message": error.message}
    ref = (frame or {}).get("clientId")
    if isinstance(ref, str) and len(ref) <= 64:
        reply["ref"] = ref
    return reply
