"""The directory and profiles: finding colleagues, what a profile shows to whom, one's own bio."""

import json

import pytest
from chalicelib.store import people as people_store

from tests.conftest import body


@pytest.fixture
def staff(people, articles):
    made = {}
    for person_id, name, title, department in [
        ("sara.nilsson", "Sara Nilsson", "Driftingenjör", "Drift"),
        ("ahmed.hassan", "Ahmed Hassan", "HR-partner", "HR"),
        ("karin.ek", "Karin Ek", "VD", "Ledning"),
        ("lars.holm", "Lars Holm", "Elingenjör", "Drift"),
    ]:
        made[person_id] = people(person_id, name)
        people_store.save_from_login({"id": person_id, "name": name, "email": f"{person_id}@x.example",
                                      "title": title, "department": department, "roles": ["employee"]})
    return made


def found(session, q):
    response = session.get(f"/api/people?q={q}")
    assert response.status_code == 200, response.body
    return [person["id"] for person in body(response)["people"]]


def test_the_directory_finds_people_by_name_title_and_department(staff):
    sara = staff["sara.nilsson"]
    assert found(sara, "sa") == ["sara.nilsson"]
    assert found(sara, "drift") == ["lars.holm", "sara.nilsson"]
    assert found(sara, "Drift%20lars") == ["lars.holm"]
    assert found(sara, "partner") == ["ahmed.hassan"]  # HR-partner: each part of a word is a word
    assert found(sara, "HOLM") == ["lars.holm"]
    assert found(sara, "zz") == []
    assert sara.get("/api/people?q=%20").status_code == 400


def test_the_directory_lists_everyone_a_to_z_a_page_at_a_time(staff, monkeypatch, dynamodb_calls):
    from chalicelib import people

    monkeypatch.setattr(people, "BROWSE_PAGE", 3)
    sara = staff["sara.nilsson"]
    dynamodb_calls.clear()
    first = body(sara.get("/api/people"))
    assert [p["name"] for p in first["people"]] == ["Ahmed Hassan", "Karin Ek", "Lars Holm"]
    assert set(first["people"][0]) == {"id", "name", "title", "department", "photo", "photoSmall"}  # a card, not the record
    assert dynamodb_calls["Query"] == 1 and sum(dynamodb_calls.values()) == dynamodb_calls["Query"] + dynamodb_calls["GetItem"]
    rest = body(sara.get(f"/api/people?cursor={first['next']}"))
    assert [p["name"] for p in rest["people"]] == ["Sara Nilsson"] and rest["next"] is None
    # A cursor is Sara's: another person cannot page with it, and a forged one is refused.
    assert staff["karin.ek"].get(f"/api/people?cursor={first['next']}").status_code == 400
    assert sara.get("/api/people?cursor=forged").status_code == 400


def test_a_new_title_moves_a_person_in_the_directory(staff):
    people_store.save_from_login({"id": "lars.holm", "name": "Lars Holm", "email": "l@x.example", "title": "Chef",
                                  "department": "Ledning", "roles": ["employee"]})
    sara = staff["sara.nilsson"]
    assert found(sara, "drift") == ["sara.nilsson"]
    assert found(sara, "ledning") == ["karin.ek", "lars.holm"]


def test_a_profile_shows_groups_and_recent_writing_the_reader_may_see(staff):
    sara, karin, lars = staff["sara.nilsson"], staff["karin.ek"], staff["lars.holm"]
    open_group = body(sara.send("POST", "/api/groups", json.dumps({"name": "Löparna", "visibility": "open"})))
    secret = body(sara.send("POST", "/api/groups", json.dumps({"name": "Hemligt", "visibility": "secret"})))
    sara.send("POST", "/api/posts", json.dumps({"text": "Hej alla"}))
    sara.send("POST", "/api/posts", json.dumps({"text": "Bara för oss", "groupId": secret["id"]}))
    sara.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "Bra artikel"}))
    profile = body(karin.get("/api/people/sara.nilsson"))
    assert profile["name"] == "Sara Nilsson" and profile["title"] == "Driftingenjör" and profile["department"] == "Drift"
    assert [g["name"] for g in profile["groups"]] == ["Löparna"]
    assert [(r["kind"], r["text"]) for r in profile["recent"]] == [("comment", "Bra artikel"), ("post", "Hej alla")]
    assert profile["recent"][0]["title"] == "Open" and profile["recent"][0]["url"] == "/news/open-thread/"
    assert "bio" not in profile  # the source is only for its owner
    sara.send("PUT", f"/api/groups/{secret['id']}/members/lars.holm")
    lars.send("PUT", f"/api/groups/{secret['id']}/members/lars.holm")
    as_member = body(lars.get("/api/people/sara.nilsson"))
    assert sorted(g["name"] for g in as_member["groups"]) == ["Hemligt", "Löparna"]
    assert "Bara för oss" in [r["text"] for r in as_member["recent"]]
    assert open_group["id"] in [g["id"] for g in as_member["groups"]]


def test_deleted_writing_leaves_the_profile(staff):
    sara = staff["sara.nilsson"]
    comment = body(sara.send("POST", "/api/threads/article:open-thread/comments", json.dumps({"text": "Oj"})))
    sara.send("DELETE", f"/api/comments/{comment['id']}")
    assert body(staff["karin.ek"].get("/api/people/sara.nilsson"))["recent"] == []


