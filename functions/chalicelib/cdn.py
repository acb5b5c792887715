"""CloudFront signed cookies: the static site is as private as the API.

Login issues `CloudFront-Policy`, `CloudFront-Signature` and
`CloudFront-Key-Pair-Id` for everything under the site's origin, valid as
long as the session; logout clears them. CloudFront checks them against the
public key in the stack's key group. The private key comes from Secrets
Manager (`CDN_PRIVATE_KEY_SECRET`, the secret's name, read once per Lambda
instance) or, in tests, from `CDN_PRIVATE_KEY` (PEM). Without
`CDN_KEY_PAIR_ID` nothing is issued: the devserver guards the site itself.
"""

import base64
import json
from functools import lru_cache

from chalicelib.config import cdn_key_pair_id, cdn_private_key, settings

COOKIES = ("CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id")


def enabled() -> bool:
    return bool(cdn_key_pair_id())


def cloudfront_b64(data: bytes) -> str:
    """Base64 with the three characters CloudFront replaces (+ = / become - _ ~)."""
    return base64.b64encode(data).decode().translate(str.maketrans("+=/", "-_~"))


def policy(resource: str, expires: int) -> str:
    return json.dumps({"Statement": [{"Resource": resource, "Condition": {"DateLessThan": {"AWS:EpochTime": expires}}}]},
                      separators=(",", ":"))


@lru_cache(maxsize=1)
def _private_key():
    from cryptography.hazmat.primitives import serialization

    pem = cdn_private_key()
    return serialization.load_pem_private_key(pem.encode(), password=None)


def signed_cookies(expires: int) -> dict:
    """The three cookies (name → value) that let this browser fetch the site until `expires` (epoch seconds)."""
    if not enabled():
        return {}
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    text = policy(settings().origin + "/*", expires).encode()
    # CloudFront verifies RSA-SHA1 signatures of the policy (its only algorithm for signed cookies).
    signature = _private_key().sign(text, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    return {"CloudFront-Policy": cloudfront_b64(text), "CloudFront-Signature": cloudfront_b64(signature),
            "CloudFront-Key-Pair-Id": cdn_key_pair_id()}
