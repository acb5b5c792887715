"""S3's part for uploads: the presigned POST endpoint and the CDN's /uploads/ path.

The browser POSTs the form the API presigned; like S3, this checks the
policy's SigV4 signature, expiry and every condition (bucket, key, type,
size) before it stores the file in moto's bucket. Files are then served
(to logged-in people only) with the type they were stored with.
"""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

ALLOWED_SERVE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


class Refused(Exception):
    pass


def secret_key() -> str:
    """The secret the API's presigning used (moto swaps in its own fake credentials)."""
    import boto3

    return boto3.session.Session().get_credentials().get_frozen_credentials().secret_key


def _signing_key(secret: str, date: str, region: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def check_post(bucket: str, fields: dict, size: int, secret: str) -> None:
    """Raise Refused unless the form is one the API presigned for exactly this upload."""
    try:
        policy_b64 = fields["policy"]
        credential = fields["x-amz-credential"]
        signature = fields["x-amz-signature"]
        policy = json.loads(base64.b64decode(policy_b64))
    except (KeyError, ValueError) as error:
        raise Refused("missing or unreadable policy") from error
    _access_key, date, region, _service, _terminator = credential.split("/")
    expected = hmac.new(_signing_key(secret, date, region), policy_b64.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise Refused("signature does not match")
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    if expires < datetime.now(UTC):
        raise Refused("policy expired")
    values = {**{k.lower(): v for k, v in fields.items()}, "bucket": bucket}
    for condition in policy["conditions"]:
        if isinstance(condition, dict):
            for name, value in condition.items():
                if values.get(name.lower()) != value:
                    raise Refused(f"condition failed: {name}")
        elif condition[0] == "content-length-range":
            if not condition[1] <= size <= condition[2]:
                raise Refused("size outside the allowed range")
        elif condition[0] == "eq":
            if values.get(condition[1].lstrip("$").lower()) != condition[2]:
                raise Refused(f"condition failed: {condition[1]}")
        elif condition[0] == "starts-with":
            if not str(values.get(condition[1].lstrip("$").lower(), "")).startswith(condition[2]):
                raise Refused(f"condition failed: {condition[1]}")


def store(s3, bucket: str, key: str, content_type: str, data: bytes) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type)


def fetch(s3, bucket: str, key: str) -> tuple[bytes, str] | None:
    try:
        stored = s3.get_object(Bucket=bucket, Key=key)
    except s3.exceptions.ClientError:
        return None
    kind = stored.get("ContentType")
    return stored["Body"].read(), kind if kind in ALLOWED_SERVE_TYPES else "application/octet-stream"
