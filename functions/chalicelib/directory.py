"""The company's directory as its provisioning service keeps it (SCIM 2.0, RFC 7643/7644): people created
before their first login, changed, and leaving; directory groups used as audiences.

Resources are stored as provisioned and shaped into the person item the rest of Torget reads (name, title,
department, office, manager, start date, active). A leaver (active false, or DELETE) keeps their profile and
what they wrote, and is out of search, mentions, the A–Z, reach's count and digests; their sessions end and
their open sockets close at once, and login is refused.
"""

import re
import secrets
from datetime import UTC, datetime

from chalicelib import audit, events, groups, ids, keys, scim_filter, store
from chalicelib.errors import Conflict, DomainError, NotFound
from chalicelib.scim_schema import (
    ENTERPRISE,
    GROUP,
    LIST,
    TORGET,
    USER,
    InvalidValue,
    apply_patch,
    check_resource,
    patch_operations,
)
from chalicelib.store import directory as directory_store
from chalicelib.store import people as people_store
from chalicelib.text import clean_label

ACTOR = {"id": "scim", "name": "Directory (SCIM)", "roles": ["admin"]}
MAX_RESULTS = 200
DEFAULT_COUNT = 100
MAX_CHAIN = 100  # managers walked up when a new manager is checked for a cycle
SLUG = re.compile(r"[^a-z0-9._-]+")
KEYED = {("username",): "username", ("externalid",): "external", ("emails",): "email", ("emails", "value"): "email"}


class PreconditionFailed(DomainError):
    code = "precondition_failed"
    message = "The resource changed since it was read (its ETag no longer matches)."


def _when(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def etag(version: int) -> str:
    return f'W/"{version}"'


def _check_match(if_match: str | None, version: int) -> None:
    if if_match and if_match.strip() != "*" and etag(version) not in [tag.strip() for tag in if_match.split(",")]:
        raise PreconditionFailed()


def _first(values: list, kind: str = "work") -> dict:
    """The value of a multi-valued attribute to use: the primary one, else of the given type, else the first."""
    values = [value for value in values or [] if isinstance(value, dict)]
    return (next((v for v in values if v.get("primary")), None) or next((v for v in values if v.get("type") == kind), None)
            or (values[0] if values else {}))


def person_fields(resource: dict) -> dict:
    """What Torget shows of a provisioned person, from their resource."""
    name = resource.get("name") or {}
    enterprise = resource.get(ENTERPRISE) or {}
    own = resource.get(TORGET) or {}
    display = (resource.get("displayName") or name.get("formatted")
               or " ".join(part for part in (name.get("givenName"), name.get("familyName")) if part)
               or resource["userName"].split("@")[0])
    address = _first(resource.get("addresses"))
    language = (resource.get("preferredLanguage") or "").lower()
    return {
        "userName": resource["userName"], "externalId": resource.get("externalId") or "",
        "name": clean_label(display, 64) or resource["userName"][:64],
        "givenName": clean_label(name.get("givenName"), 64), "familyName": clean_label(name.get("familyName"), 64),
        "email": clean_label(_first(resource.get("emails")).get("value"), 254).lower(),
        "phone": clean_label(_first(resource.get("phoneNumbers")).get("value"), 40),
        "title": clean_label(resource.get("title"), 80),
        "office": clean_label(address.get("formatted") or address.get("locality"), 80),
        "department": clean_label(enterprise.get("department"), 80),
        "division": clean_label(enterprise.get("division"), 80),
        "organization": clean_label(enterprise.get("organization"), 80),
        "employeeNumber": clean_label(enterprise.get("employeeNumber"), 40),
        "managerId": ((enterprise.get("manager") or {}).get("value") or "").strip(),
        "startDate": (own.get("startDate") or "")[:10],
        "active": resource.get("active", True) is not False,
        "lang": "en" if language.startswith("en") else "sv",
    }


def user_resource(entry: dict, base: str, person: dict | None = None, groups: list | None = None) -> dict:
    resource = dict(entry["resource"])
    manager = (resource.get(ENTERPRISE) or {}).get("manager")
    if manager and manager.get("value"):
        boss = person or {}
        resource[ENTERPRISE] = {**resource[ENTERPRISE], "manager": {
            "value": manager["value"], "$ref": f"{base}/Users/{manager['value']}",
            **({"displayName": boss["name"]} if boss.get("name") else {})}}
    schemas = [USER, *[uri for uri in (ENTERPRISE, TORGET) if uri in resource]]
    return {"schemas": schemas, "id": entry["id"], **resource, "active": resource.get("active", True) is not False,
            **({"groups": groups} if groups else {}),
            "meta": {"resourceType": "User", "created": _when(entry["created"]), "lastModified": _when(entry["modified"]),
                     "location": f"{base}/Users/{entry['id']}", "version": etag(entry["version"])}}


def _entry(person_id: str) -> dict:
    entry = directory_store.get_user(person_id) if people_id_ok(person_id) else None
    if entry is None:
        raise NotFound("No such user.")
    return entry


def people_id_ok(value: str) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,63}", value))


