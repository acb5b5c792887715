"""Notifications: who hears of what, grouping, read state, settings, privacy."""

import json

import pytest

from tests.conftest import body

OPEN = "/api/threads/article:open-thread/comments"


def send(session, method, path, payload=None, status=None):
    response = session.send(method, path, json.dumps(payload) if payload is not None else None)
    if status is not None:
        assert response.status_code == status, response.body
    return body(response)


def inbox(session):
    return body(session.get("/api/notifications"))


def unread(session):
    return body(session.get("/api/me"))["unread"]


@pytest.fixture
def ahmed(people, articles):
    return people("ahmed.hassan", "Ahmed Hassan", ("employee", "moderator"))


def test_a_reply_tells_the_person_answered_and_links_to_the_article(sara, karin):
    parent = send(karin, "POST", OPEN, {"text": "Vad tycker ni?"}, 201)
    send(sara, "POST", OPEN, {"text": "Bra!", "parentId": parent["id"]}, 201)
    [note] = inbox(karin)["notifications"]
    assert note["kind"] == "reply" and note["actor"] == {"id": "sara.nilsson", "name": "Sara Nilsson"}
    assert note["subject"] == f"comment:{parent['id']}" and note["unread"] is True
    assert note["title"] == "Open" and note["url"] == "/news/open-thread/"
    assert unread(karin) == 1
    assert inbox(sara)["notifications"] == [] and unread(sara) == 0  # never about one's own doing


def test_the_writer_of_an_article_hears_of_comments_and_reactions(sara, karin):
    from chalicelib import targets

    from tests.conftest import ARTICLES

    blog = {"id": "article:vd-blogg", "title": "Varför jag bloggar", "url": "/blog/vd-blogg/",
            "date": "2026-11-23T08:00:00+01:00", "author": "Karin Ek", "authorPerson": "karin.ek", "summary": "s"}
    targets.register_articles({"articles": [*ARTICLES["articles"], blog]})
    send(sara, "POST", "/api/threads/article:vd-blogg/comments", {"text": "Tack!"}, 201)
    assert sara.send("PUT", "/api/reactions/article:vd-blogg/heart").status_code == 200
    kinds = {note["kind"]: note for note in inbox(karin)["notifications"]}
    assert set(kinds) == {"reply", "reaction"}
    assert kinds["reply"]["subject"] == "article:vd-blogg" and kinds["reply"]["url"] == "/blog/vd-blogg/"
    assert kinds["reaction"]["title"] == "Varför jag bloggar"


def test_many_reactions_are_one_notification_naming_the_latest(people, karin):
    post = send(karin, "POST", "/api/posts", {"text": "Fredagsfika!"}, 201)
    for n in range(5):
        colleague = people(f"colleague{n}", f"Kollega {n}")
        assert colleague.send("PUT", f"/api/reactions/post:{post['id']}/heart").status_code == 200
    [note] = inbox(karin)["notifications"]
    assert note["kind"] == "reaction" and note["actor"]["name"] == "Kollega 4" and note["others"] == 4
    assert note["post"] == post["id"] and note["title"] == "Fredagsfika!"
    assert unread(karin) == 1


def test_mentions_and_comments_on_my_post(sara, karin, ahmed):
    post = send(karin, "POST", "/api/posts", {"text": "Vem kan hjälpa till?"}, 201)
    send(sara, "POST", f"/api/threads/post:{post['id']}/comments", {"text": "Jag och @ahmed.hassan!"}, 201)
    assert [note["kind"] for note in inbox(ahmed)["notifications"]] == ["mention"]
    [note] = inbox(karin)["notifications"]
    assert note["kind"] == "reply" and note["subject"] == f"post:{post['id']}"
    # A mention of oneself, or of nobody who exists, tells no one.
    send(ahmed, "POST", OPEN, {"text": "@ahmed.hassan @nobody.here"}, 201)
    assert len(inbox(ahmed)["notifications"]) == 1


