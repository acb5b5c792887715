"""People: who someone is, built from the identity provider's claims."""

import hashlib
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib import banners, cursors, ids, keys, markup, notifications, store, targets, uploads
from chalicelib.config import ROLES, directory_match, settings
from chalicelib.errors import AccountClosed, LoginFailed, NotFound, ValidationFailed
from chalicelib.store import directory as directory_store
from chalicelib.store import people as people_store
from chalicelib.text import clean_label, words_of

PERSON_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
LANGS = ("sv", "en")
NAME_MAX = 64
BIO_MAX = 2000
PHOTO_PATH = re.compile(r"^/(?!/)(?!.*\.\.)[A-Za-z0-9._~/-]{1,200}\.(svg|png|jpe?g|webp)$")
RECENT = 10
BROWSE_PAGE = 48


def check_person_id(value: str) -> str:
    if not isinstance(value, str) or not PERSON_ID.match(value):
        raise ValidationFailed("That is not a valid person id.", field="personId", code="invalid_id")
    return value


def person_id_for(issuer: str, sub: str) -> str:
    """A stable id: readable subjects are kept, opaque ones are hashed with the issuer."""
    if PERSON_ID.match(sub):
        return sub
    return "u" + hashlib.sha256(f"{issuer}|{sub}".encode()).hexdigest()[:24]


def email_verified(claims: dict) -> bool:
    """The claim as OpenID Connect defines it (a boolean); some providers send the string "true"."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def roles_from_claims(claims: dict) -> list[str]:
    config = settings()
    raw = claims.get(config.roles_claim) or []
    if isinstance(raw, str):
        raw = raw.split()
    granted = {role for role in raw if isinstance(role, str) and role in ROLES}
    # Lists of e-mails grant roles only for an address the provider has verified: anyone can type one.
    email = str(claims.get("email") or "").lower() if email_verified(claims) else ""
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
        name = f"{given} {family}".strip()  # empty: the name an earlier login gave is kept
    return {
        "id": person_id_for(str(claims.get("iss", "")), sub),
        "name": name[:NAME_MAX],
        "email": email,
        "department": clean_label(claims.get("department"), 80),
        "title": clean_label(claims.get("title") or claims.get("job_title"), 80),
        "phone": clean_label(claims.get("phone_number"), 40),
        "photo": photo_url(claims.get("picture")),
        "roles": roles_from_claims(claims),
    }


def photo_url(value) -> str:
    """A picture claim we can show under the site's CSP: a path on our own site, nothing else."""
    if isinstance(value, str) and PHOTO_PATH.match(value):
        return value
    return ""


DIRECTORY_OWNS = ("name", "email", "department", "title", "phone")


def provisioned_id(claims: dict) -> str | None:
    """The person the directory provisioned for this login: by subject (their externalId) or by verified e-mail."""
    mode, claim = directory_match()
    if mode == "email":
        email = claims.get("email")
        return directory_store.find_by("email", email) if isinstance(email, str) and email and email_verified(claims) else None
    subject = claims.get(claim)
    return directory_store.find_by("external", subject) if isinstance(subject, str) and 0 < len(subject) <= 1024 else None


def save_from_claims(claims: dict) -> dict:
    """The person logging in, as the directory knows them when it provisioned them (its name, title and
    department win over the login's claims); a leaver is refused."""
    person = person_from_claims(claims)
    linked = provisioned_id(claims)
    if linked:
        person = {**person, "id": linked, **dict.fromkeys(DIRECTORY_OWNS, "")}
    known = store.get(keys.person(person["id"]), consistent=True)
    if known and not people_store.active(known):
        raise AccountClosed()
    if known and known.get("provisioned"):
        person = {**person, **dict.fromkeys(DIRECTORY_OWNS, "")}  # the directory keeps these current
    return people_store.save_from_login(person)


def get_person(person_id: str) -> dict:
    """The person with this id; raises NotFound."""
    person = people_store.get_person(person_id)
    if person is None:
        raise NotFound("No such person.")
    return person


def me(caller: dict) -> dict:
    """The logged-in person with what every page's header shows: the bell's count and the banners, and what
    audiences are matched against. One BatchGetItem (and for a provisioned person, their directory groups:
    one Query and one BatchGetItem)."""
    profile, active = store.get_each([keys.person(caller["id"]), keys.banners()])
    if not profile:
        raise NotFound("No such person.")
    # What the site's listings match articles' audiences against ("office=storliden", spaces as "_").
    audience = sorted(f"{key}={value}".replace(" ", "_") for key, value in directory_store.facts_of(profile))
    return {**people_store.from_item(profile), "unread": int(profile.get("notifyUnread", 0)),
            "banners": banners.active(active), "audience": audience}


