"""Person records, keyed by person id, listed by name through GSI1 and found
by any word of their name, title or department through directory word items."""

import time

from chalicelib import keys, store
from chalicelib.config import MODERATORS
from chalicelib.text import words_of

PUBLIC_FIELDS = ("id", "name", "email", "department", "title", "phone", "photo", "roles", "lang", "bio", "bioHtml",
                 "office", "managerId", "startDate", "active", "directReports", "moments")
CARD_FIELDS = ("id", "name", "title", "department", "photo")
OWN_PHOTO = ("ownPhoto", "ownPhotoSmall")
FROM_LOGIN = ("name", "email", "department", "title", "phone", "photo", "roles")


def _faces(item: dict) -> dict:
    """The photo a person chose themselves wins over the identity provider's picture (kept apart, so a
    login never overwrites it); photoSmall is the 64 px one for small faces."""
    own, own_small = item.get("ownPhoto"), item.get("ownPhotoSmall")
    return {"photo": own or item.get("photo"), "photoSmall": own_small or own or item.get("photoSmall") or item.get("photo")}


def from_item(item: dict | None) -> dict | None:
    if item is None:
        return None
    return {**{field: item.get(field) for field in PUBLIC_FIELDS}, **_faces(item)}


def card(item: dict) -> dict:
    return {**{field: item.get(field) for field in CARD_FIELDS}, **_faces(item)}


def get_person(person_id: str) -> dict | None:
    return from_item(store.get(keys.person(person_id)))


def id_pages(size: int = 500):
    """Every person's id, a page at a time in name order (only the ids are read: a page of 500 is
    one small Query). For work that is cut into units per page of people."""
    after = None
    while True:
        items, after = store.query(keys.PEOPLE, "", size, after=after, newest_first=False, index=keys.GSI1,
                                   only=("id",))
        ids = [item["id"] for item in items if item.get("id")]
        if ids:
            yield ids
        if after is None:
            return


def browse(after: dict | None, limit: int) -> tuple[list[dict], dict | None]:
    """A page of everyone in name order (one Query on GSI1, only the card's attributes read)."""
    items, last = store.query(keys.PEOPLE, "", limit, after=after, newest_first=False, index=keys.GSI1,
                              only=(*CARD_FIELDS, *OWN_PHOTO))
    return [card(item) for item in items if item.get("id")], last


def directory_words(person: dict) -> set[str]:
    return words_of(" ".join(person.get(field) or "" for field in ("name", "title", "department")))


def save_from_login(person: dict) -> dict:
    """Create or refresh a person from identity claims, keeping their own settings. A claim the provider
    did not send this time (empty) never overwrites what an earlier login or the directory wrote."""
    names = {f"#{k}": k for k in ("id", *FROM_LOGIN)}
    names.update({"#seen": "lastLoginAt", "#created": "createdAt", "#lang": "lang"})
    values = {f":{k}": person.get(k) or "" for k in FROM_LOGIN if k != "roles"}
    sets = [f"#{k} = :{k}" if k == "roles" or values[f":{k}"] else f"#{k} = if_not_exists(#{k}, :{k})" for k in FROM_LOGIN]
    if person.get("name"):
        index = keys.people_index(person["name"])
        names.update({"#GSI1PK": "GSI1PK", "#GSI1SK": "GSI1SK"})
        values.update({":gpk": index["GSI1PK"], ":gsk": index["GSI1SK"]})
        sets += ["#GSI1PK = :gpk", "#GSI1SK = :gsk"]
    now = int(time.time())
    old = store.update(
        keys.person(person["id"]),
        "SET #id = :id, " + ", ".join(sets) + ", #seen = :now, "
        "#created = if_not_exists(#created, :now), #lang = if_not_exists(#lang, :lang)",
        names,
        {":id": person["id"], **values, ":roles": person["roles"], ":now": now, ":lang": "sv"},
        returns="ALL_OLD",
    )
    if not person.get("name") and not (old or {}).get("name"):
        # Nobody has named this person yet: the e-mail's local part (or the id) until a login or the directory does.
        name = ((person.get("email") or (old or {}).get("email") or "").split("@")[0] or person["id"])[:100]
        index = keys.people_index(name)
        store.update(keys.person(person["id"]), "SET #n = :n, #p = :p, #s = :s",
                     {"#n": "name", "#p": "GSI1PK", "#s": "GSI1SK"},
                     {":n": name, ":p": index["GSI1PK"], ":s": index["GSI1SK"]})
        person = {**person, "name": name}
    person = {k: v for k, v in person.items() if v not in ("", None)}
    new = {**(old or {}), **person}
    reindex(person["id"], old or {}, new)
    was, now_moderator = bool(MODERATORS & set((old or {}).get("roles") or [])), bool(MODERATORS & set(person["roles"]))
    if now_moderator or was:
        # Who hears of reported content: kept at each login, as roles come from the identity provider.
        store.update(keys.moderators(), f"{'ADD' if now_moderator else 'DELETE'} #p :me", {"#p": "people"},
                     {":me": {person["id"]}}, returns="NONE")
    return get_person(person["id"])


def active(person: dict) -> bool:
    """False for someone the directory says has left (their profile and what they wrote stay)."""
    return person.get("active") is not False


