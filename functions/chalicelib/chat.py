"""Chat: a room for every group, direct conversations between colleagues, messages.

A group's room (`group-<groupId>`) is for the group's members; a direct room
(`dm-<ulid>`) for the people who started it, one room per set of people. A
message is stored (with its client id, so a retry is never a second message)
before it is fanned out. Unread counts come from the room's message count and
each person's read marker.
"""

import hashlib
import re
import time

from chalicelib import events, groups, ids, keys, limits, markup, mentions, store, targets, work_queue
from chalicelib.config import MODERATORS
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.people import check_person_id

# A group room's members see its unread count grow live (through their own topic) up to this size; in
# bigger rooms the count is brought up to date when a page loads (a message would cost a push per member).
LIVE_UNREAD_MAX = 100
ROOM_ID = re.compile(r"^(group|dm)-[0-9A-HJKMNP-TV-Z]{26}$")
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MESSAGE_CHARS, MESSAGE_BYTES = 4000, 4096
PAGE = 30
DIRECT_MAX = 20


def check_room_id(value) -> str:
    if not isinstance(value, str) or not ROOM_ID.match(value):
        raise ValidationFailed("That is not a valid room id.", field="room", code="invalid_id")
    return value


def access(caller: dict, room_id: str) -> tuple[dict, dict]:
    """The room (its META, or what it will be) and the membership that lets the caller in.

    One BatchGetItem. Raises NotFound for rooms the caller is not in, exactly
    as for rooms that do not exist.
    """
    room_id = check_room_id(room_id)
    kind, raw_id = room_id.split("-", 1)
    member_key = keys.membership(raw_id, caller["id"]) if kind == "group" else keys.room_member(room_id, caller["id"])
    group_key = [keys.group(raw_id)] if kind == "group" else []
    room, membership, *group = store.get_each([keys.room(room_id), member_key, *group_key])
    group = group[0] if group else None
    if kind == "group":
        if not group or not groups.is_member(membership):
            raise NotFound("No such room.")
        room = room or {"id": room_id, "kind": "group", "groupId": raw_id, "count": 0}
        room["name"] = group["name"]
        room["archived"] = bool(group.get("archived"))
        room["memberCount"] = int(group.get("memberCount", 0))  # read here already: no second GetItem later
    elif not room or not membership:
        raise NotFound("No such room.")
    return room, membership


def membership_check(room_id: str, caller: dict) -> dict:
    kind, raw_id = room_id.split("-", 1)
    if kind == "group":
        return store.condition_action(keys.membership(raw_id, caller["id"]), "#s = :m", {"#s": "status"}, {":m": "member"})
    return store.condition_action(keys.room_member(room_id, caller["id"]), "attribute_exists(PK)", {}, {})


def public_message(item: dict, caller: dict) -> dict:
    deleted = bool(item.get("deleted"))
    own = item["authorId"] == caller["id"]
    hidden = item.get("hidden")
    readable = not deleted and (not hidden or own or bool(MODERATORS & set(caller.get("roles", []))))
    shown = {
        "id": item["id"], "room": item["room"], "clientId": item.get("clientId"),
        "author": {"id": item["authorId"], "name": item["authorName"]},
        "html": item["html"] if readable else None, "createdAt": ids.iso(item["createdAt"]),
        "editedAt": ids.iso(item.get("editedAt")), "deleted": deleted, "hidden": bool(hidden) and not deleted,
    }
    if hidden and readable:
        shown["hiddenReason"] = hidden.get("reason", "")
    if own and not deleted:
        shown["text"] = item["source"]
    if item.get("shared") and readable:
        shown["shared"] = item["shared"]  # the snapshot; list_messages says what the reader may see
    return shown


