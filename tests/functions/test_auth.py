"""Login, callback, logout and /api/me against the local OpenID provider (real code flow)."""

import json
import time
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests
from chalicelib import keys, store
from chalicelib.store import sessions as session_store

from tests.conftest import authorize_at_provider, cookies_from, header


def body(response) -> dict:
    return json.loads(response.body)


def start(client, next_path=None):
    query = f"?next={quote(next_path, safe='')}" if next_path is not None else ""
    response = client.http.get("/api/auth/login" + query)
    assert response.status_code == 302
    state = cookies_from(response)["torget_login"][0]
    return header(response, "location"), state


def callback(client, code, state, cookie_state, accept="application/json"):
    return client.http.get(
        f"/api/auth/callback?code={quote(code)}&state={quote(state)}",
        headers={"cookie": f"torget_login={cookie_state}", "accept": accept},
    )


def test_me_without_a_session_is_401_with_the_envelope(client):
    response = client.http.get("/api/me")
    assert response.status_code == 401
    assert body(response) == {"error": {"code": "not_authenticated", "message": "Log in to continue."}}


def test_login_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(client, issuer):
    location, state = start(client)
    parts = urlsplit(location)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}" == issuer
    assert query["state"] == [state]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == ["http://127.0.0.1:8000/api/auth/callback"]


def test_login_creates_a_session_and_the_person(client, login):
    session = login("karin.ek")
    me = session.get("/api/me")
    assert me.status_code == 200
    person = body(me)
    assert person["name"] == "Karin Ek"
    assert person["email"] == "karin.ek@fjallvind.example"
    assert person["title"] == "VD"
    assert person["department"] == "Ledning"
    assert person["roles"] == ["employee", "editor", "admin"]


def test_session_cookie_is_httponly_samesite_and_not_secure_on_plain_http(client, issuer):
    location, state = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    response = callback(client, code, state, state)
    value, attributes = cookies_from(response)["torget_session"]
    assert len(value) >= 40
    assert "HttpOnly" in attributes and "SameSite=Lax" in attributes and "Path=/" in attributes
    assert "Secure" not in attributes
    # Only a hash of the token is stored.
    assert store.get(keys.session(value)) is None
    assert store.get(keys.session(session_store.token_hash(value)))["personId"] == "sara.nilsson"


def test_cookie_is_secure_when_the_site_is_https(client, settings_env):
    settings_env(PUBLIC_URL="https://intranet.example.com")
    response = client.http.get("/api/auth/login")
    assert "Secure" in cookies_from(response)["torget_login"][1]


def test_every_login_gets_a_new_session_id(client, login):
    first, second = login("sara.nilsson"), login("sara.nilsson")
    assert first.token != second.token
    assert first.get("/api/me").status_code == 200 and second.get("/api/me").status_code == 200


def test_employee_gets_only_the_employee_role(client, login):
    assert body(login("sara.nilsson").get("/api/me"))["roles"] == ["employee"]


def test_roles_can_come_from_a_configured_list(client, login, settings_env):
    settings_env(ROLE_MODERATORS="Sara.Nilsson@fjallvind.example, someone@else.example")
    assert body(login("sara.nilsson").get("/api/me"))["roles"] == ["employee", "moderator"]


def test_local_next_is_where_the_login_lands(client, issuer):
    location, state = start(client, "/news/torget-oppnar/?x=1")
    code, _ = authorize_at_provider(location, "johan.lind")
    response = callback(client, code, state, state)
    assert response.status_code == 302
    assert header(response, "location") == "/news/torget-oppnar/?x=1"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
    "http:/evil.example", "/%0d%0aSet-Cookie:x=1".replace("%0d%0a", "\r\n"), "news/relative",
])
def test_external_or_odd_next_is_refused(client, target):
    response = client.http.get("/api/auth/login?next=" + quote(target, safe=""))
    assert response.status_code == 400
    assert body(response)["error"]["code"] == "invalid_next"
    assert header(response, "location") is None
    assert "evil" not in response.body.decode()


def test_wrong_state_is_refused_and_sets_no_session(client):
    location, state = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    response = callback(client, code, state, "another-state-value-from-elsewhere-000")
    assert response.status_code == 400
    assert body(response)["error"]["code"] == "login_failed"
    assert "torget_session" not in cookies_from(response)


