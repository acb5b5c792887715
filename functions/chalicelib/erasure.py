"""Erasing a person's social data (the GDPR's right to erasure), asked for and then confirmed.

`request` gives a one-time token (10 minutes) and what will go; `confirm`
with that token starts the job. The job works through the places
personal_data.py lists, one step after another, and every step consumes its
own source (an item is found through an entry that goes in the same write),
so a job stopped at any point is finished by running it again: the
confirming request runs it for up to RUN_SECONDS, the minute schedule (and
the devserver's loop) resumes any job not done. The one step that reads
everyone (others' notifications of what the person did) is cut into work
units on the queue; the job is done once they are queued, and they run
within the next seconds.

What stays: articles in git (published company content), and in others'
conversations a "deleted person" placeholder where a comment or post of
theirs has answers. Counters stay exact: reactions are taken back with their
counts, comments leave the thread's count as deleting them does, memberships
leave their group's member count. A person who logs in again afterwards
starts with an empty profile.
"""

import hashlib
import hmac
import secrets
import time

from chalicelib import audit, comments, ids, keys, notifications, personal_data, posts, reactions, store, uploads, work_queue
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.store import people as people_store

TOKEN_SECONDS = 600
RUN_SECONDS = 8  # within the request (Lambda's timeout is 20 s); the schedule finishes the rest
TOLD_UNIT = 25  # people whose notifications one unit reads
STEPS = ("sessions", "reactions", "comments", "posts", "messages", "groups", "rooms", "acks", "notifications",
         "told", "drafts", "uploads", "reports", "profile")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def status(caller: dict, person_id: str) -> dict:
    person_id = personal_data.authorize(caller, person_id)
    job = store.get(keys.erasure(person_id), consistent=True)
    return _public(job, person_id)


def _public(job: dict | None, person_id: str) -> dict:
    if not job:
        return {"person": person_id, "state": "none"}
    return {"person": person_id, "state": job["state"], "step": job.get("step"), "removed": job.get("removed", {}),
            "requestedAt": ids.iso(job.get("requestedAt")), "finishedAt": ids.iso(job.get("finishedAt"))}


def request(caller: dict, person_id: str) -> dict:
    """Step one: what would be erased, and the token that confirms it."""
    person_id = personal_data.authorize(caller, person_id)
    job = store.get(keys.erasure(person_id), consistent=True)
    if job and job["state"] == "running":
        raise Conflict("The erasure has started and is running.", code="erasure_running")
    if store.get(keys.person(person_id)) is None:
        raise NotFound("No such person.")
    document = personal_data.collect(person_id)
    token = secrets.token_urlsafe(32)
    now_ms = int(time.time() * 1000)
    store.put({**keys.erasure(person_id), "state": "requested", "tokenHash": _hash(token),
               "tokenExpires": now_ms + TOKEN_SECONDS * 1000, "requestedBy": caller["id"], "requestedAt": now_ms})
    return {"person": person_id, "token": token, "expiresAt": ids.iso(now_ms + TOKEN_SECONDS * 1000),
            "counts": personal_data.counts(document)}


def confirm(caller: dict, person_id: str, token) -> dict:
    """Step two: the token from step one, once. A wrong, old or used token changes nothing."""
    person_id = personal_data.authorize(caller, person_id)
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise ValidationFailed("token: the confirmation token from the first step", field="token", code="invalid_token")
    job = store.get(keys.erasure(person_id), consistent=True)
    if not job or job["state"] != "requested" or not hmac.compare_digest(job.get("tokenHash", ""), _hash(token)):
        raise Conflict("That confirmation is not valid (used, replaced or never given); ask again.", code="invalid_token")
    now_ms = int(time.time() * 1000)
    if int(job["tokenExpires"]) < now_ms:
        raise Conflict("The confirmation has expired; ask again.", code="token_expired")
    try:
        store.transact([
            store.update_action(keys.erasure(person_id), "SET #s = :running, #by = :by, #at = :now, #rm = :none REMOVE #t",
                                {"#s": "state", "#by": "confirmedBy", "#at": "confirmedAt", "#t": "tokenHash",
                                 "#rm": "removed"},
                                {":none": {}, ":running": "running", ":by": caller["id"], ":now": now_ms, ":h": job["tokenHash"],
                                 ":requested": "requested"},
                                condition="#s = :requested AND #t = :h"),
            store.put_action({**keys.erasures_queue(person_id), "personId": person_id, "since": now_ms}),
        ])
    except store.Cancelled:
        raise Conflict("That confirmation is not valid (used, replaced or never given); ask again.", code="invalid_token")
    audit.record(caller, "person.erased", f"person:{person_id}",
                 "by themself" if caller["id"] == person_id else "by an admin", person=person_id)
    run(person_id, time.monotonic() + RUN_SECONDS)
    return _public(store.get(keys.erasure(person_id), consistent=True), person_id)


def resume_all(seconds: float = 6) -> int:
    """Finish confirmed erasures that stopped (the schedule's part, within 6 of the minute function's
    20 s beside its other work). Returns how many finished."""
    deadline, finished = time.monotonic() + seconds, 0
    items, _ = store.query(keys.ERASURES, "", 25, newest_first=False)
    for item in items:
        if time.monotonic() >= deadline:
            break
        finished += run(item["personId"], deadline)
    return finished


