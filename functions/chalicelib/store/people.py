"""Person records, keyed by person id and listed by name through GSI1."""

import time

from chalicelib import keys, store

PUBLIC_FIELDS = ("id", "name", "email", "department", "title", "roles", "lang")


def from_item(item: dict | None) -> dict | None:
    if item is None:
        return None
    return {field: item.get(field) for field in PUBLIC_FIELDS}


def get_person(person_id: str) -> dict | None:
    return from_item(store.get(keys.person(person_id)))


def save_from_login(person: dict) -> dict:
    """Create or refresh a person from identity claims, keeping their own settings."""
    names = {f"#{k}": k for k in ("name", "email", "department", "title", "roles", "id", "GSI1PK", "GSI1SK")}
    names.update({"#seen": "lastLoginAt", "#created": "createdAt", "#lang": "lang"})
    index = keys.people_index(person["name"])
    now = int(time.time())
    item = store.update(
        keys.person(person["id"]),
        "SET #id = :id, #name = :name, #email = :email, #department = :department, #title = :title, "
        "#roles = :roles, #GSI1PK = :gpk, #GSI1SK = :gsk, #seen = :now, "
        "#created = if_not_exists(#created, :now), #lang = if_not_exists(#lang, :lang)",
        names,
        {
            ":id": person["id"],
            ":name": person["name"],
            ":email": person.get("email") or "",
            ":department": person.get("department") or "",
            ":title": person.get("title") or "",
            ":roles": person["roles"],
            ":gpk": index["GSI1PK"],
            ":gsk": index["GSI1SK"],
            ":now": now,
            ":lang": "sv",
        },
    )
    return from_item(item)


def set_lang(person_id: str, lang: str) -> dict | None:
    item = store.update(
        keys.person(person_id),
        "SET #lang = :lang",
        {"#lang": "lang"},
        {":lang": lang},
        condition="attribute_exists(PK)",
    )
    return from_item(item)
