"""WebSocket handlers on DynamoDB Local: connect, subscribe, send, fan-out, gone connections, limits, bad frames."""

import json

import pytest
from botocore.exceptions import ClientError
from chalicelib import events, keys, store
from chalicelib.store import sessions as session_store

ORIGIN = "http://127.0.0.1:8000"


class Management:
    """Records pushes; connections in `gone` raise GoneException like API Gateway."""

    def __init__(self):
        self.sent: dict[str, list[dict]] = {}
        self.gone: set[str] = set()
        self.deleted: list[str] = []
        self.on_send = None

    def post_to_connection(self, ConnectionId, Data):
        if ConnectionId in self.gone:
            raise ClientError({"Error": {"Code": "GoneException", "Message": "gone"}}, "PostToConnection")
        if self.on_send:
            self.on_send(ConnectionId, json.loads(Data))
        self.sent.setdefault(ConnectionId, []).append(json.loads(Data))

    def delete_connection(self, ConnectionId):
        self.deleted.append(ConnectionId)

    def of(self, connection_id, kind=None):
        return [m for m in self.sent.get(connection_id, []) if kind is None or m["type"] == kind]


@pytest.fixture
def management():
    fake = Management()
    events.use_sender(fake)
    yield fake
    events.use_sender(None)


@pytest.fixture
def app_module(client):
    import app

    return app


def event(route, connection_id, body=None, headers=None, binary=False):
    built = {"requestContext": {"routeKey": route, "eventType": route.strip("$").upper(), "connectionId": connection_id,
                                "domainName": "127.0.0.1:8000", "stage": "local", "apiId": "local"},
             "isBase64Encoded": binary}
    if headers is not None:
        built["headers"] = headers
    if body is not None:
        built["body"] = body
    return built


class Socket:
    def __init__(self, app_module, management, connection_id, token, origin=ORIGIN):
        self.app, self.management, self.id = app_module, management, connection_id
        headers = {"Origin": origin, "Cookie": f"torget_session={token}"} if token is not None else {"Origin": origin}
        self.answer = app_module.ws_connect(event("$connect", connection_id, headers=headers), None)

    def frame(self, payload):
        body = payload if isinstance(payload, str) else json.dumps(payload)
        self.app.ws_message(event("$default", self.id, body=body), None)
        return self.management.of(self.id)[-1] if self.management.of(self.id) else None

    def close(self):
        self.app.ws_disconnect(event("$disconnect", self.id), None)


@pytest.fixture
def world(people, articles, app_module, management):
    """Sara and Karin in an open group with a room; Nils outside; each may open sockets."""
    sara, karin, nils = people("sara.nilsson", "Sara Nilsson"), people("karin.ek", "Karin Ek"), people("nils.out", "Nils Out")
    group = json.loads(karin.send("POST", "/api/groups", json.dumps({"name": "Kören", "visibility": "closed"})).body)
    karin.send("PUT", f"/api/groups/{group['id']}/members/sara.nilsson")
    sara.send("PUT", f"/api/groups/{group['id']}/members/sara.nilsson")

    def socket(session, connection_id, origin=ORIGIN):
        return Socket(app_module, management, connection_id, session.token, origin)

    return {"sara": sara, "karin": karin, "nils": nils, "room": f"group-{group['id']}", "socket": socket,
            "management": management}


def test_connect_needs_a_session_and_our_origin(world, app_module, management):
    assert Socket(app_module, management, "c-none", None).answer["statusCode"] == 403
    assert Socket(app_module, management, "c-bad", "x" * 43).answer["statusCode"] == 403
    for origin in ("https://evil.example", "null", "http://127.0.0.1:8000.evil.example", None):
        assert world["socket"](world["sara"], "c-evil", origin).answer["statusCode"] == 403
    assert store.get(keys.connection("c-evil")) is None
    good = world["socket"](world["sara"], "c-good")
    assert good.answer["statusCode"] == 200
    assert store.get(keys.connection("c-good"))["personId"] == "sara.nilsson"


