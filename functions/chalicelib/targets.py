"""Things people comment on and react to: articles (from the build's manifest),
later posts and comments. Each has one `TARGET#<id>` / `META` item holding its
registration and its counters (comments, replies, one per reaction kind).
"""

import json
import re

from chalicelib import keys, store
from chalicelib.errors import ValidationFailed
from chalicelib.store import feed
from chalicelib.text import snippet

TARGET_ID = re.compile(r"^(article:[a-z0-9][a-z0-9-]{0,120}|(post|comment):[0-9A-HJKMNP-TV-Z]{26})$")
THREAD_ID = re.compile(r"^(article:[a-z0-9][a-z0-9-]{0,120}|post:[0-9A-HJKMNP-TV-Z]{26})$")
REACTION_KINDS = ("like", "heart", "celebrate", "laugh", "wow", "sad")


def reaction_counter(kind: str) -> str:
    """The attribute of a target's META that counts one kind of reaction."""
    return f"r_{kind}"


def check_target_id(value: str) -> str:
    if not isinstance(value, str) or not TARGET_ID.match(value):
        raise ValidationFailed("That is not a valid target id.", field="targetId", code="invalid_id")
    return value


def check_thread_id(value: str) -> str:
    if not isinstance(value, str) or not THREAD_ID.match(value):
        raise ValidationFailed("That is not a valid thread id.", field="threadId", code="invalid_id")
    return value


def counts_of(meta: dict | None) -> dict:
    """The public counters of a target: {"comments": n, "reactions": {kind: n}} (zeros left out)."""
    meta = meta or {}
    reactions = {kind: int(meta.get(reaction_counter(kind), 0)) for kind in REACTION_KINDS}
    reactions = {kind: count for kind, count in reactions.items() if count > 0}
    counts = {"comments": int(meta.get("comments", 0)), "reactions": reactions}
    if int(meta.get("shares", 0)):
        counts["shares"] = int(meta["shares"])
    return counts


def visible(caller: dict, meta: dict | None, member_of: set | None = None) -> bool:
    """Whether the caller may see a target: published, not deleted, and in a
    closed or secret group only for its members (`member_of` saves the lookup)."""
    if not meta or meta.get("published") is False or meta.get("deleted"):
        return False
    group_id = meta.get("privateGroup")
    if not group_id:
        return True
    if member_of is not None:
        return group_id in member_of
    membership = store.get(keys.membership(group_id, caller["id"]))
    return bool(membership) and membership.get("status") == "member"


def membership_check(meta: dict, caller: dict) -> dict:
    """A transaction item that holds only while the caller is a member of the target's private group."""
    return store.condition_action(keys.membership(meta["privateGroup"], caller["id"]), "#s = :member",
                                  {"#s": "status"}, {":member": "member"})


def counts_for(caller: dict, target_ids: list[str]) -> dict:
    """Counters for many targets in one BatchGetItem; unknown or hidden ones are left out."""
    found = store.batch_get([keys.target(target_id) for target_id in target_ids])
    private = {meta["privateGroup"] for meta in found if meta.get("privateGroup")}
    member_of = set()
    if private:  # one more BatchGetItem, only when private group posts are asked for
        memberships = store.batch_get([keys.membership(group_id, caller["id"]) for group_id in private])
        member_of = {item["groupId"] for item in memberships if item.get("status") == "member"}
    shown = [meta for meta in found if visible(caller, meta, member_of)]
    counted = {meta["targetId"]: counts_of(meta) for meta in shown}
    # Whether I have confirmed what asks for it, so listings say "Bekräftad" once I have (one more BatchGetItem,
    # only when such articles are listed).
    asked = {meta["targetId"]: meta.get("ackVersion") for meta in shown if meta.get("ackRequired")}
    if asked:
        mine = {item["PK"]: item.get("version") for item in store.batch_get([keys.ack(t, caller["id"]) for t in asked])}
        for thread, version in asked.items():  # confirmed means this version (a new one asks again)
            counted[thread]["confirmed"] = mine.get(keys.ack(thread, caller["id"])["PK"], object()) == version
    return counted


