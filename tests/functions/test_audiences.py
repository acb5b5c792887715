"""Audiences: the Audience line's rules, and an article for an audience in the feed, read confirmations and
digests of the people it is for, left out for everyone else."""

import json

import pytest
from chalicelib import audiences, targets
from chalicelib.errors import ValidationFailed

from tests.conftest import body
from tests.functions.test_scim import created, user


def test_rules_are_key_value_pairs_over_the_directory_any_of_which_holds():
    rules = audiences.parse("office=Storliden, group = Ledningsgruppen,role=editor")
    assert rules == (("office", "storliden"), ("group", "ledningsgruppen"), ("role", "editor"))
    assert audiences.matches(rules, audiences.facts({"office": "STORLIDEN"}))
    assert audiences.matches(rules, audiences.facts({"office": "Umeå"}, ["Ledningsgruppen"]))
    assert not audiences.matches(rules, audiences.facts({"office": "Umeå", "roles": ["employee"]}))
    assert audiences.matches((), set()) and audiences.parse("") == () and audiences.parse(None) == ()
    for bad in ("Storliden", "city=Umeå", "office=", "office=Storliden,", "=x", ",".join(["office=a"] * 11)):
        with pytest.raises(ValidationFailed):
            audiences.parse(bad)


MANIFEST = {"articles": [
    {"id": "article:vinter", "title": "Vinterrutiner", "url": "/news/vinter/", "date": "2026-12-03T07:45:00+01:00",
     "author": "Johan Lind", "summary": "s", "acknowledge": True, "ackVersion": "v1", "audience": "office=storliden"},
    {"id": "article:alla", "title": "För alla", "url": "/news/alla/", "date": "2026-12-02T07:45:00+01:00",
     "author": "Johan Lind", "summary": "s"},
]}


@pytest.fixture
def company(scim, people):
    """Four provisioned people, two of them at Storliden, each with a session; Karin an editor."""
    sessions = {}
    for given, office, roles in [("Sara", "Storliden", ()), ("Jonas", "Storliden", ()), ("Karin", "Umeå", ("editor",)),
                                 ("Lars", "Umeå", ())]:
        made = created(scim, user(f"{given.lower()}@x.se", given, "Test", addresses=[{"type": "work", "formatted": office}],
                                  enterprise={"department": "Drift"}))
        sessions[given.lower()] = people(made["id"], f"{given} Test", ("employee", *roles))
    targets.register_articles(MANIFEST)
    return sessions


def test_a_targeted_article_is_in_the_feed_of_its_audience_only(company):
    titles = lambda session: [item.get("title") for item in body(session.get("/api/feed"))["items"]]  # noqa: E731
    assert "Vinterrutiner" in titles(company["sara"]) and "För alla" in titles(company["sara"])
    assert "Vinterrutiner" not in titles(company["lars"]) and "För alla" in titles(company["lars"])
    card = next(i for i in body(company["sara"].get("/api/feed"))["items"] if i.get("title") == "Vinterrutiner")
    assert card["audience"] == "office=storliden"
    assert "office=storliden" in body(company["sara"].get("/api/me"))["audience"]


def test_read_confirmations_count_n_of_m_in_the_audience(company):
    assert company["sara"].send("POST", "/api/acks/article:vinter").status_code == 201
    assert company["lars"].send("POST", "/api/acks/article:vinter").status_code == 201  # read by link: allowed
    report = body(company["karin"].get("/api/acks/article:vinter"))["report"]
    assert (report["total"], len(report["confirmed"]), report["audience"]) == (2, 1, "office=storliden")
    assert [p["name"] for p in report["pending"]] == ["Jonas Test"]
    row = next(a for a in body(company["karin"].get("/api/acks"))["articles"] if a["threadId"] == "article:vinter")
    assert (row["confirmed"], row["total"], row["percent"]) == (1, 2, 50)


def test_the_digest_leaves_out_news_for_others(company):
    from chalicelib import keys, mail, store
    from chalicelib.store import people as people_store

    metas = [{**store.get(keys.target(article["id"])), "readers": 1} for article in MANIFEST["articles"]]
    for who, expected in (("sara", ["Vinterrutiner", "För alla"]), ("lars", ["För alla"])):
        person = people_store.get_person(who)
        full = {**person, "roles": ["employee"]}
        assert [meta["title"] for meta in mail._for(full, metas)] == expected


def test_an_article_with_a_bad_audience_line_is_named_by_the_content_check():
    from chalicelib import content_checks

    source = content_checks.read_text("Title: x\nDate: 2026-12-01\nAuthor: Johan Lind\nAudience: stad=Umeå\n\nText.\n",
                                      "content/news/x.md")
    problems = [str(p) for p in content_checks.check_source(source, lambda path: True, {"Johan Lind"}, set())]
    assert problems == ["content/news/x.md:4: Audience: “stad=Umeå” is not key=value with a key of department, office, "
                        "division, group, role"]


def test_reach_counts_first_reads_in_the_audience_apart_and_never_names_them(company):
    for who in ("sara", "lars", "sara"):  # Lars reads by link; Sara twice is one read
        assert company[who].send("POST", "/api/reads/article:vinter").status_code == 200
    seen = body(company["karin"].get("/api/reach/article:vinter"))
    assert (seen["readers"], seen["audienceReaders"], seen["audienceSize"], seen["audienceShare"]) == (2, 1, 2, 0.5)
    assert "Sara" not in json.dumps(seen) and "sara" not in json.dumps(seen)
    assert "audience" not in body(company["karin"].get("/api/reach/article:alla"))


def test_me_names_my_directory_groups_with_one_more_batch_get_and_none_for_people_in_no_group(company, scim, dynamodb_calls):
    made = scim("POST", "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                    "displayName": "Ledningsgruppen", "members": [{"value": "karin"}]})
    assert made.status_code == 201
    dynamodb_calls.clear()
    assert "group=ledningsgruppen" in body(company["karin"].get("/api/me"))["audience"]
    assert (dynamodb_calls["BatchGetItem"], dynamodb_calls["Query"]) == (2, 0)
    dynamodb_calls.clear()
    assert not [fact for fact in body(company["lars"].get("/api/me"))["audience"] if fact.startswith("group=")]
    assert (dynamodb_calls["BatchGetItem"], dynamodb_calls["Query"]) == (1, 0)