def test_subscriptions_need_membership(world):
    nils = world["socket"](world["nils"], "c-nils")
    reply = nils.frame({"action": "subscribe", "topics": [f"room:{world['room']}", "user:sara.nilsson", "feed",
                                                          "user:nils.out", "thread:article:open-thread", "bogus"]})
    assert reply["type"] == "subscribed"
    assert reply["data"]["topics"] == ["feed", "user:nils.out", "thread:article:open-thread"]
    assert set(reply["data"]["refused"]) == {f"room:{world['room']}", "user:sara.nilsson", "bogus"}


def test_a_message_is_stored_before_it_is_fanned_out(world, management):
    sara, karin, nils = (world["socket"](world[name], f"c-{name}") for name in ("sara", "karin", "nils"))
    for socket in (sara, karin):
        socket.frame({"action": "subscribe", "topics": [f"room:{world['room']}"]})
    nils.frame({"action": "subscribe", "topics": [f"room:{world['room']}"]})
    stored_when_sent = []

    def check(connection_id, message):
        if message["type"] == "message.created":
            stored_when_sent.append(store.get(keys.message(world["room"], message["data"]["id"])) is not None)

    management.on_send = check
    reply = sara.frame({"action": "send", "room": world["room"], "text": "Hej **kören**", "clientId": "client-0001",
                        "userId": "karin.ek", "displayName": "VD"})
    assert reply["type"] == "ack" and reply["data"]["author"] == {"id": "sara.nilsson", "name": "Sara Nilsson"}
    created = [m for m in management.of("c-karin", "message.created")]
    assert len(created) == 1 and created[0]["data"]["html"] == "<p>Hej <strong>kören</strong></p>"
    assert stored_when_sent and all(stored_when_sent)
    assert management.of("c-nils", "message.created") == []


def test_a_replayed_client_id_is_one_message(world, management):
    sara, karin = world["socket"](world["sara"], "c-s"), world["socket"](world["karin"], "c-k")
    karin.frame({"action": "subscribe", "topics": [f"room:{world['room']}"]})
    first = sara.frame({"action": "send", "room": world["room"], "text": "en gång", "clientId": "same-client-id"})
    again = sara.frame({"action": "send", "room": world["room"], "text": "en gång", "clientId": "same-client-id"})
    assert first["data"]["id"] == again["data"]["id"]
    assert len(management.of("c-k", "message.created")) == 1
    listed = json.loads(world["sara"].get(f"/api/chat/rooms/{world['room']}/messages").body)["messages"]
    assert len(listed) == 1


def test_outsiders_cannot_send_or_type(world, management):
    nils = world["socket"](world["nils"], "c-n")
    reply = nils.frame({"action": "send", "room": world["room"], "text": "in", "clientId": "intruder-1"})
    assert reply["type"] == "error" and reply["code"] == "not_found" and reply["ref"] == "intruder-1"
    assert nils.frame({"action": "typing", "room": world["room"]})["code"] == "not_found"
    listed = json.loads(world["sara"].get(f"/api/chat/rooms/{world['room']}/messages").body)["messages"]
    assert listed == []


def test_a_gone_connection_is_removed_and_the_rest_still_get_it(world, management):
    sara, karin = world["socket"](world["sara"], "c-s"), world["socket"](world["karin"], "c-gone")
    for socket in (sara, karin):
        socket.frame({"action": "subscribe", "topics": [f"room:{world['room']}"]})
    management.gone.add("c-gone")
    sara.frame({"action": "send", "room": world["room"], "text": "hallå?", "clientId": "client-0002"})
    assert store.get(keys.connection("c-gone")) is None
    assert store.get(keys.subscription(f"room:{world['room']}", "c-gone")) is None
    assert management.of("c-s", "message.created")


def test_sending_too_fast_gets_rate_limited(world, management):
    sara = world["socket"](world["sara"], "c-s")
    replies = [sara.frame({"action": "send", "room": world["room"], "text": f"m{n}", "clientId": f"client-{n:04d}"})
               for n in range(32)]
    assert [r["type"] for r in replies[:30]] == ["ack"] * 30
    assert replies[30]["type"] == "error" and replies[30]["code"] == "rate_limited"


