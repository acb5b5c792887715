"""The request-parsing layer: every malformed body gets a clear 4xx and changes nothing.

Rows of BAD_INPUTS.md sections 1-3, 5 and 6, sent to PATCH /api/me (the
body-taking route of the foundation) as a logged-in person.
"""

import json
import time

import pytest
from chalicelib import keys, store
from chalicelib.store import people as people_store
from chalicelib.store import sessions as session_store

from tests.conftest import Session, header

TOKEN = "t" * 43


@pytest.fixture
def sara(client):
    people_store.save_from_login({"id": "sara.nilsson", "name": "Sara Nilsson", "email": "sara@x.example", "roles": ["employee"]})
    session_store.put_session(TOKEN, "sara.nilsson", ["employee"], 3600)
    return Session(client, TOKEN)


def error_of(response) -> dict:
    assert response.headers.get("Content-Type") == "application/json"
    parsed = json.loads(response.body)
    assert set(parsed) == {"error"} and {"code", "message"} <= set(parsed["error"])
    assert "Traceback" not in response.body.decode()
    return parsed["error"]


def lang_of_sara() -> str:
    return store.get(keys.person("sara.nilsson"))["lang"]


def test_a_good_patch_changes_the_language(sara):
    response = sara.send("PATCH", "/api/me", '{"lang": "en"}')
    assert response.status_code == 200
    assert json.loads(response.body)["lang"] == "en"
    assert lang_of_sara() == "en"