def _new_id(fields: dict) -> str:
    """A readable id from the userName's local part (sara.nilsson@… → sara.nilsson); a person who logged
    in before the directory knew them is adopted when their e-mail matches (never someone who left)."""
    base = SLUG.sub("-", fields["userName"].split("@")[0].lower()).strip("-._")[:56] or "person"
    for n in range(1, 50):
        candidate = base if n == 1 else f"{base}-{n}"
        found = store.get(keys.person(candidate), consistent=True)
        if found is None:
            return candidate
        if (not found.get("provisioned") and people_store.active(found) and fields.get("email")
                and found.get("email", "").lower() == fields["email"]):
            return candidate
    return f"{base}-{secrets.token_hex(4)}"


def _check_manager(person_id: str, fields: dict) -> dict | None:
    """The manager must be someone in the directory, not the person, and not below them (no cycle)."""
    manager_id = fields.get("managerId")
    if not manager_id:
        return None
    if manager_id == person_id:
        raise InvalidValue("manager: a person cannot be their own manager", field="manager")
    manager = store.get(keys.person(manager_id), consistent=True) if people_id_ok(manager_id) else None
    if manager is None:
        raise InvalidValue("manager: no such user", field="manager")
    seen, current = {manager_id}, manager
    for _ in range(MAX_CHAIN):
        above = current.get("managerId")
        if not above:
            return manager
        if above == person_id:
            raise InvalidValue("manager: that would make a cycle (the manager reports to this person)", field="manager")
        if above in seen:
            return manager
        seen.add(above)
        current = store.get(keys.person(above)) or {}
    return manager


def _save(person_id: str, resource: dict, version: int | None, action: str) -> dict:
    """Write the person; returns the stored entry and their manager (for the answer, without reading again)."""
    fields = person_fields(resource)
    manager = _check_manager(person_id, fields)
    try:
        saved = directory_store.save_user(person_id, resource, fields, version)
    except store.Cancelled as error:
        if error.failed(0):
            raise PreconditionFailed() if version is not None else Conflict(
                "That user exists already.", code="uniqueness")
        raise Conflict("userName, externalId or e-mail belongs to another user.", code="uniqueness")
    before = saved["before"]
    was_active = before.get("active") is not False and bool(before)
    if was_active and not fields["active"]:
        leave(person_id, "deactivated")
    audit.record(ACTOR, action, f"person:{person_id}", fields["userName"][:200], person=person_id)
    entry = {"resource": resource, "version": saved["version"], "created": saved["created"], "modified": saved["modified"],
             "id": person_id}
    return {"entry": entry, "manager": people_store.from_item(manager) if manager else None}


def _answer(person_id: str, saved: dict, base: str, groups: bool = True) -> tuple[dict, str]:
    entry = saved["entry"]
    return (user_resource(entry, base, saved["manager"], directory_store.groups_of(person_id) if groups else None),
            etag(entry["version"]))


def leave(person_id: str, how: str) -> dict:
    """Someone left: their sessions end now and their open sockets close (a few of each per person), and
    the groups they owned get their manager (or a group admin) as owner."""
    sessions, _ = store.query(keys.sessions_of(person_id), "", 100, index=keys.GSI1, only=("PK", "SK"))
    for item in sessions:
        store.delete({"PK": item["PK"], "SK": item["SK"]})
    connections, _ = store.query(keys.person_partition(person_id), keys.CONNECTION_PREFIX, 100)
    closed = sum(events.close(item["SK"][len(keys.CONNECTION_PREFIX):]) for item in connections)
    manager = (store.get(keys.person(person_id)) or {}).get("managerId")
    handed = groups.hand_over(person_id, manager, ACTOR)
    return {"sessions": len(sessions), "sockets": closed, "groups": handed, "how": how}