def update_own_profile(caller: dict, changes: dict) -> dict:
    """Change the caller's own settings: interface language, bio, photo, notifications per kind, and whether
    they are shown among new colleagues and anniversaries."""
    fields = {}
    # Everything is checked before anything is written.
    if "notifications" in changes:
        notifications.check_settings(changes["notifications"])
    if "mail" in changes:
        notifications.check_mail_settings(changes["mail"])
    if "lang" in changes:
        if changes["lang"] not in LANGS:
            raise ValidationFailed("lang: must be one of sv, en", field="lang")
        fields["lang"] = changes["lang"]
    photo = _own_photo(caller, changes["photo"]) if "photo" in changes else None
    if "moments" in changes and not isinstance(changes["moments"], bool):
        raise ValidationFailed("moments: true or false", field="moments")
    if "bio" in changes:
        bio = changes["bio"]
        bio = markup.clean_text(bio, "bio", max_chars=BIO_MAX) if not (isinstance(bio, str) and not bio.strip()) else ""
        fields.update(bio=bio, bioHtml=markup.render(bio, {}) if bio else "")
    if "notifications" in changes:
        notifications.update_settings(caller, changes["notifications"])
    if "mail" in changes:
        notifications.update_mail_settings(caller["id"], changes["mail"])
    if photo is not None:
        people_store.set_own_photo(caller["id"], *photo)
    if "moments" in changes:
        people_store.set_moments(caller["id"], changes["moments"])
    person = people_store.set_fields(caller["id"], fields) if fields else people_store.get_person(caller["id"])
    if person is None:
        raise NotFound("No such person.")
    return person


def _own_photo(caller: dict, photo) -> tuple[str, str]:
    """{"large": upload key, "small": upload key} of the caller's own cropped uploads (checked by their bytes,
    as a post's images are), or null to go back to initials: the two addresses to keep."""
    if photo is None:
        return "", ""
    if not isinstance(photo, dict) or set(photo) != {"large", "small"}:
        raise ValidationFailed("photo: {large, small} (keys of your uploads) or null", field="photo")
    for size in ("large", "small"):
        uploads.own_upload(caller, photo[size], "photo")
        uploads.checked_image(photo[size], "photo")
    return f"/uploads/{photo['large']}", f"/uploads/{photo['small']}"


def search(caller: dict, q: str | None, limit: int = 10) -> dict:
    """People with a word of their name, title or department starting with each word of q: one Query."""
    words = sorted(words_of((q or "")[:NAME_MAX]))
    if not words:
        raise ValidationFailed("q: type at least one letter", field="q")
    return {"people": people_store.find(words[:4], limit)}


def browse(caller: dict, cursor: str | None) -> dict:
    """Everyone, A to Z, a page at a time (the directory before anyone types): one Query."""
    after = cursors.decode(cursor, "people", caller["id"])
    found, last = people_store.browse(json.loads(after) if after else None, BROWSE_PAGE)
    return {"people": found,
            "next": cursors.encode(json.dumps(last, sort_keys=True), "people", caller["id"]) if last else None}


ORG_PAGE = 100


def org_of(person: dict) -> dict:
    """A person's manager (card) and direct reports (cards, A–Z): one GetItem and one Query, none when they
    have neither."""
    manager = people_store.get_person(person["managerId"]) if person.get("managerId") else None
    reports = people_store.listed("ORG", person["id"], ORG_PAGE)[0] if person.get("directReports") else []
    return {"manager": people_store.card(manager) if manager else None, "reports": reports}


def org_chart(caller: dict, manager_id: str | None, cursor: str | None) -> dict:
    """One level of the org chart: the people under a manager (or at the top), each with how many report to
    them, so the tree opens a level at a time. One Query and one BatchGetItem."""
    if manager_id:
        check_person_id(manager_id)
    after = cursors.decode(cursor, "org", caller["id"])
    people, last = people_store.listed("ORG", manager_id or keys.TOP, ORG_PAGE, after)
    counts = {item["id"]: int(item.get("directReports", 0)) for item in
              store.batch_get([keys.person(person["id"]) for person in people])} if people else {}
    return {"people": [{**person, "reports": counts.get(person["id"], 0)} for person in people],
            "next": cursors.encode(last, "org", caller["id"]) if last else None}


