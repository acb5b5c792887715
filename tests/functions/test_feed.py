"""The company feed and group feeds: order, pages, articles, archived groups, deleted posts."""

import json

import pytest
from chalicelib import targets

from tests.conftest import body


def post(session, text, group=None):
    payload = {"text": text} if group is None else {"text": text, "groupId": group}
    response = session.send("POST", "/api/posts", json.dumps(payload))
    assert response.status_code == 201, response.body
    return body(response)


def feed_targets(session, limit=40):
    return [item["target"] for item in body(session.get(f"/api/feed?limit={limit}"))["items"]]


def test_posts_and_articles_newest_first(sara, karin):
    first = post(sara, "Första inlägget")
    second = post(karin, "Andra **inlägget**")
    items = body(sara.get("/api/feed"))["items"]
    assert [item["target"] for item in items] == [
        f"post:{second['id']}", f"post:{first['id']}", "article:open-thread", "article:closed-thread"]
    assert items[0]["html"] == "<p>Andra <strong>inlägget</strong></p>" and items[0]["author"]["name"] == "Karin Ek"
    article = items[2]
    assert article["kind"] == "article" and article["title"] == "Open" and article["url"] == "/news/open-thread/"


def test_articles_are_announced_by_publish_date_across_months(sara):
    targets.register_articles({"articles": [
        {"id": f"article:a{n}", "title": f"A{n}", "url": f"/news/a{n}/", "date": f"2026-{month:02d}-15T08:00:00+01:00"}
        for n, month in enumerate([11, 9, 7, 3, 1], start=1)
    ]})
    seen, cursor = [], None
    while True:
        page = body(sara.get("/api/feed?limit=2" + (f"&cursor={cursor}" if cursor else "")))
        assert page["items"] or not page["next"]
        seen += [item["target"] for item in page["items"]]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == [f"article:a{n}" for n in range(1, 6)]
    # Registering again changes nothing; an unpublished article leaves the feed.
    targets.register_articles({"articles": [
        {"id": "article:a1", "title": "A1 ändrad", "url": "/news/a1/", "date": "2026-11-15T08:00:00+01:00"}]})
    assert feed_targets(sara) == ["article:a1"]
    assert body(sara.get("/api/feed"))["items"][0]["title"] == "A1 ändrad"


def test_paging_while_new_posts_arrive_has_no_repeats_or_gaps(sara, karin):
    posted = [post(sara, f"inlägg {n}")["id"] for n in range(7)]
    first = body(sara.get("/api/feed?limit=3"))
    post(karin, "kommer under tiden")
    second = body(sara.get(f"/api/feed?limit=3&cursor={first['next']}"))
    third = body(sara.get(f"/api/feed?limit=3&cursor={second['next']}"))
    seen = [item["id"] for page in (first, second, third) for item in page["items"] if item["kind"] == "post"]
    assert seen == list(reversed(posted))


def test_a_deleted_post_disappears_everywhere(sara, karin, people):
    mod = people("ahmed.hassan", "Ahmed Hassan", ("employee", "moderator"))
    mine = post(sara, "tas bort")
    other = post(sara, "tas bort av moderator")
    assert karin.send("DELETE", f"/api/posts/{mine['id']}").status_code == 200  # site admin
    assert mod.send("DELETE", f"/api/posts/{other['id']}").status_code == 200
    assert f"post:{mine['id']}" not in feed_targets(sara)
    assert sara.get(f"/api/posts/{mine['id']}").status_code == 404
    assert sara.get(f"/api/threads/post:{mine['id']}/comments").status_code == 404


def test_an_edited_post_shows_its_new_text_in_the_feed(sara):
    created = post(sara, "stavfel")
    edited = sara.send("PATCH", f"/api/posts/{created['id']}", '{"text": "rättat"}')
    assert body(edited)["html"] == "<p>rättat</p>" and body(edited)["editedAt"]
    item = body(sara.get("/api/feed"))["items"][0]
    assert item["html"] == "<p>rättat</p>" and item["editedAt"]


def test_open_group_posts_reach_the_company_feed_until_the_group_closes(sara, karin):
    group = body(karin.send("POST", "/api/groups", json.dumps({"name": "Löparklubben", "visibility": "open"})))
    sara.send("PUT", f"/api/groups/{group['id']}/members/sara.nilsson")
    in_group = post(sara, "Löpning i morgon?", group["id"])
    item = body(karin.get("/api/feed"))["items"][0]
    assert item["target"] == f"post:{in_group['id']}" and item["group"] == {"id": group["id"], "name": "Löparklubben"}
    assert karin.send("PATCH", f"/api/groups/{group['id']}", '{"visibility": "closed"}').status_code == 200
    assert f"post:{in_group['id']}" not in feed_targets(karin)
    assert [i["id"] for i in body(sara.get(f"/api/groups/{group['id']}/feed"))["items"]] == [in_group["id"]]