def create_user(body: dict, base: str) -> tuple[dict, str]:
    resource = check_resource(USER, body)
    person_id = _new_id(person_fields(resource))
    return _answer(person_id, _save(person_id, resource, None, "person.provisioned"), base, groups=False)


def get_user(person_id: str, base: str) -> tuple[dict, str]:
    entry = _entry(person_id)
    manager_id = ((entry["resource"].get(ENTERPRISE) or {}).get("manager") or {}).get("value")
    manager = people_store.get_person(manager_id) if manager_id and people_id_ok(manager_id) else None
    return user_resource(entry, base, manager, directory_store.groups_of(person_id)), etag(entry["version"])


def replace_user(person_id: str, body: dict, if_match: str | None, base: str) -> tuple[dict, str]:
    entry = _entry(person_id)
    _check_match(if_match, entry["version"])
    return _answer(person_id, _save(person_id, check_resource(USER, body), entry["version"], "person.changed"), base)


def patch_user(person_id: str, body: dict, if_match: str | None, base: str) -> tuple[dict, str]:
    entry = _entry(person_id)
    _check_match(if_match, entry["version"])
    return _answer(person_id, _save(person_id, apply_patch(USER, entry["resource"], body), entry["version"],
                                    "person.changed"), base)


def delete_user(person_id: str) -> None:
    _entry(person_id)
    if directory_store.delete_user(person_id) is None:
        raise NotFound("No such user.")
    leave(person_id, "deleted")
    audit.record(ACTOR, "person.deprovisioned", f"person:{person_id}", person=person_id)


def _page(found: list[dict], start_index: int, count: int) -> dict:
    return {"schemas": [LIST], "totalResults": len(found), "startIndex": start_index,
            "itemsPerPage": len(found[start_index - 1:start_index - 1 + count]),
            "Resources": found[start_index - 1:start_index - 1 + count]}


def list_users(filter_text: str | None, start_index: int, count: int, base: str) -> dict:
    """Users matching the filter. `userName`, `externalId` and `emails.value` equality (what providers ask
    before they create) is one lookup; other filters read the directory a page at a time."""
    tree = scim_filter.parse(filter_text) if filter_text else None
    equal = scim_filter.equality(tree) if tree else None
    if equal and equal[0] in KEYED:
        person_id = directory_store.find_by(KEYED[equal[0]], equal[1])
        entries = [entry for entry in [directory_store.get_user(person_id) if person_id else None] if entry]
    else:
        entries = [entry for page in directory_store.user_pages() for entry in page]
    found = []
    for entry in entries:
        resource = user_resource(entry, base)
        if tree is None or scim_filter.matches(tree, resource):
            found.append(resource)
    return _page(found, start_index, count)


# --- groups -----------------------------------------------------------------------------------------------

def _group_resource(group: dict, base: str, members: list[dict] | None) -> dict:
    resource = {"schemas": [GROUP], "id": group["id"], "displayName": group["displayName"],
                **({"externalId": group["externalId"]} if group["externalId"] else {})}
    if members is not None:
        resource["members"] = [{**member, "$ref": f"{base}/Users/{member['value']}", "type": "User"}
                               for member in members]
    resource["meta"] = {"resourceType": "Group", "created": _when(group["created"]),
                        "lastModified": _when(group["modified"]), "location": f"{base}/Groups/{group['id']}",
                        "version": etag(group["version"])}
    return resource


def _group(group_id: str) -> dict:
    group = directory_store.get_group(group_id) if people_id_ok(group_id) else None
    if group is None:
        raise NotFound("No such group.")
    return group


def _displays(value) -> dict:
    """The display names a provider gave its members (kept to be given back)."""
    values = value if isinstance(value, list) else [value] if value is not None else []
    return {item["value"]: clean_label(item["display"], 200) for item in values
            if isinstance(item, dict) and isinstance(item.get("value"), str) and isinstance(item.get("display"), str)}


def _member_list(value) -> list[str]:
    """Member ids from a members value; each must be a person in the directory."""
    values = value if isinstance(value, list) else [value] if value is not None else []
    wanted = []
    for item in values:
        person_id = item.get("value") if isinstance(item, dict) else None
        if not isinstance(person_id, str) or not people_id_ok(person_id):
            raise InvalidValue("members: each needs the value of a user's id", field="members")
        wanted.append(person_id)
    if wanted:
        known = {item["id"] for item in store.batch_get([keys.person(person_id) for person_id in set(wanted)])}
        missing = sorted(set(wanted) - known)
        if missing:
            raise InvalidValue(f"members: no user {missing[0]}", field="members")
    return list(dict.fromkeys(wanted))


