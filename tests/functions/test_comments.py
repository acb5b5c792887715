"""Comments through the API on DynamoDB Local: threading, permissions, pages, idempotency, limits."""

import json
import time
from urllib.parse import quote

import pytest

from tests.conftest import body, header

OPEN = "/api/threads/article:open-thread/comments"





@pytest.fixture
def ahmed(people, articles):
    return people("ahmed.hassan", "Ahmed Hassan", ("employee", "moderator"))


def post(session, text, parent=None, path=OPEN, **headers):
    payload = {"text": text} if parent is None else {"text": text, "parentId": parent}
    return session.send("POST", path, json.dumps(payload, ensure_ascii=False), **headers)


def test_a_comment_is_stored_rendered_and_listed(sara):
    created = post(sara, "Hej **alla**! Läs [mer](https://example.com).")
    assert created.status_code == 201
    comment = body(created)
    assert comment["author"] == {"id": "sara.nilsson", "name": "Sara Nilsson"}
    assert comment["html"] == ('<p>Hej <strong>alla</strong>! Läs <a href="https://example.com" '
                               'rel="nofollow noopener ugc">mer</a>.</p>')
    assert comment["text"].startswith("Hej **alla**")
    listed = body(sara.get(OPEN))
    assert [c["id"] for c in listed["comments"]] == [comment["id"]]
    assert listed["thread"]["comments"] == 1


def test_the_author_fields_come_from_the_session_not_the_body(sara):
    response = sara.send("POST", OPEN, json.dumps({"text": "hi", "authorId": "karin.ek"}))
    assert response.status_code == 400 and body(response)["error"]["code"] == "unknown_field"


def test_replies_are_one_level_deep_and_name_whom_they_answer(sara, karin):
    parent = body(post(sara, "Fråga till VD"))
    reply = body(post(karin, "Svar", parent["id"]))
    answer = body(post(sara, "Tack!", reply["id"]))
    assert reply["parentId"] == parent["id"] and answer["parentId"] == parent["id"]
    assert answer["replyTo"] == {"id": "karin.ek", "name": "Karin Ek", "commentId": reply["id"]}
    listed = body(sara.get(OPEN))["comments"]
    # Newest conversation first; a parent comes right after its replies.
    assert [c["id"] for c in listed] == [answer["id"], reply["id"], parent["id"]]


def test_newer_top_level_comments_come_first(sara):
    first = body(post(sara, "ett"))
    second = body(post(sara, "två"))
    assert [c["id"] for c in body(sara.get(OPEN))["comments"]] == [second["id"], first["id"]]


def test_long_threads_come_a_page_at_a_time_without_gaps_or_repeats(sara, karin):
    posted = []
    for n in range(9):
        posted.append(body(post(sara if n % 2 else karin, f"kommentar {n}"))["id"])
    seen, cursor, pages = [], None, 0
    while True:
        response = sara.get(OPEN + "?limit=4" + (f"&cursor={cursor}" if cursor else ""))
        page = body(response)
        assert page["comments"], "a page is never empty while next is set"
        seen += [c["id"] for c in page["comments"]]
        pages += 1
        cursor = page["next"]
        if not cursor:
            break
    assert pages == 3
    assert seen == list(reversed(posted))


def test_a_new_comment_while_paging_does_not_repeat_or_skip(sara):
    ids = [body(post(sara, f"c{n}"))["id"] for n in range(4)]
    first = body(sara.get(OPEN + "?limit=2"))
    post(sara, "arrives later")
    second = body(sara.get(OPEN + f"?limit=2&cursor={first['next']}"))
    assert [c["id"] for c in first["comments"] + second["comments"]] == list(reversed(ids))


@pytest.mark.parametrize("cursor", ["x", "not-base64!!", "A" * 2000, "eyJrIjoiQyMifQ"])
def test_forged_cursors_are_refused(sara, cursor):
    response = sara.get(OPEN + f"?cursor={cursor}")
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_cursor"


def test_a_cursor_cannot_be_reused_by_someone_else_or_in_another_thread(sara, karin, articles):
    for n in range(3):
        post(sara, f"c{n}")
    cursor = body(sara.get(OPEN + "?limit=1"))["next"]
    assert karin.get(OPEN + f"?cursor={cursor}").status_code == 400
    other = "/api/threads/article:closed-thread/comments"
    assert sara.get(other + f"?cursor={cursor}").status_code == 400