def listing(caller: dict, kind: str, name: str, cursor: str | None) -> dict:
    """The people of a department or office, A–Z: one GetItem (is there such a place?) and one Query a page."""
    if not isinstance(name, str) or not name.strip() or len(name) > 80 or any(ord(c) < 32 for c in name):
        raise ValidationFailed("name: a department's or office's name", field="name")
    folded = name.strip().casefold()
    place = store.get(keys.listing_name(kind, folded))
    if not place or int(place.get("people", 0)) <= 0:
        raise NotFound("No such department or office.")
    after = cursors.decode(cursor, kind.lower(), caller["id"])
    people, last = people_store.listed(kind, folded, ORG_PAGE, after)
    return {"name": place["name"], "people": people,
            "next": cursors.encode(last, kind.lower(), caller["id"]) if last else None}


MOMENTS_MAX = 12
STOCKHOLM = "Europe/Stockholm"


def moments(caller: dict, today=None) -> dict:
    """This month's people moments (those who opted out are not listed): new colleagues (started this month)
    and work anniversaries (started this month in an earlier year, with the years). Two Queries."""
    today = today or datetime.now(ZoneInfo(STOCKHOLM)).date()
    month = today.strftime("%Y-%m")
    new, _ = people_store.listed("START", month, 100)
    again, _ = people_store.listed("ANNIV", today.strftime("%m"), 200)
    anniversaries = [{**person, "years": today.year - int(person["startDate"][:4])} for person in again
                     if person.get("startDate", "")[:4].isdigit() and int(person["startDate"][:4]) < today.year]
    return {"month": month,
            "newColleagues": sorted(new, key=lambda p: (p.get("startDate", ""), p["name"]), reverse=True)[:MOMENTS_MAX],
            "anniversaries": sorted(anniversaries, key=lambda p: (-p["years"], p["name"]))[:MOMENTS_MAX]}


def departments(caller: dict) -> dict:
    """Every department and office with how many work there (two small Queries)."""
    return {kind: people_store.listing_names(code) for kind, code in (("departments", "DEPT"), ("offices", "OFFICE"))}


def profile(caller: dict, person_id: str) -> dict:
    """A colleague's page: who they are, their groups, what they wrote lately (only what the caller may see).

    1 GetItem + 2 Queries + 1 BatchGetItem."""
    person = get_person(check_person_id(person_id))
    memberships, _ = store.query(keys.person_partition(person_id), keys.MY_GROUP_PREFIX, 100, newest_first=False)
    activity, _ = store.query(keys.person_partition(person_id), keys.ACTIVITY_PREFIX, RECENT)
    wanted = {}
    for item in activity:
        for target_id in (item["targetId"], item["threadId"]):
            wanted[target_id] = keys.target(target_id)
    private = {item["privateGroup"] for item in activity if item.get("privateGroup")}
    private |= {item["groupId"] for item in memberships if item.get("visibility") == "secret"}
    for group_id in private:
        wanted[f"member:{group_id}"] = keys.membership(group_id, caller["id"])
    found = {label: entry for label, entry in zip(wanted, store.get_each(list(wanted.values())), strict=True) if entry}
    member_of = {key[7:] for key, entry in found.items() if key.startswith("member:") and entry.get("status") == "member"}
    groups = [
        {"id": item["groupId"], "name": item["groupName"], "visibility": item["visibility"], "role": item["role"]}
        for item in memberships
        if item["status"] == "member" and (item["visibility"] != "secret" or item["groupId"] in member_of)
    ]
    recent = []
    for item in activity:
        target, thread = found.get(item["targetId"]), found.get(item["threadId"])
        if not targets.visible(caller, target, member_of) or not targets.visible(caller, thread, member_of):
            continue
        entry = {"kind": item["kind"], "target": item["targetId"], "thread": item["threadId"],
                 "text": item.get("snippet", ""), "createdAt": ids.iso(item["createdAt"])}
        if thread.get("kind") == "article":
            entry.update(title=thread.get("title"), url=thread.get("url"))
        recent.append(entry)
    shown = {field: person.get(field) for field in (
        "id", "name", "email", "department", "title", "phone", "photo", "photoSmall", "bioHtml", "office", "startDate")}
    shown["active"] = people_store.active(person)
    shown.update(org_of(person))
    if person_id == caller["id"]:
        shown["bio"] = person.get("bio") or ""
    return {**shown, "groups": groups, "recent": recent}