def send_message(caller: dict, room_id: str, text, client_id, shared: dict | None = None) -> dict:
    """Store a message, then fan it out; the same client id twice is one message. `shared` (from
    sharing.share) makes it a share of an article or post, counted on the original."""
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise ValidationFailed("clientId: 8-64 letters, digits, - or _", field="clientId")
    if isinstance(text, str) and len(text.encode("utf-8", "replace")) > MESSAGE_BYTES:
        raise ValidationFailed("text: a message may be at most 4 KB", field="text", code="message_too_large")
    text = "" if shared and text in (None, "") else markup.clean_text(text, max_chars=MESSAGE_CHARS,
                                                                     max_bytes=MESSAGE_BYTES)
    room, _ = access(caller, room_id)
    if room.get("archived"):
        raise Conflict("The group is archived.", code="archived")
    message_id = ids.new_id()
    now_ms = int(time.time() * 1000)
    item = {**keys.message(room_id, message_id), "id": message_id, "room": room_id, "clientId": client_id,
            "authorId": caller["id"], "authorName": caller.get("name", caller["id"]), "source": text,
            "html": markup.render(text, mentions.people_in(text)) if text else "", "createdAt": now_ms,
            **keys.messages_index(caller["id"], message_id), **({"shared": shared} if shared else {})}
    room_update = store.update_action(
        keys.room(room_id), "ADD #count :one SET #last = :now, #kind = if_not_exists(#kind, :kind), #id = :id",
        {"#count": "count", "#last": "lastMessageAt", "#kind": "kind", "#id": "id"},
        {":one": 1, ":now": now_ms, ":kind": room_id.split("-")[0], ":id": room_id})
    try:
        store.transact([
            store.put_action(item, condition="attribute_not_exists(PK)"),
            store.put_action({**keys.client_message(room_id, caller["id"], client_id), "messageId": message_id,
                              keys.TTL_ATTRIBUTE: int(time.time()) + 86400}, condition="attribute_not_exists(PK)"),
            room_update,
            limits.budget_action(caller["id"], "chat"),
            membership_check(room_id, caller),
            *([targets.share_counter(shared["target"])] if shared else []),
        ])
    except store.Cancelled as cancelled:
        if cancelled.failed(1):
            earlier = store.get(keys.client_message(room_id, caller["id"], client_id))
            stored = earlier and store.get(keys.message(room_id, earlier["messageId"]))
            if stored:
                return public_message(stored, caller)
        if cancelled.failed(3):
            raise limits.refused()
        if cancelled.failed(4):
            raise NotFound("No such room.")
        if cancelled.failed(5):
            raise NotFound("What you share is not there any more.")
        raise Conflict()
    shown = public_message(item, caller)
    events.publish(f"room:{room_id}", "message.created", {**shown, "text": None})
    # The members' unread counts grow through their own topic, wherever they are (a new room included):
    # a direct conversation's few within this call, a group room's members by a work unit.
    if room_id.startswith("dm-"):
        for person_id in room.get("memberNames") or {}:
            if person_id != caller["id"]:
                events.publish(f"user:{person_id}", "chat.unread", {"room": room_id, "from": shown["author"]})
    elif room["memberCount"] <= LIVE_UNREAD_MAX:  # a bigger room's counts come up to date as pages load
        work_queue.put("room_unread", [{"room": room_id, "from": shown["author"]}])
    return shown


def unread_unit(room_id: str, author: dict) -> dict:
    """A group room's message (rooms up to LIVE_UNREAD_MAX members): each member but its author hears that
    their unread count grew (a repeat tells them again, which the next page load corrects)."""
    group_id = room_id.split("-", 1)[1]
    members = [m["id"] for m in groups.member_items(group_id) if m["status"] == "member" and m["id"] != author["id"]]
    for person_id in members:
        events.publish(f"user:{person_id}", "chat.unread", {"room": room_id, "from": author})
    return {"unread_told": len(members)}


