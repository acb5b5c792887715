"""Who may do what with a group and its posts: one parametrised matrix.

Every group, post and feed endpoint × {anonymous, non-member, member,
group admin, owner, moderator} × {open, closed, secret}. A non-member of a
closed or secret group gets exactly what a non-existent thing would get.
"""

import json

import pytest

from tests.conftest import Session

ROLES = ["anonymous", "nonmember", "member", "admin", "owner", "moderator"]
KINDS = ["open", "closed", "secret"]


def grid(anonymous, nonmember, member, admin, owner, moderator=None):
    """Expected statuses by role; each entry is one status or a dict by group kind."""
    cells = {"anonymous": anonymous, "nonmember": nonmember, "member": member, "admin": admin, "owner": owner,
             "moderator": nonmember if moderator is None else moderator}
    return {role: value if isinstance(value, dict) else dict.fromkeys(KINDS, value) for role, value in cells.items()}


def by_kind(open_, closed, secret):
    return {"open": open_, "closed": closed, "secret": secret}


HIDDEN = by_kind(200, 404, 404)
MATRIX = {
    "get group": grid(401, by_kind(200, 200, 404), 200, 200, 200),
    "edit group": grid(401, by_kind(403, 403, 404), 403, 200, 200),
    "archive group": grid(401, by_kind(403, 403, 404), 403, 403, 200),
    "list members": grid(401, by_kind(200, 403, 404), 200, 200, 200),
    "join": grid(401, by_kind(200, 200, 404), 200, 200, 200),
    "remove a member": grid(401, by_kind(403, 403, 404), 403, 200, 200),
    "group feed": grid(401, by_kind(200, 403, 404), 200, 200, 200),
    "post in group": grid(401, by_kind(403, 403, 404), 201, 201, 201),
    "read post": grid(401, HIDDEN, 200, 200, 200),
    "edit someone's post": grid(401, by_kind(403, 404, 404), 403, 403, 403),
    "delete someone's post": grid(401, by_kind(403, 404, 404), 403, 200, 200, moderator=HIDDEN),
    "read its comments": grid(401, HIDDEN, 200, 200, 200),
    "comment on it": grid(401, by_kind(201, 404, 404), 201, 201, 201),
    "react to it": grid(401, HIDDEN, 200, 200, 200),
    # Dela never widens who sees a post: out of a closed or secret group it goes nowhere but that group.
    "share it to the company feed": grid(401, by_kind(201, 404, 404), by_kind(201, 403, 403), by_kind(201, 403, 403),
                                         by_kind(201, 403, 403)),
    "share it in its group": grid(401, by_kind(403, 404, 404), 201, 201, 201),
}
CASES = [(action, role, kind) for action in MATRIX for role in ROLES for kind in KINDS]


@pytest.fixture
def world(client, people, articles):
    """One group of the given kind: owner, an admin, a member, the author of a post; outsiders."""
    cast = {
        "owner": people("olle.owner", "Olle Owner"),
        "admin": people("anna.admin", "Anna Admin"),
        "member": people("mia.member", "Mia Member"),
        "author": people("alf.author", "Alf Author"),
        "nonmember": people("nils.outside", "Nils Outside"),
        "moderator": people("mona.moderator", "Mona Moderator", ("employee", "moderator")),
        "anonymous": Session(client, ""),
    }

    def build(kind: str) -> dict:
        owner = cast["owner"]
        group = json.loads(owner.send("POST", "/api/groups", json.dumps({"name": f"Grupp {kind}", "visibility": kind})).body)
        gid = group["id"]
        for name in ("admin", "member", "author"):
            person = cast[name]
            person_id = {"admin": "anna.admin", "member": "mia.member", "author": "alf.author"}[name]
            if kind == "open":
                assert person.send("PUT", f"/api/groups/{gid}/members/{person_id}").status_code == 200
            else:
                assert owner.send("PUT", f"/api/groups/{gid}/members/{person_id}").status_code == 200  # invite
                assert person.send("PUT", f"/api/groups/{gid}/members/{person_id}").status_code == 200  # accept
        assert owner.send("PUT", f"/api/groups/{gid}/members/anna.admin", '{"role": "admin"}').status_code == 200
        post = json.loads(cast["author"].send("POST", "/api/posts", json.dumps({"text": "hemligt?", "groupId": gid})).body)
        return {"group": gid, "post": post["id"], **cast}

    return build


