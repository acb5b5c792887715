"""Notifications: what happened that concerns me, grouped so they never get noisy.

One item per person, kind and subject (`NOTIFY#<person>` / `N#<kind>#<subject>`).
Another event on the same subject updates that item: the newest actor, the
set of everyone who acted and the time, so "Sara and 4 others reacted to your
post" is one line. GSI1 lists a person's notifications newest first; TTL
clears them after 90 days.

The person's PROFILE item holds the unread counter (what the bell shows,
read by /api/me in the same call as the profile), the time of the last "mark
all as read" and a setting per kind. Items only hold ids: the list resolves
titles and links when it is read, and leaves out whatever the reader can no
longer see (a deleted comment, a group they left).
"""

import json
import logging
import re
import time

from chalicelib import config, cursors, events, ids, keys, store, targets, work_queue
from chalicelib.errors import Unavailable, ValidationFailed
from chalicelib.markup import plain_text
from chalicelib.text import snippet

log = logging.getLogger("torget.notifications")
KINDS = ("reply", "mention", "reaction", "post", "request", "review", "report")
PAGE = 30
MAX_IDS = 50
INLINE_MAX = 25  # recipients told within the actor's own call; more are told by work units
NOTIFY_UNIT = 100  # recipients per unit (a BatchGetItem, two writes and a push each: ~1 s)
NOTIFICATION_ID = re.compile(r"^(reply|mention|reaction|post|request|review|report)\.[a-z]+:[A-Za-z0-9-]{1,121}$")


# E-mail per kind: at once (after MAIL_DELAY_SECONDS, only if still unread), in a digest, or never.
MAIL_MODES = ("now", "daily", "weekly", "off")
MAIL_DEFAULTS = {"mention": "now", "reply": "now", "reaction": "daily", "post": "daily", "request": "daily",
                 "review": "now", "report": "now"}


def lifetime() -> int:
    """Seconds a notification is kept (its TTL): the notifications retention setting."""
    return (config.retention_days("notifications") or 36500) * 86400


def mail_mode(person: dict, kind: str) -> str:
    mode = (person.get("mailSettings") or {}).get(kind)
    return mode if mode in MAIL_MODES else MAIL_DEFAULTS.get(kind, "daily")


def wants(person: dict, kind: str) -> bool:
    return (person.get("notifySettings") or {}).get(kind, True) is not False


def _unread(item: dict, read_until: int) -> bool:
    return bool(item.get("unread")) and int(item["updatedAt"]) > read_until


is_unread = _unread


def notify(actor: dict, recipients, kind: str, subject: str, context: dict | None = None) -> int:
    """Best effort: the write that caused it is already stored, so a busy table costs a notification, not the request.
    Beyond INLINE_MAX recipients (a post in a company-wide group) they are told by work units, off the actor's call."""
    recipients = list(dict.fromkeys(recipients))
    if len(recipients) > INLINE_MAX:
        actor_of = {"id": actor["id"], "name": actor.get("name") or actor["id"]}
        work_queue.put("notify", [{"actor": actor_of, "recipients": part, "kind": kind, "subject": subject,
                                   "context": context or {}} for part in work_queue.chunks(recipients, NOTIFY_UNIT)])
        return 0
    try:
        return _notify(actor, recipients, kind, subject, context)
    except Unavailable:
        log.warning("notification %s on %s skipped: the table is busy", kind, subject)
        return 0


def notify_unit(actor: dict, recipients: list[str], kind: str, subject: str, context: dict) -> dict:
    """One unit of a big notification. Running it twice tells nobody twice: the item is the same one, and
    the unread count and the at-once mail follow only a newly unread item."""
    return {"notified": _notify(actor, recipients, kind, subject, context)}