def test_posts_in_my_group_and_requests_to_join_a_group_I_run(sara, karin, ahmed):
    group = send(karin, "POST", "/api/groups", {"name": "Styrgruppen", "visibility": "closed"}, 201)
    send(ahmed, "PUT", f"/api/groups/{group['id']}/members/ahmed.hassan", None, 200)
    [request] = inbox(karin)["notifications"]
    assert request["kind"] == "request" and request["group"] == {"id": group["id"], "name": "Styrgruppen"}
    send(karin, "PUT", f"/api/groups/{group['id']}/members/ahmed.hassan", None, 200)
    send(karin, "POST", "/api/posts", {"text": "Möte i morgon", "groupId": group["id"]}, 201)
    send(karin, "POST", "/api/posts", {"text": "Agendan", "groupId": group["id"]}, 201)
    [note] = inbox(ahmed)["notifications"]
    assert note["kind"] == "post" and note["group"]["name"] == "Styrgruppen" and note["others"] == 0
    assert inbox(sara)["notifications"] == []  # not a member


def test_a_secret_group_vanishes_from_the_list_of_someone_who_left(sara, karin):
    group = send(karin, "POST", "/api/groups", {"name": "Hemliga gänget", "visibility": "secret"}, 201)
    send(karin, "PUT", f"/api/groups/{group['id']}/members/sara.nilsson", None, 200)
    send(sara, "PUT", f"/api/groups/{group['id']}/members/sara.nilsson", None, 200)
    post = send(sara, "POST", "/api/posts", {"text": "Hej", "groupId": group["id"]}, 201)
    send(karin, "POST", f"/api/threads/post:{post['id']}/comments", {"text": "Välkommen"}, 201)
    assert [note["kind"] for note in inbox(sara)["notifications"]] == ["reply", "request"]
    send(sara, "DELETE", f"/api/groups/{group['id']}/members/sara.nilsson", None, 200)
    assert inbox(sara)["notifications"] == []


def test_a_deleted_comment_takes_its_notification_with_it(sara, karin):
    parent = send(karin, "POST", OPEN, {"text": "Fråga"}, 201)
    reply = send(sara, "POST", OPEN, {"text": "@karin.ek svar", "parentId": parent["id"]}, 201)
    assert len(inbox(karin)["notifications"]) == 1  # the mention; the reply is not told twice
    send(sara, "DELETE", f"/api/comments/{reply['id']}", None, 200)
    assert inbox(karin)["notifications"] == []


def test_marking_one_and_all_as_read(people, karin):
    posts = [send(karin, "POST", "/api/posts", {"text": f"Inlägg {n}"}, 201) for n in range(3)]
    sara = people("sara.nilsson", "Sara Nilsson")
    for post in posts:
        sara.send("PUT", f"/api/reactions/post:{post['id']}/like")
    notes = inbox(karin)["notifications"]
    assert len(notes) == 3 and unread(karin) == 3
    assert send(karin, "POST", "/api/notifications/read", {"ids": [notes[0]["id"]]}, 200) == {"unread": 2}
    assert send(karin, "POST", "/api/notifications/read", {"ids": [notes[0]["id"]]}, 200) == {"unread": 2}
    assert [note["unread"] for note in inbox(karin)["notifications"]] == [False, True, True]
    assert send(karin, "POST", "/api/notifications/read", {"all": True}, 200) == {"unread": 0}
    assert not any(note["unread"] for note in inbox(karin)["notifications"])
    # Something new after "all read" is unread again and counts once.
    people("lars.holm", "Lars Holm").send("PUT", f"/api/reactions/post:{posts[1]['id']}/like")
    assert unread(karin) == 1
    assert inbox(karin)["notifications"][0]["unread"] is True


def test_a_kind_turned_off_is_not_written(sara, karin):
    settings = send(karin, "PATCH", "/api/me", {"notifications": {"reaction": False}}, 200)
    assert settings["id"] == "karin.ek"
    assert inbox(karin)["settings"] == {"reply": True, "mention": True, "reaction": False, "post": True, "request": True,
                                        "review": True, "report": True}
    post = send(karin, "POST", "/api/posts", {"text": "Tyst"}, 201)
    sara.send("PUT", f"/api/reactions/post:{post['id']}/like")
    assert inbox(karin)["notifications"] == [] and unread(karin) == 0