def test_a_person_edits_their_own_bio_and_it_is_sanitised(staff):
    sara = staff["sara.nilsson"]
    response = sara.send("PATCH", "/api/me", json.dumps({"bio": "Jag kör **drift**. <script>alert(1)</script>"}))
    assert response.status_code == 200
    profile = body(staff["karin.ek"].get("/api/people/sara.nilsson"))
    assert "<strong>drift</strong>" in profile["bioHtml"] and "<script" not in profile["bioHtml"]
    assert body(sara.get("/api/people/sara.nilsson"))["bio"].startswith("Jag kör **drift**")
    assert sara.send("PATCH", "/api/me", json.dumps({"bio": "x" * 2001})).status_code == 400
    assert sara.send("PATCH", "/api/me", json.dumps({"bio": 5})).status_code == 400
    assert sara.send("PATCH", "/api/me", json.dumps({"bio": ""})).status_code == 200
    assert body(sara.get("/api/people/sara.nilsson"))["bioHtml"] == ""


def test_unknown_and_bad_person_ids(staff):
    sara = staff["sara.nilsson"]
    assert sara.get("/api/people/nobody.here").status_code == 404
    assert sara.get("/api/people/%3Cscript%3E").status_code == 400


def test_photo_claims_are_kept_only_as_paths_on_our_site():
    from chalicelib.people import photo_url

    assert photo_url("/images/people/sara-nilsson.svg") == "/images/people/sara-nilsson.svg"
    for bad in ("https://evil.example/x.png", "/../x.png", "//evil.example/x.png", "javascript:alert(1)", "/x.svg?a=1", 5, None):
        assert photo_url(bad) == ""


def test_round_trips_of_a_profile_and_a_search(staff, dynamodb_calls):
    sara = staff["sara.nilsson"]
    staff["karin.ek"].send("POST", "/api/posts", json.dumps({"text": "Hej"}))
    dynamodb_calls.clear()
    found(sara, "drift")
    assert dict(dynamodb_calls) == {"GetItem": 1, "Query": 1}
    dynamodb_calls.clear()
    sara.get("/api/people/karin.ek")
    assert dict(dynamodb_calls) == {"GetItem": 2, "Query": 2, "BatchGetItem": 1}


WEBP = b"RIFF\x20\x00\x00\x00WEBPVP8 " + b"\x00" * 64


def test_my_own_photo_shows_in_the_directory_and_goes_back_to_initials(staff):
    from tests.functions.test_uploads import upload

    sara = staff["sara.nilsson"]
    large, small = upload(sara, WEBP, "image/webp")["key"], upload(sara, WEBP, "image/webp")["key"]
    response = sara.send("PATCH", "/api/me", json.dumps({"photo": {"large": large, "small": small}}))
    assert response.status_code == 200, response.body
    me = body(sara.get("/api/me"))
    assert me["photo"] == f"/uploads/{large}" and me["photoSmall"] == f"/uploads/{small}"
    # Everyone sees it where they meet her: the directory's search and its A to Z list, her profile.
    assert body(staff["karin.ek"].get("/api/people?q=sara"))["people"][0]["photoSmall"] == f"/uploads/{small}"
    listed = {p["id"]: p for p in body(staff["karin.ek"].get("/api/people"))["people"]}
    assert listed["sara.nilsson"]["photo"] == f"/uploads/{large}"
    # A login with the provider's picture does not overwrite the one she chose.
    people_store.save_from_login({"id": "sara.nilsson", "name": "Sara Nilsson", "email": "s@x.example",
                                  "photo": "/images/people/sara-nilsson.svg", "roles": ["employee"]})
    assert body(sara.get("/api/me"))["photo"] == f"/uploads/{large}"
    assert sara.send("PATCH", "/api/me", '{"photo": null}').status_code == 200
    assert body(sara.get("/api/me"))["photo"] == "/images/people/sara-nilsson.svg"


@pytest.mark.parametrize("photo", [{"large": "u/karin.ek/01HZZZZZZZZZZZZZZZZZZZZZZZ.webp", "small": "x"}, "a",
                                   {"large": "u/sara.nilsson/../x.webp", "small": "u/sara.nilsson/x.webp"}, {"large": 1}])
def test_a_photo_must_be_my_own_upload(staff, photo):
    response = staff["sara.nilsson"].send("PATCH", "/api/me", json.dumps({"photo": photo}))
    assert response.status_code == 400 and body(response)["error"]["field"] == "photo"


def test_a_photo_that_is_not_an_image_is_refused(staff):
    from tests.functions.test_uploads import upload

    sara = staff["sara.nilsson"]
    fake = upload(sara, b"<html>" + b"\x00" * 64, "image/webp")["key"]
    real = upload(sara, WEBP, "image/webp")["key"]
    response = sara.send("PATCH", "/api/me", json.dumps({"photo": {"large": real, "small": fake}}))
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_upload"
    assert body(sara.get("/api/me"))["photo"] in (None, "")


def test_people_whose_name_begins_with_the_words_come_before_those_whose_title_does(staff):
    from chalicelib.store import people as people_store

    people_store.save_from_login({"id": "anna.el", "name": "Anna Ek", "email": "a@x.example", "title": "Elingenjör",
                                  "department": "Drift", "roles": ["employee"]})
    people_store.save_from_login({"id": "elin.f", "name": "Elin Forsberg", "email": "e@x.example", "title": "Driftingenjör",
                                  "department": "Drift", "roles": ["employee"]})
    assert found(staff["sara.nilsson"], "elin") == ["elin.f", "anna.el", "lars.holm"]  # then the Elingenjörer A–Z