def list_messages(caller: dict, room_id: str, before: str | None = None, after: str | None = None,
                  limit: int = PAGE) -> dict:
    """Newest first before a message (history), or oldest first after one (catching up)."""
    room, _ = access(caller, room_id)
    for name, value in (("before", before), ("after", after)):
        if value is not None and not ids.is_id(value):
            raise ValidationFailed(f"{name}: a message id", field=name, code="invalid_id")
    if after:
        items, last = store.query(keys.room_partition(room_id), keys.MESSAGE_PREFIX, limit,
                                  after=keys.message_sort_key(after), newest_first=False)
    else:
        items, last = store.query(keys.room_partition(room_id), keys.MESSAGE_PREFIX, limit,
                                  after=keys.message_sort_key(before) if before else None)
        items.reverse()
    messages = [public_message(i, caller) for i in items]
    shared = targets.shared_cards(caller, [m["shared"] for m in messages if m.get("shared")])
    for message in messages:
        if message.get("shared"):
            message["shared"] = shared[message["shared"]["target"]]
    return {"room": _room_view(room, None), "messages": messages, "more": last is not None}


def _room_view(room: dict, mine: dict | None, name: str | None = None) -> dict:
    count = int(room.get("count", 0))
    read = int((mine or {}).get("readCount", 0))
    return {"id": room["id"], "kind": room["kind"], "name": name or room.get("name", ""),
            "members": room.get("memberNames"), "count": count, "unread": max(0, count - read) if mine is not None else None,
            "lastMessageAt": ids.iso(room.get("lastMessageAt"))}


def rooms(caller: dict) -> dict:
    """My rooms with unread counts: 2 Queries + 1 BatchGetItem."""
    my_groups = [g for g in groups.my_groups_items(caller) if g["status"] == "member"]
    marks, _ = store.query(keys.person_partition(caller["id"]), keys.MY_ROOM_PREFIX, 200, newest_first=False)
    marks = {item["SK"][2:]: item for item in marks}
    room_ids = [f"group-{g['groupId']}" for g in my_groups] + [r for r in marks if r.startswith("dm-")]
    metas = {item["id"]: item for item in store.batch_get([keys.room(r) for r in room_ids[:100]]) if "id" in item}
    listed = []
    names = {f"group-{g['groupId']}": g["groupName"] for g in my_groups}
    for room_id in room_ids:
        meta = metas.get(room_id) or {"id": room_id, "kind": room_id.split("-")[0], "count": 0}
        view = _room_view(meta, marks.get(room_id, {}), names.get(room_id))
        if view["kind"] == "dm":
            others = [name for pid, name in (meta.get("memberNames") or {}).items() if pid != caller["id"]]
            view["name"] = ", ".join(sorted(others)) or view["name"]
        listed.append(view)
    listed.sort(key=lambda r: r["lastMessageAt"] or "", reverse=True)
    return {"rooms": listed, "unread": sum(r["unread"] or 0 for r in listed)}


def start_direct(caller: dict, member_ids) -> dict:
    """The direct room for me and these colleagues (the existing one if there is one)."""
    if not isinstance(member_ids, list) or not 1 <= len(member_ids) < DIRECT_MAX:
        raise ValidationFailed(f"members: 1 to {DIRECT_MAX - 1} colleagues", field="members", code="too_many_items")
    people_ids = sorted({check_person_id(p) for p in member_ids} | {caller["id"]})
    if len(people_ids) < 2:
        raise ValidationFailed("members: someone besides you", field="members")
    found = {p["id"]: p for p in store.batch_get([keys.person(p) for p in people_ids])}
    found.setdefault(caller["id"], {"id": caller["id"], "name": caller.get("name", caller["id"])})
    missing = [p for p in people_ids if p not in found]
    if missing:
        raise NotFound("No such person.")
    pair = keys.direct_pair(hashlib.sha256(",".join(people_ids).encode()).hexdigest())
    room_id = f"dm-{ids.new_id()}"
    names = {p: found[p]["name"] for p in people_ids}
    meta = {**keys.room(room_id), "id": room_id, "kind": "dm", "memberNames": names, "count": 0,
            "lastMessageAt": int(time.time() * 1000)}
    actions = [store.put_action({**pair, "roomId": room_id}, condition="attribute_not_exists(PK)"), store.put_action(meta)]
    for person_id in people_ids:
        actions.append(store.put_action({**keys.room_member(room_id, person_id), "personId": person_id}))
        actions.append(store.put_action({**keys.my_room(person_id, room_id), "roomId": room_id, "readCount": 0}))
    try:
        store.transact(actions)
    except store.Cancelled:
        existing = store.get(pair)
        if not existing:
            raise Conflict()
        room_id = existing["roomId"]
        meta = store.get(keys.room(room_id))
    view = _room_view(meta, {"readCount": meta.get("count", 0)})
    view["name"] = ", ".join(sorted(n for p, n in names.items() if p != caller["id"]))
    return view


