"""The rehearsal's CloudFront checks on their own: signed cookies the app issues pass, forged or expired ones
do not (CloudFront's RSA-SHA1 over the policy); behaviours match in CloudFront's order."""

import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from infra import rehearsal


@pytest.fixture
def keys(monkeypatch):
    from chalicelib import cdn, config

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    monkeypatch.setenv("CDN_KEY_PAIR_ID", rehearsal.KEY_PAIR_ID)
    monkeypatch.setenv("CDN_PRIVATE_KEY", pem)
    monkeypatch.setenv("PUBLIC_URL", "http://127.0.0.1:8100")
    config.settings.cache_clear()
    cdn._private_key.cache_clear()
    yield private.public_key()
    config.settings.cache_clear()
    cdn._private_key.cache_clear()


def test_the_apps_signed_cookies_pass_and_forged_or_expired_ones_do_not(keys):
    from chalicelib import cdn

    cookies = cdn.signed_cookies(int(time.time()) + 600)
    assert rehearsal.signed_cookies_valid(cookies, keys, time.time())
    assert not rehearsal.signed_cookies_valid(cookies, keys, time.time() + 601)  # expired
    forged = {**cookies, "CloudFront-Signature": cookies["CloudFront-Signature"][::-1]}
    assert not rehearsal.signed_cookies_valid(forged, keys, time.time())
    assert not rehearsal.signed_cookies_valid({**cookies, "CloudFront-Key-Pair-Id": "OTHER"}, keys, time.time())
    assert not rehearsal.signed_cookies_valid({}, keys, time.time())


def test_behaviours_match_in_order_with_cloudfronts_wildcards():
    distribution = rehearsal.Distribution.__new__(rehearsal.Distribution)
    distribution.behaviours = [{"PathPattern": "/api/*", "TargetOriginId": "rest"},
                               {"PathPattern": "/ws", "TargetOriginId": "websocket"},
                               {"PathPattern": "*", "TargetOriginId": "site"}]
    assert distribution.behaviour("/api/me")["TargetOriginId"] == "rest"
    assert distribution.behaviour("/ws")["TargetOriginId"] == "websocket"
    assert distribution.behaviour("/wss")["TargetOriginId"] == "site"  # no partial match
    assert distribution.behaviour("/API/me")["TargetOriginId"] == "site"  # case-sensitive
