"""Login against a second, standards-following identity provider (panva's oidc-provider, OpenID Certified,
run by node from npm): profile and e-mail claims come from userinfo, ID tokens are signed with RS256 or
ES256, PKCE is checked, and logging out of Torget logs out of the provider too (RP-initiated logout)."""

import json
import subprocess
import threading
import time
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.conftest import PUBLIC_URL, body, cookies_from, free_port, header

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = {
    "anna.berg": {"name": "Anna Berg", "email": "anna.berg@fjallvind.example", "email_verified": True,
                  "roles": ["editor"], "title": "Projektledare", "department": "Vindkraft"},
    "mallory": {"name": "Mallory", "email": "boss@fjallvind.example", "email_verified": False},
}


@pytest.fixture(scope="module")
def second_provider():
    port = free_port()
    process = subprocess.Popen(
        ["node", str(ROOT / "tests/functions/second_provider.mjs"), str(port), PUBLIC_URL + "/api/auth/callback",
         PUBLIC_URL + "/login/?loggedout=1"],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin:/usr/local/bin", "SECOND_PROVIDER_PEOPLE": json.dumps(PEOPLE),
                       "NODE_ENV": "test"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said = []
    for line in process.stdout:  # its development warnings, then "ready <issuer>"
        said.append(line)
        if line.startswith("ready ") or len(said) > 50:
            break
    assert said and said[-1].startswith("ready "), "".join(said)
    threading.Thread(target=process.stdout.read, daemon=True).start()  # keep its pipe drained
    yield said[-1].split()[1]
    process.terminate()
    process.wait(timeout=10)


class Form(HTMLParser):
    """The provider's page: its form's action and fields."""

    def __init__(self, page: str):
        super().__init__()
        self.action, self.fields = None, {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = attributes.get("action")
        if tag == "input" and attributes.get("name") and attributes.get("type") in ("hidden", None):
            self.fields[attributes["name"]] = attributes.get("value") or ""


def at_provider(browser: requests.Session, url: str, sub: str | None = None) -> tuple[str, list[str]]:
    """Follow the provider's redirects and pages as a person would (log in as `sub`, consent) until it sends
    the browser back to Torget; return that address and the provider's pages shown on the way."""
    shown = []
    response = browser.get(url, allow_redirects=False, timeout=10)
    for _ in range(12):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["location"])
            if location.startswith(PUBLIC_URL):
                return location, shown
            response = browser.get(location, allow_redirects=False, timeout=10)
            continue
        form = Form(response.text)
        prompt = form.fields.get("prompt")
        shown.append(prompt or "page")
        data = dict(form.fields)
        if prompt == "login":
            assert sub, "the provider asked who is logging in"
            data.update(login=sub, password="any")
        elif prompt is None and "logout" not in data:
            data["logout"] = "yes"  # the end-session page's "Yes, sign me out"
        response = browser.post(urljoin(response.url, form.action), data=data, allow_redirects=False, timeout=10)
    raise AssertionError(f"the provider never sent the browser back: {shown}")


def log_in(client, browser: requests.Session, sub: str | None) -> tuple[object, list[str]]:
    started = client.http.get("/api/auth/login")
    state = cookies_from(started)["torget_login"][0]
    back, shown = at_provider(browser, header(started, "location"), sub)
    query = parse_qs(urlsplit(back).query)
    assert query["state"] == [state]
    finished = client.http.get(f"/api/auth/callback?code={query['code'][0]}&state={state}",
                               headers={"cookie": f"torget_login={state}"})
    return finished, shown


def use(settings_env, issuer: str, client_id: str) -> None:
    settings_env(OIDC_ISSUER=issuer, OIDC_CLIENT_ID=client_id, OIDC_CLIENT_SECRET=f"{client_id}-secret")


@pytest.mark.parametrize("client_id", ["torget-rs256", "torget-es256"])
def test_people_get_their_names_e_mails_and_roles_from_userinfo(client, settings_env, second_provider, client_id):
    use(settings_env, second_provider, client_id)
    finished, shown = log_in(client, requests.Session(), "anna.berg")
    assert finished.status_code == 302, finished.body
    assert shown == ["login", "consent"]
    token = cookies_from(finished)["torget_session"][0]
    me = body(client.http.get("/api/me", headers={"cookie": f"torget_session={token}"}))
    assert (me["name"], me["email"], me["roles"]) == ("Anna Berg", "anna.berg@fjallvind.example", ["employee", "editor"])
    assert (me["title"], me["department"]) == ("Projektledare", "Vindkraft")


def test_the_id_token_itself_holds_no_profile(second_provider):
    # The point of the two tests above: this provider keeps the profile out of the ID token, as the spec allows.
    discovery = requests.get(second_provider + "/.well-known/openid-configuration", timeout=5).json()
    assert "userinfo_endpoint" in discovery and "end_session_endpoint" in discovery
    assert {"RS256", "ES256"} <= set(discovery["id_token_signing_alg_values_supported"])


def test_an_unverified_e_mail_on_a_list_gets_no_role(client, settings_env, second_provider):
    use(settings_env, second_provider, "torget-rs256")
    settings_env(ROLE_ADMINS="boss@fjallvind.example")
    finished, _ = log_in(client, requests.Session(), "mallory")
    token = cookies_from(finished)["torget_session"][0]
    assert body(client.http.get("/api/me", headers={"cookie": f"torget_session={token}"}))["roles"] == ["employee"]


def test_logging_out_logs_out_at_the_provider(client, settings_env, second_provider):
    use(settings_env, second_provider, "torget-rs256")
    browser = requests.Session()
    first, _ = log_in(client, browser, "anna.berg")
    assert first.status_code == 302
    # Without logging out, the provider remembers the person: the next login asks nothing (a shared computer).
    again, shown = log_in(client, browser, None)
    assert again.status_code == 302 and shown == []
    token = cookies_from(again)["torget_session"][0]
    response = client.http.post("/api/auth/logout", headers={"cookie": f"torget_session={token}",
                                                             "x-requested-with": "torget"})
    assert response.status_code == 200
    redirect = body(response)["redirect"]
    parts = urlsplit(redirect)
    query = parse_qs(parts.query)
    assert redirect.startswith(second_provider)
    assert query["post_logout_redirect_uri"] == [PUBLIC_URL + "/login/?loggedout=1"] and query["id_token_hint"]
    back, _ = at_provider(browser, redirect)
    assert back.startswith(PUBLIC_URL + "/login/?loggedout=1")
    # Now the provider asks who is logging in.
    _, shown = log_in(client, browser, "anna.berg")
    assert shown[0] == "login"
    assert client.http.get("/api/me", headers={"cookie": f"torget_session={token}"}).status_code == 401


# --- the ID token's audience (OpenID Connect Core 3.1.3.7), against a key set served here ---
@pytest.fixture
def keyed_issuer(settings_env):
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": "k1", "use": "sig", "alg": "RS256"}
    documents = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # http.server calls it by this name
            data = json.dumps(documents[self.path]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    issuer = f"http://127.0.0.1:{server.server_port}"
    metadata = {"issuer": issuer, "jwks_uri": issuer + "/jwks", "authorization_endpoint": issuer + "/a",
                "token_endpoint": issuer + "/t"}
    documents.update({"/.well-known/openid-configuration": metadata, "/jwks": {"keys": [jwk]}})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings_env(OIDC_ISSUER=issuer, OIDC_CLIENT_ID="torget")
    yield issuer, key
    server.shutdown()


@pytest.mark.parametrize("audience, azp, accepted", [
    ("torget", None, True),
    (["torget"], None, True),
    (["torget", "another-api"], None, False),  # several audiences and no azp
    (["torget", "another-api"], "torget", True),
    (["torget", "another-api"], "another-client", False),
    ("torget", "another-client", False),
])
def test_a_token_for_several_audiences_must_name_torget_as_its_party(keyed_issuer, audience, azp, accepted):
    import jwt
    from chalicelib import oidc
    from chalicelib.errors import LoginFailed

    issuer, key = keyed_issuer
    now = int(time.time())
    claims = {"iss": issuer, "aud": audience, "sub": "x", "iat": now, "exp": now + 60, "nonce": "n" * 20,
              **({"azp": azp} if azp else {})}
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
    if accepted:
        assert oidc.verify_id_token(token, "n" * 20)["sub"] == "x"
    else:
        with pytest.raises(LoginFailed):
            oidc.verify_id_token(token, "n" * 20)