def run(person_id: str, deadline: float) -> bool:
    """Work through the steps until done or the deadline; True when the person is erased."""
    for step in STEPS:
        store.update(keys.erasure(person_id), "SET #step = :step", {"#step": "step"}, {":step": step})
        while True:
            if time.monotonic() >= deadline:
                return False
            result = STEP[step](person_id)
            removed, more = result if isinstance(result, tuple) else (result, result >= BATCH)
            if removed:
                store.update(keys.erasure(person_id), "ADD #r.#k :n", {"#r": "removed", "#k": step}, {":n": removed},
                             returns="NONE")
            if not more:
                break
    store.transact([
        store.update_action(keys.erasure(person_id), "SET #s = :done, #f = :now REMOVE #step",
                            {"#s": "state", "#f": "finishedAt", "#step": "step"},
                            {":done": "done", ":now": int(time.time() * 1000)}),
        store.delete_action(keys.erasures_queue(person_id)),
    ])
    return True


BATCH = 500  # items per pass of a step: a step runs until a pass finds fewer


def _gone(source):
    """A step for items that stand alone: a pass deletes what the source lists, 25 to a write."""
    def step(person_id: str) -> int:
        found = source(person_id, BATCH)
        store.batch_delete(found)
        return len(found)
    return step


def _reactions(person_id: str) -> int:
    """Each reaction goes with its counters, in one transaction per target."""
    found = personal_data.reactions_of(person_id, BATCH)
    for item in found:
        reactions.take_back_all(item)
    return len(found)


def _comments(person_id: str) -> int:
    found = [a for a in personal_data.activity_of(person_id) if a["kind"] == "comment"][:BATCH]
    for entry in found:
        meta = store.get(keys.target(entry["targetId"]))
        if meta and not meta.get("deleted"):
            comments.forget_reply_names(meta, person_id)
            comments.remove_comment(meta, "erasure", placeholder_author=False)
        store.delete({"PK": entry["PK"], "SK": entry["SK"]})
    return len(found)


def _posts(person_id: str) -> int:
    found = [a for a in personal_data.activity_of(person_id) if a["kind"] == "post"][:BATCH]
    for entry in found:
        meta = store.get(keys.target(entry["targetId"]))
        if meta and meta.get("kind") == "post" and meta.get("authorId") == person_id:
            posts.erase_post(meta)
        store.delete({"PK": entry["PK"], "SK": entry["SK"]})
    return len(found)


def _messages(person_id: str) -> int:
    """Their messages go, with the retry guards that name them; 25 to a write. The others' open chats
    are not told message by message: a reload shows the room without them."""
    found = personal_data.messages_of(person_id, BATCH)
    guards = [keys.client_message(item["room"], person_id, item["clientId"]) for item in found if item.get("clientId")]
    store.batch_delete(found + guards)
    return len(found)


def _groups(person_id: str) -> int:
    found = personal_data.groups_of(person_id, BATCH)
    for mine in found:
        group_id = mine["groupId"]
        member = store.get(keys.membership(group_id, person_id))
        actions = [store.delete_action(keys.my_group(person_id, group_id))]
        if member:
            actions.append(store.delete_action(keys.membership(group_id, person_id), condition="attribute_exists(PK)"))
            if member.get("status") == "member":
                actions.append(store.update_action(keys.group(group_id), "ADD #n :minus", {"#n": "memberCount"},
                                                   {":minus": -1}, condition="attribute_exists(PK)"))
        try:
            store.transact(actions)
        except store.Cancelled:
            store.transact(actions[:1])  # the membership was removed meanwhile: its count went with it
        store.update(keys.group(group_id), "SET #o = :nobody", {"#o": "ownerId"}, {":nobody": "", ":me": person_id},
                     condition="#o = :me", returns="NONE")  # a group they founded stays, without their name
    return len(found)


def _rooms(person_id: str) -> int:
    """Direct conversations: the others keep theirs, without this person in its member list."""
    found = personal_data.rooms_of(person_id, BATCH)
    for mark in found:
        room_id = mark["roomId"]
        actions = [store.delete_action(keys.my_room(person_id, room_id))]
        if room_id.startswith("dm-"):
            actions.append(store.delete_action(keys.room_member(room_id, person_id)))
            actions.append(store.update_action(keys.room(room_id), "REMOVE #m.#p", {"#m": "memberNames", "#p": person_id},
                                               {}, condition="attribute_exists(PK)"))
        try:
            store.transact(actions)
        except store.Cancelled:
            store.transact(actions[:2])
    return len(found)


def _notifications(person_id: str) -> int:
    removed = _gone(personal_data.notifications_of)(person_id)
    if removed < BATCH:  # at-once mails still waiting for this person
        for partition in (keys.MAIL_QUEUE, keys.MAIL_HELD):  # and those held aside after a failed delivery
            queued, _ = store.query(partition, "", 1000, newest_first=False)
            for item in queued:
                if item.get("personId") == person_id:
                    store.delete({"PK": item["PK"], "SK": item["SK"]})
    return removed