@pytest.mark.parametrize("body, code", [
    ("not json", "invalid_json"), ("[]", "validation_failed"), ('{"action": "fly"}', "unknown_action"),
    ("{}", "unknown_action"), ('{"action": "send", "room": "x", "text": "hi", "clientId": "abcdefgh"}', "invalid_id"),
    ("[" * 1000 + "]" * 1000, "too_deep"), ('{"a":1,"a":2}', "duplicate_key"), ('{"action": NaN}', "invalid_number"),
    ("x" * (33 * 1024), "message_too_large"), ('{"action": "subscribe", "topics": "feed"}', "validation_failed"),
])
def test_bad_frames_get_an_error_frame(world, body, code):
    sara = world["socket"](world["sara"], "c-s")
    reply = sara.frame(body)
    assert reply["type"] == "error" and reply["code"] == code
    assert store.get(keys.connection("c-s")) is not None  # the connection stays


def test_a_message_over_four_kilobytes_is_refused_with_its_ref(world, management):
    sara = world["socket"](world["sara"], "c-s")
    reply = sara.frame({"action": "send", "room": world["room"], "text": "a" * 4097, "clientId": "big-client"})
    assert reply == {"type": "error", "code": "message_too_large", "message": reply["message"], "ref": "big-client"}


def test_binary_frames_are_refused(world, app_module, management):
    world["socket"](world["sara"], "c-s")
    app_module.ws_message(event("$default", "c-s", body="AAEC", binary=True), None)
    assert management.of("c-s")[-1]["code"] == "unsupported_frame"


def test_after_logout_the_socket_is_closed(world, management):
    sara = world["socket"](world["sara"], "c-s")
    session_store.delete_session(world["sara"].token)
    reply = sara.frame({"action": "send", "room": world["room"], "text": "efter utloggning", "clientId": "after-out"})
    assert reply["code"] == "not_authenticated"
    assert "c-s" in management.deleted and store.get(keys.connection("c-s")) is None


def test_disconnect_removes_subscriptions_and_updates_presence(world, management):
    sara, karin = world["socket"](world["sara"], "c-s"), world["socket"](world["karin"], "c-k")
    for socket in (sara, karin):
        socket.frame({"action": "subscribe", "topics": [f"room:{world['room']}", f"view:{world['room']}"]})
    here = management.of("c-k", "presence")[-1]["data"]
    assert here == {"online": [{"id": "karin.ek", "name": "Karin Ek"}, {"id": "sara.nilsson", "name": "Sara Nilsson"}],
                    "count": 2, "more": False}
    sara.close()
    assert store.get(keys.subscription(f"view:{world['room']}", "c-s")) is None
    assert management.of("c-k", "presence")[-1]["data"]["online"] == [{"id": "karin.ek", "name": "Karin Ek"}]


def test_typing_and_presence_reach_only_the_tabs_with_the_room_open(world, management):
    """Karin has the room open; her second tab only shows its unread count (room:, not view:)."""
    sara, open_tab, badge_tab = (world["socket"](world["sara"], "c-s"), world["socket"](world["karin"], "c-open"),
                                 world["socket"](world["karin"], "c-badge"))
    sara.frame({"action": "subscribe", "topics": [f"room:{world['room']}", f"view:{world['room']}"]})
    open_tab.frame({"action": "subscribe", "topics": [f"room:{world['room']}", f"view:{world['room']}"]})
    badge_tab.frame({"action": "subscribe", "topics": [f"room:{world['room']}"]})
    sara.frame({"action": "typing", "room": world["room"]})
    sara.frame({"action": "send", "room": world["room"], "text": "hej", "clientId": "client-view"})
    assert management.of("c-open", "typing") and management.of("c-open", "message.created")
    assert management.of("c-badge", "message.created")  # the unread count still hears of the message
    assert not management.of("c-badge", "typing") and not management.of("c-badge", "presence")
    # Typing needs the room open in that tab.
    assert badge_tab.frame({"action": "typing", "room": world["room"]})["code"] == "not_found"
    # Closing the room in a tab tells the others.
    open_tab.frame({"action": "unsubscribe", "topics": [f"view:{world['room']}"]})
    assert management.of("c-s", "presence")[-1]["data"]["online"] == [{"id": "sara.nilsson", "name": "Sara Nilsson"}]


