"""Hostile requests against every route the app serves (taken from the app itself, so a new route
is covered the day it is added): CSRF, no session, bad ids, bad bodies, injected database faults,
concurrent writes, sessions, per-person limits, WebSocket connection caps.
Each asserts the status BAD_INPUTS.md names, never a 5xx, and no write where none may happen."""

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

from tests.conftest import body, header

ULID = "01KBZ3RMJN6Q0PZ7Y0T8V5M2XH"
VALID = {"thread_id": "article:open-thread", "target_id": "article:open-thread", "kind": "like", "comment_id": ULID,
         "post_id": ULID, "group_id": ULID, "message_id": ULID, "banner_id": ULID, "room_id": f"group-{ULID}",
         "person_id": "sara.nilsson", "article_id": ULID, "name": "Drift"}
# No session needed: login, and the unsubscribe link whose signed token is its authentication.
OPEN = {"/api/health", "/api/auth/login", "/api/auth/callback", "/api/auth/logout", "/api/mail/unsubscribe"}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


def routes():
    """The employee API's routes (the provisioning service's SCIM routes take a bearer token, never a browser's
    cookie: tests/functions/test_scim.py sends them the same hostile requests)."""
    from app import app

    for path, methods in sorted(app.routes.items()):
        if path.startswith("/api/scim/"):
            continue
        for method in sorted(methods):
            yield path, method


def filled(path: str, **values) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), VALID[m.group(1)]), path)


STATE_CHANGING = [(p, m) for p, m in routes() if m in ("POST", "PUT", "PATCH", "DELETE") and p not in OPEN]
PROTECTED = [(p, m) for p, m in routes() if p not in OPEN]
WITH_IDS = [(p, m) for p, m in PROTECTED if "{" in p]
WITH_BODIES = [(p, m) for p, m in STATE_CHANGING if m in ("POST", "PUT", "PATCH")]


def writes(calls) -> int:
    return sum(n for name, n in calls.items() if name in WRITES)


def raw(session, method, path, data: bytes = b"", **headers):
    return session.client.http.request(method, path, headers={**session.headers(), **headers}, body=data)


@pytest.mark.parametrize("path, method", STATE_CHANGING)
def test_csrf_every_state_changing_route_refuses_forged_requests(sara, path, method, dynamodb_calls):
    url = filled(path)
    dynamodb_calls.clear()
    refused = [
        raw(sara, method, url, b'{"text": "x"}', **{"content-type": "application/json"}),  # no X-Requested-With
        raw(sara, method, url, b"text=x", **{"content-type": "application/x-www-form-urlencoded",
                                              "x-requested-with": "torget"}),
        raw(sara, method, url, b'{"text": "x"}', **{"content-type": "text/plain", "x-requested-with": "torget"}),
    ]
    for origin in ("https://evil.example", "null", "http://127.0.0.1:8000.evil.example"):
        refused.append(raw(sara, method, url, b'{"text": "x"}', **{"content-type": "application/json",
                                                                     "x-requested-with": "torget", "origin": origin}))
    for response in refused:
        assert response.status_code in (403, 415), (url, response.status_code, response.body)
        assert body(response)["error"]["code"] in ("csrf_header_required", "origin_not_allowed", "unsupported_media_type")
    assert writes(dynamodb_calls) == 0


@pytest.mark.parametrize("path, method", PROTECTED)
def test_every_route_but_login_needs_a_session(client, path, method):
    headers = {"x-requested-with": "torget", "content-type": "application/json"}
    for cookie in (None, "torget_session=" + "x" * 43, "torget_session="):
        response = client.http.request(method, filled(path), headers={**headers, **({"cookie": cookie} if cookie else {})},
                                       body=b"{}" if method in ("POST", "PUT", "PATCH") else b"")
        assert response.status_code == 401, (path, method, response.status_code, response.body)
        assert body(response)["error"]["code"] == "not_authenticated"


BAD_IDS = ["..%2f..%2fetc%2fpasswd", "abc%23POST%23", "%00", "x" * 3000, "%20", "GROUP%23other", "%3Cscript%3E",
           "01kbz3rmjn6q0pz7y0t8v5m2xh", "article:..%2f"]


