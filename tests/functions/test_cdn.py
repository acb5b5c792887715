"""Production login also issues CloudFront signed cookies that verify against the public key."""

import base64
import json
import time

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.conftest import PUBLIC_URL, authorize_at_provider, cookies_from, header


def from_cloudfront_b64(text: str) -> bytes:
    return base64.b64decode(text.translate(str.maketrans("-_~", "+=/")))


@pytest.fixture
def key(settings_env):
    from chalicelib import cdn

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    settings_env(CDN_KEY_PAIR_ID="K2JCJMDEHXQW5F", CDN_PRIVATE_KEY=pem, SESSION_HOURS="8")
    cdn._private_key.cache_clear()
    yield private.public_key()
    cdn._private_key.cache_clear()


def log_in(client):
    started = client.http.get("/api/auth/login")
    code, state = authorize_at_provider(header(started, "location"), "sara.nilsson")
    return client.http.get(f"/api/auth/callback?code={code}&state={state}", headers={"cookie": f"torget_login={state}"})


def test_login_issues_signed_cookies_for_the_session_lifetime(client, key):
    finished = log_in(client)
    cookies = cookies_from(finished)
    policy_text = from_cloudfront_b64(cookies["CloudFront-Policy"][0])
    signature = from_cloudfront_b64(cookies["CloudFront-Signature"][0])
    key.verify(signature, policy_text, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 - CloudFront signs with SHA1
    statement = json.loads(policy_text)["Statement"][0]
    assert statement["Resource"] == PUBLIC_URL.rstrip("/") + "/*"
    expires = statement["Condition"]["DateLessThan"]["AWS:EpochTime"]
    assert abs(expires - (time.time() + 8 * 3600)) < 60
    assert cookies["CloudFront-Key-Pair-Id"][0] == "K2JCJMDEHXQW5F"
    for name in ("CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"):
        attributes = cookies[name][1]
        assert "Max-Age=28800" in attributes and "HttpOnly" in attributes and "Path=/" in attributes
    # A tampered policy (a longer lifetime) does not verify.
    longer = policy_text.replace(str(expires).encode(), str(expires + 86400).encode())
    with pytest.raises(InvalidSignature):
        key.verify(signature, longer, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303


def test_logout_clears_the_signed_cookies(client, key):
    session = cookies_from(log_in(client))["torget_session"][0]
    response = client.http.post("/api/auth/logout", headers={"cookie": f"torget_session={session}",
                                                             "x-requested-with": "torget"})
    cleared = cookies_from(response)
    assert all(cleared[name] == ("", cleared[name][1]) and "Max-Age=0" in cleared[name][1]
               for name in ("torget_session", "CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"))


def test_without_a_key_pair_nothing_is_issued(client):
    assert not any(name.startswith("CloudFront-") for name in cookies_from(log_in(client)))
