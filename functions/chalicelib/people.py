"""People: who someone is, built from the identity provider's claims."""

import hashlib
import re

from chalicelib.config import ROLES, settings
from chalicelib.errors import LoginFailed, NotFound, ValidationFailed
from chalicelib.store import people as people_store
from chalicelib.text import clean_label

PERSON_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
LANGS = ("sv", "en")
NAME_MAX = 64


def check_person_id(value: str) -> str:
    if not isinstance(value, str) or not PERSON_ID.match(value):
        raise ValidationFailed("That is not a valid person id.", field="personId", code="invalid_id")
    return value


def person_id_for(issuer: str, sub: str) -> str:
    """A stable id: readable subjects are kept, opaque ones are hashed with the issuer."""
    if PERSON_ID.match(sub):
        return sub
    return "u" + hashlib.sha256(f"{issuer}|{sub}".encode()).hexdigest()[:24]


def roles_from_claims(claims: dict) -> list[str]:
    config = settings()
    raw = claims.get(config.roles_claim) or []
    if isinstance(raw, str):
        raw = raw.split()
    granted = {role for role in raw if isinstance(role, str) and role in ROLES}
    email = str(claims.get("email") or "").lower()
    granted.update(role for role, emails in config.role_lists.items() if email and email in emails)
    granted.add("employee")
    return [role for role in ROLES if role in granted]


def person_from_claims(claims: dict) -> dict:
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub or len(sub) > 255:
        raise LoginFailed()
    email = clean_label(claims.get("email"), 254)
    name = clean_label(claims.get("name"), NAME_MAX)
    if not name:
        given = clean_label(claims.get("given_name"), NAME_MAX)
        family = clean_label(claims.get("family_name"), NAME_MAX)
        name = f"{given} {family}".strip() or email.split("@")[0] or "?"
    return {
        "id": person_id_for(str(claims.get("iss", "")), sub),
        "name": name[:NAME_MAX],
        "email": email,
        "department": clean_label(claims.get("department"), 80),
        "title": clean_label(claims.get("title") or claims.get("job_title"), 80),
        "roles": roles_from_claims(claims),
    }


def save_from_claims(claims: dict) -> dict:
    return people_store.save_from_login(person_from_claims(claims))


def get_person(person_id: str) -> dict:
    """The person with this id; raises NotFound."""
    person = people_store.get_person(person_id)
    if person is None:
        raise NotFound("No such person.")
    return person


def update_own_profile(caller: dict, changes: dict) -> dict:
    """Change the caller's own settings (today: the interface language)."""
    if "lang" in changes:
        if changes["lang"] not in LANGS:
            raise ValidationFailed("lang: must be one of sv, en", field="lang")
        person = people_store.set_lang(caller["id"], changes["lang"])
        if person is None:
            raise NotFound("No such person.")
        return person
    return get_person(caller["id"])


def search(caller: dict, q: str | None, limit: int = 10) -> dict:
    """People whose name starts with q (case-folded): one Query on the directory index."""
    from chalicelib import keys, store

    prefix = " ".join((q or "").casefold().split())[:NAME_MAX]
    if len(prefix) < 1:
        raise ValidationFailed("q: type at least one letter", field="q")
    found, _ = store.query("PEOPLE", prefix, limit, newest_first=False, index=keys.GSI1)
    return {"people": [{field: person.get(field) for field in ("id", "name", "title", "department")} for person in found]}
