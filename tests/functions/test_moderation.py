"""Reporting content, the moderators' queue and their decisions, and the audit trail that records them."""

import json

import pytest
from chalicelib import keys, store

from tests.conftest import body


def send(session, method, path, payload=None, expect=(200, 201)):
    response = session.send(method, path, json.dumps(payload) if payload is not None else None)
    assert response.status_code in expect, (path, response.status_code, response.body)
    return body(response)


@pytest.fixture
def cast(people, articles):
    sara = people("sara.nilsson", "Sara Nilsson")
    jonas = people("jonas.berg", "Jonas Berg")
    maria = people("maria.k", "Maria K", roles=("employee", "moderator"))
    lars = people("lars.holm", "Lars Holm", roles=("employee", "admin"))
    comment = send(jonas, "POST", "/api/threads/article:open-thread/comments", {"text": "Köp billiga klockor här"})
    post = send(jonas, "POST", "/api/posts", {"text": "Ett inlägg som bryter mot reglerna"})
    direct = send(jonas, "POST", "/api/chat/rooms", {"members": ["sara.nilsson"]})
    message = send(jonas, "POST", f"/api/chat/rooms/{direct['id']}/messages", {"text": "Ett otrevligt meddelande",
                                                                                "clientId": "jonas-msg-1"})
    return {"sara": sara, "jonas": jonas, "maria": maria, "lars": lars, "comment": comment, "post": post,
            "direct": direct, "message": message}


def queue(session):
    return send(session, "GET", "/api/moderation")["items"]


def test_a_report_reaches_the_moderators_and_the_reporter_hears_back(cast):
    target = f"comment:{cast['comment']['id']}"
    made = send(cast["sara"], "POST", "/api/reports", {"target": target, "reason": "spam", "note": "Reklam"})
    assert made["status"] == "open"
    told = send(cast["maria"], "GET", "/api/notifications")["notifications"]
    assert [(n["kind"], n["url"]) for n in told] == [("report", "/moderation/")]
    items = queue(cast["maria"])
    assert [(i["target"], i["text"], i["author"]["id"]) for i in items] == [(target, "Köp billiga klockor här", "jonas.berg")]
    assert [(r["reason"], r["note"], r["reporter"]["id"]) for r in items[0]["reports"]] == [("spam", "Reklam", "sara.nilsson")]
    decided = send(cast["maria"], "POST", "/api/moderation/decisions", {"target": target, "decision": "hide",
                                                                        "note": "Reklam hör inte hemma här"})
    assert decided == {"target": target, "decision": "hide", "closed": 1}
    # Others see that it was hidden; its author still reads it, with the reason.
    shown = {p: next(c for c in send(s, "GET", "/api/threads/article:open-thread/comments")["comments"])
             for p, s in (("sara", cast["sara"]), ("jonas", cast["jonas"]))}
    assert shown["sara"]["hidden"] and shown["sara"]["html"] is None and "hiddenReason" not in shown["sara"]
    assert shown["jonas"]["hidden"] and "klockor" in shown["jonas"]["html"]
    assert shown["jonas"]["hiddenReason"] == "Reklam hör inte hemma här"
    outcome = send(cast["sara"], "GET", "/api/notifications")["notifications"]
    assert [(n["kind"], n["outcome"]) for n in outcome] == [("report", "hide")]
    assert queue(cast["maria"]) == []
    entries = send(cast["lars"], "GET", "/api/audit")["entries"]
    assert [(e["action"], e["actor"]["id"], e["target"], e["person"]) for e in entries] == [
        ("content.hidden", "maria.k", target, "jonas.berg")]


def test_reported_posts_and_messages_can_be_deleted_and_kept(cast):
    post, room = f"post:{cast['post']['id']}", cast["direct"]["id"]
    message = f"message:{room}:{cast['message']['id']}"
    send(cast["sara"], "POST", "/api/reports", {"target": post, "reason": "harassment"})
    send(cast["sara"], "POST", "/api/reports", {"target": message, "reason": "harassment"})
    assert {i["target"] for i in queue(cast["lars"])} == {post, message}
    send(cast["maria"], "POST", "/api/moderation/decisions", {"target": post, "decision": "keep"})
    send(cast["maria"], "POST", "/api/moderation/decisions", {"target": message, "decision": "delete"})
    assert send(cast["sara"], "GET", f"/api/posts/{cast['post']['id']}")["html"]
    assert send(cast["sara"], "GET", f"/api/chat/rooms/{room}/messages")["messages"] == []
    actions = [(e["action"], e["target"]) for e in send(cast["lars"], "GET", "/api/audit")["entries"]]
    assert actions == [("message.deleted", message), ("content.kept", post)]
    closed = send(cast["maria"], "GET", "/api/moderation?status=closed")["items"]
    assert {i["target"]: i["reports"][0]["decision"] for i in closed} == {post: "keep", message: "delete"}


