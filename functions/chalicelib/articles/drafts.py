"""A draft while it is written: created blank, as a translation or from a published file; saved as the
person types (guarded by its version); listed; thrown away; and seen live once the site holds it."""

import functools
import logging

from chalicelib import ids, keys, repository, store
from chalicelib.articles import rules
from chalicelib.content_checks import read_text
from chalicelib.errors import Conflict, Forbidden, NotFound, Unavailable, ValidationFailed
from chalicelib.repository import RepositoryError
from chalicelib.store import people as people_store

log = logging.getLogger("torget.articles")



def repository_errors(action):
    """A repository that cannot be reached (or refuses) means nothing was committed: say so, retry later."""

    @functools.wraps(action)
    def guarded(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except RepositoryError as error:
            log.warning("repository: %s", error)
            raise Unavailable(5, f"Nothing was published: the article repository answered \"{error}\". "
                                 "Try again in a moment.")

    return guarded


def public(draft: dict, caller: dict) -> dict:
    shown = {name: draft.get(name) for name in (
        "id", "state", "version", "category", "title", "summary", "text", "tags", "lang", "translationOf", "slug",
        "path", "pinned", "comments", "acknowledge", "audience", "publishAt", "createdAt", "updatedAt", "url", "notes",
        "reviewUrl", "conflict")}
    shown["author"] = {"id": draft["authorId"], "name": draft["authorName"]}
    shown["editing"] = bool(draft.get("baseSha"))
    shown["mine"] = draft["authorId"] == caller["id"]
    shown["canPublish"] = rules.may_publish_directly(caller)
    shown["canReview"] = rules.is_editor(caller) and draft["authorId"] != caller["id"]
    shown["notes"] = draft.get("notes") or []
    return {name: value for name, value in shown.items() if value is not None}


def load(draft_id: str) -> dict:
    draft = store.get(keys.article_draft(rules.check_id(draft_id)), consistent=True)
    if draft is None:
        raise NotFound("No such draft.")
    draft["version"] = int(draft["version"])  # DynamoDB numbers come back as Decimal
    return draft


def _readable(caller: dict, draft: dict) -> None:
    if draft["authorId"] == caller["id"]:
        return
    if rules.is_editor(caller) and draft["state"] in ("review", "changes", "scheduled", "publishing", "live"):
        return
    raise NotFound("No such draft.")  # another writer's draft is not there, for everyone else


def person_of(caller: dict) -> dict:
    person = people_store.get_person(caller["id"]) or {}
    return {"id": caller["id"], "name": person.get("name") or caller["name"],
            "email": person.get("email") or f"{caller['id']}@localhost"}


@repository_errors
def create(caller: dict, body: dict) -> dict:
    """A new draft: a blank one, a translation of a published article, or an edit of a published file."""
    rules.require_writer(caller)
    source = body.pop("source", None)
    category = body.pop("category", None)
    lang = body.pop("lang", None) or "sv"
    translation_of = body.pop("translationOf", None)
    if lang not in rules.LANGS:
        raise ValidationFailed("lang: sv or en", field="lang")
    person = person_of(caller)
    draft = {"id": ids.new_id(), "authorId": caller["id"], "authorName": person["name"], "authorEmail": person["email"],
             "state": "draft", "version": 1, "title": "", "summary": "", "text": "", "tags": [], "lang": lang,
             "pinned": False, "comments": True, "acknowledge": False, "createdAt": rules.now()}
    if source is not None:
        draft.update(_from_source(caller, source))
    elif translation_of is not None:  # the translation's category and address are the original's
        original = published(rules.check_slug(translation_of, "translationOf"))
        if original is None or original.get("lang", "sv") == lang:
            raise ValidationFailed("translationOf: no published article in the other language has that slug",
                                   field="translationOf")
        draft.update(translationOf=translation_of, slug=translation_of,
                     category=original["url"].strip("/").split("/")[-2])
    else:
        if category not in rules.CATEGORIES:
            raise ValidationFailed("category: news or blog", field="category")
        draft["category"] = category
    draft.update(rules.changes_from(caller, body))
    draft["updatedAt"] = draft["createdAt"]
    store.put({**keys.article_draft(draft["id"]), **keys.drafts_index(caller["id"], draft["updatedAt"]), **draft})
    return public(draft, caller)


def published(slug: str) -> dict | None:
    meta = store.get(keys.target(f"article:{slug}"))
    return meta if meta and meta.get("published") else None


def _from_source(caller: dict, source) -> dict:
    """The fields of a published file, to edit it; the draft remembers the file's blob SHA."""
    match = rules.SOURCE.match(source) if isinstance(source, str) else None
    if not match:
        raise ValidationFailed("source: a published article's file, e.g. news/julbord.md", field="source")
    found = repository.current().file(f"content/{source}")
    if found is None:
        raise NotFound("That article's file is not in the repository.")
    data, sha = found
    parsed = read_text(data.decode("utf-8"), f"content/{source}")
    meta = parsed.meta
    slug = meta.get("slug") or match.group(2)
    registered = published(slug)
    if not rules.is_editor(caller) and (registered is None or registered.get("authorId") != caller["id"]):
        raise Forbidden("Only its author or an editor edits a published article.", code="not_your_article")
    text = "\n".join(parsed.lines[parsed.body_start:]).strip("\n") + "\n"
    kept = [(key, value) for key, value in _header_pairs(parsed) if key.lower() not in rules.OWN_KEYS]
    return {
        "category": match.group(1), "path": f"content/{source}", "baseSha": sha, "slug": slug,
        "title": meta.get("title", ""), "summary": meta.get("summary", ""), "text": text,
        "tags": [tag.strip() for tag in meta.get("tags", "").split(",") if tag.strip()],
        "lang": meta.get("lang") or ("en" if match.group(3) else "sv"),
        "pinned": meta.get("pinned", "").lower() in ("true", "yes", "1"),
        "comments": meta.get("comments", "").lower() not in ("off", "no", "false", "closed"),
        "acknowledge": meta.get("acknowledge", "").lower() in ("required", "yes", "true"),
        "audience": meta.get("audience", ""),
        "originalDate": meta.get("date", ""), "originalAuthor": meta.get("author", ""),
        "keptHeader": [list(pair) for pair in kept], "url": registered.get("url") if registered else None,
    }


def _header_pairs(parsed) -> list[tuple[str, str]]:
    pairs = []
    for line in parsed.lines[:parsed.body_start - 1]:
        key, _, value = line.partition(":")
        pairs.append((key.strip(), value.strip()))
    return pairs


def get(caller: dict, draft_id: str) -> dict:
    draft = load(draft_id)
    _readable(caller, draft)
    return public(seen_live(draft), caller)


def update(caller: dict, draft_id: str, body: dict) -> dict:
    """Save what the writer has now (autosave); `version` guards against a second tab's older copy."""
    rules.require_writer(caller)
    version = body.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValidationFailed("version: the draft's version you started from", field="version")
    draft = load(draft_id)
    if draft["authorId"] != caller["id"]:
        raise NotFound("No such draft.")
    if draft["state"] not in rules.EDITABLE:
        raise Conflict("This article is being published; open it again to make another change.", code="not_editable")
    changes = rules.changes_from(caller, body)
    if not changes:
        return public(draft, caller)
    if draft["version"] != version:
        raise Conflict("This draft was saved from another window since; reload to see that version.",
                       code="version_conflict")
    now = rules.now()
    changes.update(updatedAt=now, version=version + 1, **({"state": "draft"} if draft["state"] == "review" else {}))
    names = {f"#{name}": name for name in changes} | {"#v": "version", "#g": "GSI1SK"}
    kept = {name: value for name, value in changes.items() if value is not None}
    expression = "SET " + ", ".join(f"#{name} = :{name}" for name in kept) + ", #g = :now"
    if len(kept) < len(changes):  # a field cleared (no publish time any more)
        expression += " REMOVE " + ", ".join(f"#{name}" for name in changes if name not in kept)
    values = {f":{name}": value for name, value in kept.items()} | {":now": now, ":old": version}
    actions = [store.update_action(keys.article_draft(draft_id), expression, names, values, condition="#v = :old")]
    if draft["state"] == "review":  # a change after submitting takes it back out of the queue
        actions.append(store.delete_action(keys.review_entry(draft["submittedAt"], draft_id)))
    try:
        store.transact(actions)
    except store.Cancelled:
        raise Conflict("This draft was saved from another window since; reload to see that version.",
                       code="version_conflict")
    return public({**draft, **changes}, caller)


def discard(caller: dict, draft_id: str) -> dict:
    draft = load(draft_id)
    if draft["authorId"] != caller["id"]:
        raise NotFound("No such draft.")
    if draft["state"] not in ("draft", "changes"):
        raise Conflict("Only a draft that is not in review or published can be thrown away.", code="not_editable")
    store.delete(keys.article_draft(draft_id))
    return {"deleted": draft_id}


def list_mine(caller: dict, state: str | None = None, limit: int = 50) -> dict:
    """My drafts, newest first; with `state`, only those in that state."""
    rules.require_writer(caller)
    items, _ = store.query(keys.drafts_of(caller["id"]), "", limit, index=keys.GSI1)
    return {"articles": [_summary(seen_live(item)) for item in items if state is None or item.get("state") == state]}


def review_queue(caller: dict, limit: int = 50) -> dict:
    if not rules.is_editor(caller):
        raise Forbidden("Only editors review articles.", code="editors_only")
    entries, _ = store.query(keys.REVIEWS, keys.REVIEW_PREFIX, limit, newest_first=False)
    drafts = store.batch_get([keys.article_draft(entry["draftId"]) for entry in entries])
    drafts = sorted((d for d in drafts if d["state"] == "review"), key=lambda d: d.get("submittedAt", ""))
    return {"articles": [_summary(draft) for draft in drafts]}


def _summary(draft: dict) -> dict:
    return {"id": draft["id"], "title": draft.get("title") or "", "state": draft["state"],
            "category": draft.get("category"), "lang": draft.get("lang"), "updatedAt": draft.get("updatedAt"),
            "author": {"id": draft["authorId"], "name": draft["authorName"]}, "url": draft.get("url"),
            "editing": bool(draft.get("baseSha")), "submittedAt": draft.get("submittedAt")}


def save(draft: dict, fields: dict, actions: list | None = None) -> None:
    removed = [name for name, value in fields.items() if value is None]
    kept = {name: value for name, value in fields.items() if value is not None}
    names = {f"#{name}": name for name in fields} | {"#g": "GSI1SK", "#v": "version"}
    expression = "SET " + ", ".join(f"#{name} = :{name}" for name in kept) + ", #g = :updatedAt, #v = #v + :one"
    if removed:
        expression += " REMOVE " + ", ".join(f"#{name}" for name in removed)
    values = {f":{name}": value for name, value in kept.items()} | {":one": 1, ":old": draft["version"]}
    values.setdefault(":updatedAt", rules.now())
    store.transact([store.update_action(keys.article_draft(draft["id"]), expression, names, values,
                                        condition="#v = :old"), *(actions or [])])
    fields["version"] = draft["version"] + 1


def with_note(draft: dict, by: dict | None, text: str) -> list:
    note = {"by": by["name"] if by else "Torget", "text": text, "at": rules.now()}
    return ((draft.get("notes") or []) + [note])[-rules.NOTES_MAX:]


def seen_live(draft: dict) -> dict:
    """A publishing article is live once the site's registered articles hold the committed file."""
    if draft["state"] != "publishing" or not draft.get("committedSha"):
        return draft
    meta = store.get(keys.target(f"article:{draft['slug']}"))
    if not meta or not meta.get("published") or (meta.get("sources") or {}).get(draft["path"][len("content/"):]) != \
            draft["committedSha"]:
        return draft
    url = meta["url"] if draft["lang"] == meta.get("lang", "sv") else f"/en/{draft['category']}/{draft['slug']}/"
    fields = {"state": "live", "url": url, "liveAt": rules.now()}
    try:
        save(draft, fields)
    except store.Cancelled:
        return draft
    return {**draft, **fields}
