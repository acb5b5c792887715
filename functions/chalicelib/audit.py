"""The audit trail: what moderators and admins did to other people's content and accounts.

Each entry (who, what, when, whom or what it was done to, a short detail) is
written once, in a month's partition, with a put that refuses to overwrite;
nothing in the API changes or deletes one. Entries expire after
RETENTION_AUDIT_DAYS (TTL, and the retention sweep where TTL lags). Only
admins read them.
"""

import time
from datetime import UTC, datetime

from chalicelib import config, cursors, ids, keys, store
from chalicelib.errors import Forbidden, ValidationFailed

ACTIONS = (
    "comment.deleted", "post.deleted", "message.deleted", "content.hidden", "content.kept",
    "person.erased", "person.exported", "banner.posted", "banner.removed", "group.role_changed",
    "group.member_removed", "person.provisioned", "person.changed", "person.deprovisioned", "directory.group_changed",
)
PAGE = 50
MONTH = "%Y-%m"


def retention_days() -> int:
    return config.retention_days("audit") or 36500


def is_admin(caller: dict) -> bool:
    return "admin" in caller.get("roles", [])


def record(actor: dict, action: str, target: str, detail: str = "", person: str | None = None) -> dict:
    """Append one entry. `target` names what was acted on (`comment:<id>`, `person:<id>` …),
    `person` whose content or account it was."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    now_ms = int(time.time() * 1000)
    month = datetime.fromtimestamp(now_ms / 1000, UTC).strftime(MONTH)
    entry_id = ids.new_id(now_ms)
    entry = {
        **keys.audit_entry(month, now_ms, entry_id), "id": entry_id, "at": now_ms, "action": action,
        "actor": {"id": actor["id"], "name": actor.get("name") or actor["id"], "roles": list(actor.get("roles", []))},
        "target": target, "person": person, "detail": detail[:500],
        keys.TTL_ATTRIBUTE: now_ms // 1000 + retention_days() * 86400,
    }
    store.put({**keys.audit_month(month), "month": month})
    store.put(entry, condition="attribute_not_exists(PK)")
    return entry


def _public(entry: dict) -> dict:
    return {"id": entry["id"], "at": ids.iso(entry["at"]), "action": entry["action"], "actor": entry["actor"],
            "target": entry["target"], "person": entry.get("person"), "detail": entry.get("detail", "")}


def months() -> list[str]:
    items, _ = store.query(keys.AUDIT_MONTHS, keys.MONTH_PREFIX, 240)
    return [item["month"] for item in items]


def entries(caller: dict, month: str | None = None, cursor: str | None = None) -> dict:
    """One page of a month's entries, newest first (admins only)."""
    if not is_admin(caller):
        raise Forbidden("Only admins read the audit trail.", code="admins_only")
    known = months()
    if month is None:
        month = known[0] if known else datetime.now(UTC).strftime(MONTH)
    try:
        datetime.strptime(month, MONTH)
    except (TypeError, ValueError):
        raise ValidationFailed("month: YYYY-MM", field="month", code="invalid_month")
    after = cursors.decode(cursor, f"audit:{month}", caller["id"])
    now = int(time.time())
    items, last = store.query(keys.audit_partition(month), "", PAGE, after=after)
    shown = [_public(item) for item in items if int(item.get(keys.TTL_ATTRIBUTE, now + 1)) > now]
    return {"month": month, "months": known, "entries": shown,
            "next": cursors.encode(last, f"audit:{month}", caller["id"]) if last else None,
            "retentionDays": retention_days()}


def sweep(now: float | None = None) -> int:
    """Delete entries past their retention (DynamoDB's TTL deletes them too, but lazily)."""
    now = int(now if now is not None else time.time())
    removed = 0
    for month in months():
        after = None
        while True:
            items, after = store.query(keys.audit_partition(month), "", 200, after=after, newest_first=False)
            for item in items:
                if int(item.get(keys.TTL_ATTRIBUTE, now + 1)) <= now:
                    store.delete({"PK": item["PK"], "SK": item["SK"]})
                    removed += 1
            if after is None:
                break
    return removed
