"""Urgent banners: admins post them, everyone sees them in /api/me until they end."""

import json
import time

import pytest

from tests.conftest import body


def post(session, payload):
    return session.send("POST", "/api/banners", json.dumps(payload))


def test_an_admin_posts_and_removes_a_banner_everyone_sees(sara, karin):
    response = post(karin, {"text": "Driftstörning i **växeln**", "hours": 2})
    assert response.status_code == 201
    banner = body(response)["banner"]
    assert banner["html"] == "<p>Driftstörning i <strong>växeln</strong></p>" and banner["level"] == "urgent"
    assert [b["id"] for b in body(sara.get("/api/me"))["banners"]] == [banner["id"]]
    assert [b["id"] for b in body(sara.get("/api/banners"))["banners"]] == [banner["id"]]
    assert karin.send("DELETE", f"/api/banners/{banner['id']}").status_code == 200
    assert body(sara.get("/api/me"))["banners"] == []
    assert karin.send("DELETE", f"/api/banners/{banner['id']}").status_code == 404


def test_a_banner_ends_by_itself(sara, karin, monkeypatch):
    post(karin, {"text": "Kort störning", "hours": 1, "level": "info"})
    assert len(body(sara.get("/api/me"))["banners"]) == 1
    from types import SimpleNamespace

    from chalicelib import banners

    later = time.time() + 3601  # the banners' clock only: the session must stay valid
    monkeypatch.setattr(banners, "time", SimpleNamespace(time=lambda: later))
    assert body(sara.get("/api/me"))["banners"] == []


def test_only_admins_post_or_remove(sara, karin):
    response = post(sara, {"text": "Hej", "hours": 1})
    assert response.status_code == 403
    banner = body(post(karin, {"text": "Hej", "hours": 1}))["banner"]
    assert sara.send("DELETE", f"/api/banners/{banner['id']}").status_code == 403
    assert len(body(sara.get("/api/banners"))["banners"]) == 1


@pytest.mark.parametrize("payload", [
    {"text": "x"}, {"text": "", "hours": 1}, {"text": "x", "hours": 0}, {"text": "x", "hours": 721},
    {"text": "x", "hours": True}, {"text": "x", "hours": 1.5}, {"text": "x" * 281, "hours": 1},
    {"text": "x", "hours": 1, "level": "panic"}, {"text": "x", "hours": 1, "extra": 1},
])
def test_bad_banners_are_400_and_change_nothing(sara, karin, payload):
    assert post(karin, payload).status_code == 400
    assert body(sara.get("/api/banners"))["banners"] == []


def test_at_most_five_at_once(karin):
    for n in range(5):
        assert post(karin, {"text": f"Nr {n}", "hours": 1}).status_code == 201
    response = post(karin, {"text": "Nr 6", "hours": 1})
    assert response.status_code == 409 and body(response)["error"]["code"] == "too_many_banners"
