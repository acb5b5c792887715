"""Reporting content, and the moderators' queue.

Anyone may report a comment, a post or a chat message they can see, with a
reason. Moderators and admins hear of it (a `report` notification) and see
the queue: each reported item with its text, where it is, and every report
on it. They keep it, hide it (its author still sees it, with the reason) or
delete it; each reporter hears the outcome; hiding and deleting are in the
audit trail. Reports are seen by moderators and admins only, and a reporter
is never named to the author.
"""

import time

from chalicelib import audit, chat, comments, ids, keys, notifications, posts, store, targets
from chalicelib.config import MODERATORS
from chalicelib.errors import Forbidden, NotFound, ValidationFailed
from chalicelib.text import clean_label, snippet

REASONS = ("harassment", "spam", "personal_data", "misinformation", "other")
DECISIONS = ("keep", "hide", "delete")
NOTE_MAX = 500
PAGE = 100


def is_moderator(caller: dict) -> bool:
    return bool(MODERATORS & set(caller.get("roles", [])))


def _require_moderator(caller: dict) -> None:
    if not is_moderator(caller):
        raise Forbidden("Only moderators and admins see reports.", code="moderators_only")


def _note(value, field: str = "note") -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed(f"{field}: text", field=field)
    note = clean_label(value, NOTE_MAX + 1)
    if len(note) > NOTE_MAX:
        raise ValidationFailed(f"{field}: at most {NOTE_MAX} characters", field=field, code="too_long")
    return note


def _content(caller: dict | None, target: str) -> dict:
    """What a report is about: {kind, target, text, authorId, authorName, link, hidden}.
    With a caller, only what that person may see (NotFound otherwise); None means a moderator's look."""
    if not isinstance(target, str):
        raise ValidationFailed("target: comment:<id>, post:<id> or message:<room>:<id>", field="target")
    if target.startswith("comment:"):
        meta = comments.locate_any(target[8:])
        if not meta or meta.get("deleted") or (caller and not targets.visible(caller, meta)):
            raise NotFound("No such comment.")
        stored = comments.text_of(meta)
        if not stored:
            raise NotFound("No such comment.")
        thread = meta["threadId"]
        link = {"thread": thread}
        return {"kind": "comment", "target": target, "meta": meta, **stored, "link": link}
    if target.startswith("post:"):
        post_id = posts.check_post_id(target[5:])
        meta = store.get(keys.target(f"post:{post_id}"))
        if not meta or meta.get("kind") != "post" or (caller and not targets.visible(caller, meta)):
            raise NotFound("No such post.")
        return {"kind": "post", "target": target, "meta": meta, "text": meta.get("source", ""),
                "html": meta.get("html", ""), "authorId": meta.get("authorId"), "authorName": meta.get("authorName"),
                "hidden": meta.get("hidden"), "createdAt": meta["createdAt"], "link": {"post": post_id}}
    if target.startswith("message:"):
        room_id, message_id = chat.check_message_target(target)
        if caller:
            chat.access(caller, room_id)
        item = chat.get_any(room_id, message_id)
        if not item or item.get("deleted"):
            raise NotFound("No such message.")
        return {"kind": "message", "target": target, "meta": item, "text": item.get("source", ""),
                "html": item.get("html", ""), "authorId": item.get("authorId"), "authorName": item.get("authorName"),
                "hidden": item.get("hidden"), "createdAt": item["createdAt"], "link": {"room": room_id}}
    raise ValidationFailed("target: comment:<id>, post:<id> or message:<room>:<id>", field="target",
                           code="invalid_target")


def report(caller: dict, target, reason, note=None) -> dict:
    """Report something the caller can see. A second report of the same item by the same person
    while it is open changes nothing."""
    if reason not in REASONS:
        raise ValidationFailed(f"reason: one of {', '.join(REASONS)}", field="reason", code="invalid_reason")
    note = _note(note)
    content = _content(caller, target)
    if content["authorId"] == caller["id"]:
        raise ValidationFailed("You cannot report your own words; edit or delete them instead.", field="target",
                               code="own_content")
    open_reports = [r for r in _reports_of(target) if r["status"] == "open"]
    mine = next((r for r in open_reports if r["reporter"]["id"] == caller["id"]), None)
    if mine:
        return _mine(mine)
    report_id = ids.new_id()
    now_ms = int(time.time() * 1000)
    item = {
        **keys.report(report_id), **keys.reports_index(target, report_id), "id": report_id, "target": target,
        "kind": content["kind"], "reason": reason, "note": note, "status": "open", "createdAt": now_ms,
        "reporter": {"id": caller["id"], "name": caller.get("name") or caller["id"]},
        "authorId": content["authorId"], "snippet": snippet(content["text"], 120),
    }
    store.put(item, condition="attribute_not_exists(PK)")
    if not open_reports:  # moderators hear once per item, not once per report
        notifications.notify(caller, moderator_ids(), "report", f"report:{report_id}",
                             {"title": item["snippet"], "url": "/moderation/", "reason": reason})
    return _mine(item)


def _mine(item: dict) -> dict:
    return {"id": item["id"], "target": item["target"], "reason": item["reason"], "status": item["status"],
            "createdAt": ids.iso(item["createdAt"])}


