"""Reactions: one per person and kind, counters that never drift."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from chalicelib import keys, reactions, store

from tests.conftest import body

ARTICLE = "article:open-thread"




def thread_state(session):
    return body(session.get("/api/threads/article:open-thread/comments"))["thread"]


def test_giving_twice_counts_once_and_taking_back_leaves_no_trace(sara, people):
    karin = people("karin.ek", "Karin Ek")
    assert sara.send("PUT", f"/api/reactions/{ARTICLE}/like").status_code == 200
    assert sara.send("PUT", f"/api/reactions/{ARTICLE}/like").status_code == 200
    karin.send("PUT", f"/api/reactions/{ARTICLE}/like")
    sara.send("PUT", f"/api/reactions/{ARTICLE}/celebrate")
    state = thread_state(sara)
    assert state["reactions"] == {"like": 2, "celebrate": 1}
    assert state["mine"] == ["like", "celebrate"]
    assert thread_state(karin)["mine"] == ["like"]
    sara.send("DELETE", f"/api/reactions/{ARTICLE}/like")
    sara.send("DELETE", f"/api/reactions/{ARTICLE}/like")
    sara.send("DELETE", f"/api/reactions/{ARTICLE}/celebrate")
    state = thread_state(sara)
    assert state["reactions"] == {"like": 1} and state["mine"] == []
    assert store.get(keys.my_reactions(ARTICLE, "sara.nilsson")) is None


def test_comments_have_their_own_reactions(sara):
    comment = body(sara.send("POST", "/api/threads/article:open-thread/comments", '{"text": "hej"}'))
    sara.send("PUT", f"/api/reactions/comment:{comment['id']}/laugh")
    listed = body(sara.get("/api/threads/article:open-thread/comments"))
    assert listed["comments"][0]["reactions"] == {"laugh": 1}
    assert listed["comments"][0]["mine"] == ["laugh"]
    assert listed["thread"]["reactions"] == {}


@pytest.mark.parametrize("kind", ["<img src=x onerror=alert(1)>", "👍", "LIKE", "like ", "thumbsup", "r_like"])
def test_unknown_kinds_are_refused(sara, kind):
    from urllib.parse import quote

    response = sara.send("PUT", f"/api/reactions/{ARTICLE}/{quote(kind, safe='')}")
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_kind"
    assert "onerror" not in response.body.decode()


@pytest.mark.parametrize("target", ["article:nope", "post:01JAAAAAAAAAAAAAAAAAAAAAAA", "comment:01JAAAAAAAAAAAAAAAAAAAAAAA"])
def test_reacting_to_something_that_does_not_exist_is_404(sara, target):
    assert sara.send("PUT", f"/api/reactions/{target}/like").status_code == 404
    assert store.get(keys.target(target)) is None


def test_reactions_need_a_session_and_the_csrf_header(client, sara):
    assert client.http.put(f"/api/reactions/{ARTICLE}/like").status_code in (401, 403)
    assert client.http.put(f"/api/reactions/{ARTICLE}/like", headers=sara.headers()).status_code == 403


def test_a_reaction_is_one_transaction(sara, dynamodb_calls):
    dynamodb_calls.clear()
    sara.send("PUT", f"/api/reactions/{ARTICLE}/wow")
    # GetItem: the session, then whose article it is (its writer hears of it)
    assert dict(dynamodb_calls) == {"GetItem": 2, "TransactWriteItems": 1}


def test_fifty_people_reacting_at_once_make_exactly_fifty(sara, people):
    callers = [{"id": f"person.{n}", "roles": ["employee"]} for n in range(50)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda caller: reactions.set_reaction(caller, ARTICLE, "heart", True), callers))
        # And each of them presses again: still one each.
        list(pool.map(lambda caller: reactions.set_reaction(caller, ARTICLE, "heart", True), callers))
    assert thread_state(sara)["reactions"] == {"heart": 50}


def test_one_person_toggling_fast_never_drifts(sara):
    caller = {"id": "sara.nilsson", "roles": ["employee"]}
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda n: reactions.set_reaction(caller, ARTICLE, "sad", n % 2 == 0), range(40)))
    state = thread_state(sara)
    given = "sad" in state["mine"]
    assert state["reactions"].get("sad", 0) == (1 if given else 0)
