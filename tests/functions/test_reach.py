"""Reach: unique readers counted once per person, anonymously, shown to the article's author and editors."""

import json
from datetime import datetime, timedelta

from tests.conftest import body


def register(author_person="johan.lind", days_ago=2):
    from chalicelib import targets

    date = (datetime.now().astimezone() - timedelta(days=days_ago)).replace(microsecond=0).isoformat()
    targets.register_articles({"articles": [{
        "id": "article:nar-det-blaser", "title": "När det blåser", "url": "/news/nar-det-blaser/", "date": date,
        "author": "Johan Lind", "authorPerson": author_person, "summary": "s", "comments": True}]})


def test_a_reader_is_counted_once_and_the_author_sees_the_reach(people, articles, dynamodb_calls):
    register()
    johan = people("johan.lind", "Johan Lind")
    sara, lars = people("sara.nilsson", "Sara Nilsson"), people("lars.holm", "Lars Holm")
    assert body(sara.send("POST", "/api/reads/article:nar-det-blaser"))["counted"] is True
    dynamodb_calls.clear()
    assert body(sara.send("POST", "/api/reads/article:nar-det-blaser"))["counted"] is False
    assert dynamodb_calls["TransactWriteItems"] == 1  # one write request per view at most
    assert body(lars.send("POST", "/api/reads/article:nar-det-blaser"))["counted"] is True
    sara.send("PUT", "/api/reactions/article:nar-det-blaser/heart")
    seen = body(johan.get("/api/reach/article:nar-det-blaser"))
    assert seen["readers"] == 2 and seen["employees"] == 3 and seen["share"] == round(2 / 3, 3)
    assert seen["reactions"] == 1 and seen["comments"] == 0 and seen["shares"] == 0
    assert len(seen["days"]) == 14
    from chalicelib.reach import TZ

    today = datetime.now(TZ).strftime("%Y-%m-%d")  # the company's day, as counted: Stockholm's, not this machine's
    assert [day["readers"] for day in seen["days"] if day["day"] == today] == [2]
    assert sum(day["readers"] for day in seen["days"]) == 2


def test_the_markers_cannot_be_read_back_as_names(people, articles):
    from chalicelib import keys, store

    register()
    sara = people("sara.nilsson", "Sara Nilsson")
    sara.send("POST", "/api/reads/article:nar-det-blaser")
    items, _ = store.query(keys.target_partition("article:nar-det-blaser"), "V#", 10)
    assert len(items) == 1
    assert "sara" not in json.dumps(items, default=str).lower()
    assert items[0][keys.TTL_ATTRIBUTE] > datetime.now().timestamp() + 300 * 86400


def test_only_the_author_and_editors_see_reach(people, articles):
    register(author_person="ahmed.hassan")
    sara = people("sara.nilsson", "Sara Nilsson")
    ahmed = people("ahmed.hassan", "Ahmed Hassan", ("employee", "author"))
    karin = people("karin.ek", "Karin Ek", ("employee", "editor", "admin"))
    assert sara.get("/api/reach/article:nar-det-blaser").status_code == 403
    assert ahmed.get("/api/reach/article:nar-det-blaser").status_code == 200
    assert karin.get("/api/reach/article:nar-det-blaser").status_code == 200


def test_bad_or_unknown_articles_write_nothing(people, articles, dynamodb_calls):
    sara = people("sara.nilsson", "Sara Nilsson")
    dynamodb_calls.clear()
    assert sara.send("POST", "/api/reads/article:finns-inte").status_code == 404
    assert sara.send("POST", "/api/reads/..%2fetc").status_code == 400
    assert sara.send("POST", "/api/reads/post:01KBZ3RMJN6Q0PZ7Y0T8V5M2XH").status_code == 404
    assert not {"TransactWriteItems", "PutItem", "UpdateItem"} & set(dynamodb_calls)


def test_an_all_hands_article_read_by_many_at_once_counts_each_once(people, articles):
    """24 people open the article at the same moment (8 at a time): every one is counted, none refused as
    busy; the count is spread over the shards, and the counter from before sharding still counts."""
    from concurrent.futures import ThreadPoolExecutor

    from chalicelib import keys, reach, store

    register()
    johan = people("johan.lind", "Johan Lind")
    readers = [people(f"p{n:02d}.test", f"Person {n:02d}") for n in range(24)]
    store.update(keys.target("article:nar-det-blaser"), "SET #r = :n", {"#r": "readers"}, {":n": 5})  # counted before
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda person: person.send("POST", "/api/reads/article:nar-det-blaser"), readers))
    assert [answer.status_code for answer in answers] == [200] * 24
    shards, _ = store.query("TARGET#article:nar-det-blaser", keys.READERS_PREFIX, 20)
    assert len(shards) > 1 and sum(int(item["readers"]) for item in shards) == 24
    seen = body(johan.get("/api/reach/article:nar-det-blaser"))
    assert seen["readers"] == 29 and sum(day["readers"] for day in seen["days"]) == 24
    assert reach.readers_of(store.get(keys.target("article:nar-det-blaser"))) == 29