@pytest.mark.parametrize("payload", [
    {}, {"ids": []}, {"ids": "reply.comment:x"}, {"ids": ["<script>"]}, {"all": False}, {"all": True, "ids": ["a"]},
    {"ids": [f"reply.comment:{n}" for n in range(51)]}, {"notifications": {"reaction": "no"}},
])
def test_bad_requests_to_mark_read_are_400(karin, payload):
    path = "/api/me" if "notifications" in payload else "/api/notifications/read"
    response = karin.send("PATCH" if "notifications" in payload else "POST", path, json.dumps(payload))
    assert response.status_code == 400, response.body
    assert body(response)["error"]["field"] in ("ids", "notifications")


def test_round_trips_of_the_bell(sara, karin, dynamodb_calls):
    parent = send(karin, "POST", OPEN, {"text": "Fråga"}, 201)
    send(sara, "POST", OPEN, {"text": "Svar", "parentId": parent["id"]}, 201)
    dynamodb_calls.clear()
    karin.get("/api/me")
    assert dict(dynamodb_calls) == {"GetItem": 1, "BatchGetItem": 1}  # session; person + banners
    dynamodb_calls.clear()
    inbox(karin)
    assert dict(dynamodb_calls) == {"GetItem": 1, "Query": 1, "BatchGetItem": 1}
    dynamodb_calls.clear()
    send(karin, "POST", "/api/notifications/read", {"all": True}, 200)
    assert dict(dynamodb_calls) == {"GetItem": 1, "UpdateItem": 1}


def test_the_list_pages_with_a_cursor(people, karin, monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_COMMENT", "100")
    for n in range(35):
        send(karin, "POST", "/api/posts", {"text": f"Inlägg {n}"}, 201)
    posts = [item for item in body(karin.get("/api/feed?limit=40"))["items"] if item["kind"] == "post"]
    reactor = people("sara.nilsson", "Sara Nilsson")
    for item in posts:
        reactor.send("PUT", f"/api/reactions/{item['target']}/like")
    first = inbox(karin)
    assert len(first["notifications"]) == 30 and first["next"]
    rest = body(karin.get(f"/api/notifications?cursor={first['next']}"))
    assert len(rest["notifications"]) == 5 and rest["next"] is None
    seen = {note["id"] for note in first["notifications"] + rest["notifications"]}
    assert len(seen) == 35
    # A cursor is bound to its person.
    assert reactor.get(f"/api/notifications?cursor={first['next']}").status_code == 400


def test_a_post_in_a_big_group_tells_its_members_after_the_writers_call(people, articles, dynamodb_calls):
    """40 members: the writer's call reads no member list and writes no notification; the units tell
    each member once (the writer and the one mentioned, who heard of it as a mention, excepted)."""
    import json

    from chalicelib import jobs, keys, store, work_queue

    karin = people("karin.ek", "Karin Ek")
    group = json.loads(karin.send("POST", "/api/groups", json.dumps({"name": "Alla", "visibility": "open"})).body)
    members = [people(f"m{n:02d}.test", f"Medlem {n:02d}") for n in range(39)]
    for n, member in enumerate(members):
        assert member.send("PUT", f"/api/groups/{group['id']}/members/m{n:02d}.test").status_code in (200, 201)
    dynamodb_calls.clear()
    posted = karin.send("POST", "/api/posts", json.dumps({"text": "Hej alla, och @m00.test", "groupId": group["id"]}))
    assert posted.status_code == 201
    assert dynamodb_calls["UpdateItem"] <= 3  # no notification written within the writer's call
    assert [json.loads(unit)["job"] for unit, _ in work_queue.PENDING] == ["group_post"]
    done = jobs.drain()
    assert done["notified"] == 38 and not jobs.DEAD
    told = [m for n, m in enumerate(members) if store.query(keys.notifications_of(f"m{n:02d}.test"), "", 5)[0]]
    assert len(told) == 39  # 38 of the post, and m00's mention
    kinds = {item["kind"] for item in store.query(keys.notifications_of("m00.test"), "", 5)[0]}
    assert kinds == {"mention"}
