"""Who may do what outside groups (test_group_access.py has the groups' 252 cells): one cell per
endpoint and role, each on a fresh item. Roles: the author, another employee, a moderator, an
editor, an admin (anonymous callers are refused everywhere in test_hardening.py)."""

import json

import pytest

from tests.conftest import body

ROLES = {
    "author": ("sara.nilsson", ("employee",)),
    "employee": ("nils.other", ("employee",)),
    "moderator": ("ahmed.hassan", ("employee", "moderator")),
    "editor": ("johan.lind", ("employee", "editor")),
    "admin": ("karin.ek", ("employee", "editor", "admin")),
}
ACK_ARTICLE = {"id": "article:policy", "title": "Policy", "url": "/news/policy/", "date": "2026-11-21T08:00:00+01:00",
               "author": "Karin Ek", "summary": "s", "acknowledge": True, "ackVersion": "v1"}


@pytest.fixture
def as_role(people, articles):
    from chalicelib import targets

    from tests.conftest import ARTICLES

    targets.register_articles({"articles": [*ARTICLES["articles"], ACK_ARTICLE]})
    sessions = {role: people(person_id, person_id, roles) for role, (person_id, roles) in ROLES.items()}
    return sessions


def make_comment(sessions):
    return body(sessions["author"].send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "x"})))


def make_post(sessions):
    return body(sessions["author"].send("POST", "/api/posts", json.dumps({"text": "x"})))


def make_banner(sessions):
    return body(sessions["admin"].send("POST", "/api/banners", json.dumps({"text": "x", "hours": 1})))["banner"]


def make_message(sessions):
    room = body(sessions["author"].send("POST", "/api/chat/rooms", json.dumps(
        {"members": ["nils.other", "ahmed.hassan", "johan.lind", "karin.ek"]})))
    sent = body(sessions["author"].send("POST", f"/api/chat/rooms/{room['id']}/messages",
                                        json.dumps({"text": "x", "clientId": "client-0001"})))
    return {"room": room["id"], "id": sent["id"]}


def make_report(sessions):
    comment = make_comment(sessions)
    sessions["employee"].send("POST", "/api/reports", json.dumps({"target": f"comment:{comment['id']}", "reason": "spam"}))
    return comment


