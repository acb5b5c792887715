"""The one place where a mention turns into something for the person mentioned.

Comments (and later posts) call `mentioned` after a successful write with
the ids of the people the text links to. Notifications plug in here.
"""

import logging

from chalicelib import keys, markup, store

log = logging.getLogger("torget.mentions")


def people_in(text: str) -> dict:
    """The people a text @-mentions who exist, by id ({id, name}): one BatchGetItem, none without mentions."""
    handles = markup.mentioned_ids(text)
    if not handles:
        return {}
    found = store.batch_get([keys.person(handle) for handle in handles])
    return {person["id"]: {"id": person["id"], "name": person["name"]} for person in found}


def mentioned(author: dict, item: dict, person_ids: list[str]) -> None:
    others = [person_id for person_id in person_ids if person_id != author["id"]]
    if others:
        log.info("mention by=%s in=%s of=%s", author["id"], item.get("threadId"), ",".join(others))
