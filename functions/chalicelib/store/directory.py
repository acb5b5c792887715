"""The directory as the company's provisioning service keeps it (SCIM): each user's resource as provisioned,
the keys that find a person by userName, externalId or e-mail, directory groups and their members.

A user's write is one transaction: the resource, the person item it shapes and the keys it claims, so a
userName or e-mail that belongs to someone else cancels the whole write. The listings derived from the
person (search words, org chart, departments) follow it through people.reindex.
"""

import json
import time

from chalicelib import audiences, keys, store
from chalicelib.store import people as people_store

KEY_KINDS = ("username", "external", "email")
PERSON_FIELDS = ("name", "email", "title", "department", "phone", "office", "managerId", "startDate", "active",
                 "division", "organization", "employeeNumber", "userName", "externalId", "givenName", "familyName")


def key_values(fields: dict) -> dict[str, str]:
    """The lookup keys a person claims: userName and e-mail without case, externalId exactly."""
    found = {"username": (fields.get("userName") or "").casefold(), "external": fields.get("externalId") or "",
             "email": (fields.get("email") or "").casefold()}
    return {kind: value for kind, value in found.items() if value}


def find_by(kind: str, value: str) -> str | None:
    """The person id a key points to, or None."""
    folded = value if kind == "external" else value.casefold()
    item = store.get(keys.directory_key(kind, folded), consistent=True)
    return item["personId"] if item else None


def get_user(person_id: str) -> dict | None:
    """{resource, version, created, modified} of a provisioned person, or None."""
    item = store.get(keys.scim_user(person_id), consistent=True)
    if item is None:
        return None
    return {"resource": json.loads(item["resource"]), "version": int(item["version"]), "created": int(item["createdAt"]),
            "modified": int(item["updatedAt"]), "id": person_id}


def user_pages(size: int = 500):
    """Every provisioned person's stored resource, a page at a time (for filters no key answers)."""
    after = None
    while True:
        items, after = store.query(keys.SCIM_USERS, "", size, after=after, newest_first=False)
        yield [{"resource": json.loads(item["resource"]), "version": int(item["version"]),
                "created": int(item["createdAt"]), "modified": int(item["updatedAt"]), "id": item["SK"]}
               for item in items]
        if after is None:
            return