# endpoint: (make the item, method, path, body, {role: status})
MATRIX = {
    "edit a comment": (make_comment, "PATCH", "/api/comments/{id}", {"text": "y"},
                       {"author": 200, "employee": 403, "moderator": 403, "editor": 403, "admin": 403}),
    "delete a comment": (make_comment, "DELETE", "/api/comments/{id}", None,
                         {"author": 200, "employee": 403, "moderator": 200, "editor": 403, "admin": 200}),
    "edit a post": (make_post, "PATCH", "/api/posts/{id}", {"text": "y"},
                    {"author": 200, "employee": 403, "moderator": 403, "editor": 403, "admin": 403}),
    "delete a post": (make_post, "DELETE", "/api/posts/{id}", None,
                      {"author": 200, "employee": 403, "moderator": 200, "editor": 403, "admin": 200}),
    "post a banner": (None, "POST", "/api/banners", {"text": "Störning", "hours": 1},
                      {"author": 403, "employee": 403, "moderator": 403, "editor": 403, "admin": 201}),
    "remove a banner": (make_banner, "DELETE", "/api/banners/{id}", None,
                        {"author": 403, "employee": 403, "moderator": 403, "editor": 403, "admin": 200}),
    "read-confirmation overview": (None, "GET", "/api/acks", None,
                                   {"author": 403, "employee": 403, "moderator": 403, "editor": 200, "admin": 200}),
    "edit a chat message": (make_message, "PATCH", "/api/chat/rooms/{room}/messages/{id}", {"text": "y"},
                            {"author": 200, "employee": 403, "moderator": 403, "editor": 403, "admin": 403}),
    "delete a chat message": (make_message, "DELETE", "/api/chat/rooms/{room}/messages/{id}", None,
                              {"author": 200, "employee": 403, "moderator": 403, "editor": 403, "admin": 403}),
    "share a post to the feed": (make_post, "POST", "/api/shares", {"target": "post:{id}", "text": "Läs!"},
                                 {"author": 201, "employee": 201, "moderator": 201, "editor": 201, "admin": 201}),
    "an article's reach": (None, "GET", "/api/reach/article:open-thread", None,
                           {"author": 403, "employee": 403, "moderator": 403, "editor": 200, "admin": 200}),
    "write an article": (None, "POST", "/api/articles", {"category": "blog", "title": "Hej"},
                         {"author": 403, "employee": 403, "moderator": 403, "editor": 201, "admin": 201}),
    "the review queue": (None, "GET", "/api/articles?state=review", None,
                         {"author": 403, "employee": 403, "moderator": 403, "editor": 200, "admin": 200}),
    # People's data: the person themself or an admin, never a moderator or an editor as such.
    "export a person's data": (None, "POST", "/api/people/sara.nilsson/export", None,
                               {"author": 201, "employee": 403, "moderator": 403, "editor": 403, "admin": 201}),
    "ask to erase a person": (None, "POST", "/api/people/sara.nilsson/erasure", None,
                              {"author": 201, "employee": 403, "moderator": 403, "editor": 403, "admin": 201}),
    "an erasure's state": (None, "GET", "/api/people/sara.nilsson/erasure", None,
                           {"author": 200, "employee": 403, "moderator": 403, "editor": 403, "admin": 200}),
    "report a comment": (make_comment, "POST", "/api/reports", {"target": "comment:{id}", "reason": "spam"},
                         {"author": 400, "employee": 201, "moderator": 201, "editor": 201, "admin": 201}),
    "the moderation queue": (None, "GET", "/api/moderation", None,
                             {"author": 403, "employee": 403, "moderator": 200, "editor": 403, "admin": 200}),
    "decide on a report": (make_report, "POST", "/api/moderation/decisions", {"target": "comment:{id}", "decision": "keep"},
                           {"author": 403, "employee": 403, "moderator": 200, "editor": 403, "admin": 200}),
    "the audit trail": (None, "GET", "/api/audit", None,
                        {"author": 403, "employee": 403, "moderator": 403, "editor": 403, "admin": 200}),
}
CELLS = [(name, role) for name, row in MATRIX.items() for role in row[4]]


@pytest.mark.parametrize("name, role", CELLS, ids=[f"{name}-{role}" for name, role in CELLS])
def test_authorization_cell(as_role, name, role):
    make, method, path, payload, expected = MATRIX[name]
    item = make(as_role) if make else {}
    payload = json.loads(json.dumps(payload).replace("{id}", item.get("id", ""))) if payload is not None else None
    response = as_role[role].send(method, path.format(**item), json.dumps(payload) if payload is not None else None)
    assert response.status_code == expected[role], (name, role, response.status_code, response.body)
    if response.status_code >= 400:
        assert body(response)["error"]["code"] in ("forbidden", "not_found", "not_a_writer", "not_your_article",
                                                   "editors_only", "not_yours", "own_content", "moderators_only",
                                                   "admins_only")


def test_who_has_confirmed_is_only_for_editors_and_admins(as_role):
    for role, sees in {"author": False, "employee": False, "moderator": False, "editor": True, "admin": True}.items():
        status = body(as_role[role].get("/api/acks/article:policy"))
        assert ("report" in status) is sees, role


def test_a_bio_source_and_notifications_are_ones_own(as_role):
    as_role["author"].send("PATCH", "/api/me", json.dumps({"bio": "Hej **alla**"}))
    assert body(as_role["author"].get("/api/people/sara.nilsson"))["bio"] == "Hej **alla**"
    for role in ("employee", "moderator", "admin"):
        seen = body(as_role[role].get("/api/people/sara.nilsson"))
        assert "bio" not in seen and "<strong>alla</strong>" in seen["bioHtml"]
    post = make_post(as_role)
    as_role["employee"].send("PUT", f"/api/reactions/post:{post['id']}/like")
    [note] = body(as_role["author"].get("/api/notifications"))["notifications"]
    # Another person marking that id marks nothing of Sara's: ids live in each person's own list.
    as_role["admin"].send("POST", "/api/notifications/read", json.dumps({"ids": [note["id"]]}))
    assert body(as_role["author"].get("/api/me"))["unread"] == 1