def mark_read(caller: dict, room_id: str) -> dict:
    room, _ = access(caller, room_id)
    count = int(room.get("count", 0))
    store.put({**keys.my_room(caller["id"], room_id), "roomId": room_id, "readCount": count,
               "readAt": int(time.time() * 1000)})
    events.publish(f"room:{room_id}", "read", {"room": room_id, "person": caller["id"], "seq": count})
    # My other tabs and pages (the header's count, the dock, another chat page) count this room as read.
    events.publish(f"user:{caller['id']}", "chat.read", {"room": room_id})
    return {"room": room_id, "unread": 0, "seq": count}


def _own(caller: dict, room_id: str, message_id: str) -> dict:
    access(caller, room_id)
    if not ids.is_id(message_id):
        raise ValidationFailed("That is not a valid message id.", field="messageId", code="invalid_id")
    item = store.get(keys.message(room_id, message_id))
    if not item or item.get("deleted"):
        raise NotFound("No such message.")
    if item["authorId"] != caller["id"]:
        raise Forbidden("You can only change your own messages.")
    return item


def edit_message(caller: dict, room_id: str, message_id: str, text) -> dict:
    item = _own(caller, room_id, message_id)
    text = markup.clean_text(text, max_chars=MESSAGE_CHARS, max_bytes=MESSAGE_BYTES)
    updated = store.update(keys.message(room_id, message_id), "SET #s = :s, #h = :h, #e = :e",
                           {"#s": "source", "#h": "html", "#e": "editedAt", "#a": "authorId"},
                           {":s": text, ":h": markup.render(text, mentions.people_in(text)), ":e": int(time.time() * 1000),
                            ":me": caller["id"]}, condition="#a = :me")
    shown = public_message(updated or item, caller)
    events.publish(f"room:{room_id}", "message.updated", {**shown, "text": None})
    return shown


def delete_message(caller: dict, room_id: str, message_id: str) -> dict:
    _own(caller, room_id, message_id)
    store.update(keys.message(room_id, message_id), "SET #d = :yes REMOVE #s, #h",
                 {"#d": "deleted", "#s": "source", "#h": "html"}, {":yes": True})
    events.publish(f"room:{room_id}", "message.deleted", {"id": message_id, "room": room_id})
    return {"id": message_id, "deleted": True}


def check_message_target(value) -> tuple[str, str]:
    """`message:<room>:<id>`, the way reports and the audit trail name a chat message."""
    parts = value.split(":") if isinstance(value, str) else []
    if len(parts) != 3 or parts[0] != "message" or not ROOM_ID.match(parts[1]) or not ids.is_id(parts[2]):
        raise ValidationFailed("That is not a valid message.", field="target", code="invalid_id")
    return parts[1], parts[2]


def get_any(room_id: str, message_id: str) -> dict | None:
    """A message whoever asks (moderation, export and erasure decide who may)."""
    return store.get(keys.message(room_id, message_id))


def remove_message(room_id: str, message_id: str) -> None:
    """Delete a message outright (moderation, erasure, retention). Unread counts stay exact: they
    come from the room's message counter and read markers, which count messages sent, not kept."""
    store.delete(keys.message(room_id, message_id))
    events.publish(f"room:{room_id}", "message.deleted", {"id": message_id, "room": room_id})


def set_hidden(room_id: str, message_id: str, hidden: dict | None) -> None:
    expression, values = ("SET #h = :h", {":h": hidden}) if hidden else ("REMOVE #h", {})
    item = store.update(keys.message(room_id, message_id), expression, {"#h": "hidden"}, values,
                        condition="attribute_exists(PK)")
    if item:
        events.publish(f"room:{room_id}", "message.updated", {**public_message(item, {"id": "", "roles": []}),
                                                              "text": None})