def test_state_without_the_browser_cookie_is_refused(client):
    location, state = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    response = client.http.get(f"/api/auth/callback?code={code}&state={state}")
    assert response.status_code == 400


def test_a_state_works_once(client):
    location, state = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    assert callback(client, code, state, state).status_code == 302
    again = callback(client, code, state, state)
    assert again.status_code == 400
    assert "torget_session" not in cookies_from(again)


def test_a_replayed_code_is_refused_by_a_fresh_login(client):
    location, state = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    assert callback(client, code, state, state).status_code == 302
    _, fresh_state = start(client)
    replay = callback(client, code, fresh_state, fresh_state)
    assert replay.status_code == 400
    assert body(replay)["error"]["code"] == "login_failed"


def test_an_id_token_with_another_nonce_is_refused(client):
    location, state = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    # The stored attempt expects another nonce than the provider put in the token.
    attempt = store.get(keys.login_attempt(state))
    store.put({**attempt, "nonce": "a-different-nonce-than-the-token-carries"})
    response = callback(client, code, state, state)
    assert response.status_code == 400
    assert "torget_session" not in cookies_from(response)


def test_an_expired_login_attempt_is_refused(client):
    location, state = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    attempt = store.get(keys.login_attempt(state))
    store.put({**attempt, keys.TTL_ATTRIBUTE: int(time.time()) - 1})
    assert callback(client, code, state, state).status_code == 400


def test_failed_callback_in_a_browser_gets_a_readable_page(client):
    response = client.http.get("/api/auth/callback?code=x&state=y", headers={"accept": "text/html"})
    assert response.status_code == 400
    page = response.body.decode()
    assert "Inloggningen kunde inte slutföras" in page and "Försök igen" in page
    assert "Traceback" not in page


def test_garbage_callbacks_never_reach_the_provider(client, issuer):
    for query in ["", "?code=abc", "?state=abc", "?code=abc&state=" + "x" * 5000, "?code=a&state=b&state=c"]:
        response = client.http.get("/api/auth/callback" + query)
        assert response.status_code == 400, query
        assert body(response)["error"]["code"] in ("login_failed", "duplicate_parameter")


def test_logout_revokes_the_session(client, login):
    session = login("ahmed.hassan")
    response = session.send("POST", "/api/auth/logout")
    assert response.status_code == 200
    assert cookies_from(response)["torget_session"][0] == ""
    assert "Max-Age=0" in cookies_from(response)["torget_session"][1]
    assert session.get("/api/me").status_code == 401


def test_logout_needs_the_csrf_header(client, login):
    session = login("ahmed.hassan")
    response = client.http.post("/api/auth/logout", headers=session.headers())
    assert response.status_code == 403
    assert body(response)["error"]["code"] == "csrf_header_required"
    assert session.get("/api/me").status_code == 200


def test_an_expired_session_is_refused(client, login):
    session = login("sara.nilsson")
    key = keys.session(session_store.token_hash(session.token))
    store.put({**store.get(key), keys.TTL_ATTRIBUTE: int(time.time()) - 1})
    assert session.get("/api/me").status_code == 401


def test_a_made_up_session_token_is_refused(client):
    for token in ["x" * 43, "", "../../etc", "a" * 5000]:
        response = client.http.get("/api/me", headers={"cookie": f"torget_session={token}"})
        assert response.status_code == 401


def test_a_tampered_or_foreign_id_token_is_refused(client, issuer, settings_env):
    """Signature, audience and issuer are checked against the provider's keys."""
    import jwt
    from chalicelib import oidc
    from chalicelib.errors import LoginFailed

    location, _ = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    tokens = requests.post(
        issuer + "/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": "http://127.0.0.1:8000/api/auth/callback"},
        auth=("torget-local", "x"),
        timeout=5,
    ).json()
    id_token = tokens["id_token"]
    nonce = jwt.decode(id_token, options={"verify_signature": False})["nonce"]
    assert oidc.verify_id_token(id_token, nonce)["sub"] == "sara.nilsson"

    head, _payload, signature = id_token.split(".")
    claims = jwt.decode(id_token, options={"verify_signature": False})
    forged = jwt.utils.base64url_encode(json.dumps({**claims, "sub": "karin.ek"}).encode()).decode()
    with pytest.raises(LoginFailed):
        oidc.verify_id_token(f"{head}.{forged}.{signature}", nonce)
    unsigned = jwt.encode({**claims, "sub": "karin.ek"}, key=None, algorithm="none")
    with pytest.raises(LoginFailed):
        oidc.verify_id_token(unsigned, nonce)
    hmac = jwt.encode({**claims}, key="guessable-secret-of-thirty-two-bytes!", algorithm="HS256")
    with pytest.raises(LoginFailed):
        oidc.verify_id_token(hmac, nonce)
    settings_env(OIDC_CLIENT_ID="another-client")
    with pytest.raises(LoginFailed):
        oidc.verify_id_token(id_token, nonce)