def test_an_archived_group_is_read_only(sara, karin):
    group = body(karin.send("POST", "/api/groups", json.dumps({"name": "Projekt X", "visibility": "open"})))
    sara.send("PUT", f"/api/groups/{group['id']}/members/sara.nilsson")
    post(sara, "före arkivering", group["id"])
    assert karin.send("DELETE", f"/api/groups/{group['id']}").status_code == 200
    response = sara.send("POST", "/api/posts", json.dumps({"text": "efter", "groupId": group["id"]}))
    assert response.status_code == 409 and body(response)["error"]["code"] == "archived"
    assert body(sara.get(f"/api/groups/{group['id']}"))["archived"] is True
    assert len(body(sara.get(f"/api/groups/{group['id']}/feed"))["items"]) == 1


def test_closed_group_join_flow(sara, karin, people):
    group = body(karin.send("POST", "/api/groups", json.dumps({"name": "Styrgruppen", "visibility": "closed"})))
    gid = group["id"]
    assert body(sara.send("PUT", f"/api/groups/{gid}/members/sara.nilsson")) == {"status": "requested", "role": None}
    assert sara.get(f"/api/groups/{gid}/feed").status_code == 403
    requests = body(karin.get(f"/api/groups/{gid}/members"))["members"]
    assert {"id": "sara.nilsson", "name": "Sara Nilsson", "role": "member", "status": "requested"} in requests
    assert karin.send("PUT", f"/api/groups/{gid}/members/sara.nilsson").status_code == 200
    assert sara.get(f"/api/groups/{gid}/feed").status_code == 200
    assert body(sara.get(f"/api/groups/{gid}"))["memberCount"] == 2
    assert body(sara.get("/api/groups?mine=1"))["groups"][0]["status"] == "member"
    assert sara.send("DELETE", f"/api/groups/{gid}/members/sara.nilsson").status_code == 200
    assert body(karin.get(f"/api/groups/{gid}"))["memberCount"] == 1
    owner_leaves = karin.send("DELETE", f"/api/groups/{gid}/members/karin.ek")
    assert owner_leaves.status_code == 409


def test_group_names_are_unique_however_they_are_written(karin):
    assert karin.send("POST", "/api/groups", json.dumps({"name": "Kaffe", "visibility": "open"})).status_code == 201
    for twin in ("kaffe", "KAFFE", "Ｋａｆｆｅ", " kaffe "):
        response = karin.send("POST", "/api/groups", json.dumps({"name": twin, "visibility": "open"}))
        assert response.status_code == 409 and body(response)["error"]["code"] == "name_taken"


@pytest.mark.parametrize("payload, field", [
    ({"name": "", "visibility": "open"}, "name"), ({"name": "x" * 81, "visibility": "open"}, "name"),
    ({"name": "ok", "visibility": "public"}, "visibility"), ({"name": ["x"], "visibility": "open"}, "name"),
    ({"name": "ok", "visibility": "open", "description": "x" * 1001}, "description"),
    ({"name": "ok", "visibility": "open", "ownerId": "someone"}, "ownerId"),
])
def test_bad_group_bodies(karin, payload, field):
    response = karin.send("POST", "/api/groups", json.dumps(payload))
    assert response.status_code == 400 and body(response)["error"]["field"] == field


def test_directory_search_and_my_groups(sara, karin):
    for name, kind in (("Innebandy", "open"), ("Inköp", "closed"), ("Ledningen", "secret"), ("Bokcirkel", "open")):
        karin.send("POST", "/api/groups", json.dumps({"name": name, "visibility": kind}))
    names = [g["name"] for g in body(sara.get("/api/groups"))["groups"]]
    assert names == ["Bokcirkel", "Inköp", "Innebandy"]
    assert [g["name"] for g in body(sara.get("/api/groups?q=in"))["groups"]] == ["Inköp", "Innebandy"]
    assert len(body(karin.get("/api/groups?mine=1"))["groups"]) == 4


def test_round_trips_of_feed_and_group_pages(sara, karin, dynamodb_calls):
    group = body(karin.send("POST", "/api/groups", json.dumps({"name": "Mätning", "visibility": "open"})))
    for n in range(3):
        post(karin, f"p{n}", group["id"])
    dynamodb_calls.clear()
    sara.get("/api/feed?limit=2")
    feed = dict(dynamodb_calls)
    dynamodb_calls.clear()
    sara.get(f"/api/groups/{group['id']}/feed")
    group_page = dict(dynamodb_calls)
    dynamodb_calls.clear()
    sara.get("/api/groups?mine=1")
    mine = dict(dynamodb_calls)
    assert feed == {"GetItem": 1, "Query": 1, "BatchGetItem": 1}
    assert group_page == {"GetItem": 1, "BatchGetItem": 2, "Query": 1}
    assert mine == {"GetItem": 1, "Query": 1}


def test_registering_again_writes_only_what_changed(sara, dynamodb_calls):
    from tests.conftest import ARTICLES

    changed = {"articles": [{**ARTICLES["articles"][0], "title": "Ny rubrik"}, ARTICLES["articles"][1]]}
    dynamodb_calls.clear()
    targets.register_articles(ARTICLES, previous=ARTICLES)
    assert dynamodb_calls.get("UpdateItem", 0) == 0 and dynamodb_calls.get("TransactWriteItems", 0) == 0
    targets.register_articles(changed, previous=ARTICLES)
    assert body(sara.get("/api/feed"))["items"][0]["title"] in ("Ny rubrik", "Open")
    from chalicelib import keys, store

    assert store.get(keys.target("article:open-thread"))["title"] == "Ny rubrik"
