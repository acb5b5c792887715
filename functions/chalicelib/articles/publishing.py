"""Publishing: a writer who may commits to the base branch, others submit a branch for review; an article
with a publish time ahead waits in the schedule; a file changed since the writer began is a conflict shown
side by side, never overwritten."""

from datetime import UTC, datetime

from chalicelib import keys, repository, store
from chalicelib.articles import drafts, rules, source_file
from chalicelib.content_checks import slugify
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.repository import FileChanged, Person, blob_sha


@drafts.repository_errors
def publish(caller: dict, draft_id: str, version) -> dict:
    """Publish (a writer who may) or submit for review; the content checks first, nothing committed until they pass."""
    rules.require_writer(caller)
    draft = drafts.load(draft_id)
    if draft["authorId"] != caller["id"]:
        raise NotFound("No such draft.")
    if draft["state"] not in rules.EDITABLE:
        raise Conflict("This article is already on its way.", code="not_editable")
    if version is not None and version != draft["version"]:
        raise Conflict("This draft was saved from another window since; reload to see that version.",
                       code="version_conflict")
    repo = repository.current()
    files = repo.paths("content")  # one listing serves the slug check and the link checks
    draft = _fix_slug(draft, repo, files)
    direct = rules.may_publish_directly(caller)
    when = datetime.now(UTC)
    if direct and draft.get("publishAt") and draft["publishAt"] > when.strftime("%Y-%m-%dT%H:%M:%SZ"):
        check_file(caller, draft, repo, when, files)
        return schedule(caller, draft)
    return _commit(caller, draft, repo, when, to_base=direct, files=files)


def _fix_slug(draft: dict, repo, files: set) -> dict:
    """The slug and path a new article gets at its first publish or submit: derived, checked, not taken."""
    if draft.get("path") or draft.get("branch"):
        return draft
    slug = draft.get("slug") or slugify(draft.get("title") or "")
    if not slug:
        raise ValidationFailed("title: give the article a title first", field="title")
    slug = rules.check_slug(slug[:rules.SLUG_MAX].strip("-"), "title")
    draft = {**draft, "slug": slug}
    path = source_file.path_for(draft)
    if draft.get("translationOf"):
        if path in files:
            raise Conflict("That article already has a translation in this language.", code="slug_taken", field="lang")
    else:
        taken = any(f"content/{category}/{slug}{suffix}.md" in files for category in rules.CATEGORIES for suffix in ("", ".en"))
        if taken or drafts.published(slug) is not None or repo.has_branch(f"torget/{slug}"):
            raise Conflict(f"Another article already has the address {slug!r}: change the title a little.",
                           code="slug_taken", field="title")
    return draft


def check_file(caller: dict, draft: dict, repo, when: datetime, files: set | None = None) -> tuple[str, dict]:
    images = source_file.uploaded_images(draft, caller)
    path = source_file.path_for(draft)
    text = source_file.render_file(draft, images, when)
    problems = source_file.problems_of(draft, text, path, repo, images, repo.paths("content") if files is None else files)
    if problems:
        raise ValidationFailed("The article has problems to fix before it is published.", code="content_problems",
                               details={"problems": problems})
    return text, images


def _commit(caller: dict, draft: dict, repo, when: datetime, to_base: bool, files: set | None = None) -> dict:
    text, images = check_file(caller, draft, repo, when, files)
    path = source_file.path_for(draft)
    files = {path: text.encode("utf-8"), **{image_path: data for image_path, data in images.values()}}
    expected = {path: draft.get("baseSha")}
    person = drafts.person_of(caller)
    verb = "Edit" if draft.get("baseSha") else ("Publish" if to_base else "Submit")
    message = f"{verb}: {draft['title']}\n\nWritten in Torget by {person['name']}."
    branch = repo.base if to_base else f"torget/{draft['slug']}"
    try:
        commit = repo.commit(branch, files, expected, message, Person(person["name"], person["email"]))
    except FileChanged as changed:
        _remember_conflict(draft, changed)
        raise conflict(draft, changed, text)
    now = rules.now()
    fields = {"slug": draft["slug"], "path": path, "commit": commit, "updatedAt": now, "committedSha": blob_sha(files[path]),
              "conflict": None}
    actions = []
    if to_base:
        fields["state"] = "publishing"
    else:
        fields.update(state="review", branch=branch, submittedAt=now, reviewUrl=repo.review_url(branch))
        actions.append(store.put_action({**keys.review_entry(now, draft["id"]), "draftId": draft["id"]}))
    if draft["state"] == "review":
        actions.append(store.delete_action(keys.review_entry(draft["submittedAt"], draft["id"])))
    drafts.save(draft, fields, actions)
    return drafts.public({**draft, **fields}, caller)


def _remember_conflict(draft: dict, changed) -> None:
    store.update(keys.article_draft(draft["id"]), "SET #c = :c", {"#c": "conflict"},
                 {":c": {"path": changed.path, "at": rules.now()}})


def conflict(draft: dict, changed, mine: str) -> Conflict:
    theirs = changed.text.decode("utf-8", errors="replace") if changed.text is not None else None
    message = ("Someone changed this article since you started editing it. Nothing was overwritten: "
               "compare the two versions, copy what you need into your draft, and publish again."
               if theirs is not None else "The article's file was removed or moved since you started editing.")
    return Conflict(message, code="edit_conflict", details={"mine": mine, "theirs": theirs, "theirsSha": changed.sha})


@drafts.repository_errors
def rebase(caller: dict, draft_id: str) -> dict:
    """After a conflict: start again from the file as it is now (the writer's text stays in the draft)."""
    draft = drafts.load(draft_id)
    if draft["authorId"] != caller["id"] or not draft.get("path"):
        raise NotFound("No such draft.")
    found = repository.current().file(draft["path"])
    drafts.save(draft, {"baseSha": found[1] if found else None, "conflict": None})
    return drafts.get(caller, draft_id)


def schedule(caller: dict, draft: dict) -> dict:
    fields = {"state": "scheduled", "slug": draft["slug"], "path": source_file.path_for(draft),
              "scheduledBy": caller["id"], "updatedAt": rules.now()}
    drafts.save(draft, fields, [store.put_action({**keys.scheduled_entry(draft["publishAt"], draft["id"]),
                                            "draftId": draft["id"]})])
    return drafts.public({**draft, **fields}, caller)


def publish_due(now: datetime | None = None) -> int:
    """Commit every scheduled article whose time has come (the scheduled job; the devserver's loop)."""
    now = now or datetime.now(UTC)
    due, _ = store.query(keys.SCHEDULED, keys.SCHEDULED_PREFIX, 20, newest_first=False)
    published = 0
    for entry in due:
        if entry["SK"][2:22] > now.strftime("%Y-%m-%dT%H:%M:%SZ"):
            break
        draft = store.get(keys.article_draft(entry["draftId"]), consistent=True)
        store.delete(keys.scheduled_entry(entry["SK"][2:22], entry["draftId"]))
        if draft is None or draft["state"] != "scheduled":
            continue
        publisher = {"id": draft["authorId"], "name": draft["authorName"], "roles": ["author"]}
        try:
            _commit(publisher, {**draft, "state": "draft"} | {"version": draft["version"]}, repository.current(), now,
                    to_base=True)
            published += 1
        except (Conflict, ValidationFailed) as error:
            drafts.save(draft, {"state": "changes", "notes": drafts.with_note(draft, None, str(error))})
    return published
