"""Posts and feeds: the company feed (one partition a month) and each group's feed.

A post's canonical record is its target META (`TARGET#post:<id>`), which
also holds its counters. Each place it shows gets a copy written in the same
transaction: the group's feed (`GROUP#<g>` / `P#<id>`) and, for posts
outside groups or in open groups, the company feed (`FEED#<month>` /
`E#<id>`). A page of a feed is one Query over its copies, plus one
BatchGetItem for the live counters and my reactions. Articles the build
registers are announced in the company feed by their publish date.
"""

import time

from chalicelib import (
    audiences,
    audit,
    cursors,
    events,
    groups,
    ids,
    keys,
    limits,
    markup,
    mentions,
    notifications,
    reactions,
    store,
    targets,
    uploads,
    work_queue,
)
from chalicelib.config import MODERATORS
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.store import directory as directory_store
from chalicelib.store import feed
from chalicelib.text import snippet

PAGE_DEFAULT, PAGE_MAX = 20, 40
MAX_IMAGES = 4


def check_post_id(value: str) -> str:
    if not ids.is_id(value):
        raise ValidationFailed("That is not a valid post id.", field="postId", code="invalid_id")
    return value


def public(entry: dict, meta: dict | None, mine: dict | None, caller: dict) -> dict:
    counts = targets.counts_of(meta or entry)
    target = entry["targetId"]
    card = {"id": target.split(":", 1)[1] if entry["kind"] == "post" else target, "target": target,
            "kind": entry["kind"], **counts, "mine": reactions.mine_of(mine)}
    if entry["kind"] == "article":
        if (meta or {}).get("audience"):
            card["audience"] = meta["audience"]
        card.update({"title": entry["title"], "url": entry["url"], "summary": entry.get("summary", ""),
                     "author": {"name": entry.get("author", "")}, "lang": entry.get("lang"),
                     "createdAt": entry.get("date")})
        return card
    own = bool(entry["authorId"]) and entry["authorId"] == caller["id"]
    moderator = bool(MODERATORS & set(caller["roles"]))
    hidden = (meta or entry).get("hidden")
    readable = not hidden or own or moderator  # a hidden post: its author and moderators still read it
    card.update({
        "author": {"id": entry["authorId"] or None, "name": entry["authorName"]},
        "html": entry["html"] if readable else "",
        "images": entry.get("images", []) if readable else [],
        "hidden": bool(hidden),
        "erased": bool((meta or entry).get("erased")),
        "group": {"id": entry["groupId"], "name": entry.get("groupName", "")} if entry.get("groupId") else None,
        "createdAt": ids.iso(entry["createdAt"]),
        "editedAt": ids.iso(entry.get("editedAt")),
        "canEdit": own and not hidden,
        "canDelete": own or bool(MODERATORS & set(caller["roles"])),
        "version": int((meta or entry).get("version", 1)),
        # Shares of a post in a closed or secret group stay in that group (the share action says so).
        "private": bool((meta or entry).get("privateGroup")),
    })
    if hidden and (own or moderator):
        card["hiddenReason"] = hidden.get("reason", "")
    if entry.get("shared") and readable:
        card["shared"] = entry["shared"]  # replaced by what this reader may see, in _cards
    if own and meta and meta.get("source"):
        card["text"] = meta["source"]
    return card


def _cards(caller: dict, entries: list[dict], extra_delete: bool = False) -> list[dict]:
    wanted = []
    for entry in entries:
        wanted += [keys.target(entry["targetId"]), keys.my_reactions(entry["targetId"], caller["id"])]
    found = {(item["PK"], item["SK"]): item for item in store.batch_get(wanted)}
    cards = []
    known = None
    for entry in entries:
        meta = found.get(tuple(keys.target(entry["targetId"]).values()))
        if meta is None or meta.get("published") is False:
            continue  # deleted or unpublished since the copy was read
        if meta.get("audience"):
            # An article for an audience is left out of the feeds of everyone else (the caller's directory
            # facts are read once a page, and only when the page holds such an article).
            known = known if known is not None else directory_store.facts_of(store.get(keys.person(caller["id"])) or caller)
            if not audiences.matches(audiences.parse(meta["audience"]), known):
                continue
        card = public(entry, meta, found.get(tuple(keys.my_reactions(entry["targetId"], caller["id"]).values())), caller)
        if extra_delete and entry["kind"] == "post":
            card["canDelete"] = True
        cards.append(card)
    shared = targets.shared_cards(caller, [card["shared"] for card in cards if card.get("shared")])
    for card in cards:
        if card.get("shared"):
            card["shared"] = shared[card["shared"]["target"]]
    return cards