@pytest.mark.parametrize("limit", ["0", "-1", "41", "1000000", "1e3", "0x10", "10abc", ""])
def test_bad_limits_are_refused(sara, limit):
    response = sara.get(OPEN + f"?limit={limit}")
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_limit"


def test_authors_edit_their_own_comment_and_it_shows_as_edited(sara, karin):
    comment = body(post(sara, "stavfel"))
    assert karin.send("PATCH", f"/api/comments/{comment['id']}", '{"text": "hijack"}').status_code == 403
    edited = sara.send("PATCH", f"/api/comments/{comment['id']}", '{"text": "rättat"}')
    assert edited.status_code == 200
    assert body(edited)["html"] == "<p>rättat</p>" and body(edited)["editedAt"]
    listed = body(sara.get(OPEN))["comments"][0]
    assert listed["html"] == "<p>rättat</p>" and listed["editedAt"]


def test_authors_delete_their_own_and_moderators_anyones(sara, karin, ahmed, people):
    employee = people("johan.lind", "Johan Lind")
    first, second = body(post(sara, "ett")), body(post(sara, "två"))
    assert employee.send("DELETE", f"/api/comments/{first['id']}").status_code == 403
    assert sara.send("DELETE", f"/api/comments/{first['id']}").status_code == 200
    assert ahmed.send("DELETE", f"/api/comments/{second['id']}").status_code == 200
    listed = body(sara.get(OPEN))
    assert listed["comments"] == [] and listed["thread"]["comments"] == 0
    assert sara.send("DELETE", f"/api/comments/{first['id']}").status_code == 404


def test_a_deleted_comment_with_replies_leaves_a_placeholder(sara, karin):
    parent = body(post(sara, "fråga"))
    reply = body(post(karin, "svar", parent["id"]))
    assert sara.send("DELETE", f"/api/comments/{parent['id']}").status_code == 200
    listed = body(karin.get(OPEN))
    placeholder = next(c for c in listed["comments"] if c["id"] == parent["id"])
    assert placeholder["deleted"] is True and placeholder["html"] is None and placeholder["author"] is None
    assert "text" not in placeholder
    assert [c["id"] for c in listed["comments"]] == [reply["id"], parent["id"]]
    assert listed["thread"]["comments"] == 1
    # Replying to a removed comment is not possible.
    assert post(karin, "till ingen", parent["id"]).status_code == 404


def test_comments_off_is_enforced_by_the_api(sara):
    response = post(sara, "hej", path="/api/threads/article:closed-thread/comments")
    assert response.status_code == 403 and body(response)["error"]["code"] == "comments_off"


@pytest.mark.parametrize("thread", ["article:no-such-article", "post:01JAAAAAAAAAAAAAAAAAAAAAAA"])
def test_only_published_targets_take_comments(sara, thread):
    assert post(sara, "hej", path=f"/api/threads/{thread}/comments").status_code == 404
    assert sara.get(f"/api/threads/{thread}/comments").status_code == 404


@pytest.mark.parametrize("thread", ["article:../x", "article:A", "THREAD#x", "article:x#C#", "group:1", "%2e%2e%2f",
                                    "article:" + "a" * 200, "comment:01JAAAAAAAAAAAAAAAAAAAAAAA"])
def test_bad_thread_ids_are_400(sara, thread):
    response = sara.get(f"/api/threads/{quote(thread, safe='')}/comments")
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_id"


def test_an_unpublished_article_no_longer_takes_comments(sara):
    from chalicelib import targets

    assert post(sara, "före").status_code == 201
    result = targets.register_articles({"articles": []})
    assert result["unpublished"] == 2
    assert post(sara, "efter").status_code == 404


def test_an_idempotency_key_returns_the_first_comment(sara):
    first = post(sara, "en gång", **{"idempotency-key": "retry-key-0001"})
    again = post(sara, "en gång", **{"idempotency-key": "retry-key-0001"})
    assert first.status_code == 201 and again.status_code == 201
    assert body(first)["id"] == body(again)["id"]
    assert len(body(sara.get(OPEN))["comments"]) == 1
    other = post(sara, "något annat", **{"idempotency-key": "retry-key-0001"})
    assert other.status_code == 409 and body(other)["error"]["code"] == "idempotency_key_reused"
    assert post(sara, "x", **{"idempotency-key": "bad key!"}).status_code == 400


