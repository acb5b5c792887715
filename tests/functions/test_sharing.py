"""Dela: sharing an article or a post into the feed, a group or a chat, never to more people than could see it."""

import json

from tests.conftest import body


def group(owner, kind: str, *members) -> str:
    gid = body(owner.send("POST", "/api/groups", json.dumps({"name": f"Grupp {kind}", "visibility": kind})))["id"]
    for session, person_id in members:
        if kind != "open":
            owner.send("PUT", f"/api/groups/{gid}/members/{person_id}")
        assert session.send("PUT", f"/api/groups/{gid}/members/{person_id}").status_code == 200
    return gid


def share(session, **payload):
    return session.send("POST", "/api/shares", json.dumps(payload))


def test_an_article_shared_to_the_feed_shows_as_a_card_with_my_words(sara, karin):
    response = share(sara, target="article:open-thread", text="Läs den här, @karin.ek!")
    assert response.status_code == 201, response.body
    post = body(response)["post"]
    assert post["shared"] == {"target": "article:open-thread", "kind": "article", "title": "Open",
                              "url": "/news/open-thread/", "author": "Johan Lind", "snippet": "s", "available": True,
                              "comments": 0, "reactions": {}, "shares": 1}
    assert "karin.ek" in post["html"]
    feed = body(karin.get("/api/feed"))["items"]
    card = next(item for item in feed if item.get("shared"))
    assert card["author"]["name"] == "Sara Nilsson" and card["shared"]["title"] == "Open"
    # The original counts it; the share has reactions and comments of its own.
    counts = body(karin.get("/api/threads?ids=article:open-thread"))["threads"]["article:open-thread"]
    assert counts["shares"] == 1
    assert karin.send("PUT", f"/api/reactions/post:{post['id']}/like").status_code == 200
    assert karin.send("POST", f"/api/threads/post:{post['id']}/comments", '{"text": "Tack!"}').status_code == 201


def test_a_share_needs_no_words_but_something_to_share(sara):
    assert share(sara, target="article:open-thread").status_code == 201
    assert share(sara, target="article:no-such-article").status_code == 404
    assert share(sara, target="comment:01KBZ3RMJN6Q0PZ7Y0T8V5M2XH").status_code == 404
    assert share(sara, target="../etc").status_code == 400
    assert share(sara, target="article:open-thread", groupId="01KBZ3RMJN6Q0PZ7Y0T8V5M2XH",
                 roomId="group-01KBZ3RMJN6Q0PZ7Y0T8V5M2XH").status_code == 400


def test_out_of_a_closed_group_a_post_goes_only_back_into_that_group(sara, karin, people):
    lars = people("lars.holm", "Lars Holm")
    closed = group(karin, "closed", (sara, "sara.nilsson"))
    other = group(karin, "secret", (sara, "sara.nilsson"), (lars, "lars.holm"))
    post = body(karin.send("POST", "/api/posts", json.dumps({"text": "Internt", "groupId": closed})))
    assert post["private"] is True
    target = f"post:{post['id']}"
    refused = [share(sara, target=target), share(sara, target=target, groupId=other),
               share(sara, target=target, roomId=f"group-{other}")]
    for response in refused:
        assert response.status_code == 403 and body(response)["error"]["code"] == "share_widens"
    assert share(sara, target=target, groupId=closed).status_code == 201
    assert share(sara, target=target, roomId=f"group-{closed}", clientId="share-0001").status_code == 201
    # Into a conversation: only when everyone in it is in the group too.
    with_lars = body(sara.send("POST", "/api/chat/rooms", json.dumps({"members": ["lars.holm"]})))["id"]
    with_karin = body(sara.send("POST", "/api/chat/rooms", json.dumps({"members": ["karin.ek"]})))["id"]
    response = share(sara, target=target, roomId=with_lars, clientId="share-0002")
    assert response.status_code == 403 and body(response)["error"]["code"] == "share_widens"
    assert share(sara, target=target, roomId=with_karin, clientId="share-0003").status_code == 201
    assert body(karin.get(f"/api/posts/{post['id']}"))["shares"] == 3


def test_a_share_in_a_chat_shows_the_card_to_the_conversation(sara, karin):
    room = body(sara.send("POST", "/api/chat/rooms", json.dumps({"members": ["karin.ek"]})))["id"]
    response = share(sara, target="article:open-thread", roomId=room, text="Har du sett?", clientId="share-0004")
    assert response.status_code == 201
    messages = body(karin.get(f"/api/chat/rooms/{room}/messages"))["messages"]
    assert messages[-1]["shared"]["title"] == "Open" and messages[-1]["shared"]["available"] is True


def test_a_deleted_original_shows_not_available_and_tells_nothing(sara, karin):
    post = body(karin.send("POST", "/api/posts", json.dumps({"text": "Snart borta"})))
    shared = body(share(sara, target=f"post:{post['id']}", text="Kolla"))["post"]
    assert karin.send("DELETE", f"/api/posts/{post['id']}").status_code == 200
    card = next(item for item in body(sara.get("/api/feed"))["items"] if item["id"] == shared["id"])
    assert card["shared"] == {"target": f"post:{post['id']}", "available": False}
    assert body(sara.get(f"/api/posts/{shared['id']}"))["shared"]["available"] is False


def test_a_group_made_secret_hides_the_original_from_outsiders_in_shares(sara, karin, people):
    lars = people("lars.holm", "Lars Holm")
    gid = group(karin, "open")
    post = body(karin.send("POST", "/api/posts", json.dumps({"text": "Öppet nu", "groupId": gid})))
    shared = body(share(sara, target=f"post:{post['id']}", text="Bra"))["post"]
    assert karin.send("PATCH", f"/api/groups/{gid}", json.dumps({"visibility": "secret"})).status_code == 200
    card = next(item for item in body(lars.get("/api/feed"))["items"] if item["id"] == shared["id"])
    assert card["shared"] == {"target": f"post:{post['id']}", "available": False}
    mine = next(item for item in body(karin.get("/api/feed"))["items"] if item["id"] == shared["id"])
    assert mine["shared"]["available"] is True  # the group's owner still sees it