def company_feed(caller: dict, cursor: str | None = None, limit: int = PAGE_DEFAULT) -> dict:
    """Newest first across months: one Query per month touched (one, except at a month's start)."""
    if not 1 <= limit <= PAGE_MAX:
        raise ValidationFailed(f"limit: must be a whole number from 1 to {PAGE_MAX}", field="limit", code="invalid_limit")
    position = cursors.decode(cursor, "feed", caller["id"])
    month, after = position.split("|", 1) if position else (feed.month_of(int(time.time() * 1000)), None)
    entries = []
    while True:
        page, last = store.query(keys.feed_partition(month), keys.FEED_ENTRY_PREFIX, limit - len(entries), after=after or None)
        entries += page
        if last is not None:
            next_position = f"{month}|{last}"
            break
        older, _ = store.query(keys.FEED_MONTHS, keys.MONTH_PREFIX, 1, after=keys.feed_month(month)["SK"])
        if not older:
            next_position = None
            break
        month, after = older[0]["SK"][2:], None
        if len(entries) >= limit:
            next_position = f"{month}|"
            break
    return {"items": _cards(caller, entries),
            "next": cursors.encode(next_position, "feed", caller["id"]) if next_position else None}


def group_feed(caller: dict, group_id: str, cursor: str | None = None, limit: int = PAGE_DEFAULT) -> dict:
    """A group's posts, newest first: 1 BatchGetItem (group, me) + 1 Query + 1 BatchGetItem."""
    if not 1 <= limit <= PAGE_MAX:
        raise ValidationFailed(f"limit: must be a whole number from 1 to {PAGE_MAX}", field="limit", code="invalid_limit")
    group, membership = groups.require_content(caller, group_id)
    after = cursors.decode(cursor, f"group:{group['id']}", caller["id"])
    entries, last = store.query(keys.group_partition(group["id"]), keys.GROUP_ENTRY_PREFIX, limit, after=after)
    return {"items": _cards(caller, entries, extra_delete=groups.is_admin(membership)),
            "next": cursors.encode(last, f"group:{group['id']}", caller["id"]) if last else None}


def tell_members(caller: dict, group: dict, mentioned) -> None:
    """A new post in a group: its members hear of it (those mentioned already did). A small group within
    the call; a big one's member list is read by a work unit, never by the writer's call."""
    if int(group.get("memberCount", 0)) > notifications.INLINE_MAX:
        actor = {"id": caller["id"], "name": caller.get("name") or caller["id"]}
        work_queue.put("group_post", [{"actor": actor, "group": group["id"], "mentioned": sorted(mentioned or ())}])
        return
    tell_members_unit(caller, group["id"], mentioned)


def tell_members_unit(actor: dict, group_id: str, mentioned) -> dict:
    members = [member["id"] for member in groups.member_items(group_id) if member["status"] == "member"]
    skip = set(mentioned or ())
    return {"notified": notifications.notify(actor, [m for m in members if m not in skip], "post", f"group:{group_id}",
                                             {"group": group_id})}


def _check_images(caller: dict, images) -> list[dict]:
    if images is None:
        return []
    if not isinstance(images, list) or len(images) > MAX_IMAGES:
        raise ValidationFailed(f"images: at most {MAX_IMAGES}", field="images", code="too_many_items")
    return [uploads.check_attached(caller, image) for image in images]