def _notify(actor: dict, recipients, kind: str, subject: str, context: dict | None = None) -> int:
    """Tell each recipient (never the actor) that the actor did something to `subject`.

    `subject` is a target or group id (`comment:<id>`, `post:<id>`, `article:<slug>`,
    `group:<id>`); `context` holds the ids the list needs to find title and link
    (`thread`, `group`). Returns how many notifications were written.
    """
    wanted = [person_id for person_id in dict.fromkeys(recipients) if person_id and person_id != actor["id"]]
    if not wanted:
        return 0
    people = {person["id"]: person for person in store.batch_get([keys.person(person_id) for person_id in wanted])}
    if (context or {}).get("private"):
        # Content of a closed or secret group: only its members hear of it.
        memberships = store.batch_get([keys.membership(context["group"], person_id) for person_id in people])
        members = {item["personId"] for item in memberships if item.get("status") == "member"}
        people = {person_id: person for person_id, person in people.items() if person_id in members}
    now_ms = int(time.time() * 1000)
    written = 0
    actor_of = {"id": actor["id"], "name": actor.get("name") or actor["id"]}
    for person_id in wanted:
        person = people.get(person_id)
        if person is None or not wants(person, kind):
            continue
        index = keys.notification_index(person_id, now_ms)
        old = store.update(
            keys.notification(person_id, kind, subject),
            "SET #id = :id, #kind = :kind, #subject = :subject, #context = :context, #actor = :actor, "
            "#updated = :now, #unread = :yes, #gpk = :gpk, #gsk = :gsk, #ttl = :ttl ADD #actors :actors",
            {"#id": "id", "#kind": "kind", "#subject": "subject", "#context": "context", "#actor": "actor",
             "#updated": "updatedAt", "#unread": "unread", "#gpk": "GSI1PK", "#gsk": "GSI1SK",
             "#ttl": keys.TTL_ATTRIBUTE, "#actors": "actors"},
            {":id": f"{kind}.{subject}", ":kind": kind, ":subject": subject, ":context": context or {},
             ":actor": actor_of, ":now": now_ms, ":yes": True, ":gpk": index["GSI1PK"], ":gsk": index["GSI1SK"],
             ":ttl": now_ms // 1000 + lifetime(), ":actors": {actor["id"]}},
            returns="ALL_OLD",
        )
        written += 1
        unread = int(person.get("notifyUnread", 0))
        newly_unread = not old or not _unread(old, int(person.get("notifyReadUntil", 0)))
        if newly_unread:
            counted = store.update(keys.person(person_id), "ADD #n :one", {"#n": "notifyUnread"}, {":one": 1},
                                   condition="attribute_exists(PK)")
            unread = int((counted or {}).get("notifyUnread", unread + 1))
        events.publish(f"user:{person_id}", "notification", {"unread": unread, "kind": kind, "subject": subject})
        if newly_unread and mail_mode(person, kind) == "now" and person.get("email"):
            # Queued, not sent: if the person sees it on the site within the delay, no mail is sent.
            due = now_ms + config.mail_delay_ms()
            store.put({**keys.mail_queue(due, person_id, f"{kind}.{subject}"), "personId": person_id, "kind": kind,
                       "subject": subject, keys.TTL_ATTRIBUTE: due // 1000 + 7 * 86400})
    return written


def _titles(found: dict, item: dict) -> tuple[dict | None, dict]:
    """The thing a notification is about and the link data for it."""
    context = item.get("context") or {}
    subject = item["subject"]
    if subject.startswith("draft:"):  # an editor answered the writer's article: its editor page
        return {"draft": subject[6:]}, {"title": context.get("title", ""), "url": f"/write/?id={subject[6:]}",
                                         "outcome": context.get("outcome", "")}
    if subject.startswith("report:"):  # to moderators: something was reported; to a reporter: what was decided
        return {"report": subject[7:]}, {"title": context.get("title", ""), "url": context.get("url", ""),
                                          "outcome": context.get("outcome", ""), "reason": context.get("reason", "")}
    if subject.startswith("group:"):
        group = found.get(("group", subject[6:]))
        return group, {"group": {"id": group["id"], "name": group["name"]}} if group else {}
    thread = found.get(("target", context.get("thread") or subject))
    if not thread:
        return None, {}
    link = {"thread": thread["targetId"]}
    if thread.get("kind") == "article":
        link.update(title=thread.get("title"), url=thread.get("url"))
    else:
        # A post's words, not its Markdown: the title is read in the bell and in mail subjects. Only the start
        # is rendered (the title shows 80 characters; rendering a whole post cost 0.5 ms an item).
        link.update(title=snippet(plain_text(thread.get("source", "")[:400]), 80), post=thread.get("id"))
    return thread, link


def list_for(caller: dict, cursor: str | None = None) -> dict:
    """My newest notifications with their titles and links: 1 Query + 1 BatchGetItem."""
    raw = cursors.decode(cursor, "notifications", caller["id"])
    after = json.loads(raw) if raw else None
    items, last = store.query(keys.notifications_of(caller["id"]), "", PAGE, after=after, index=keys.GSI1)
    wanted = {("me", caller["id"]): keys.person(caller["id"])}
    for item in items:
        subject, context = item["subject"], item.get("context") or {}
        if subject.startswith(("draft:", "report:")):
            pass  # the writer's own draft, a report: what it shows is in the notification
        elif subject.startswith("group:"):
            wanted[("group", subject[6:])] = keys.group(subject[6:])
        else:  # the thing itself (a comment may be gone) and the thread it is in
            for target_id in (subject, context.get("thread") or subject):
                wanted[("target", target_id)] = keys.target(target_id)
        if context.get("group"):
            wanted[("member", context["group"])] = keys.membership(context["group"], caller["id"])
    found = {label: entry for label, entry in zip(wanted, store.get_each(list(wanted.values())), strict=True) if entry}
    me = found.pop(("me", caller["id"]), None) or {}
    member_of = {group_id for (kind, group_id), entry in found.items() if kind == "member" and entry.get("status") == "member"}
    related = {group_id for (kind, group_id) in found if kind == "member"}
    read_until = int(me.get("notifyReadUntil", 0))
    shown = []
    for item in items:
        about, link = _titles(found, item)
        if about is None:
            continue
        if item["subject"].startswith(("draft:", "report:")):
            pass  # only ever sent to the draft's writer, to moderators and to the reporter
        elif item["subject"].startswith("group:"):
            # Anyone may see an open or closed group's name; a secret one only those it concerns.
            if about.get("archived") or (about.get("visibility") == "secret" and about["id"] not in related):
                continue
        elif not (targets.visible(caller, about, member_of)
                  and targets.visible(caller, found.get(("target", item["subject"])), member_of)):
            continue
        actors = item.get("actors") or set()
        shown.append({
            "id": item["id"], "kind": item["kind"], "subject": item["subject"], "actor": item["actor"],
            "others": max(len(actors) - 1, 0), "updatedAt": ids.iso(int(item["updatedAt"])),
            "unread": _unread(item, read_until), **link,
        })
    return {
        "notifications": shown,
        "unread": int(me.get("notifyUnread", 0)),
        "settings": {kind: wants(me, kind) for kind in KINDS},
        "mail": {kind: mail_mode(me, kind) for kind in KINDS},
        "next": cursors.encode(json.dumps(last, sort_keys=True), "notifications", caller["id"]) if last else None,
    }


def check_ids(value) -> list[str]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_IDS or not all(
            isinstance(one, str) and NOTIFICATION_ID.match(one) for one in value):
        raise ValidationFailed(f"ids: a list of 1 to {MAX_IDS} notification ids", field="ids", code="invalid_id")
    return list(dict.fromkeys(value))


def mark_read(caller: dict, notification_ids: list[str] | None = None) -> dict:
    """Mark some (or, with None, all) of my notifications as read; returns the new unread count."""
    if notification_ids is None:
        person = store.update(keys.person(caller["id"]), "SET #until = :now, #n = :zero",
                              {"#until": "notifyReadUntil", "#n": "notifyUnread"},
                              {":now": int(time.time() * 1000), ":zero": 0}, condition="attribute_exists(PK)")
        unread = 0
    else:
        person = store.get(keys.person(caller["id"])) or {}
        read_until = int(person.get("notifyReadUntil", 0))
        unread = int(person.get("notifyUnread", 0))
        for notification_id in check_ids(notification_ids):
            kind, _, subject = notification_id.partition(".")
            old = store.update(keys.notification(caller["id"], kind, subject), "SET #unread = :no",
                               {"#unread": "unread"}, {":no": False, ":yes": True},
                               condition="#unread = :yes", returns="ALL_OLD")
            if old and _unread(old, read_until):
                counted = store.update(keys.person(caller["id"]), "ADD #n :minus", {"#n": "notifyUnread"},
                                       {":minus": -1, ":zero": 0}, condition="#n > :zero")
                if counted:
                    unread = int(counted["notifyUnread"])
    events.publish(f"user:{caller['id']}", "notification", {"unread": unread, "read": True})
    return {"unread": unread}


def check_settings(changes) -> None:
    if not isinstance(changes, dict) or not changes or any(
            kind not in KINDS or not isinstance(on, bool) for kind, on in changes.items()):
        raise ValidationFailed(f"notifications: an object of {', '.join(KINDS)} set to true or false",
                               field="notifications")


def check_mail_settings(changes) -> None:
    if not isinstance(changes, dict) or not changes or any(
            kind not in KINDS or mode not in MAIL_MODES for kind, mode in changes.items()):
        raise ValidationFailed(f"mail: an object of {', '.join(KINDS)} set to {', '.join(MAIL_MODES)}", field="mail")


def update_settings(caller: dict, changes) -> dict:
    """Turn kinds of notification on or off: {"reaction": false, ...}."""
    check_settings(changes)
    names = {"#s": "notifySettings", **{f"#k{i}": kind for i, kind in enumerate(changes)}}
    values = {f":v{i}": on for i, on in enumerate(changes.values())}
    # The map is created on first use, then each kind is set in place.
    store.update(keys.person(caller["id"]), "SET #s = if_not_exists(#s, :empty)", {"#s": "notifySettings"},
                 {":empty": {}}, condition="attribute_exists(PK)")
    person = store.update(keys.person(caller["id"]), "SET " + ", ".join(f"#s.#k{i} = :v{i}" for i in range(len(changes))),
                          names, values, condition="attribute_exists(PK)")
    return {kind: wants(person or {}, kind) for kind in KINDS}


def update_mail_settings(person_id: str, changes) -> dict:
    """How each kind reaches me by e-mail: {"reaction": "weekly", "mention": "off", ...}."""
    check_mail_settings(changes)
    store.update(keys.person(person_id), "SET #s = if_not_exists(#s, :empty)", {"#s": "mailSettings"},
                 {":empty": {}}, condition="attribute_exists(PK)")
    names = {"#s": "mailSettings", **{f"#k{i}": kind for i, kind in enumerate(changes)}}
    values = {f":v{i}": mode for i, mode in enumerate(changes.values())}
    person = store.update(keys.person(person_id), "SET " + ", ".join(f"#s.#k{i} = :v{i}" for i in range(len(changes))),
                          names, values, condition="attribute_exists(PK)")
    if person is None:
        raise ValidationFailed("No such person.", field="mail")
    return {kind: mail_mode(person, kind) for kind in KINDS}
