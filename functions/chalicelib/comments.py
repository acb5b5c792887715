"""Comments: a conversation under an article or post, replies one level deep.

Storage: `THREAD#<thread>` / `C#<id>` for a top-level comment and
`C#<parent>#R#<id>` for a reply, so one Query (newest first) returns each
parent right after its replies and a page never needs a second lookup.
Every comment also has a `TARGET#comment:<id>` / META item: its counters
(reactions, replies) and where it lives, so reactions, edits and deletes
find it by id.
"""

import hashlib
import json
import time

from chalicelib import audit, cursors, events, ids, keys, limits, markup, mentions, notifications, reactions, store, targets
from chalicelib.config import MODERATORS
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.text import snippet

PAGE_DEFAULT, PAGE_MAX = 20, 40
IDEMPOTENCY_TTL = 24 * 3600
NOBODY = {"id": "", "roles": []}  # the viewer of a broadcast: each page sets its own permissions


def check_comment_id(value: str) -> str:
    if not ids.is_id(value):
        raise ValidationFailed("That is not a valid comment id.", field="commentId", code="invalid_id")
    return value


def _public(item: dict, meta: dict | None, mine: dict | None, caller: dict) -> dict:
    """A comment as the API shows it to the caller."""
    own = bool(item.get("authorId")) and item["authorId"] == caller["id"]
    deleted = bool(item.get("deleted"))
    moderator = bool(MODERATORS & set(caller["roles"]))
    hidden = item.get("hidden")
    # A comment a moderator hid: its author and moderators still read it, with the reason; others see that it was hidden.
    readable = not deleted and (not hidden or own or moderator)
    comment = {
        "id": item["id"],
        "threadId": item["threadId"],
        "parentId": item.get("parentId"),
        "replyTo": item.get("replyTo"),
        "author": None if deleted or not item.get("authorId") else {"id": item["authorId"], "name": item["authorName"]},
        "html": item["html"] if readable else None,
        "createdAt": ids.iso(item["createdAt"]),
        "editedAt": ids.iso(item.get("editedAt")),
        "deleted": deleted,
        "hidden": bool(hidden) and not deleted,
        "reactions": targets.counts_of(meta)["reactions"],
        "mine": reactions.mine_of(mine),
        "canEdit": own and not deleted and not hidden,
        "canDelete": not deleted and (own or moderator),
        "version": int(item.get("version", 1)),
    }
    if hidden and not deleted and (own or moderator):
        comment["hiddenReason"] = hidden.get("reason", "")
    if own and not deleted:
        comment["text"] = item["source"]
    return comment


def list_comments(caller: dict, thread_id: str, cursor: str | None = None, limit: int = PAGE_DEFAULT) -> dict:
    """One page of a thread, newest conversation first: 1 Query + 1 BatchGetItem."""
    thread_id = targets.check_thread_id(thread_id)
    if not 1 <= limit <= PAGE_MAX:
        raise ValidationFailed(f"limit: must be a whole number from 1 to {PAGE_MAX}", field="limit", code="invalid_limit")
    after = cursors.decode(cursor, thread_id, caller["id"])
    items, last = store.query(keys.thread(thread_id), keys.COMMENT_PREFIX, limit, after=after)
    wanted = [keys.target(thread_id), keys.my_reactions(thread_id, caller["id"])]
    for item in items:
        target_id = f"comment:{item['id']}"
        wanted += [keys.target(target_id), keys.my_reactions(target_id, caller["id"])]
    found = {(entry["PK"], entry["SK"]): entry for entry in store.batch_get(wanted)}

    def lookup(key):
        return found.get((key["PK"], key["SK"]))

    thread_meta = lookup(keys.target(thread_id))
    if not targets.visible(caller, thread_meta):
        raise NotFound("No such conversation.")
    comments = [
        _public(item, lookup(keys.target(f"comment:{item['id']}")),
                lookup(keys.my_reactions(f"comment:{item['id']}", caller["id"])), caller)
        for item in items
    ]
    return {
        "thread": {
            "id": thread_id,
            "commentsEnabled": bool(thread_meta.get("commentsEnabled", True)),
            **targets.counts_of(thread_meta),
            "mine": reactions.mine_of(lookup(keys.my_reactions(thread_id, caller["id"]))),
        },
        "comments": comments,
        "next": cursors.encode(last, thread_id, caller["id"]) if last else None,
    }