def get_group(group_id: str, base: str, with_members: bool = True) -> tuple[dict, str]:
    group = _group(group_id)
    members = directory_store.members(group_id) if with_members else None
    return _group_resource(group, base, members), etag(group["version"])


def create_group(body: dict, base: str) -> tuple[dict, str]:
    resource = check_resource(GROUP, body)
    members = _member_list(resource.get("members"))
    group_id = ids.new_id().lower()
    directory_store.save_group(group_id, clean_label(resource["displayName"], 200), resource.get("externalId", ""),
                               None, members, [], _displays(resource.get("members")))
    audit.record(ACTOR, "directory.group_changed", f"directory-group:{group_id}", resource["displayName"][:200])
    return get_group(group_id, base)


def replace_group(group_id: str, body: dict, if_match: str | None, base: str) -> tuple[dict, str]:
    group = _group(group_id)
    _check_match(if_match, group["version"])
    resource = check_resource(GROUP, body)
    wanted = set(_member_list(resource.get("members")))
    have = set(directory_store.member_ids(group_id))
    directory_store.save_group(group_id, clean_label(resource["displayName"], 200), resource.get("externalId", ""),
                               group["version"], sorted(wanted - have), sorted(have - wanted),
                               _displays(resource.get("members")))
    audit.record(ACTOR, "directory.group_changed", f"directory-group:{group_id}", resource["displayName"][:200])
    return get_group(group_id, base)


def patch_group(group_id: str, body: dict, if_match: str | None, base: str) -> tuple[dict, str] | None:
    """Member changes are applied to the member items (a big group is never rewritten whole):
    add/remove `members` with a list of values, remove `members[value eq "…"]`, replace `members`, and
    displayName/externalId with or without a path."""
    group = _group(group_id)
    _check_match(if_match, group["version"])
    have = set(directory_store.member_ids(group_id))
    members = set(have)
    name, external = group["displayName"], group["externalId"]
    displays = {}
    for op, path, value in patch_operations(body):
        changes = [(path, value)] if path else list(value.items()) if isinstance(value, dict) else None
        if changes is None:
            raise InvalidValue(f"{op} without a path: the value must be an object", field="value")
        for target, part in changes:
            names, where, sub = scim_filter.parse_path(target)
            if names == ("members",) and op != "remove":
                displays.update(_displays(part))
            if names == ("members",) and not sub:
                if where is not None:
                    if op != "remove":
                        raise InvalidValue("members[…]: only remove takes a filter", field="path")
                    members -= {person_id for person_id in members if scim_filter.matches(where, {"value": person_id})}
                elif op == "remove":
                    members -= set(_member_list(part)) if part else members
                elif op == "add":
                    members |= set(_member_list(part))
                else:
                    members = set(_member_list(part))
            elif names == ("displayname",) and op != "remove":
                if not isinstance(part, str) or not part.strip():
                    raise InvalidValue("displayName: a non-empty string", field="displayName")
                name = clean_label(part, 200)
            elif names == ("externalid",):
                if op != "remove" and not isinstance(part, str):
                    raise InvalidValue("externalId: a string", field="externalId")
                external = "" if op == "remove" else part
            else:
                raise scim_filter.InvalidPath(f"{target}: a group's members, displayName or externalId", field="path")
    directory_store.save_group(group_id, name, external, group["version"], sorted(members - have), sorted(have - members),
                               displays)
    audit.record(ACTOR, "directory.group_changed", f"directory-group:{group_id}", name[:200])
    return get_group(group_id, base)


def delete_group(group_id: str) -> None:
    _group(group_id)
    directory_store.delete_group(group_id)
    audit.record(ACTOR, "directory.group_changed", f"directory-group:{group_id}", "deleted")


def list_groups(filter_text: str | None, start_index: int, count: int, base: str, with_members: bool) -> dict:
    tree = scim_filter.parse(filter_text) if filter_text else None
    found = []
    for page in directory_store.group_pages():
        for group in page:
            resource = _group_resource(group, base, None)
            if tree is None or scim_filter.matches(tree, resource):
                found.append(group)
    page = _page(found, start_index, count)
    page["Resources"] = [_group_resource(group, base, directory_store.members(group["id"]) if with_members else None)
                         for group in page["Resources"]]
    return page