def register_articles(manifest: dict, previous: dict | None = None) -> dict:
    """Record the build's published articles (keeping their counters) and announce
    them in the company feed; unpublish (and withdraw) the rest. With the manifest
    registered before (`previous`), articles that did not change are not written again."""
    unchanged = {json.dumps(article, sort_keys=True) for article in (previous or {}).get("articles", [])}
    seen = set()
    for article in manifest.get("articles", []):
        target_id = check_thread_id(article["id"])
        seen.add(target_id)
        if json.dumps(article, sort_keys=True) in unchanged:
            continue
        names = {f"#{name}": name for name in ("kind", "targetId", "title", "url", "lang", "date", "author", "summary",
                                                 "commentsEnabled", "published", "GSI1PK", "GSI1SK", "ackRequired")}
        expression = (
            "SET #kind = :kind, #targetId = :id, #title = :title, #url = :url, #lang = :lang, #date = :date, "
            "#author = :author, #summary = :summary, #commentsEnabled = :comments, #published = :yes, "
            "#GSI1PK = :gpk, #GSI1SK = :gsk, #ackRequired = :ack"
        )
        values = {
            ":kind": "article", ":id": target_id, ":title": article["title"], ":url": article["url"],
            ":lang": article.get("lang", "sv"), ":date": article["date"], ":author": article.get("author", ""),
            ":summary": article.get("summary", ""), ":comments": bool(article.get("comments", True)),
            ":yes": True, ":gpk": keys.ARTICLES, ":gsk": article["date"], ":ack": bool(article.get("acknowledge")),
        }
        # Which source file versions the site holds (the web editor's "Live"), translations included.
        names["#sources"] = "sources"
        values[":sources"] = {version["source"]: version["sourceSha"] for version in [article, *article.get("translations", [])]
                              if version.get("source") and version.get("sourceSha")}
        expression += ", #sources = :sources"
        # Who the article is for (Audience: in its front matter), or nobody in particular.
        names["#audience"] = "audience"
        values[":audience"] = str(article.get("audience") or "")
        expression += ", #audience = :audience"
        if article.get("authorPerson"):
            names["#authorId"] = "authorId"
            values[":person"] = str(article["authorPerson"])
            expression += ", #authorId = :person"
        if article.get("acknowledge"):
            # A new text version asks everyone again; a minor edit keeps the version people confirmed.
            names.update({"#hash": "contentHash", "#version": "ackVersion"})
            values[":hash"] = str(article.get("ackVersion") or "1")
            keep = article.get("minorEdit")
            expression += ", #hash = :hash, #version = " + ("if_not_exists(#version, :hash)" if keep else ":hash")
        store.update(keys.target(target_id), expression, names, values)
        feed.announce_article(article)
    unpublished = 0
    after = None
    while True:
        page, after = store.query(keys.ARTICLES, "", 100, after=after, index=keys.GSI1)
        for meta in page:
            if meta["targetId"] not in seen and meta.get("published"):
                store.update(keys.target(meta["targetId"]), "SET #p = :no", {"#p": "published"}, {":no": False})
                feed.withdraw_article(meta)
                unpublished += 1
        if after is None:
            break
    return {"registered": len(seen), "unpublished": unpublished}


def check_version(value) -> int | None:
    """An edit's `version` (the one the editor started from), or None when not sent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1_000_000:
        raise ValidationFailed("version: the whole number the item had when you started editing", field="version")
    return value


def version_condition(version: int | None) -> tuple[str, dict]:
    """The condition (and its value) that an item is still at `version`; items never edited are at 1."""
    if version is None:
        return "", {}
    if version == 1:
        return " AND (attribute_not_exists(#ver) OR #ver = :ver)", {":ver": 1}
    return " AND #ver = :ver", {":ver": version}


def share_snapshot(meta: dict) -> dict:
    """What a shared card shows of its original (kept with the share; shown only while the original is visible)."""
    if meta["kind"] == "article":
        return {"target": meta["targetId"], "kind": "article", "title": meta.get("title", ""), "url": meta.get("url", ""),
                "author": meta.get("author", ""), "snippet": meta.get("summary", "")}
    return {"target": meta["targetId"], "kind": "post", "author": meta.get("authorName", ""),
            "url": f"/feed/post/?id={meta['targetId'].split(':', 1)[1]}", "snippet": snippet(meta.get("source", ""), 200),
            **({"group": meta["groupName"]} if meta.get("groupName") else {})}


def shared_cards(caller: dict, snapshots: list[dict]) -> dict:
    """For each shared original, the card a reader sees: the snapshot while the original is visible to
    them, else {"available": False} (deleted, unpublished, its group made private, the reader left).
    One BatchGetItem for the originals, one more for memberships only when private groups are involved."""
    wanted = {snapshot["target"] for snapshot in snapshots}
    if not wanted:
        return {}
    originals = {meta["targetId"]: meta for meta in store.batch_get([keys.target(t) for t in wanted]) if "targetId" in meta}
    private = {meta["privateGroup"] for meta in originals.values() if meta.get("privateGroup")}
    member_of = set()
    if private:
        memberships = store.batch_get([keys.membership(group_id, caller["id"]) for group_id in private])
        member_of = {item["groupId"] for item in memberships if item.get("status") == "member"}
    cards = {}
    for snapshot in snapshots:
        meta = originals.get(snapshot["target"])
        cards[snapshot["target"]] = ({**snapshot, "available": True, **counts_of(meta)}
                                     if visible(caller, meta, member_of) else {"target": snapshot["target"], "available": False})
    return cards


def share_counter(target_id: str) -> dict:
    """The transaction item that counts a share on its original (which must still exist)."""
    return store.update_action(keys.target(target_id), "ADD #shares :one", {"#shares": "shares"}, {":one": 1},
                               condition="attribute_exists(PK)")