@pytest.mark.parametrize("verified, roles", [(False, ["employee"]), ("false", ["employee"]), (None, ["employee"]),
                                             (True, ["employee", "admin"]), ("true", ["employee", "admin"])])
def test_roles_from_an_e_mail_list_need_a_verified_address(client, login, issuer, settings_env, verified, roles):
    # Anyone can have a provider send `email: boss@…`; only a verified address is the boss's.
    sub = f"mallory-{verified}".lower()
    claims = {"email": "boss@fjallvind.example", "name": "Mallory"}
    if verified is not None:
        claims["email_verified"] = verified
    assert requests.put(f"{issuer}/users/{sub}", json=claims, timeout=5).status_code == 204
    settings_env(ROLE_ADMINS="boss@fjallvind.example")
    assert body(login(sub).get("/api/me"))["roles"] == roles


def test_a_token_whose_alg_does_not_fit_its_key_is_a_failed_login(client, issuer, monkeypatch):
    # The provider's key is RSA; a token that says ES256 (an allowed algorithm) makes PyJWT raise TypeError.
    import jwt
    from chalicelib import oidc
    from chalicelib.errors import LoginFailed
    from cryptography.hazmat.primitives.asymmetric import ec

    location, state = start(client)
    code, _ = authorize_at_provider(location, "sara.nilsson")
    claims = {"iss": issuer, "aud": "torget-local", "sub": "karin.ek", "iat": int(time.time()), "exp": int(time.time()) + 60,
              "nonce": store.get(keys.login_attempt(state))["nonce"]}
    forged = jwt.encode(claims, ec.generate_private_key(ec.SECP256R1()), algorithm="ES256")
    with pytest.raises(LoginFailed):
        oidc.verify_id_token(forged, claims["nonce"])
    # Through the callback: the provider's token endpoint answers with the forged token.
    monkeypatch.setattr(oidc, "exchange_code", lambda code, verifier: {"id_token": forged, "access_token": None})
    for accept in ("application/json", "text/html"):
        location, state = start(client)
        store.put({**store.get(keys.login_attempt(state)), "nonce": claims["nonce"]})
        code, _ = authorize_at_provider(location, "sara.nilsson")
        response = callback(client, code, state, state, accept=accept)
        assert response.status_code == 400, response.body
        assert "torget_session" not in cookies_from(response)
        assert b"Traceback" not in response.body


def test_a_login_without_a_claim_keeps_what_an_earlier_login_gave(client, login, issuer):
    # A provider that sends a claim once and not the next time (another scope, a userinfo hiccup) never
    # blanks the person: the name, e-mail and title stay; roles follow the provider every time.
    full = {"name": "Erik Sjö", "email": "erik.sjo@fjallvind.example", "email_verified": True, "title": "Tekniker",
            "roles": ["editor"]}
    assert requests.put(f"{issuer}/users/erik.sjo", json=full, timeout=5).status_code == 204
    assert body(login("erik.sjo").get("/api/me"))["roles"] == ["employee", "editor"]
    assert requests.put(f"{issuer}/users/erik.sjo", json={"roles": []}, timeout=5).status_code == 204
    me = body(login("erik.sjo").get("/api/me"))
    assert (me["name"], me["email"], me["title"], me["roles"]) == ("Erik Sjö", "erik.sjo@fjallvind.example", "Tekniker",
                                                                    ["employee"])
    found = body(login("erik.sjo").get("/api/people?q=erik"))
    assert [person["name"] for person in found.get("people", found.get("items", []))] == ["Erik Sjö"]


def test_someone_no_provider_named_is_listed_by_their_e_mail(client, login, issuer):
    assert requests.put(f"{issuer}/users/nameless", json={"email": "nils.nord@fjallvind.example"}, timeout=5).status_code == 204
    assert body(login("nameless").get("/api/me"))["name"] == "nils.nord"