def _listings(person: dict) -> set[tuple[str, str]]:
    """Where a person's card is listed: under their manager (or the top) when the directory provisioned them,
    their department, their office."""
    if not active(person) or not person.get("name"):
        return set()
    # The org chart is the directory's: someone who only logged in has no place in it yet.
    found = {("ORG", person.get("managerId") or keys.TOP)} if person.get("provisioned") else set()
    for kind, field in (("DEPT", "department"), ("OFFICE", "office")):
        if person.get(field):
            found.add((kind, person[field].casefold()))
    start = person.get("startDate") or ""
    if person.get("provisioned") and len(start) >= 7 and person.get("moments") is not False:
        # People moments (each person may opt out): new in the month they start, an anniversary every year.
        found |= {("START", start[:7]), ("ANNIV", start[5:7])}
    return found


def reindex(person_id: str, old: dict, new: dict) -> None:
    """Keep what lists a person in step with them: the directory's word items (search, mentions), their
    cards in the org chart, department and office, and the counts those keep. Each item is derived from the
    person item and rewritten whole, so running this again after a failure repairs it."""
    before = directory_words(old) if active(old) else set()
    after = directory_words(new) if active(new) else set()
    was, now = _listings(old), _listings(new)
    same_card = card(old) == card(new) and old.get("name") == new.get("name") and old.get("startDate") == new.get("startDate")
    if before == after and was == now and same_card:
        return
    deletes = [keys.people_word(word, person_id) for word in before - after]
    entry = {**card(new), "id": person_id, "words": sorted(after)}
    puts = [{**keys.people_word(word, person_id), **entry} for word in (after if (before != after or not same_card) else ())]
    deletes += [keys.listing(kind, value, old.get("name") or "", person_id) for kind, value in (was - now if same_card else was)]
    puts += [{**keys.listing(kind, value, new["name"], person_id), **card(new), "id": person_id,
              **({"startDate": new["startDate"]} if new.get("startDate") else {})} for kind, value in now]
    store.batch_write(puts, deletes)  # a put wins over a delete of the same key (a card rewritten in place)
    for kind, value in (was - now) | (now - was):
        _count(kind, value, -1 if (kind, value) in was else 1, new if (kind, value) in now else old)


def _count(kind: str, value: str, step: int, person: dict) -> None:
    if kind in ("START", "ANNIV"):
        return
    if kind == "ORG":
        if value != keys.TOP:  # the manager's number of direct reports (the org chart's "has reports")
            store.update(keys.person(value), "ADD #r :step", {"#r": "directReports"}, {":step": step},
                         condition="attribute_exists(PK)", returns="NONE")
        return
    name = person.get("department" if kind == "DEPT" else "office") or value
    store.update(keys.listing_name(kind, value), "ADD #n :step SET #name = :name", {"#n": "people", "#name": "name"},
                 {":step": step, ":name": name}, returns="NONE")


def find(words: list[str], limit: int) -> list[dict]:
    """People whose words start with every one of `words`: one Query on the rarest-looking word."""
    first = max(words, key=len)
    items, _ = store.query(keys.people_words(first), first, 200, newest_first=False)
    found = {}
    for item in items:
        if all(any(word.startswith(w) for word in item["words"]) for w in words):
            found.setdefault(item["id"], card(item))
    # Whose name the words begin come first (typing "elin" finds Elin before every Elingenjör), then A–Z.
    def by_name(person: dict) -> tuple:
        names = words_of(person["name"])
        return (not all(any(name.startswith(w) for name in names) for w in words), person["name"].casefold())

    return sorted(found.values(), key=by_name)[:limit]


def set_fields(person_id: str, fields: dict) -> dict | None:
    names = {f"#{k}": k for k in fields}
    item = store.update(
        keys.person(person_id),
        "SET " + ", ".join(f"#{k} = :{k}" for k in fields),
        names,
        {f":{k}": v for k, v in fields.items()},
        condition="attribute_exists(PK)",
    )
    return from_item(item)


def set_own_photo(person_id: str, large: str, small: str) -> dict | None:
    """The photo a person chose (both sizes, or "" to go back to initials), in the directory's cards too."""
    old = store.get(keys.person(person_id))
    if old is None:
        return None
    new = store.update(keys.person(person_id), "SET #large = :large, #small = :small",
                       {"#large": "ownPhoto", "#small": "ownPhotoSmall"}, {":large": large, ":small": small},
                       condition="attribute_exists(PK)")
    reindex(person_id, old, new)
    return from_item(new)


def set_lang(person_id: str, lang: str) -> dict | None:
    return set_fields(person_id, {"lang": lang})


def listed(kind: str, value: str, limit: int, after: str | None = None) -> tuple[list[dict], str | None]:
    """A page of the cards listed under a manager, department, office or start month, A–Z."""
    items, last = store.query(keys.listing_partition(kind, value), "", limit, after=after, newest_first=False)
    return [{**card(item), **({"startDate": item["startDate"]} if item.get("startDate") else {})} for item in items], last


def set_moments(person_id: str, shown: bool) -> dict | None:
    """Whether a person is shown among new colleagues and anniversaries (their listings follow)."""
    old = store.get(keys.person(person_id))
    if old is None:
        return None
    new = store.update(keys.person(person_id), "SET #m = :m", {"#m": "moments"}, {":m": shown},
                       condition="attribute_exists(PK)")
    reindex(person_id, old, new)
    return from_item(new)


def listing_names(kind: str) -> list[dict]:
    """The departments (or offices) that have people, with how many."""
    items, _ = store.query(keys.listing_names(kind), "", 1000, newest_first=False)
    return [{"name": item["name"], "people": int(item["people"])} for item in items if int(item.get("people", 0)) > 0]