def create_post(caller: dict, text, group_id: str | None = None, images=None, idempotency_key: str | None = None,
                shared: dict | None = None) -> dict:
    """A post in the company feed or a group; `shared` (from sharing.share) makes it a share of another item."""
    text = "" if shared and text in (None, "") else markup.clean_text(text)
    attached = _check_images(caller, images)
    group = membership = None
    if group_id is not None:
        group, membership = groups.load(caller, group_id)
        if not groups.is_member(membership):
            raise NotFound("No such group.") if group["visibility"] == "secret" else Forbidden(
                "Only members post in this group.", code="members_only")
        if group.get("archived"):
            raise Conflict("The group is archived.", code="archived")
    people = mentions.people_in(text)
    post_id = ids.new_id()
    now_ms = int(time.time() * 1000)
    target_id = f"post:{post_id}"
    meta = {
        **keys.target(target_id), "kind": "post", "targetId": target_id, "id": post_id,
        "authorId": caller["id"], "authorName": caller.get("name", caller["id"]),
        "source": text, "html": markup.render(text, people) if text else "", "images": attached,
        "createdAt": now_ms, "commentsEnabled": True, "comments": 0, **({"shared": shared} if shared else {}),
    }
    actions = [store.put_action(meta, condition="attribute_not_exists(PK)"), limits.budget_action(caller["id"], "comment")]
    if shared:
        actions.append(targets.share_counter(shared["target"]))
    in_company_feed = group is None or group["visibility"] == "open"
    if group:
        meta.update({"groupId": group["id"], "groupName": group["name"]})
        if group["visibility"] != "open":
            meta["privateGroup"] = group["id"]
        meta["groupKey"] = keys.group_entry(group["id"], post_id)
        actions.append(store.put_action({**meta["groupKey"], **feed.entry_of(meta)}))
        actions.append(store.condition_action(
            keys.membership(group["id"], caller["id"]), "#s = :member", {"#s": "status"}, {":member": "member"}))
    if in_company_feed:
        actions += feed.post_copy_actions(meta, post_id, now_ms)
    actions[0] = store.put_action(meta, condition="attribute_not_exists(PK)")
    actions.append(store.put_action({
        **keys.activity(caller["id"], post_id), "kind": "post", "targetId": target_id, "threadId": target_id,
        "snippet": snippet(text), "createdAt": now_ms,
        **({"privateGroup": meta["privateGroup"]} if "privateGroup" in meta else {})}))
    try:
        store.transact(actions)
    except store.Cancelled as cancelled:
        if cancelled.failed(1):
            raise limits.refused()
        if shared and cancelled.failed(2):
            raise NotFound("What you share is not there any more.")
        raise Conflict("Your membership changed; try again.")
    private = meta.get("privateGroup")
    context = {"thread": target_id, **({"group": private, "private": True} if private else {})}
    mentions.mentioned(caller, target_id, context, people)
    if group:
        tell_members(caller, group, people)
    # The author's id lets their own pages leave their post out of "new posts" (it is on their screen already).
    announced = {"id": post_id, "target": target_id, "group": group["id"] if group else None, "author": caller["id"]}
    if in_company_feed:
        events.publish("feed", "post.created", announced)
    if group:
        events.publish(f"group:{group['id']}", "post.created", announced)
    card = public(feed.entry_of(meta), meta, None, caller)
    if shared:
        card["shared"] = targets.shared_cards(caller, [shared])[shared["target"]]
    return card


def _visible_post(caller: dict, post_id: str) -> tuple[dict, dict | None]:
    """The post's META and the caller's group membership; raises NotFound for anything hidden."""
    meta = store.get(keys.target(f"post:{check_post_id(post_id)}"))
    if not meta or meta.get("kind") != "post":
        raise NotFound("No such post.")
    membership = None
    if meta.get("groupId"):
        membership = store.get(keys.membership(meta["groupId"], caller["id"]))
        if meta.get("privateGroup") and not groups.is_member(membership):
            raise NotFound("No such post.")
    return meta, membership


def get_post(caller: dict, post_id: str) -> dict:
    meta, membership = _visible_post(caller, post_id)
    mine = store.get(keys.my_reactions(meta["targetId"], caller["id"]))
    card = public(feed.entry_of(meta), meta, mine, caller)
    if groups.is_admin(membership):
        card["canDelete"] = True
    if card.get("shared"):
        card["shared"] = targets.shared_cards(caller, [card["shared"]])[card["shared"]["target"]]
    return card


