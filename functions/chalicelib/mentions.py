"""The one place where a mention turns into something for the person mentioned.

Comments and posts call `mentioned` after a successful write with the ids
of the people the text links to; each of them gets a notification.
"""

from chalicelib import keys, markup, notifications, store


def people_in(text: str) -> dict:
    """The people a text @-mentions who exist, by id ({id, name}): one BatchGetItem, none without mentions."""
    handles = markup.mentioned_ids(text)
    if not handles:
        return {}
    found = store.batch_get([keys.person(handle) for handle in handles])
    return {person["id"]: {"id": person["id"], "name": person["name"]} for person in found}


def mentioned(author: dict, subject: str, context: dict, person_ids) -> int:
    """Notify the people a new comment or post mentions (never its author)."""
    return notifications.notify(author, person_ids, "mention", subject, context)
