"""Work groups: open, closed or secret, with owners, admins, members, requests and invitations.

What a non-member learns of a group: an open one in full; a closed one's
name and description (never its content or members); a secret one nothing
at all (404, exactly as for a group that does not exist).
"""

import time
import unicodedata

from chalicelib import audit, ids, keys, notifications, store
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.markup import CONTROL
from chalicelib.people import check_person_id
from chalicelib.store import feed
from chalicelib.store import people as people_store
from chalicelib.text import clean_label

VISIBILITIES = ("open", "closed", "secret")
ROLES = ("owner", "admin", "member")
NAME_MAX, DESCRIPTION_MAX = 80, 1000
PAGE_MAX = 100


def check_group_id(value: str) -> str:
    if not ids.is_id(value):
        raise ValidationFailed("That is not a valid group id.", field="groupId", code="invalid_id")
    return value


def fold(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _name(value) -> str:
    name = clean_label(value, NAME_MAX + 1)
    if not isinstance(value, str) or not name:
        raise ValidationFailed("name: must be 1 to 80 characters", field="name")
    if len(name) > NAME_MAX:
        raise ValidationFailed("name: must be 1 to 80 characters", field="name", code="too_long")
    return name


def _description(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed("description: must be text", field="description")
    text = CONTROL.sub("", value.strip())
    if len(text) > DESCRIPTION_MAX:
        raise ValidationFailed("description: at most 1000 characters", field="description", code="too_long")
    return text


def _visibility(value) -> str:
    if value not in VISIBILITIES:
        raise ValidationFailed("visibility: must be open, closed or secret", field="visibility")
    return value


def load(caller: dict, group_id: str) -> tuple[dict, dict | None]:
    """The group and the caller's membership (one BatchGetItem).

    Raises NotFound for a secret group to anyone it has not invited or
    admitted, so past this point the caller may know the group exists.
    """
    group_id = check_group_id(group_id)
    group, membership = store.get_each([keys.group(group_id), keys.membership(group_id, caller["id"])])
    if not group:
        raise NotFound("No such group.")
    if group["visibility"] == "secret" and not membership:
        raise NotFound("No such group.")
    return group, membership


def is_member(membership: dict | None) -> bool:
    return bool(membership) and membership.get("status") == "member"


def is_admin(membership: dict | None) -> bool:
    return is_member(membership) and membership.get("role") in ("owner", "admin")


def can_read(group: dict, membership: dict | None) -> bool:
    """Whether the caller may see the group's content (posts, members)."""
    return group["visibility"] == "open" or is_member(membership)


def require_content(caller: dict, group_id: str) -> tuple[dict, dict | None]:
    group, membership = load(caller, group_id)
    if not can_read(group, membership):
        raise NotFound("No such group.") if group["visibility"] == "secret" else Forbidden(
            "Only members see this group's content.", code="members_only")
    return group, membership


def public(group: dict, membership: dict | None) -> dict:
    return {
        "id": group["id"],
        "name": group["name"],
        "description": group.get("description", ""),
        "visibility": group["visibility"],
        "archived": bool(group.get("archived")),
        "memberCount": int(group.get("memberCount", 0)),
        "createdAt": group.get("createdAt"),
        "my": {"status": membership["status"], "role": membership.get("role")} if membership else None,
    }


def _membership_items(group: dict, person_id: str, person_name: str, role: str, status: str) -> list[dict]:
    now = int(time.time())
    member = {**keys.membership(group["id"], person_id), "groupId": group["id"], "personId": person_id,
              "personName": person_name, "role": role, "status": status, "since": now}
    mine = {**keys.my_group(person_id, group["id"]), "groupId": group["id"], "groupName": group["name"],
            "visibility": group["visibility"], "role": role, "status": status, "since": now}
    return [member, mine]


def create_group(caller: dict, name, description, visibility) -> dict:
    """A new group with the caller as its owner; names are unique (case and width folded)."""
    name, description, visibility = _name(name), _description(description), _visibility(visibility)
    group_id = ids.new_id()
    folded = fold(name)
    group = {**keys.group(group_id), "id": group_id, "kind": "group", "name": name, "folded": folded,
             "description": description, "visibility": visibility, "ownerId": caller["id"],
             "memberCount": 1, "createdAt": int(time.time())}
    if visibility != "secret":
        group.update(keys.group_index(folded))
    member, mine = _membership_items(group, caller["id"], caller.get("name", caller["id"]), "owner", "member")
    try:
        store.transact([
            store.put_action({**keys.group_name(folded), "groupId": group_id}, condition="attribute_not_exists(PK)"),
            store.put_action(group, condition="attribute_not_exists(PK)"),
            store.put_action(member), store.put_action(mine),
        ])
    except store.Cancelled:
        raise Conflict("A group with that name already exists.", code="name_taken")
    return public(group, member)


def get_group(caller: dict, group_id: str) -> dict:
    group, membership = load(caller, group_id)
    return public(group, membership)


def directory(caller: dict, q: str | None = None, limit: int = 50) -> dict:
    """Open and closed groups by name (prefix search), with my status: 1 Query + 1 Query."""
    prefix = fold(q or "")[:NAME_MAX]
    listed, _ = store.query(keys.GROUPS, prefix, limit, newest_first=False, index=keys.GSI1)
    mine = {item["groupId"]: item for item in my_groups_items(caller)}
    return {"groups": [public(group, mine.get(group["id"])) for group in listed]}


def my_groups_items(caller: dict) -> list[dict]:
    items, _ = store.query(keys.person_partition(caller["id"]), keys.MY_GROUP_PREFIX, PAGE_MAX, newest_first=False)
    return items


def my_groups(caller: dict) -> dict:
    """The groups I belong to, asked to join or am invited to: one Query."""
    return {"groups": [
        {"id": item["groupId"], "name": item["groupName"], "visibility": item["visibility"],
         "role": item.get("role"), "status": item["status"]}
        for item in my_groups_items(caller)
    ]}


def update_group(caller: dict, group_id: str, changes: dict) -> dict:
    """Admins and the owner change name, description or visibility."""
    group, membership = load(caller, group_id)
    if not is_admin(membership):
        raise Forbidden("Only the group's admins can change it.")
    if group.get("archived"):
        raise Conflict("The group is archived.", code="archived")
    updated = dict(group)
    actions = []
    if "name" in changes:
        updated["name"] = _name(changes["name"])
        updated["folded"] = fold(updated["name"])
    if "description" in changes:
        updated["description"] = _description(changes["description"])
    if "visibility" in changes:
        updated["visibility"] = _visibility(changes["visibility"])
    if updated["visibility"] == "secret":
        updated.pop("GSI1PK", None), updated.pop("GSI1SK", None)
    else:
        updated.update(keys.group_index(updated["folded"]))
    if updated["folded"] != group["folded"]:
        actions += [
            store.put_action({**keys.group_name(updated["folded"]), "groupId": group["id"]},
                             condition="attribute_not_exists(PK)"),
            store.delete_action(keys.group_name(group["folded"])),
        ]
    actions.insert(0, store.put_action(updated, condition="attribute_exists(PK)"))
    try:
        store.transact(actions)
    except store.Cancelled:
        raise Conflict("A group with that name already exists.", code="name_taken")
    if group["visibility"] == "open" and updated["visibility"] != "open":
        feed.withdraw_group(group["id"])
    return public(updated, membership)


def archive_group(caller: dict, group_id: str) -> dict:
    """The owner archives the group: it stays readable, nothing new can be posted."""
    group, membership = load(caller, group_id)
    if not is_member(membership) or membership.get("role") != "owner":
        raise Forbidden("Only the owner can archive the group.")
    store.update(keys.group(group["id"]), "SET #a = :yes", {"#a": "archived"}, {":yes": True})
    return public({**group, "archived": True}, membership)


def member_items(group_id: str) -> list[dict]:
    """Everyone with a membership item in a group (members, requests, invitations): {id, role, status}."""
    found, after = [], None
    while True:
        items, after = store.query(keys.group_partition(group_id), keys.MEMBER_PREFIX, 1000, after=after, newest_first=False)
        found += [{"id": item["personId"], "role": item["role"], "status": item["status"]} for item in items]
        if after is None:
            return found


def members(caller: dict, group_id: str) -> dict:
    """Members (and, for admins, requests and invitations): one BatchGetItem + one Query."""
    group, membership = require_content(caller, group_id)
    items, _ = store.query(keys.group_partition(group["id"]), keys.MEMBER_PREFIX, 1000, newest_first=False)
    admin = is_admin(membership)
    shown = [item for item in items if item["status"] == "member" or admin]
    return {"members": [
        {"id": item["personId"], "name": item["personName"], "role": item["role"], "status": item["status"]}
        for item in shown
    ]}


def _set_membership(group: dict, person_id: str, name: str, role: str, status: str, old: dict | None) -> None:
    member, mine = _membership_items(group, person_id, name, role, status)
    actions = [store.put_action(member), store.put_action(mine)]
    became = status == "member" and not is_member(old)
    if became:
        actions.append(store.update_action(keys.group(group["id"]), "ADD #n :one", {"#n": "memberCount"}, {":one": 1}))
    store.transact(actions)


def put_member(caller: dict, group_id: str, person_id: str, role: str | None = None) -> dict:
    """Join, ask to join, accept an invitation (yourself); invite, approve or set a role (others)."""
    person_id = check_person_id(person_id)
    group, membership = load(caller, group_id)
    if group.get("archived"):
        raise Conflict("The group is archived.", code="archived")
    if role is not None and role not in ("admin", "member"):
        raise ValidationFailed("role: must be admin or member", field="role")
    if person_id == caller["id"]:
        if is_member(membership):
            return {"status": "member", "role": membership["role"]}
        invited = bool(membership) and membership["status"] == "invited"
        if group["visibility"] == "open" or invited:
            _set_membership(group, person_id, caller.get("name", person_id), "member", "member", membership)
            return {"status": "member", "role": "member"}
        if group["visibility"] == "closed":
            _set_membership(group, person_id, caller.get("name", person_id), "member", "requested", membership)
            admins = [m["id"] for m in member_items(group["id"]) if m["status"] == "member" and m["role"] in ("owner", "admin")]
            notifications.notify(caller, admins, "request", f"group:{group['id']}", {"group": group["id"]})
            return {"status": "requested", "role": None}
        raise NotFound("No such group.")
    if not is_member(membership):
        raise Forbidden("Only members can invite.")
    person = people_store.get_person(person_id)
    if person is None:
        raise NotFound("No such person.")
    other = store.get(keys.membership(group["id"], person_id))
    if role is not None:
        if not is_admin(membership) or not is_member(other) or other["role"] == "owner":
            raise Forbidden("Only admins change roles, and not the owner's.")
        _set_membership(group, person_id, person["name"], role, "member", other)
        if role != other.get("role"):
            audit.record(caller, "group.role_changed", f"group:{group['id']}", f"{other.get('role')} → {role}",
                         person=person_id)
        return {"status": "member", "role": role}
    if other and other["status"] == "requested":
        if not is_admin(membership):
            raise Forbidden("Only the group's admins approve requests.")
        _set_membership(group, person_id, person["name"], "member", "member", other)
        return {"status": "member", "role": "member"}
    if is_member(other):
        return {"status": "member", "role": other["role"]}
    if group["visibility"] == "open" and not is_admin(membership):
        _set_membership(group, person_id, person["name"], "member", "invited", other)
        notifications.notify(caller, [person_id], "request", f"group:{group['id']}", {"group": group["id"]})
        return {"status": "invited", "role": None}
    if group["visibility"] == "secret" and not is_admin(membership):
        raise Forbidden("Only the group's admins invite to a secret group.")
    _set_membership(group, person_id, person["name"], "member", "invited", other)
    notifications.notify(caller, [person_id], "request", f"group:{group['id']}", {"group": group["id"]})
    return {"status": "invited", "role": None}


def remove_member(caller: dict, group_id: str, person_id: str) -> dict:
    """Leave (yourself), or remove a member / decline a request (admins)."""
    person_id = check_person_id(person_id)
    group, membership = load(caller, group_id)
    own = person_id == caller["id"]
    other = membership if own else store.get(keys.membership(group["id"], person_id))
    if not own and not is_admin(membership):
        raise Forbidden("Only the group's admins remove members.")
    if not other:
        raise NotFound("That person is not in the group.")
    if other.get("role") == "owner" and other["status"] == "member":
        raise Conflict("The owner cannot leave or be removed; archive the group instead.", code="owner_stays")
    actions = [store.delete_action(keys.membership(group["id"], person_id)),
               store.delete_action(keys.my_group(person_id, group["id"]))]
    if is_member(other):
        actions.append(store.update_action(keys.group(group["id"]), "ADD #n :minus", {"#n": "memberCount"}, {":minus": -1}))
    store.transact(actions)
    if not own and is_member(other):
        audit.record(caller, "group.member_removed", f"group:{group['id']}", person=person_id)
    return {"status": None}


def hand_over(person_id: str, heir_id: str | None, actor: dict) -> list[str]:
    """Someone left: each group they owned gets a new owner, their manager (`heir_id`, made a member if they
    were not) or else one of the group's admins; a group with neither keeps its content and is named in the
    audit trail for an admin to give an owner. Returns the ids of the groups handed over."""
    mine, _ = store.query(keys.person_partition(person_id), keys.MY_GROUP_PREFIX, 100, newest_first=False)
    handed = []
    for item in mine:
        if item.get("role") != "owner" or item.get("status") != "member":
            continue
        group = store.get(keys.group(item["groupId"]))
        if group is None:
            continue
        others = [m for m in member_items(group["id"]) if m["id"] != person_id and m["status"] == "member"]
        heir = heir_id if heir_id and heir_id != person_id else next((m["id"] for m in others if m["role"] == "admin"), None)
        if heir is None:
            audit.record(actor, "group.role_changed", f"group:{group['id']}", "owner left; no heir", person=person_id)
            continue
        person = people_store.get_person(heir) or {"name": heir}
        old = store.get(keys.membership(group["id"], heir))
        store.update(keys.group(group["id"]), "SET #o = :o", {"#o": "ownerId"}, {":o": heir})
        _set_membership(group, heir, person["name"], "owner", "member", old)
        _set_membership(group, person_id, item.get("personName") or person_id, "member", "member",
                        store.get(keys.membership(group["id"], person_id)))
        audit.record(actor, "group.role_changed", f"group:{group['id']}", f"owner left → {heir}", person=heir)
        handed.append(group["id"])
    return handed
