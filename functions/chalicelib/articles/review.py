"""An editor's review of a submitted article: approve (its branch merged, or scheduled) or ask for changes;
the writer hears either way."""

import re
from datetime import UTC, datetime

from chalicelib import keys, notifications, repository, store
from chalicelib.articles import drafts, publishing, rules
from chalicelib.errors import Conflict, Forbidden, ValidationFailed
from chalicelib.repository import FileChanged, NotMergeable, Person


@drafts.repository_errors
def approve(caller: dict, draft_id: str) -> dict:
    """An editor approves a submitted article: its branch is merged, and the site builds it."""
    if not rules.is_editor(caller):
        raise Forbidden("Only editors approve articles.", code="editors_only")
    draft = drafts.load(draft_id)
    if draft["state"] != "review":
        raise Conflict("This article is not waiting for review.", code="not_in_review")
    if draft["authorId"] == caller["id"] and not rules.may_publish_directly(caller):
        raise Forbidden("Someone else reviews your own article.", code="own_article")
    repo = repository.current()
    editor = drafts.person_of(caller)
    if draft.get("publishAt") and draft["publishAt"] > datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"):
        # Scheduled: merged at its time, by the scheduled job.
        return publishing.schedule(caller, draft)
    try:
        commit = repo.merge(draft["branch"], {draft["path"]: draft.get("baseSha")}, f"Publish: {draft['title']}",
                            Person(editor["name"], editor["email"]))
    except FileChanged as changed:
        note = "Someone changed this article on the site since it was submitted: the writer needs to update it."
        drafts.save(draft, {"state": "changes", "notes": drafts.with_note(draft, caller, note)},
              [store.delete_action(keys.review_entry(draft["submittedAt"], draft_id))])
        raise publishing.conflict(draft, changed, "")
    except NotMergeable:
        raise Conflict("The article cannot be merged as it is: the site changed the same lines.", code="not_mergeable")
    fields = {"state": "publishing", "commit": commit, "approvedBy": caller["id"],
              "notes": drafts.with_note(draft, caller, "Approved.")}
    drafts.save(draft, fields, [store.delete_action(keys.review_entry(draft["submittedAt"], draft_id))])
    _tell_writer(caller, draft, "approved")
    return drafts.public({**draft, **fields}, caller)


def request_changes(caller: dict, draft_id: str, note) -> dict:
    if not rules.is_editor(caller):
        raise Forbidden("Only editors review articles.", code="editors_only")
    if not isinstance(note, str):
        raise ValidationFailed("note: what the writer should change", field="note")
    text = re.sub("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]", "", note).strip()
    if not text or len(text) > rules.NOTE_MAX:
        raise ValidationFailed(f"note: 1 to {rules.NOTE_MAX} characters", field="note")
    draft = drafts.load(draft_id)
    if draft["state"] != "review":
        raise Conflict("This article is not waiting for review.", code="not_in_review")
    fields = {"state": "changes", "notes": drafts.with_note(draft, caller, text)}
    drafts.save(draft, fields, [store.delete_action(keys.review_entry(draft["submittedAt"], draft_id))])
    _tell_writer(caller, draft, "changes")
    return drafts.public({**draft, **fields}, caller)


def _tell_writer(editor: dict, draft: dict, outcome: str) -> None:
    """The writer hears (bell, and mail at once by default) that an editor approved or asked for changes."""
    notifications.notify(editor, [draft["authorId"]], "review", f"draft:{draft['id']}",
                         {"title": draft.get("title") or "", "outcome": outcome})