@pytest.mark.parametrize("text, code", [
    ("", "validation_failed"), ("   \n ", "validation_failed"), ("a" * 10_001, "too_long"),
    ("😀" * 10_001, "too_long"), ("a" + "\u0301" * 20, "validation_failed"),
])
def test_text_limits(sara, text, code):
    response = post(sara, text)
    assert response.status_code == 400 and body(response)["error"]["code"] == code


def test_text_of_exactly_the_limit_is_accepted(sara):
    assert post(sara, "a" * 10_000).status_code == 201


@pytest.mark.parametrize("value", [123, ["a"], {"$ne": ""}, None, True])
def test_text_of_the_wrong_type_is_400(sara, value):
    response = sara.send("POST", OPEN, json.dumps({"text": value}))
    assert response.status_code == 400 and body(response)["error"]["field"] == "text"


def test_control_characters_are_stripped(sara):
    comment = body(post(sara, "hej\u0000\u0007 där"))
    assert comment["html"] == "<p>hej där</p>"


def test_a_markdown_bomb_renders_quickly(sara):
    for bomb in (">" * 10_000, "[" * 5_000, "*a**" * 2_000, "- " * 4_000):
        started = time.perf_counter()
        response = post(sara, bomb)
        assert response.status_code in (201, 400)
        assert time.perf_counter() - started < 1.0


def test_mentions_link_to_people_who_exist(sara, karin):
    comment = body(post(sara, "Tack @karin.ek och @nobody.here!"))
    assert ('<a href="/people/person/?id=karin.ek" class="mention" data-person="karin.ek" '
            'rel="nofollow noopener ugc">@Karin Ek</a>') in comment["html"]
    assert "@nobody.here" in comment["html"]


def test_writing_too_fast_is_429_with_retry_after(sara):
    statuses = [post(sara, f"spam {n}").status_code for n in range(12)]
    assert statuses[:10] == [201] * 10
    assert statuses[10:] == [429, 429]
    response = post(sara, "still")
    assert 1 <= int(header(response, "retry-after")) <= 60
    assert len(body(sara.get(OPEN + "?limit=40"))["comments"]) == 10


def test_preview_renders_without_saving(sara):
    response = sara.send("POST", "/api/preview", '{"text": "*kursiv*"}')
    assert body(response) == {"html": "<p><em>kursiv</em></p>"}
    assert body(sara.get(OPEN))["comments"] == []


def test_counts_for_a_listing_page_in_one_call(sara, karin, dynamodb_calls):
    post(sara, "ett")
    post(karin, "två")
    karin.send("PUT", "/api/reactions/article:open-thread/heart")
    dynamodb_calls.clear()
    response = sara.get("/api/threads?ids=article:open-thread,article:closed-thread,article:unknown")
    assert body(response)["threads"] == {
        "article:open-thread": {"comments": 2, "reactions": {"heart": 1}},
        "article:closed-thread": {"comments": 0, "reactions": {}},
    }
    assert dynamodb_calls["BatchGetItem"] == 1 and sum(dynamodb_calls.values()) - dynamodb_calls["GetItem"] == 1


@pytest.mark.parametrize("ids", ["", ",".join(["article:a"] * 51), "article:a,../../x"])
def test_counts_refuse_bad_id_lists(sara, ids):
    assert sara.get(f"/api/threads?ids={ids}").status_code == 400


def test_round_trips_per_operation(sara, karin, dynamodb_calls):
    """A page is 1 Query + 1 BatchGetItem; a top-level comment 1 TransactWriteItems."""
    parent = body(post(karin, "först"))
    dynamodb_calls.clear()
    post(sara, "en kommentar")
    writes = dict(dynamodb_calls)
    dynamodb_calls.clear()
    post(sara, "ett svar", parent["id"])
    reply = dict(dynamodb_calls)
    dynamodb_calls.clear()
    sara.get(OPEN)
    page = dict(dynamodb_calls)
    session_reads = {"GetItem": 1}  # the session lookup every request makes
    # + whose article it is (its writer is told)
    assert writes == {"GetItem": 2, "TransactWriteItems": 1}
    # + the parent it answers, and Karin's notification: her settings, the item, her unread count, and
    # her at-once mail queued (replies are mailed at once by default, if still unread a few minutes later)
    assert reply == {"GetItem": 3, "TransactWriteItems": 1, "BatchGetItem": 1, "UpdateItem": 2, "PutItem": 1}
    assert page == {**session_reads, "Query": 1, "BatchGetItem": 1}
