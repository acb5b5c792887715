"""The one place where a mention turns into something for the person mentioned.

Comments and posts call `mentioned` after a successful write with the ids
of the people the text links to; each of them gets a notification.
"""

from chalicelib import keys, markup, notifications, store


def people_in(text: str) -> dict:
    """The people a text @-mentions who exist and work here, by id ({id, name}): one BatchGetItem, none
    without mentions."""
    handles = markup.mentioned_ids(text)
    if not handles:
        return {}
    found = store.batch_get([keys.person(handle) for handle in handles])
    # Someone who has left is not mentioned (the handle stays plain text, and nobody is told).
    return {person["id"]: {"id": person["id"], "name": person["name"]} for person in found
            if person.get("active") is not False}


def mentioned(author: dict, subject: str, context: dict, person_ids) -> int:
    """Notify the people a new comment or post mentions (never its author)."""
    return notifications.notify(author, person_ids, "mention", subject, context)