def test_presence_in_a_big_room_reads_one_page_and_names_a_screenful(world, management, dynamodb_calls):
    """150 tabs have the company room open (more than a page of 100): a join reads one page, and only the one
    who came is told (everyone else would be a push each per join), with a screenful of names and that there
    are more."""
    from chalicelib import live

    topic = f"view:{world['room']}"
    for n in range(150):
        store.put({**keys.subscription(topic, f"c-{n:04d}"), "connectionId": f"c-{n:04d}", "personId": f"p{n:04d}",
                   "name": f"Person {n:04d}"})
    sara = world["socket"](world["sara"], "c-s")
    dynamodb_calls.clear()
    sara.frame({"action": "subscribe", "topics": [topic]})
    assert dynamodb_calls["Query"] == 1  # one page of viewers, however many there are
    [here] = management.of("c-s", "presence")
    assert len(here["data"]["online"]) == live.PRESENCE_NAMES and here["data"]["more"] is True
    assert sum(len(management.of(f"c-{n:04d}")) for n in range(150)) == 0
    assert len(json.dumps(here)) < 2048  # far below API Gateway's 32 KB frame


def test_a_big_audience_is_delivered_off_the_senders_call_in_units(world, management):
    """434 tabs follow the feed: the post's call queues one unit and answers; the units reach everyone but
    the gone connections, which are forgotten."""
    from chalicelib import events as fanout
    from chalicelib import jobs, work_queue

    for n in range(434):
        store.put({**keys.subscription("feed", f"c-{n:04d}"), "connectionId": f"c-{n:04d}", "personId": f"p{n}", "name": "x"})
    for gone in ("c-0007", "c-0400"):
        store.put({**keys.connection(gone), "connectionId": gone, "personId": "p", "topics": {"feed"}})
        management.gone.add(gone)
    assert fanout.publish("feed", "post.created", {"id": "x"}) == 0
    assert not management.sent and [json.loads(unit)["job"] for unit, _ in work_queue.PENDING] == ["fanout"]
    done = jobs.drain()
    assert done["delivery_units"] == 3 and done["delivered"] == 432 and not jobs.DEAD  # units of 200
    assert store.get(keys.subscription("feed", "c-0007")) is None and store.get(keys.subscription("feed", "c-0008"))


def test_comments_and_posts_publish_their_events(world, management):
    karin = world["socket"](world["karin"], "c-k")
    karin.frame({"action": "subscribe", "topics": ["thread:article:open-thread", "feed"]})
    world["sara"].send("POST", "/api/threads/article:open-thread/comments", '{"text": "live!"}')
    world["sara"].send("PUT", "/api/reactions/article:open-thread/heart")
    world["sara"].send("POST", "/api/posts", '{"text": "nytt inlägg"}')
    kinds = [m["type"] for m in management.of("c-k")]
    assert "comment.created" in kinds and "reaction.changed" in kinds and "post.created" in kinds
    changed = management.of("c-k", "reaction.changed")[-1]["data"]
    assert changed["reactions"] == {"heart": 1} and changed["target"] == "article:open-thread"