def save_user(person_id: str, resource: dict, fields: dict, expected_version: int | None) -> dict:
    """Write a provisioned person in one transaction: the resource (version + 1, only over the version the
    caller read: None creates), the person item's directory fields, the keys they claim (refused when another
    person holds one: Cancelled, with the failed index) and the keys they gave up. Returns the person before,
    and the new version with its times."""
    now = int(time.time())
    old_person = store.get(keys.person(person_id), consistent=True) or {}
    # A create is refused by the transaction if they exist: nothing to read first.
    old_user = store.get(keys.scim_user(person_id), consistent=True) if expected_version is not None else None
    # The keys this person holds, as the directory last gave them (a login may change the person item's e-mail).
    old_keys = dict((old_user or {}).get("claimed") or {})
    new_keys = key_values(fields)
    version = (int(old_user["version"]) if old_user else 0) + 1
    user_item = {**keys.scim_user(person_id), "resource": json.dumps(resource, ensure_ascii=False, sort_keys=True),
                 "version": version, "createdAt": int(old_user["createdAt"]) if old_user else now, "updatedAt": now,
                 "claimed": new_keys}
    if expected_version is None:
        actions = [store.put_action(user_item, condition="attribute_not_exists(PK)")]
    else:
        actions = [store.put_action(user_item, condition="#v = :v", names={"#v": "version"},
                                    values_expr={":v": expected_version})]
    sets = {field: fields[field] for field in PERSON_FIELDS if fields.get(field) not in (None, "")}
    removes = [field for field in PERSON_FIELDS if field not in sets and field not in ("name",)]
    present = fields.get("active") is not False
    sets["active"] = present
    names = {f"#{n}": field for n, field in enumerate(sets)}
    values = {f":{n}": value for n, value in enumerate(sets.values())}
    expression = "SET " + ", ".join(f"#{n} = :{n}" for n in range(len(sets)))
    expression += ", #id = :id, #scim = :true, #created = if_not_exists(#created, :now), #lang = if_not_exists(#lang, :lang)"
    names.update({"#id": "id", "#scim": "provisioned", "#created": "createdAt", "#lang": "lang",
                  "#gpk": "GSI1PK", "#gsk": "GSI1SK"})
    values.update({":id": person_id, ":true": True, ":now": now, ":lang": fields.get("lang") or "sv"})
    if present:  # in the directory's A–Z (and reach's count of employees) while they work here
        index = keys.people_index(sets["name"])
        expression += ", #gpk = :gpk, #gsk = :gsk"
        values.update({":gpk": index["GSI1PK"], ":gsk": index["GSI1SK"]})
        gone = [field for field in removes if field != "active"]
        expression += (" REMOVE " + ", ".join(f"#r{n}" for n in range(len(gone)))) if gone else ""
    else:
        gone = [field for field in removes if field != "active"]
        expression += " REMOVE #gpk, #gsk" + "".join(f", #r{n}" for n in range(len(gone)))
    names.update({f"#r{n}": field for n, field in enumerate(gone)})
    actions.append(store.update_action(keys.person(person_id), expression, names, values))
    for kind, value in new_keys.items():
        if old_keys.get(kind) != value:
            actions.append(store.put_action({**keys.directory_key(kind, value), "personId": person_id},
                                            condition="attribute_not_exists(PK) OR #p = :me", names={"#p": "personId"},
                                            values_expr={":me": person_id}))
    for kind, value in old_keys.items():
        if new_keys.get(kind) != value:
            actions.append(store.delete_action(keys.directory_key(kind, value), condition="#p = :me",
                                               names={"#p": "personId"}, values_expr={":me": person_id}))
    store.transact(actions)
    # The person item as the update left it (worked out, not read again).
    new_person = {key: value for key, value in old_person.items() if key not in gone and key not in ("GSI1PK", "GSI1SK")}
    new_person.update({**keys.person(person_id), **sets, "id": person_id, "provisioned": True})
    new_person.setdefault("createdAt", now)
    new_person.setdefault("lang", fields.get("lang") or "sv")
    if present:
        new_person.update(keys.people_index(sets["name"]))
    people_store.reindex(person_id, old_person, new_person)
    return {"before": old_person, "version": version, "created": int(user_item["createdAt"]), "modified": now}


def delete_user(person_id: str) -> dict | None:
    """The directory forgets a person: their resource and keys go, the person item stays (what they wrote
    keeps its author) marked as gone. Returns the person before, or None if they were not provisioned."""
    old_user = store.get(keys.scim_user(person_id), consistent=True)
    if old_user is None:
        return None
    old_person = store.get(keys.person(person_id), consistent=True) or {}
    actions = [store.delete_action(keys.scim_user(person_id)),
               store.update_action(keys.person(person_id), "SET #a = :false REMOVE #gpk, #gsk, #scim",
                                   {"#a": "active", "#gpk": "GSI1PK", "#gsk": "GSI1SK", "#scim": "provisioned"},
                                   {":false": False}, condition="attribute_exists(PK)")]
    actions += [store.delete_action(keys.directory_key(kind, value)) for kind, value in (old_user.get("claimed") or {}).items()]
    store.transact(actions)
    people_store.reindex(person_id, old_person, {**old_person, "active": False})
    return old_person


# --- groups -----------------------------------------------------------------------------------------------

def get_group(group_id: str) -> dict | None:
    item = store.get(keys.scim_group(group_id), consistent=True)
    return _group(item) if item else None


def _group(item: dict) -> dict:
    return {"id": item["SK"], "displayName": item["displayName"], "externalId": item.get("externalId") or "",
            "version": int(item["version"]), "created": int(item["createdAt"]), "modified": int(item["updatedAt"]),
            "members": int(item.get("members", 0))}


def group_pages(size: int = 500):
    after = None
    while True:
        items, after = store.query(keys.SCIM_GROUPS, "", size, after=after, newest_first=False)
        yield [_group(item) for item in items]
        if after is None:
            return


def members(group_id: str) -> list[dict]:
    """{value, display} of each member, as the provider named them."""
    found, after = [], None
    while True:
        items, after = store.query(keys.directory_group_partition(group_id), keys.MEMBER_PREFIX, 1000, after=after,
                                   newest_first=False, only=("personId", "display"))
        found += [{"value": item["personId"], **({"display": item["display"]} if item.get("display") else {})}
                  for item in items]
        if after is None:
            return found