def act(world: dict, action: str, who: Session):
    gid, post = world["group"], world["post"]
    calls = {
        "get group": ("GET", f"/api/groups/{gid}", None),
        "edit group": ("PATCH", f"/api/groups/{gid}", '{"description": "ny"}'),
        "archive group": ("DELETE", f"/api/groups/{gid}", None),
        "list members": ("GET", f"/api/groups/{gid}/members", None),
        "join": ("PUT", f"/api/groups/{gid}/members/{who_id(world, who)}", None),
        "remove a member": ("DELETE", f"/api/groups/{gid}/members/alf.author", None),
        "group feed": ("GET", f"/api/groups/{gid}/feed", None),
        "post in group": ("POST", "/api/posts", json.dumps({"text": "hej", "groupId": gid})),
        "read post": ("GET", f"/api/posts/{post}", None),
        "edit someone's post": ("PATCH", f"/api/posts/{post}", '{"text": "ändrat"}'),
        "delete someone's post": ("DELETE", f"/api/posts/{post}", None),
        "read its comments": ("GET", f"/api/threads/post:{post}/comments", None),
        "comment on it": ("POST", f"/api/threads/post:{post}/comments", '{"text": "hej"}'),
        "react to it": ("PUT", f"/api/reactions/post:{post}/like", None),
        "share it to the company feed": ("POST", "/api/shares", json.dumps({"target": f"post:{post}", "text": "läs"})),
        "share it in its group": ("POST", "/api/shares", json.dumps({"target": f"post:{post}", "groupId": gid})),
    }
    method, path, body = calls[action]
    if method == "GET":
        return who.get(path)
    return who.send(method, path, body)


def who_id(world, who) -> str:
    for name, person_id in (("owner", "olle.owner"), ("admin", "anna.admin"), ("member", "mia.member"),
                            ("nonmember", "nils.outside"), ("moderator", "mona.moderator")):
        if world[name] is who:
            return person_id
    return "nobody.at.all"


@pytest.mark.parametrize("action, role, kind", CASES, ids=[f"{a}-{r}-{k}" for a, r, k in CASES])
def test_access(world, action, role, kind):
    state = world(kind)
    response = act(state, action, state[role])
    expected = MATRIX[action][role][kind]
    assert response.status_code == expected, response.body
    if expected == 404:
        # Exactly what something that does not exist gets.
        assert json.loads(response.body)["error"]["code"] == "not_found"
        assert "hemligt" not in response.body.decode() and "Grupp" not in response.body.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_private_posts_never_leak_into_the_feed_or_counts(world, kind):
    state = world(kind)
    target = f"post:{state['post']}"
    for role in ("nonmember", "moderator", "member"):
        who = state[role]
        feed = json.loads(who.get("/api/feed").body)["items"]
        in_feed = any(item["target"] == target for item in feed)
        assert in_feed == (kind == "open"), (role, kind)
        counts = json.loads(who.get(f"/api/threads?ids={target}").body)["threads"]
        assert (target in counts) == (kind == "open" or role == "member"), (role, kind)
        mine = json.loads(who.get("/api/groups?mine=1").body)["groups"]
        assert any(group["id"] == state["group"] for group in mine) == (role == "member")
        directory = json.loads(who.get("/api/groups").body)["groups"]
        # Secret groups are never in the directory; their members find them under "my groups".
        assert any(group["id"] == state["group"] for group in directory) == (kind != "secret")


def test_comments_and_reactions_inside_a_private_post_stay_inside(world):
    state = world("closed")
    member, outsider = state["member"], state["nonmember"]
    comment = json.loads(member.send("POST", f"/api/threads/post:{state['post']}/comments", '{"text": "internt"}').body)
    assert outsider.send("PUT", f"/api/reactions/comment:{comment['id']}/like").status_code == 404
    assert outsider.send("PATCH", f"/api/comments/{comment['id']}", '{"text": "x"}').status_code == 404
    assert outsider.send("DELETE", f"/api/comments/{comment['id']}").status_code == 404
    assert outsider.send("POST", f"/api/threads/post:{state['post']}/comments",
                         json.dumps({"text": "in", "parentId": comment["id"]})).status_code == 404
    assert member.send("PUT", f"/api/reactions/comment:{comment['id']}/like").status_code == 200
    assert json.loads(outsider.get(f"/api/threads?ids=comment:{comment['id']}").body)["threads"] == {}
