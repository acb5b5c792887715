"""The company feed's storage: one partition a month (`FEED#<yyyy-mm>`), each entry a copy of what a feed
card shows. Posts, groups and the article register write it through here, so it sits below all of them."""

from datetime import UTC, datetime

from chalicelib import ids, keys, store

# What a feed copy holds: everything a feed card shows but the live counters.
ENTRY_FIELDS = ("targetId", "kind", "authorId", "authorName", "html", "images", "groupId", "groupName", "createdAt",
                "editedAt", "title", "url", "summary", "lang", "author", "date", "shared", "privateGroup")


def month_of(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC).strftime("%Y-%m")


def entry_of(meta: dict) -> dict:
    return {name: meta[name] for name in ENTRY_FIELDS if meta.get(name) is not None}


def post_copy_actions(meta: dict, post_id: str, now_ms: int) -> list[dict]:
    """The writes that put a new post's copy in this month's feed (in the post's own transaction); sets
    meta["feedKey"] so the post knows its copy."""
    month = month_of(now_ms)
    meta["feedKey"] = keys.feed_entry(month, post_id)
    return [store.put_action({**meta["feedKey"], **entry_of(meta)}), store.put_action({**keys.feed_month(month), "month": month})]


def withdraw_group(group_id: str) -> int:
    """A group that stops being open takes its posts out of the company feed."""
    removed, after = 0, None
    while True:
        entries, after = store.query(keys.group_partition(group_id), keys.GROUP_ENTRY_PREFIX, 100, after=after)
        for entry in entries:
            meta = store.get(keys.target(entry["targetId"]))
            if not meta:
                continue
            actions = [store.update_action(keys.target(entry["targetId"]), "SET #p = :g REMOVE #f",
                                           {"#p": "privateGroup", "#f": "feedKey"}, {":g": group_id})]
            if meta.get("feedKey"):
                actions.append(store.delete_action(meta["feedKey"]))
                removed += 1
            store.transact(actions)
        if after is None:
            return removed


def announce_article(article: dict) -> None:
    """Put (or refresh) an article's entry in the company feed, at its publish date."""
    published_ms = int(datetime.fromisoformat(article["date"]).timestamp() * 1000)
    month = month_of(published_ms)
    entry_id = ids.new_id(published_ms)[:10] + "0" * 16
    key = keys.feed_entry(month, f"{entry_id}#{article['id']}")
    # The month first: once the entry exists, its month is always listed. Both writes are
    # idempotent, so a deploy that stops half-way is mended by the next one.
    store.put({**keys.feed_month(month), "month": month})
    store.put({**key, "kind": "article", "targetId": article["id"], "title": article["title"], "url": article["url"],
               "summary": article.get("summary", ""), "author": article.get("author", ""),
               "lang": article.get("lang", "sv"), "date": article["date"]})
    store.update(keys.target(article["id"]), "SET #f = :k", {"#f": "feedKey"}, {":k": key})


def withdraw_article(meta: dict) -> None:
    if meta.get("feedKey"):
        store.delete(meta["feedKey"])