def member_ids(group_id: str) -> list[str]:
    return [member["value"] for member in members(group_id)]


def groups_of(person_id: str) -> list[dict]:
    """A person's directory groups with their current names (the group items hold the names, so a rename
    is one write)."""
    items, _ = store.query(keys.person_partition(person_id), keys.MY_DIRECTORY_GROUP_PREFIX, 1000, newest_first=False)
    groups = store.batch_get([keys.scim_group(item["groupId"]) for item in items]) if items else []
    return sorted(({"value": group["SK"], "display": group["displayName"]} for group in groups),
                  key=lambda group: group["display"].casefold())


def facts_of(person: dict) -> set[tuple[str, str]]:
    """What audiences are matched against for a person item: their department, office, division, roles and
    their directory groups' names (the item lists the groups' ids: one BatchGetItem, none for someone in no
    group; a deleted group's id left behind finds nothing)."""
    ids = person.get("directoryGroups") or set()
    groups = [group["displayName"] for group in store.batch_get([keys.scim_group(group_id) for group_id in ids])] if ids else []
    return audiences.facts(person, groups)


def members_by_name(names: set[str]) -> set[str]:
    """Everyone in the directory groups with these (folded) names: the groups read a page at a time, then
    each wanted group's members."""
    wanted = [group["id"] for page in group_pages() for group in page if group["displayName"].casefold() in names]
    return {person_id for group_id in wanted for person_id in member_ids(group_id)}


MEMBERS_PER_TRANSACTION = 16  # three actions a member, added and removed: at most 97 of DynamoDB's 100


def _group_ids(person_id: str, verb: str, group_id: str) -> dict:
    """The person item's set of directory group ids (what /api/me matches audiences with, read with it)."""
    return store.update_action(keys.person(person_id), f"{verb} #g :id", {"#g": "directoryGroups"}, {":id": {group_id}})


def save_group(group_id: str, display_name: str, external_id: str, expected_version: int | None,
               added: list[str], removed: list[str], displays: dict | None = None) -> None:
    """The group's own item (version + 1 over the version read; None creates) and member changes,
    MEMBERS_PER_TRANSACTION members to a transaction (two items and the person's group set each, plus the count)."""
    now = int(time.time())
    names = {"#n": "displayName", "#e": "externalId", "#v": "version", "#c": "createdAt", "#u": "updatedAt"}
    values = {":n": display_name, ":e": external_id, ":one": 1, ":now": now, ":zero": 0}
    condition = "attribute_not_exists(PK)" if expected_version is None else "#v = :expected"
    if expected_version is not None:
        values[":expected"] = expected_version
    store.transact([store.update_action(
        keys.scim_group(group_id), "SET #n = :n, #e = :e, #u = :now, #c = if_not_exists(#c, :now), "
        "#m = if_not_exists(#m, :zero) ADD #v :one", {**names, "#m": "members"}, values, condition=condition)])
    for start in range(0, max(len(added), len(removed)), MEMBERS_PER_TRANSACTION):
        end = start + MEMBERS_PER_TRANSACTION
        actions = []
        for person_id in added[start:end]:
            display = (displays or {}).get(person_id)
            actions += [store.put_action({**keys.directory_member(group_id, person_id), "personId": person_id,
                                          **({"display": display} if display else {})}),
                        store.put_action({**keys.my_directory_group(person_id, group_id), "groupId": group_id}),
                        _group_ids(person_id, "ADD", group_id)]
        for person_id in removed[start:end]:
            actions += [store.delete_action(keys.directory_member(group_id, person_id)),
                        store.delete_action(keys.my_directory_group(person_id, group_id)),
                        _group_ids(person_id, "DELETE", group_id)]
        step = len(added[start:end]) - len(removed[start:end])
        actions.append(store.update_action(keys.scim_group(group_id), "ADD #m :step", {"#m": "members"}, {":step": step}))
        store.transact(actions)


def delete_group(group_id: str) -> bool:
    members = member_ids(group_id)
    removed = store.take(keys.scim_group(group_id))
    if removed is None:
        return False
    store.batch_delete([keys.directory_member(group_id, person_id) for person_id in members]
                       + [keys.my_directory_group(person_id, group_id) for person_id in members])
    return True