@pytest.mark.parametrize("path, method", WITH_IDS)
def test_bad_ids_in_every_path_are_4xx_and_not_echoed(sara, path, method, dynamodb_calls):
    names = re.findall(r"\{(\w+)\}", path)
    for name in names:
        for bad in BAD_IDS:
            dynamodb_calls.clear()
            response = sara.send(method, filled(path, **{name: bad}), b"{}" if method in ("POST", "PUT", "PATCH") else b"")
            assert 400 <= response.status_code < 500, (path, method, name, bad, response.status_code, response.body)
            assert "<script>" not in response.body.decode() and "passwd" not in response.body.decode()
            assert writes(dynamodb_calls) == 0 or response.status_code == 429, (path, bad)


BAD_BODIES = [
    b"", b"   ", b"{", b'{"text":"hi",}', b"{'text': 'hi'}", b"[]", b"null", b'"text"', b"42",
    b'{"text": NaN}', b'{"text": Infinity}', b'{"text": 1e400}', b'{"text": 1.5}',
    b'{"n": 123456789012345678901234567890123456789012}',
    b"[" * 1000 + b"]" * 1000, b'{"a":' * 40 + b"1" + b"}" * 40, b'{"text": "\\ud800"}', b'{"text": "\\udfff\\ud800"}',
    b'{"text": "a", "text": "<script>"}', b"\xc0\xbc", b"\xff\xfe{}", b'{"text": "' + b"x" * 70_000 + b'"}',
    b'{"__proto__": {"isAdmin": true}}', b'{"text": {"$ne": ""}}', b'{"text": ["a"]}',
]


@pytest.mark.parametrize("path, method", WITH_BODIES)
def test_bad_bodies_on_every_route_are_4xx_and_write_nothing(sara, karin, path, method, dynamodb_calls):
    # Writing articles is for writers: an employee's 403 would come before the body is read.
    if path.startswith("/api/articles"):
        sara = karin
    # Routes without a body (a reaction, a read marker, a confirmation) take an empty one.
    bodyless = sara.send(method, filled(path), b"").status_code < 300
    for data in BAD_BODIES[1:] if bodyless else BAD_BODIES:
        if path.startswith("/api/articles") and len(data) > 64 * 1024:
            data = b'{"text": "' + b"x" * 600_000 + b'"}'  # an article's text may be 200 KB, its body 512 KB
        dynamodb_calls.clear()
        response = sara.send(method, filled(path), data)
        assert response.status_code in (400, 404, 409, 413, 415, 422), (path, method, data[:40], response.status_code,
                                                                        response.body[:300])
        assert body(response)["error"]["code"]
        assert writes(dynamodb_calls) == 0, (path, data[:40])


def test_a_body_without_content_type_is_refused(sara):
    response = sara.client.http.request("POST", "/api/threads/article:open-thread/comments", body=b'{"text":"hej"}',
                                        headers={"cookie": f"torget_session={sara.token}", "x-requested-with": "torget"})
    assert response.status_code in (400, 415) and body(response)["error"]["code"]


# --- faults injected into boto3 -------------------------------------------------------------------

@pytest.fixture
def inject():
    """Make the next DynamoDB calls of one operation fail as AWS would (a botocore event hook)."""
    from chalicelib import store

    hooks = []

    def fail(operation: str, code: str, times: int = 100):
        left = {"n": times}

        def hook(**_):
            if left["n"] > 0:
                left["n"] -= 1
                raise ClientError({"Error": {"Code": code, "Message": "injected"},
                                   "ResponseMetadata": {"HTTPStatusCode": 400 if "Throughput" in code else 500}}, operation)

        name = f"before-call.dynamodb.{operation}"
        store.client().meta.events.register(name, hook)
        hooks.append((name, hook))

    yield fail
    for name, hook in hooks:
        store.client().meta.events.unregister(name, hook)