@pytest.mark.parametrize("content_type, status, code", [
    ("text/plain", 415, "unsupported_media_type"),
    ("application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ("multipart/form-data; boundary=x", 415, "unsupported_media_type"),
    ("application/json; charset=utf-16", 415, "unsupported_media_type"),
    ("application/json; charset=iso-8859-1", 415, "unsupported_media_type"),
    ("application/jsonx", 415, "unsupported_media_type"),
    ("application/json-seq", 415, "unsupported_media_type"),
])
def test_wrong_media_types_are_refused(sara, content_type, status, code):
    response = sara.send("PATCH", "/api/me", '{"lang": "en"}', **{"content-type": content_type})
    assert response.status_code == status
    assert error_of(response)["code"] == code
    assert lang_of_sara() == "sv"


def test_a_missing_content_type_is_400(sara):
    response = sara.client.http.request(
        "PATCH", "/api/me", headers=sara.headers(**{"x-requested-with": "torget"}), body=b'{"lang": "en"}'
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "content_type_required"


def test_charset_utf8_is_accepted(sara):
    response = sara.send("PATCH", "/api/me", '{"lang": "en"}', **{"content-type": "application/json; charset=UTF-8"})
    assert response.status_code == 200


DEEP_33 = '{"lang": ' + '{"a": ' * 32 + "1" + "}" * 32 + "}"


@pytest.mark.parametrize("raw, code", [
    (b"", "invalid_json"),
    (b'""', "validation_failed"),
    (b"   \n ", "invalid_json"),
    (b'{"lang":"en"', "invalid_json"),
    (b'{"lang":"en",}', "invalid_json"),
    (b"{'lang':'en'}", "invalid_json"),
    (b'{"lang":"en" /* x */}', "invalid_json"),
    (b"null", "validation_failed"),
    (b"[]", "validation_failed"),
    (b'"text"', "validation_failed"),
    (b"42", "validation_failed"),
    (b"true", "validation_failed"),
    (b'{"lang":"sv","lang":"en"}', "duplicate_key"),
    (b'{"lang": NaN}', "invalid_number"),
    (b'{"lang": Infinity}', "invalid_number"),
    (b'{"lang": -Infinity}', "invalid_number"),
    (b'{"lang": 1e400}', "invalid_number"),
    (b'{"lang": 123456789012345678901234567890123456789}', "invalid_number"),
    (b'{"lang": ' + b"9" * 5000 + b"}", "invalid_number"),
    (b'{"lang": "\xc0\xbc"}', "invalid_json"),
    (b'{"lang": "\xe2\x82"}', "invalid_json"),
    (b"\xff\xfe{}", "invalid_json"),
    (b'\xef\xbb\xbf{"lang": "en"}', "invalid_json"),
    (b'{"lang": "\\ud800"}', "invalid_unicode"),
    (b'{"lang": "\\udc00\\ud800"}', "invalid_unicode"),
    (DEEP_33.encode(), "too_deep"),
    (b'{"lang": ' + b"[" * 1000 + b"]" * 1000 + b"}", "too_deep"),
    (b'{"lang": "en", "role": "admin"}', "unknown_field"),
    (b'{"__proto__": {"isAdmin": true}}', "unknown_field"),
    (b'{"lang": 123}', "validation_failed"),
    (b'{"lang": ["en"]}', "validation_failed"),
    (b'{"lang": {"$ne": ""}}', "validation_failed"),
    (b'{"lang": null}', "validation_failed"),
    (b'{"lang": true}', "validation_failed"),
    (b'{"lang": "<img src=x onerror=alert(1)>"}', "validation_failed"),
    (b'{"lang": [' + b"1," * 150 + b"1]}", "too_many_items"),
])
def test_malformed_bodies_get_a_4xx_and_change_nothing(sara, raw, code):
    response = sara.send("PATCH", "/api/me", raw)
    assert response.status_code == 400, response.body
    error = error_of(response)
    assert error["code"] == code
    assert "onerror" not in error["message"]
    assert lang_of_sara() == "sv"


def test_validation_errors_name_the_field(sara):
    error = error_of(sara.send("PATCH", "/api/me", '{"lang": "de"}'))
    assert error == {"code": "validation_failed", "message": "lang: must be one of sv, en", "field": "lang"}


@pytest.mark.parametrize("size", [65 * 1024, 200 * 1024])
def test_oversized_bodies_are_413(sara, size):
    raw = b'{"lang": "' + b"a" * size + b'"}'
    response = sara.send("PATCH", "/api/me", raw)
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"


def test_a_hundred_thousand_levels_is_refused_quickly(sara):
    started = time.perf_counter()
    response = sara.send("PATCH", "/api/me", b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code in (400, 413)
    assert time.perf_counter() - started < 2


def test_unknown_methods_are_405_with_allow(sara):
    response = sara.send("DELETE", "/api/me")
    assert response.status_code == 405
    assert "PATCH" in header(response, "allow")
    assert error_of(response)["code"] == "method_not_allowed"


def test_method_override_headers_are_ignored(sara):
    response = sara.send("POST", "/api/me", '{"lang": "en"}', **{"x-http-method-override": "PATCH"})
    assert response.status_code == 405
    assert lang_of_sara() == "sv"


@pytest.mark.parametrize("origin", [
    "https://evil.example", "null", "http://127.0.0.1:8000.evil.example", "http://evil-127.0.0.1:8000",
])
def test_foreign_origins_cannot_change_anything(sara, origin):
    response = sara.send("PATCH", "/api/me", '{"lang": "en"}', origin=origin)
    assert response.status_code == 403
    assert error_of(response)["code"] == "origin_not_allowed"
    assert header(response, "access-control-allow-origin") is None
    assert lang_of_sara() == "sv"


def test_own_origin_is_allowed(sara):
    assert sara.send("PATCH", "/api/me", '{"lang": "en"}', origin="http://127.0.0.1:8000").status_code == 200


def test_state_changing_requests_need_the_csrf_header(sara):
    response = sara.client.http.request(
        "PATCH", "/api/me", headers=sara.headers(**{"content-type": "application/json"}), body=b'{"lang": "en"}'
    )
    assert response.status_code == 403
    assert lang_of_sara() == "sv"


@pytest.mark.parametrize("query", ["?next=/a&next=/b", "?next=/a&next=/a"])
def test_repeated_query_parameters_are_refused(client, query):
    response = client.http.get("/api/auth/login" + query)
    assert response.status_code == 400
    assert error_of(response)["code"] == "duplicate_parameter"


def test_unknown_query_parameters_change_nothing(sara):
    response = sara.get("/api/me?debug=1&admin=true")
    assert response.status_code == 200
    assert json.loads(response.body)["roles"] == ["employee"]


def test_an_unexpected_failure_is_a_500_envelope_without_a_traceback(sara, monkeypatch):
    from chalicelib import people

    def broken(_person_id):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(people, "me", broken)
    response = sara.get("/api/me")
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "internal_error"
    assert "secret internals" not in response.body.decode()