def _told(person_id: str) -> tuple[int, bool]:
    """Others' notifications of what this person did. No index leads there, so every person's are read:
    a pass queues one page of people (500 ids) as work units of TOLD_UNIT (`told_unit`), and remembers
    where it stopped, so the step resumes there after a timeout."""
    job = store.get(keys.erasure(person_id), consistent=True) or {}
    items, after = store.query(keys.PEOPLE, "", 500, after=job.get("toldAfter"), newest_first=False, index=keys.GSI1,
                               only=("id",))
    page = [item["id"] for item in items if item.get("id")]
    queued = work_queue.put("told", [{"person": person_id, "ids": ids} for ids in work_queue.chunks(page, TOLD_UNIT)])
    if after is None:
        store.update(keys.erasure(person_id), "REMOVE #t", {"#t": "toldAfter"}, {}, returns="NONE")
        return queued, False
    store.update(keys.erasure(person_id), "SET #t = :after", {"#t": "toldAfter"}, {":after": after}, returns="NONE")
    return queued, True  # more people to look through: the step runs again


def told_unit(person_id: str, people: list[str]) -> dict:
    """In these people's notifications, the erased person leaves the actors, and a notification that only
    they caused goes (with the recipient's unread count, when it was unread). Safe to run twice: a
    notification is taken once, and a set loses a member once."""
    changed = 0
    client = store.client()
    for other in store.get_each([keys.person(other_id) for other_id in people]):
        if other is None:
            continue
        found = client.query(TableName=store.table_name(), KeyConditionExpression="PK = :pk",
                             FilterExpression="contains(actors, :me)",
                             ExpressionAttributeValues=store.to_item({":pk": keys.notifications_of(other["id"]),
                                                                      ":me": person_id}))
        read_until = int(other.get("notifyReadUntil", 0))
        for raw in found.get("Items", []):
            item = store.from_item(raw)
            key = {"PK": item["PK"], "SK": item["SK"]}
            if set(item.get("actors") or ()) == {person_id}:
                if store.take(key) and notifications.is_unread(item, read_until):
                    store.update(keys.person(other["id"]), "ADD #n :minus", {"#n": "notifyUnread"}, {":minus": -1, ":zero": 0},
                                 condition="attribute_exists(PK) AND #n > :zero", returns="NONE")
            else:
                store.update(key, "DELETE #a :me SET #actor = :nobody", {"#a": "actors", "#actor": "actor"},
                             {":me": {person_id}, ":nobody": {"id": "", "name": ""}}, returns="NONE")
            changed += 1
    return {"told": changed}


def _drafts(person_id: str) -> int:
    found = personal_data.drafts_of(person_id, BATCH)
    for draft in found:
        actions = [store.delete_action(keys.article_draft(draft["id"]))]
        if draft.get("submittedAt"):
            actions.append(store.delete_action(keys.review_entry(draft["submittedAt"], draft["id"])))
        if draft.get("publishAt"):
            actions.append(store.delete_action(keys.scheduled_entry(draft["publishAt"], draft["id"])))
        store.transact(actions)
    return len(found)


def _uploads(person_id: str) -> int:
    client = uploads.s3()
    found = personal_data.upload_keys(person_id)[:BATCH]
    for upload in found:
        client.delete_object(Bucket=uploads.bucket(), Key=upload["key"])
    if len(found) < BATCH:  # images of their deleted posts, waiting for the retention sweep: gone already
        waiting, _ = store.query(keys.UPLOADS_GONE, "", 1000, newest_first=False)
        for item in waiting:
            if item["key"].startswith(f"u/{person_id}/"):
                store.delete({"PK": item["PK"], "SK": item["SK"]})
    return len(found)


def _reports(person_id: str) -> int:
    """Reports they made stay for the moderators' record, without their name."""
    changed = 0
    for item in personal_data.reports_by(person_id)[:BATCH]:
        store.update(keys.report(item["id"]), "SET #r = :nobody", {"#r": "reporter"}, {":nobody": {"id": "", "name": ""}})
        changed += 1
    return changed


def _profile(person_id: str) -> int:
    """Last: the profile, its directory words and whatever else is left in the person's partition."""
    profile = store.get(keys.person(person_id))
    removed = 0
    if profile:
        for word in people_store.directory_words(profile):
            store.delete(keys.people_word(word, person_id))
        store.update(keys.moderators(), "DELETE #p :me", {"#p": "people"}, {":me": {person_id}}, returns="NONE")
    items, _ = store.query(keys.person_partition(person_id), "", BATCH, newest_first=False)
    for item in items:
        store.delete({"PK": item["PK"], "SK": item["SK"]})
        removed += 1
    return removed


STEP = {"sessions": _gone(personal_data.sessions_of), "reactions": _reactions, "comments": _comments,
        "posts": _posts, "messages": _messages, "groups": _groups, "rooms": _rooms,
        "acks": _gone(personal_data.acks_of), "notifications": _notifications, "told": _told, "drafts": _drafts,
        "uploads": _uploads, "reports": _reports, "profile": _profile}
