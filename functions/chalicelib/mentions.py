"""The one place where a mention turns into something for the person mentioned.

Comments (and later posts) call `mentioned` after a successful write with
the ids of the people the text links to. Notifications plug in here.
"""

import logging

log = logging.getLogger("torget.mentions")


def mentioned(author: dict, item: dict, person_ids: list[str]) -> None:
    others = [person_id for person_id in person_ids if person_id != author["id"]]
    if others:
        log.info("mention by=%s in=%s of=%s", author["id"], item.get("threadId"), ",".join(others))
