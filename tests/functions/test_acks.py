"""Read confirmations: confirming a version, being asked again, who sees the report."""

import json

import pytest
from chalicelib import targets

from tests.conftest import ARTICLES, body

POLICY = {"id": "article:policy", "title": "Policy", "url": "/news/policy/", "date": "2026-11-21T08:00:00+01:00",
          "author": "Karin Ek", "summary": "s", "comments": True, "acknowledge": True, "ackVersion": "v1"}


def publish(**changes):
    targets.register_articles({"articles": [*ARTICLES["articles"], {**POLICY, **changes}]})


@pytest.fixture
def policy(articles):
    publish()


def status(session, thread="article:policy"):
    return session.get(f"/api/acks/{thread}")


def confirm(session, thread="article:policy"):
    return session.send("POST", f"/api/acks/{thread}")


def test_confirming_and_being_asked_again_after_a_new_version(sara, karin, policy):
    mine = body(status(sara))
    assert mine["current"] is False and mine["confirmedAt"] is None and "report" not in mine
    response = confirm(sara)
    assert response.status_code == 201
    assert body(status(sara))["current"] is True and body(status(sara))["confirmedVersion"] == "v1"
    assert confirm(sara).status_code == 201  # twice is the same as once
    publish(ackVersion="v2")
    again = body(status(sara))
    assert again["current"] is False and again["confirmedVersion"] == "v1" and again["version"] == "v2"
    report = body(status(karin))["report"]
    assert report["earlierVersion"][0]["id"] == "sara.nilsson" and report["confirmed"] == []


def test_a_minor_edit_keeps_the_confirmed_version(sara, policy):
    confirm(sara)
    publish(ackVersion="v1-typo-fixed", minorEdit=True)
    assert body(status(sara))["current"] is True
    publish(ackVersion="v3")
    assert body(status(sara))["current"] is False


def test_editors_see_who_has_confirmed_and_who_has_not(people, sara, karin, policy):
    ahmed = people("ahmed.hassan", "Ahmed Hassan")
    confirm(sara)
    report = body(status(karin))["report"]
    assert [p["id"] for p in report["confirmed"]] == ["sara.nilsson"]
    assert sorted(p["id"] for p in report["pending"]) == ["ahmed.hassan", "karin.ek"]
    assert report["total"] == 3 and report["percent"] == 33
    [row] = body(karin.get("/api/acks"))["articles"]
    assert row["threadId"] == "article:policy" and row["confirmed"] == 1 and row["percent"] == 33
    assert "report" not in body(status(ahmed))
    response = ahmed.get("/api/acks")
    assert response.status_code == 403 and body(response)["error"]["code"] == "forbidden"


def test_articles_that_ask_for_nothing_have_no_confirmation(sara, policy):
    for thread in ("article:open-thread", "article:nope"):
        assert status(sara, thread).status_code == 404
        assert confirm(sara, thread).status_code == 404
    assert status(sara, "post:<x>").status_code == 400
    assert sara.send("POST", "/api/acks/article:policy", json.dumps({"version": "v0"})).status_code == 400


def test_an_unpublished_article_cannot_be_confirmed(sara, policy):
    targets.register_articles(ARTICLES)
    assert confirm(sara).status_code == 404


def test_round_trips(sara, policy, dynamodb_calls):
    dynamodb_calls.clear()
    status(sara)
    assert dict(dynamodb_calls) == {"GetItem": 1, "BatchGetItem": 1}
    dynamodb_calls.clear()
    confirm(sara)
    assert dict(dynamodb_calls) == {"GetItem": 2, "TransactWriteItems": 1}


def test_listings_learn_whether_i_confirmed_the_current_version(sara, karin, policy, dynamodb_calls):
    threads = "/api/threads?ids=article:policy,article:open-thread"
    assert body(sara.get(threads))["threads"]["article:policy"]["confirmed"] is False
    assert "confirmed" not in body(sara.get(threads))["threads"]["article:open-thread"]  # asks for nothing
    confirm(sara)
    dynamodb_calls.clear()
    assert body(sara.get(threads))["threads"]["article:policy"]["confirmed"] is True
    assert dynamodb_calls["BatchGetItem"] == 2  # the counters, then my confirmations
    assert body(karin.get(threads))["threads"]["article:policy"]["confirmed"] is False  # mine, not hers
    publish(ackVersion="v2")
    assert body(sara.get(threads))["threads"]["article:policy"]["confirmed"] is False  # asked again