def _reports_of(target: str) -> list[dict]:
    items, _ = store.query(keys.reports_of(target), "", 200, index=keys.GSI1, newest_first=False)
    return items


def moderator_ids() -> list[str]:
    item = store.get(keys.moderators()) or {}
    return sorted(item.get("people") or [])


def queue(caller: dict, status: str = "open") -> dict:
    """Reported items, newest report first, each with its reports (moderators and admins)."""
    _require_moderator(caller)
    if status not in ("open", "closed"):
        raise ValidationFailed("status: open or closed", field="status")
    items, _ = store.query(keys.REPORTS, keys.REPORT_PREFIX, PAGE)
    grouped: dict[str, dict] = {}
    for item in items:
        if (item["status"] == "open") != (status == "open"):
            continue
        entry = grouped.setdefault(item["target"], {"target": item["target"], "kind": item["kind"], "reports": []})
        entry["reports"].append({
            "id": item["id"], "reason": item["reason"], "note": item.get("note", ""), "reporter": item["reporter"],
            "createdAt": ids.iso(item["createdAt"]), "status": item["status"], "decision": item.get("decision"),
            "decidedBy": item.get("decidedBy"), "snippet": item.get("snippet", "")})
    shown = []
    for entry in grouped.values():
        try:
            content = _content(None, entry["target"])
            entry.update({"text": content["text"], "html": content["html"], "link": content["link"],
                          "url": _link_url(content),
                          "author": {"id": content["authorId"], "name": content["authorName"]},
                          "createdAt": ids.iso(content["createdAt"]), "hidden": bool(content.get("hidden")),
                          "gone": False})
        except NotFound:
            entry.update({"gone": True, "text": entry["reports"][0]["snippet"], "html": None, "link": None, "url": "",
                          "author": None, "hidden": False})
        shown.append(entry)
    return {"items": shown, "status": status}


def decide(caller: dict, target, decision, note=None) -> dict:
    """Keep, hide or delete a reported item; every open report on it is closed and its reporter told."""
    _require_moderator(caller)
    if decision not in DECISIONS:
        raise ValidationFailed("decision: keep, hide or delete", field="decision", code="invalid_decision")
    note = _note(note)
    if decision == "hide" and not note:
        raise ValidationFailed("note: say why it is hidden (its author reads this)", field="note", code="note_required")
    open_reports = [r for r in _reports_of(target) if r["status"] == "open"] if isinstance(target, str) else []
    if not open_reports:
        raise NotFound("Nothing reported there is waiting for a decision.")
    content = None
    try:
        content = _content(None, target)
    except NotFound:
        decision = "gone"  # removed meanwhile (by its author, say): the reports close
    if content and decision == "hide":
        hidden = {"reason": note, "by": caller["id"], "at": int(time.time() * 1000)}
        _set_hidden(content, hidden)
        audit.record(caller, "content.hidden", target, note, person=content["authorId"])
    elif content and decision == "delete":
        _remove(content)
        audit.record(caller, "comment.deleted" if content["kind"] == "comment" else f"{content['kind']}.deleted",
                     target, note, person=content["authorId"])
    elif content:
        audit.record(caller, "content.kept", target, note, person=content["authorId"])
    now_ms = int(time.time() * 1000)
    for item in open_reports:
        store.update(keys.report(item["id"]), "SET #s = :closed, #d = :d, #by = :by, #at = :at, #n = :n",
                     {"#s": "status", "#d": "decision", "#by": "decidedBy", "#at": "decidedAt", "#n": "decisionNote"},
                     {":closed": "closed", ":d": decision, ":by": {"id": caller["id"], "name": caller.get("name", "")},
                      ":at": now_ms, ":n": note, ":open": "open"}, condition="#s = :open")
        notifications.notify(caller, [item["reporter"]["id"]], "report", f"report:{item['id']}",
                             {"title": item.get("snippet", ""), "outcome": decision, "url": _link_url(content)})
    return {"target": target, "decision": decision, "closed": len(open_reports)}


def _link_url(content: dict | None) -> str:
    if not content:
        return ""
    link = content["link"]
    if "post" in link:
        return f"/feed/post/?id={link['post']}"
    if "room" in link:
        return f"/chat/?room={link['room']}"
    thread = link["thread"]
    if thread.startswith("post:"):
        return f"/feed/post/?id={thread[5:]}"
    meta = store.get(keys.target(thread)) or {}
    return meta.get("url", "")


def _set_hidden(content: dict, hidden: dict | None) -> None:
    if content["kind"] == "comment":
        comments.set_hidden(content["meta"], hidden)
    elif content["kind"] == "post":
        posts.set_hidden(content["meta"], hidden)
    else:
        room_id, message_id = chat.check_message_target(content["target"])
        chat.set_hidden(room_id, message_id, hidden)


def _remove(content: dict) -> None:
    if content["kind"] == "comment":
        comments.remove_comment(content["meta"], "moderator")
    elif content["kind"] == "post":
        posts.remove_post(content["meta"])
    else:
        room_id, message_id = chat.check_message_target(content["target"])
        chat.remove_message(room_id, message_id)
