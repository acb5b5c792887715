"""Urgent banners: a line at the top of every page, at once, without a rebuild.

All active banners live in one item (`SITE` / `BANNERS`), so every page's
/api/me reads them in the same BatchGetItem as the person. Admins post and
remove them; each has an end time and is dropped from view when it passes.
Writes read the item and write it back only if nobody changed it meanwhile.
"""

import time

from chalicelib import audit, events, ids, keys, markup, store
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.text import snippet

LEVELS = ("urgent", "info")
MAX_ACTIVE = 5
MAX_CHARS = 280
MAX_HOURS = 24 * 30
TOPIC = "site"


def _public(banner: dict) -> dict:
    return {"id": banner["id"], "html": banner["html"], "level": banner["level"],
            "until": ids.iso(banner["until"] * 1000), "by": banner["by"]}


def active(item: dict | None, now: float | None = None) -> list[dict]:
    now = time.time() if now is None else now
    return [_public(banner) for banner in (item or {}).get("banners") or [] if banner["until"] > now]


def _require_admin(caller: dict) -> None:
    if "admin" not in caller["roles"]:
        raise Forbidden("Only admins post and remove banners.")


def _write(change) -> list[dict]:
    """Apply `change` to the live banners and store them, retrying once if someone else wrote first."""
    for _attempt in (1, 2):
        item = store.get(keys.banners(), consistent=True) or {}
        now = time.time()
        live = [banner for banner in item.get("banners") or [] if banner["until"] > now]
        updated = change(live)
        version = int(item.get("version", 0))
        condition = "attribute_not_exists(PK) OR #v = :v"
        if store.put({**keys.banners(), "banners": updated, "version": version + 1},
                     condition=condition, names={"#v": "version"}, values_expr={":v": version}):
            shown = active({"banners": updated})
            events.publish(TOPIC, "banner", {"banners": shown})
            return shown
    raise Conflict("Another admin changed the banners just now; try again.")


def post(caller: dict, text, hours, level="urgent") -> dict:
    _require_admin(caller)
    text = markup.clean_text(text, max_chars=MAX_CHARS)
    if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= MAX_HOURS:
        raise ValidationFailed(f"hours: a whole number from 1 to {MAX_HOURS}", field="hours")
    if level not in LEVELS:
        raise ValidationFailed(f"level: one of {', '.join(LEVELS)}", field="level")
    banner = {"id": ids.new_id(), "source": text, "html": markup.render(text, {}), "level": level,
              "until": int(time.time()) + hours * 3600, "by": {"id": caller["id"], "name": caller.get("name", caller["id"])}}

    def add(live):
        if len(live) >= MAX_ACTIVE:
            raise Conflict(f"At most {MAX_ACTIVE} banners at once; remove one first.", code="too_many_banners")
        return [banner, *live]

    shown = _write(add)
    audit.record(caller, "banner.posted", f"banner:{banner['id']}", snippet(text, 200))
    return {"banner": _public(banner), "banners": shown}


def remove(caller: dict, banner_id: str) -> dict:
    _require_admin(caller)
    if not ids.is_id(banner_id):
        raise ValidationFailed("That is not a valid banner id.", field="bannerId", code="invalid_id")

    def drop(live):
        if not any(banner["id"] == banner_id for banner in live):
            raise NotFound("No such banner; it may have ended already.")
        return [banner for banner in live if banner["id"] != banner_id]

    shown = _write(drop)
    audit.record(caller, "banner.removed", f"banner:{banner_id}")
    return {"banners": shown}


def current() -> dict:
    return {"banners": active(store.get(keys.banners()))}