def _fingerprint(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def add_comment(caller: dict, thread_id: str, text: str, parent_id: str | None = None,
                idempotency_key: str | None = None) -> dict:
    """Post a comment (or a reply); a retry with the same key returns the first one."""
    thread_id = targets.check_thread_id(thread_id)
    text = markup.clean_text(text)
    parent_id = check_comment_id(parent_id) if parent_id is not None else None
    reply_to = None
    if parent_id:
        parent = store.get(keys.target(f"comment:{parent_id}"))
        if not targets.visible(caller, parent) or parent.get("threadId") != thread_id:
            raise NotFound("The comment you answer is gone.")
        # A reply to a reply joins the same thread and names whom it answers.
        reply_to = {"id": parent["authorId"], "name": parent["authorName"], "commentId": parent_id}
        parent_id = parent.get("parentId") or parent_id
    people = mentions.people_in(text)
    author = {"name": caller.get("name") or caller["id"]}
    comment_id = ids.new_id()
    now_ms = int(time.time() * 1000)
    html = markup.render(text, people)
    item = {
        **keys.comment(thread_id, comment_id, parent_id),
        "id": comment_id, "threadId": thread_id, "parentId": parent_id, "replyTo": reply_to,
        "authorId": caller["id"], "authorName": author["name"], "source": text, "html": html, "createdAt": now_ms,
    }
    meta = {
        **keys.target(f"comment:{comment_id}"), "kind": "comment", "targetId": f"comment:{comment_id}",
        "threadId": thread_id, "parentId": parent_id, "sortKey": item["SK"],
        "authorId": caller["id"], "authorName": author["name"],
    }
    fingerprint = _fingerprint("comment", thread_id, text, parent_id)
    private_group = None
    for attempt in (1, 2):
        actions = _comment_actions(caller, item, meta, thread_id, parent_id, private_group, idempotency_key, fingerprint)
        try:
            store.transact(actions)
            break
        except store.Cancelled as cancelled:
            if idempotency_key and cancelled.failed(len(actions) - 1):
                return _replay(caller, idempotency_key, fingerprint)
            if cancelled.failed(2):
                thread = store.get(keys.target(thread_id))
                if not targets.visible(caller, thread):
                    raise NotFound("No such conversation.")
                if not thread.get("commentsEnabled", True):
                    raise Forbidden("Comments are turned off here.", code="comments_off")
                if attempt == 1 and thread.get("privateGroup"):
                    # A post in a closed or secret group: write again, checking membership inside.
                    private_group = thread["privateGroup"]
                    meta["privateGroup"] = private_group
                    continue
                raise NotFound("No such conversation.")
            if cancelled.failed(3):
                raise limits.refused()
            if parent_id and cancelled.failed(4):
                raise NotFound("The comment you answer is gone.")
            raise Conflict()
    _tell(caller, item, reply_to, private_group, set(people))
    events.publish(f"thread:{thread_id}", "comment.created", _public(item, None, None, NOBODY))
    return _public(item, None, None, caller)


def _tell(caller: dict, item: dict, reply_to: dict | None, private_group: str | None, mentioned: set) -> None:
    """Notifications for a new comment: the people it mentions, the one it answers, the post's or article's author."""
    thread_id = item["threadId"]
    context = {"thread": thread_id, **({"group": private_group, "private": True} if private_group else {})}
    mentions.mentioned(caller, f"comment:{item['id']}", context, mentioned)
    told = mentioned | {caller["id"]}
    if reply_to and reply_to["id"] not in told:
        notifications.notify(caller, [reply_to["id"]], "reply", f"comment:{reply_to['commentId']}", context)
        told.add(reply_to["id"])
    thread = store.get(keys.target(thread_id)) or {}  # whose post or article it is
    if thread.get("authorId") and thread["authorId"] not in told:
        notifications.notify(caller, [thread["authorId"]], "reply", thread_id, context)


def _comment_actions(caller, item, meta, thread_id, parent_id, private_group, idempotency_key, fingerprint) -> list:
    group_condition = "#pg = :pg" if private_group else "attribute_not_exists(#pg)"
    actions = [
        store.put_action(item, condition="attribute_not_exists(PK)"),
        store.put_action(meta, condition="attribute_not_exists(PK)"),
        store.update_action(
            keys.target(thread_id), "ADD #comments :one",
            {"#comments": "comments", "#enabled": "commentsEnabled", "#pub": "published", "#pg": "privateGroup"},
            {":one": 1, ":yes": True, **({":pg": private_group} if private_group else {})},
            condition="attribute_exists(PK) AND #enabled = :yes AND (attribute_not_exists(#pub) OR #pub = :yes) "
                      f"AND {group_condition}",
        ),
        limits.budget_action(caller["id"], "comment"),
    ]
    if parent_id:
        actions.append(store.update_action(
            keys.target(f"comment:{parent_id}"), "ADD #replies :one", {"#replies": "replies", "#del": "deleted"},
            {":one": 1, ":no": False}, condition="attribute_exists(PK) AND (attribute_not_exists(#del) OR #del = :no)",
        ))
    if private_group:
        actions.append(targets.membership_check({"privateGroup": private_group}, caller))
    actions.append(store.put_action({
        **keys.activity(caller["id"], item["id"]), "kind": "comment", "targetId": f"comment:{item['id']}",
        "threadId": thread_id, "snippet": snippet(item["source"]), "createdAt": item["createdAt"],
        **({"privateGroup": private_group} if private_group else {})}))
    if idempotency_key:
        actions.append(store.put_action(
            {**keys.idempotency(caller["id"], idempotency_key), "fingerprint": fingerprint,
             "result": {"threadId": thread_id, "commentId": item["id"], "parentId": parent_id},
             keys.TTL_ATTRIBUTE: int(time.time()) + IDEMPOTENCY_TTL},
            condition="attribute_not_exists(PK) OR #ttl < :now", names={"#ttl": keys.TTL_ATTRIBUTE},
            values_expr={":now": int(time.time())},
        ))
    return actions


def _replay(caller: dict, key: str, fingerprint: str) -> dict:
    record = store.get(keys.idempotency(caller["id"], key))
    if not record or record.get("fingerprint") != fingerprint:
        raise Conflict("That Idempotency-Key was used for another request.", code="idempotency_key_reused")
    result = record["result"]
    item = store.get(keys.comment(result["threadId"], result["commentId"], result.get("parentId")))
    if item is None:
        raise NotFound("That comment has been deleted.")
    return _public(item, None, None, caller)


def _locate(caller: dict, comment_id: str) -> dict:
    meta = store.get(keys.target(f"comment:{check_comment_id(comment_id)}"))
    if not targets.visible(caller, meta):
        raise NotFound("No such comment.")
    return meta


def edit_comment(caller: dict, comment_id: str, text: str, version: int | None = None) -> dict:
    """Change one's own comment's text; it shows as edited. With the `version` the editor
    started from, a newer edit (another tab) makes this one a Conflict instead of overwriting it.
    Raises NotFound, Forbidden, Conflict."""
    version = targets.check_version(version)
    meta = _locate(caller, comment_id)
    if meta["authorId"] != caller["id"]:
        raise Forbidden("Only the author can edit a comment.")
    text = markup.clean_text(text)
    people = mentions.people_in(text)
    key = {"PK": keys.thread(meta["threadId"]), "SK": meta["sortKey"]}
    still, values = targets.version_condition(version)
    item = store.update(
        key, "SET #source = :source, #html = :html, #edited = :now, #ver = if_not_exists(#ver, :one) + :one",
        {"#source": "source", "#html": "html", "#edited": "editedAt", "#author": "authorId", "#del": "deleted",
         "#ver": "version"},
        {":source": text, ":html": markup.render(text, people), ":now": int(time.time() * 1000),
         ":me": caller["id"], ":no": False, ":one": 1, **values},
        condition="attribute_exists(PK) AND #author = :me AND (attribute_not_exists(#del) OR #del = :no)" + still,
    )
    if item is None:
        current = store.get(key)
        if version is not None and current and not current.get("deleted"):
            raise Conflict("The comment was changed in another window; reload it and edit again.", code="version_conflict")
        raise NotFound("No such comment.")
    events.publish(f"thread:{meta['threadId']}", "comment.updated", _public(item, meta, None, NOBODY))
    return _public(item, meta, None, caller)


def delete_comment(caller: dict, comment_id: str) -> dict:
    """Delete a comment (authors their own; moderators and admins anyone's, which the audit trail records)."""
    meta = _locate(caller, comment_id)
    if meta["authorId"] != caller["id"] and not MODERATORS & set(caller["roles"]):
        raise Forbidden("You may only delete your own comments.")
    remove_comment(meta, caller["id"])
    if meta["authorId"] != caller["id"]:
        audit.record(caller, "comment.deleted", f"comment:{comment_id}", person=meta["authorId"])
    return {"id": comment_id, "deleted": True}


def remove_comment(meta: dict, by: str, placeholder_author: bool = True) -> bool:
    """Remove a comment found by its META, whoever asks (callers check who may).

    A comment that has replies leaves a "comment removed" placeholder so the
    conversation still reads; otherwise it goes entirely, with its activity
    entry and the reactions on it. The thread's count goes down by one either
    way. Returns False when it was already removed (a second call is harmless).
    """
    comment_id = meta["targetId"].split(":", 1)[1]
    thread_key = keys.target(meta["threadId"])
    comment_key = {"PK": keys.thread(meta["threadId"]), "SK": meta["sortKey"]}
    meta_key = keys.target(f"comment:{comment_id}")
    if meta.get("deleted"):
        return False
    uncount = store.update_action(thread_key, "ADD #comments :minus", {"#comments": "comments"}, {":minus": -1},
                                  condition="attribute_exists(PK)")
    activity = store.delete_action(keys.activity(meta["authorId"], comment_id)) if meta.get("authorId") else None
    if int(meta.get("replies", 0)) > 0:
        actions = [
            store.update_action(comment_key, "SET #del = :yes, #by = :me REMOVE #source, #html, #hidden"
                                + (", #author, #name" if not placeholder_author else ""),
                                {"#del": "deleted", "#by": "deletedBy", "#source": "source", "#html": "html",
                                 "#hidden": "hidden", **({} if placeholder_author else
                                                        {"#author": "authorId", "#name": "authorName"})},
                                {":yes": True, ":me": by}, condition="attribute_exists(PK)"),
            store.update_action(meta_key, "SET #del = :yes" + ("" if placeholder_author else " REMOVE #author, #name"),
                                {"#del": "deleted", "#r": "replies", **({} if placeholder_author else
                                                                      {"#author": "authorId", "#name": "authorName"})},
                                {":yes": True, ":zero": 0}, condition="attribute_exists(PK) AND #r > :zero"),
        ]
    else:
        actions = [
            store.delete_action(comment_key, condition="attribute_exists(PK)"),
            store.delete_action(meta_key, condition="attribute_exists(PK) AND (attribute_not_exists(#r) OR #r = :zero)",
                                names={"#r": "replies"}, values_expr={":zero": 0}),
        ]
        if meta.get("parentId"):
            actions.append(store.update_action(keys.target(f"comment:{meta['parentId']}"), "ADD #replies :minus",
                                               {"#replies": "replies"}, {":minus": -1}))
    actions.append(uncount)
    if activity:
        actions.append(activity)
    try:
        store.transact(actions)
    except store.Cancelled as cancelled:
        if cancelled.failed(0) and store.get(comment_key) is None:
            return False  # someone else removed it first
        if cancelled.failed(actions.index(uncount)) and store.get(thread_key) is None:
            # The thread itself is gone (its post was deleted): only the comment's own items are left.
            store.transact([action for action in actions if action is not uncount])
        else:
            # A reply arrived or someone else deleted it first: the caller may retry.
            raise Conflict("The comment changed while you deleted it; try again.")
    removed = {"id": comment_id, "deleted": True, "placeholder": int(meta.get("replies", 0)) > 0,
               "parentId": meta.get("parentId")}
    events.publish(f"thread:{meta['threadId']}", "comment.deleted", removed)
    return True


def forget_reply_names(meta: dict, person_id: str) -> int:
    """Replies that name a person as the one they answer stop saying whom they answer (erasure)."""
    scope = meta.get("parentId") or meta["targetId"].split(":", 1)[1]
    items, _ = store.query(keys.thread(meta["threadId"]), keys.replies_prefix(scope), 500, newest_first=False)
    changed = 0
    for item in items:
        if (item.get("replyTo") or {}).get("id") == person_id:
            store.update({"PK": item["PK"], "SK": item["SK"]}, "REMOVE #r", {"#r": "replyTo"}, {}, returns="NONE")
            changed += 1
    return changed


def locate_any(comment_id: str) -> dict | None:
    """A comment's META whoever asks (moderation and erasure decide who may act on it)."""
    return store.get(keys.target(f"comment:{check_comment_id(comment_id)}"))


def set_hidden(meta: dict, hidden: dict | None) -> dict | None:
    """Hide a comment from everyone but its author and moderators (with the reason), or show it again."""
    key = {"PK": keys.thread(meta["threadId"]), "SK": meta["sortKey"]}
    if hidden:
        item = store.update(key, "SET #h = :h", {"#h": "hidden"}, {":h": hidden}, condition="attribute_exists(PK)")
    else:
        item = store.update(key, "REMOVE #h", {"#h": "hidden"}, {}, condition="attribute_exists(PK)")
    if item:
        events.publish(f"thread:{meta['threadId']}", "comment.updated", _public(item, meta, None, NOBODY))
    return item


def text_of(meta: dict) -> dict | None:
    """The comment's stored text and author, for a moderator's queue."""
    item = store.get({"PK": keys.thread(meta["threadId"]), "SK": meta["sortKey"]})
    if not item:
        return None
    return {"text": item.get("source", ""), "html": item.get("html", ""), "authorId": item.get("authorId"),
            "authorName": item.get("authorName"), "hidden": item.get("hidden"), "createdAt": item["createdAt"]}


def preview(caller: dict, text: str) -> dict:
    """The HTML a text would get, without saving anything."""
    text = markup.clean_text(text)  # bad input is refused before it spends the budget
    limits.spend(caller["id"], "preview")
    return {"html": markup.render(text, mentions.people_in(text))}