def test_direct_rooms_unread_and_read_markers(world, management):
    room = json.loads(world["sara"].send("POST", "/api/chat/rooms", '{"members": ["karin.ek"]}').body)
    again = json.loads(world["karin"].send("POST", "/api/chat/rooms", '{"members": ["sara.nilsson"]}').body)
    assert room["id"] == again["id"]
    for n in range(3):
        body = json.dumps({"text": f"m{n}", "clientId": f"dm-client-{n}"})
        world["sara"].send("POST", f"/api/chat/rooms/{room['id']}/messages", body)
    listed = json.loads(world["karin"].get("/api/chat/rooms").body)
    dm = next(r for r in listed["rooms"] if r["id"] == room["id"])
    assert dm["unread"] == 3 and dm["name"] == "Sara Nilsson"
    world["karin"].send("POST", f"/api/chat/rooms/{room['id']}/read")
    rooms = json.loads(world["karin"].get("/api/chat/rooms").body)["rooms"]
    assert next(r for r in rooms if r["id"] == room["id"])["unread"] == 0
    assert world["nils"].get(f"/api/chat/rooms/{room['id']}/messages").status_code == 404


def test_a_slow_connection_does_not_hold_up_the_others(world, management):
    """Fan-out runs in parallel: one connection taking 0.4 s to accept delays nobody else by that much each."""
    import time as clock

    from chalicelib import events as fanout

    for n in range(20):
        store.put({**keys.subscription("feed", f"c-{n}"), "connectionId": f"c-{n}", "personId": f"p{n}", "name": "x"})

    def slow(connection_id, _message):
        if connection_id in ("c-3", "c-7"):
            clock.sleep(0.4)

    management.on_send = slow
    management.gone.add("c-11")
    started = clock.perf_counter()
    delivered = fanout.publish("feed", "post.created", {"id": "x"})
    assert delivered == 19 and clock.perf_counter() - started < 1.2  # serially it would be 0.8 s plus the rest


def test_a_socket_opened_straight_at_the_api_without_the_origin_secret_is_refused(world, monkeypatch):
    monkeypatch.setenv("ORIGIN_SECRET", "from-cloudfront")
    assert world["socket"](world["sara"], "straight").answer["statusCode"] == 403


def test_a_group_rooms_unread_count_reaches_members_through_their_own_topic(world, management):
    """Karin's tab shows only the header's count: it listens to her own topic, not to every room."""
    from chalicelib import jobs

    karin = world["socket"](world["karin"], "c-k")
    karin.frame({"action": "subscribe", "topics": ["user:karin.ek"]})
    sara = world["socket"](world["sara"], "c-s")
    sara.frame({"action": "send", "room": world["room"], "text": "Övning i kväll", "clientId": "client-badge"})
    assert not management.of("c-k", "chat.unread")  # after the sender's call, by a work unit
    assert jobs.drain()["unread_told"] == 1
    [told] = management.of("c-k", "chat.unread")
    assert told["data"]["room"] == world["room"] and told["data"]["from"]["id"] == "sara.nilsson"
    assert not management.of("c-s", "chat.unread")  # not the author


def test_someone_who_leaves_has_their_open_sockets_closed_by_the_directorys_request(world, management, settings_env):
    settings_env(SCIM_TOKEN="scim-live-token-0123456789")
    scim = {"authorization": "Bearer scim-live-token-0123456789", "content-type": "application/scim+json"}
    made = world["sara"].client.http.post("/api/scim/v2/Users", headers=scim, body=json.dumps({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "sara.nilsson@x.example",
        "emails": [{"value": "sara.nilsson@x.example", "type": "work"}], "displayName": "Sara Nilsson"}).encode())
    assert made.status_code == 201 and json.loads(made.body)["id"] == "sara.nilsson"  # adopted: the same e-mail
    first, second = world["socket"](world["sara"], "c-leaver-1"), world["socket"](world["sara"], "c-leaver-2")
    karins = world["socket"](world["karin"], "c-stays")
    assert first.answer["statusCode"] == second.answer["statusCode"] == 200
    left = world["sara"].client.http.request("PATCH", "/api/scim/v2/Users/sara.nilsson", headers=scim, body=json.dumps({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": False}]}).encode())
    assert left.status_code == 200
    assert sorted(management.deleted) == ["c-leaver-1", "c-leaver-2"]
    assert store.get(keys.connection("c-leaver-1")) is None and store.get(keys.connection("c-stays")) is not None
    assert karins.frame({"action": "subscribe", "topics": [world["room"]]})["type"] == "subscribed"