@pytest.mark.parametrize("code", ["ProvisionedThroughputExceededException", "ThrottlingException", "InternalServerError"])
def test_a_throttled_or_failing_table_gives_503_and_writes_nothing(sara, inject, code):
    from chalicelib import keys, store

    inject("TransactWriteItems", code)
    response = sara.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "hej"}))
    assert response.status_code == 503 and header(response, "Retry-After") == "1"
    assert body(response)["error"]["code"] == "unavailable" and "Traceback" not in response.body.decode()
    assert body(sara.get("/api/threads/article:open-thread/comments"))["comments"] == []
    assert int(store.get(keys.target("article:open-thread")).get("comments", 0)) == 0


def test_faults_on_reads_and_on_the_session_lookup_are_503(sara, inject):
    inject("Query", "InternalServerError")
    response = sara.get("/api/feed")
    assert response.status_code == 503 and header(response, "Retry-After")
    inject("GetItem", "ThrottlingException")
    assert sara.get("/api/me").status_code == 503


def test_a_busy_table_after_the_write_costs_only_the_notification(sara, karin, inject):
    parent = body(karin.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "Fråga"})))
    inject("BatchGetItem", "ThrottlingException", times=1)  # the notification's look-up of Karin's settings
    response = sara.send("POST", "/api/threads/article:open-thread/comments",
                         json.dumps({"text": "Svar", "parentId": parent["id"]}))
    assert response.status_code == 201  # stored once; a retry would have made a duplicate
    assert len(body(sara.get("/api/threads/article:open-thread/comments"))["comments"]) == 2


def test_transaction_conflicts_are_retried_then_reported_busy(sara, inject):
    from chalicelib import store

    calls = {"n": 0}

    def conflict(**_):
        calls["n"] += 1
        raise store.client().exceptions.TransactionCanceledException(
            {"Error": {"Code": "TransactionCanceledException", "Message": "conflict"},
             "CancellationReasons": [{"Code": "TransactionConflict"}, {"Code": "None"}]}, "TransactWriteItems")

    store.client().meta.events.register("before-call.dynamodb.TransactWriteItems", conflict)
    try:
        response = sara.send("PUT", "/api/reactions/article:open-thread/like")
    finally:
        store.client().meta.events.unregister("before-call.dynamodb.TransactWriteItems", conflict)
    assert response.status_code == 503 and calls["n"] == 3


# --- concurrency ----------------------------------------------------------------------------------

def test_two_hundred_people_reacting_at_once_count_exactly_two_hundred(sara):
    from chalicelib import reactions

    callers = [{"id": f"person.{n}", "roles": ["employee"]} for n in range(200)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda caller: reactions.set_reaction(caller, "article:open-thread", "celebrate", True), callers))
    thread = body(sara.get("/api/threads/article:open-thread/comments"))["thread"]
    assert thread["reactions"] == {"celebrate": 200}


def test_twenty_identical_posts_with_one_idempotency_key_make_one_comment(sara):
    def send(_):
        return sara.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "en gång"}),
                         **{"idempotency-key": "same-key-12345"})

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(send, range(20)))
    assert {r.status_code for r in responses} <= {201, 200}
    assert len({body(r)["id"] for r in responses}) == 1
    assert len(body(sara.get("/api/threads/article:open-thread/comments"))["comments"]) == 1


def test_concurrent_edits_do_not_lose_updates(sara):
    comment = body(sara.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "v1"})))
    assert comment["version"] == 1
    first = sara.send("PATCH", f"/api/comments/{comment['id']}", json.dumps({"text": "from tab A", "version": 1}))
    second = sara.send("PATCH", f"/api/comments/{comment['id']}", json.dumps({"text": "from tab B", "version": 1}))
    assert first.status_code == 200 and body(first)["version"] == 2
    assert second.status_code == 409 and body(second)["error"]["code"] == "version_conflict"
    assert body(sara.get("/api/threads/article:open-thread/comments"))["comments"][0]["text"] == "from tab A"
    post = body(sara.send("POST", "/api/posts", json.dumps({"text": "p1"})))
    assert sara.send("PATCH", f"/api/posts/{post['id']}", json.dumps({"text": "A", "version": 1})).status_code == 200
    late = sara.send("PATCH", f"/api/posts/{post['id']}", json.dumps({"text": "B", "version": 1}))
    assert late.status_code == 409 and body(sara.get(f"/api/posts/{post['id']}"))["text"] == "A"
    for bad in (0, -1, "2", 1.5, True):
        assert sara.send("PATCH", f"/api/posts/{post['id']}", json.dumps({"text": "C", "version": bad})).status_code == 400


