"""Dela (share): an article or a post, with one's own words, into the company feed, a group or a chat.

A share is a post (or a chat message) that carries a snapshot of its
original and counts itself on the original (`shares`), in the same
transaction. Visibility is never widened: a post from a closed or secret
group can be shared only inside that group, or into a conversation whose
members are all members of it. A reader sees the original's card only while
they may see the original itself (targets.shared_cards).
"""

from chalicelib import chat, groups, keys, posts, store, targets
from chalicelib.errors import Forbidden, NotFound, ValidationFailed

WIDENS = "A post from a closed or secret group can only be shared inside that group."


def original_of(caller: dict, target_id) -> dict:
    """The META of what is shared: a published article or a post the caller sees; NotFound otherwise."""
    target_id = targets.check_target_id(target_id)
    meta = store.get(keys.target(target_id))
    if not targets.visible(caller, meta):
        raise NotFound("What you share is not there (or not yours to see).")
    if meta.get("kind") not in ("article", "post"):
        raise ValidationFailed("target: an article or a post", field="target")
    return meta


def _room_members(caller: dict, room_id: str) -> tuple[str | None, list[str]]:
    """(the group of a group room, or None; the members of a direct room)."""
    room, _ = chat.access(caller, room_id)
    if room["kind"] == "group":
        return room["groupId"], []
    return None, list((room.get("memberNames") or {}).keys())


def check_destination(caller: dict, meta: dict, group_id: str | None, room_id: str | None) -> None:
    private = meta.get("privateGroup")
    if room_id is not None:
        group_of_room, members = _room_members(caller, room_id)
        if private and group_of_room is not None and group_of_room != private:
            raise Forbidden(WIDENS, code="share_widens")
        if private and group_of_room is None:
            found = store.batch_get([keys.membership(private, person) for person in members])
            if len([item for item in found if item.get("status") == "member"]) < len(members):
                raise Forbidden("Someone in that conversation is not in the group the post is from.",
                                code="share_widens")
        return
    if private and group_id != private:
        raise Forbidden(WIDENS, code="share_widens")
    if group_id is not None:
        groups.load(caller, group_id)  # NotFound for a secret group the caller is not in


def share(caller: dict, target_id, text=None, group_id: str | None = None, room_id: str | None = None,
          client_id: str | None = None, idempotency_key: str | None = None) -> dict:
    """Share into the company feed (no group, no room), a group, or a chat room; returns {post} or {message}."""
    if group_id is not None and room_id is not None:
        raise ValidationFailed("Share into a group or a conversation, not both.", field="roomId")
    meta = original_of(caller, target_id)
    check_destination(caller, meta, group_id, room_id)
    snapshot = targets.share_snapshot(meta)
    if room_id is not None:
        return {"message": chat.send_message(caller, room_id, text, client_id, shared=snapshot)}
    return {"post": posts.create_post(caller, text, group_id, None, idempotency_key, shared=snapshot)}