def test_reports_are_for_moderators_only_and_only_of_what_the_reporter_sees(cast, people):
    target = f"comment:{cast['comment']['id']}"
    send(cast["sara"], "POST", "/api/reports", {"target": target, "reason": "spam"})
    for session in (cast["sara"], cast["jonas"]):
        refused = session.send("GET", "/api/moderation")
        assert refused.status_code == 403 and body(refused)["error"]["code"] == "moderators_only"
        assert session.send("POST", "/api/moderation/decisions",
                            json.dumps({"target": target, "decision": "delete"})).status_code == 403
    outsider = people("olle.o", "Olle O")
    room = cast["direct"]["id"]
    hidden_message = outsider.send("POST", "/api/reports", json.dumps(
        {"target": f"message:{room}:{cast['message']['id']}", "reason": "spam"}))
    assert hidden_message.status_code == 404  # a conversation Olle is not in
    own = cast["jonas"].send("POST", "/api/reports", json.dumps({"target": target, "reason": "spam"}))
    assert own.status_code == 400 and body(own)["error"]["code"] == "own_content"
    for payload, code in (({"target": target, "reason": "boring"}, "invalid_reason"),
                          ({"target": "article:open-thread", "reason": "spam"}, "invalid_target"),
                          ({"target": "comment:nope", "reason": "spam"}, "invalid_id"),
                          ({"target": target, "reason": "spam", "note": "x" * 501}, "too_long")):
        refused = cast["sara"].send("POST", "/api/reports", json.dumps(payload))
        assert refused.status_code == 400 and body(refused)["error"]["code"] == code, payload
    again = send(cast["sara"], "POST", "/api/reports", {"target": target, "reason": "spam"})
    assert len(queue(cast["maria"])[0]["reports"]) == 1 and again["status"] == "open"
    hide_without_reason = cast["maria"].send("POST", "/api/moderation/decisions",
                                             json.dumps({"target": target, "decision": "hide"}))
    assert hide_without_reason.status_code == 400 and body(hide_without_reason)["error"]["code"] == "note_required"
    nothing = cast["maria"].send("POST", "/api/moderation/decisions",
                                 json.dumps({"target": f"post:{cast['post']['id']}", "decision": "delete"}))
    assert nothing.status_code == 404
    assert send(cast["sara"], "GET", f"/api/posts/{cast['post']['id']}")["html"]  # nothing was deleted


def test_every_moderator_and_admin_action_is_in_the_audit_trail(cast):
    jonas_comment = cast["comment"]["id"]
    send(cast["maria"], "DELETE", f"/api/comments/{jonas_comment}")
    send(cast["lars"], "DELETE", f"/api/posts/{cast['post']['id']}")
    banner = send(cast["lars"], "POST", "/api/banners", {"text": "Brandövning kl 10", "hours": 2})
    send(cast["lars"], "DELETE", f"/api/banners/{banner['banner']['id']}")
    group = send(cast["sara"], "POST", "/api/groups", {"name": "Gruppen", "visibility": "open"})
    send(cast["jonas"], "PUT", f"/api/groups/{group['id']}/members/jonas.berg")
    send(cast["sara"], "PUT", f"/api/groups/{group['id']}/members/jonas.berg", {"role": "admin"})
    send(cast["sara"], "DELETE", f"/api/groups/{group['id']}/members/jonas.berg")
    own = send(cast["sara"], "POST", "/api/threads/article:open-thread/comments", {"text": "Mitt eget"})
    send(cast["sara"], "DELETE", f"/api/comments/{own['id']}")  # one's own: not an audited action
    entries = send(cast["lars"], "GET", "/api/audit")["entries"]
    assert [(e["action"], e["actor"]["id"]) for e in entries] == [
        ("group.member_removed", "sara.nilsson"), ("group.role_changed", "sara.nilsson"),
        ("banner.removed", "lars.holm"), ("banner.posted", "lars.holm"), ("post.deleted", "lars.holm"),
        ("comment.deleted", "maria.k")]
    assert entries[1]["detail"] == "member → admin" and entries[3]["detail"] == "Brandövning kl 10"


def test_the_audit_trail_is_for_admins_and_cannot_be_changed_through_any_route(cast, client):
    send(cast["maria"], "DELETE", f"/api/comments/{cast['comment']['id']}")
    before = store.client().scan(TableName=store.table_name())["Items"]
    audit_items = sorted(json.dumps(i, sort_keys=True) for i in before if i["PK"]["S"].startswith("AUDIT"))
    assert audit_items
    for session in (cast["maria"], cast["sara"]):
        refused = session.send("GET", "/api/audit")
        assert refused.status_code == 403 and body(refused)["error"]["code"] == "admins_only"
    entry = send(cast["lars"], "GET", "/api/audit")["entries"][0]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for path in ("/api/audit", f"/api/audit/{entry['id']}"):
            answer = cast["lars"].send(method, path, json.dumps({"action": "nothing", "detail": "changed"}))
            assert answer.status_code in (403, 404, 405), (method, path, answer.status_code)
    bad_month = cast["lars"].send("GET", "/api/audit?month=2026-13")
    assert bad_month.status_code == 400
    after = store.client().scan(TableName=store.table_name())["Items"]
    assert sorted(json.dumps(i, sort_keys=True) for i in after if i["PK"]["S"].startswith("AUDIT")) == audit_items
    assert store.put(store.get({"PK": f"AUDIT#{entry['at'][:7]}", "SK": _sort_key(entry)}) or {"PK": "x", "SK": "y"},
                     condition="attribute_not_exists(PK)") is False  # even the code below the API never overwrites


def _sort_key(entry: dict) -> str:
    items, _ = store.query(f"AUDIT#{entry['at'][:7]}", "", 10)
    return next(i["SK"] for i in items if i["id"] == entry["id"])


def test_moderators_are_the_people_with_the_role_at_their_last_login(cast, people):
    assert store.get(keys.moderators())["people"] == {"maria.k", "lars.holm"}
    people("maria.k", "Maria K", roles=("employee",))  # the role was taken away at the identity provider
    assert store.get(keys.moderators())["people"] == {"lars.holm"}