# --- only through CloudFront --------------------------------------------------------------------------

def test_with_an_origin_secret_only_requests_that_carry_it_are_answered(sara, monkeypatch):
    """Production: CloudFront adds X-Torget-Origin to every API request; one sent straight to the API's
    execute-api address lacks it and is refused, whatever it asks for."""
    monkeypatch.setenv("ORIGIN_SECRET", "from-cloudfront")
    refused = sara.get("/api/me")
    assert refused.status_code == 403 and json.loads(refused.body)["error"]["code"] == "forbidden"
    assert sara.get("/api/me", **{"X-Torget-Origin": "guessed"}).status_code == 403
    assert sara.get("/api/health").status_code == 403
    assert sara.get("/api/me", **{"X-Torget-Origin": "from-cloudfront"}).status_code == 200


# --- sessions and limits --------------------------------------------------------------------------

def test_expired_and_idle_sessions_are_refused(sara, monkeypatch):
    from chalicelib import config, keys, store
    from chalicelib.store import sessions

    key = keys.session(sessions.token_hash(sara.token))
    assert sara.get("/api/me").status_code == 200
    store.update(key, "SET #s = :old", {"#s": "seenAt"}, {":old": int(time.time()) - config.session_idle_seconds() - 5})
    assert sara.get("/api/me").status_code == 401  # idle too long
    assert store.get(key) is None  # and gone


def test_an_absolute_lifetime_ends_the_session(people, articles):
    from chalicelib import keys, store
    from chalicelib.store import sessions

    karin = people("karin.ek", "Karin Ek")
    store.update(keys.session(sessions.token_hash(karin.token)), "SET #t = :past", {"#t": keys.TTL_ATTRIBUTE},
                 {":past": int(time.time()) - 1})
    assert karin.get("/api/me").status_code == 401


def test_rate_limits_are_per_person_across_sessions(people, articles, monkeypatch):
    from chalicelib.store import sessions

    monkeypatch.setenv("RATE_LIMIT_COMMENT", "4")
    first = people("sara.nilsson", "Sara Nilsson")
    second_token = "second-session-of-sara-" + "x" * 20
    sessions.put_session(second_token, "sara.nilsson", ["employee"], 3600, "Sara Nilsson")
    second = type(first)(first.client, second_token)
    statuses = [(first if n % 2 else second).send("POST", "/api/threads/article:open-thread/comments",
                                                  json.dumps({"text": f"nr {n}"})).status_code for n in range(6)]
    assert statuses == [201, 201, 201, 201, 429, 429]
    limited = second.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "igen"}))
    assert int(header(limited, "Retry-After")) >= 1 and body(limited)["error"]["code"] == "rate_limited"


def test_a_person_may_hold_at_most_ten_websockets(people, articles):
    import app
    from chalicelib import live

    token = "socket-person-token-" + "y" * 23
    from chalicelib.store import sessions

    people("sara.nilsson", "Sara Nilsson")
    sessions.put_session(token, "sara.nilsson", ["employee"], 3600, "Sara Nilsson")
    headers = {"Origin": "http://127.0.0.1:8000", "Cookie": f"torget_session={token}"}

    def connect(n):
        event = {"requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "connectionId": f"c{n}",
                                    "domainName": "127.0.0.1", "stage": "local", "apiId": "local"},
                 "headers": headers, "isBase64Encoded": False}
        return app.ws_connect(event, None)["statusCode"]

    assert [connect(n) for n in range(live.MAX_CONNECTIONS_PER_PERSON)] == [200] * live.MAX_CONNECTIONS_PER_PERSON
    assert connect(99) == 403
    app.ws_disconnect({"requestContext": {"routeKey": "$disconnect", "eventType": "DISCONNECT", "connectionId": "c0",
                                          "domainName": "127.0.0.1", "stage": "local", "apiId": "local"}}, None)
    assert connect(100) == 200