def edit_post(caller: dict, post_id: str, text, version: int | None = None) -> dict:
    """The author changes a post; with `version`, an edit made meanwhile elsewhere is a Conflict, not lost."""
    version = targets.check_version(version)
    meta, _ = _visible_post(caller, post_id)
    if meta["authorId"] != caller["id"]:
        raise Forbidden("Only the author can edit a post.")
    current = int(meta.get("version", 1))
    if version is not None and version != current:
        raise Conflict("The post was changed in another window; reload it and edit again.", code="version_conflict")
    text = markup.clean_text(text)
    updated = {**meta, "source": text, "html": markup.render(text, mentions.people_in(text)),
               "editedAt": int(time.time() * 1000), "version": current + 1}
    # Written only if nobody edited it since it was read (no lost update between two tabs).
    still, values = targets.version_condition(current)
    actions = [store.put_action(updated, condition="attribute_exists(PK)" + still, names={"#ver": "version"},
                                values_expr=values)]
    for copy in (meta.get("groupKey"), meta.get("feedKey")):
        if copy:
            actions.append(store.update_action(
                copy, "SET #h = :h, #e = :e", {"#h": "html", "#e": "editedAt"},
                {":h": updated["html"], ":e": updated["editedAt"]}, condition="attribute_exists(PK)"))
    try:
        store.transact(actions)
    except store.Cancelled:
        if store.get(keys.target(f"post:{post_id}")):
            raise Conflict("The post was changed in another window; reload it and edit again.", code="version_conflict")
        raise NotFound("No such post.")
    return public(feed.entry_of(updated), updated, None, caller)


def delete_post(caller: dict, post_id: str) -> dict:
    """Authors, the group's admins and moderators (where they can see it) delete a post; deleting someone
    else's is recorded in the audit trail."""
    meta, membership = _visible_post(caller, post_id)
    allowed = meta["authorId"] == caller["id"] or groups.is_admin(membership) or MODERATORS & set(caller["roles"])
    if not allowed:
        raise Forbidden("You may not delete this post.")
    remove_post(meta)
    if meta["authorId"] != caller["id"]:
        audit.record(caller, "post.deleted", meta["targetId"], person=meta["authorId"])
    return {"id": post_id, "deleted": True}


def remove_post(meta: dict) -> None:
    """Take a post and its feed copies away (whoever asks: callers decide who may). Its images are
    queued for removal after the retention period; its activity entry goes with it."""
    actions = [store.delete_action(keys.target(meta["targetId"]))]
    actions += [store.delete_action(copy) for copy in (meta.get("groupKey"), meta.get("feedKey")) if copy]
    if meta.get("authorId"):
        actions.append(store.delete_action(keys.activity(meta["authorId"], meta["id"])))
    now_ms = int(time.time() * 1000)
    actions += [store.put_action({**keys.upload_gone(now_ms, image["key"]), "key": image["key"]})
                for image in meta.get("images") or []]
    store.transact(actions)


def erase_post(meta: dict) -> None:
    """A post of a person whose data is erased: gone if nobody answered it, else a "deleted person"
    placeholder so the conversation under it still reads (text, images and name removed)."""
    if not int(meta.get("comments", 0)):
        remove_post(meta)
        return
    blank = "SET #src = :e, #html = :e, #images = :none, #author = :e, #name = :e, #erased = :yes REMOVE #shared"
    names = {"#src": "source", "#html": "html", "#images": "images", "#author": "authorId", "#name": "authorName",
             "#erased": "erased", "#shared": "shared"}
    values = {":e": "", ":none": [], ":yes": True}
    copy_names = {name: value for name, value in names.items() if name != "#src"}
    copy_blank = blank.replace("#src = :e, ", "")
    now_ms = int(time.time() * 1000)
    actions = [store.update_action(keys.target(meta["targetId"]), blank, names, values, condition="attribute_exists(PK)")]
    actions += [store.update_action(copy, copy_blank, copy_names, values) for copy in
                (meta.get("groupKey"), meta.get("feedKey")) if copy]
    actions.append(store.delete_action(keys.activity(meta["authorId"], meta["id"])))
    actions += [store.put_action({**keys.upload_gone(now_ms, image["key"]), "key": image["key"]})
                for image in meta.get("images") or []]
    store.transact(actions)


def set_hidden(meta: dict, hidden: dict | None) -> None:
    """Hide a post from everyone but its author and moderators (with the reason), or show it again."""
    expression, values = ("SET #h = :h", {":h": hidden}) if hidden else ("REMOVE #h", {})
    store.update(keys.target(meta["targetId"]), expression, {"#h": "hidden"}, values, condition="attribute_exists(PK)")
