"""S3's part for uploads: the presigned POST endpoint, the object reads the API makes, and the CDN's /uploads/ path.

The browser POSTs the form the API presigned; like S3, this checks the
policy's SigV4 signature, expiry and every condition (bucket, key, type,
size) before it stores the file in a folder (on disk before it answers).
The API's own boto3 client reads objects back (HEAD, ranged GET) with
SigV4-signed requests, checked here too. Files are served on /uploads/
(to logged-in people only) with the type they were stored with.
"""

import base64
import hashlib
import hmac
import json
import os
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

ALLOWED_SERVE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


class Refused(Exception):
    pass


def secret_key() -> str:
    """The secret the API signs with (the devserver's local credentials)."""
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


KEY_PATTERN = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")


class Bucket:
    """One bucket as files in a folder: <key> holds the bytes, <key>.type the content type."""

    def __init__(self, folder: str):
        self.folder = os.path.realpath(folder)

    def path(self, key: str) -> str | None:
        if not KEY_PATTERN.match(key) or ".." in key.split("/") or key.endswith(".type"):
            return None
        return os.path.join(self.folder, key)

    def store(self, key: str, content_type: str, data: bytes) -> None:
        """Write the object and its type, each durably, before the upload is answered."""
        target = self.path(key)
        if target is None:
            raise Refused("key not allowed")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        for path, content in ((target + ".type", content_type.encode()), (target, data)):
            with open(path + ".part", "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(path + ".part", path)

    def fetch(self, key: str) -> tuple[bytes, str] | None:
        """(bytes, stored content type), or None."""
        target = self.path(key)
        if target is None or not os.path.isfile(target) or not os.path.isfile(target + ".type"):
            return None
        with open(target, "rb") as data, open(target + ".type") as kind:
            return data.read(), kind.read()

    def remove(self, key: str) -> None:
        target = self.path(key)
        if target is None:
            raise Refused("key not allowed")
        for path in (target, target + ".type"):
            if os.path.isfile(path):
                os.remove(path)

    def list(self, prefix: str) -> list[tuple[str, int]]:
        """(key, size) of every object whose key starts with prefix, in key order (ListObjectsV2)."""
        found = []
        for folder, _dirs, files in os.walk(self.folder):
            for name in files:
                if name.endswith((".type", ".part")):
                    continue
                key = os.path.relpath(os.path.join(folder, name), self.folder).replace(os.sep, "/")
                if key.startswith(prefix):
                    found.append((key, os.path.getsize(os.path.join(folder, name))))
        return sorted(found)

    def serve(self, key: str) -> tuple[bytes, str] | None:
        """What /uploads/ sends: only image types are served as themselves."""
        found = self.fetch(key)
        if found is None:
            return None
        data, kind = found
        return data, kind if kind in ALLOWED_SERVE_TYPES else "application/octet-stream"


def check_presigned(method: str, raw_path: str, query: str, headers: dict, secret: str) -> None:
    """Raise Refused unless a GET carries a valid, unexpired SigV4 query signature (a presigned URL)."""
    from urllib.parse import unquote

    pairs = [part.partition("=") for part in query.split("&") if part]
    params = {unquote(k): unquote(v) for k, _, v in pairs}
    signature = params.pop("X-Amz-Signature", "")
    if params.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" or params.get("X-Amz-SignedHeaders") != "host":
        raise Refused("not presigned")
    try:
        _key, date, region, service, _terminator = params["X-Amz-Credential"].split("/")
        when = datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        lifetime = int(params["X-Amz-Expires"])
    except (KeyError, ValueError) as error:
        raise Refused("bad presigned parameters") from error
    if datetime.now(UTC) > when + timedelta(seconds=lifetime) or service != "s3":
        raise Refused("expired")
    canonical_query = "&".join(sorted(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in params.items()))
    canonical = "\n".join([method, raw_path, canonical_query, f"host:{headers.get('host', '')}\n", "host",
                           "UNSIGNED-PAYLOAD"])
    scope = f"{date}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", params["X-Amz-Date"], scope, hashlib.sha256(canonical.encode()).hexdigest()])
    expected = hmac.new(_signing_key(secret, date, region), to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise Refused("signature does not match")


def list_xml(bucket: str, prefix: str, found: list[tuple[str, int]]) -> str:
    """A ListObjectsV2 answer (one page: a local bucket is small)."""
    from xml.sax.saxutils import escape

    items = "".join(f"<Contents><Key>{escape(key)}</Key><Size>{size}</Size><ETag>&quot;local&quot;</ETag>"
                    "<StorageClass>STANDARD</StorageClass></Contents>" for key, size in found)
    return ('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            f"<Name>{escape(bucket)}</Name><Prefix>{escape(prefix)}</Prefix><KeyCount>{len(found)}</KeyCount>"
            f"<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>{items}</ListBucketResult>")


def check_signed_read(method: str, raw_path: str, query: str, headers: dict, secret: str) -> None:
    """Raise Refused unless a request carries a valid SigV4 signature made with the local secret (as boto3 signs)."""
    match = re.match(r"AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$",
                     headers.get("authorization", ""))
    if not match:
        raise Refused("not signed")
    credential, signed, signature = match.groups()
    try:
        _key, date, region, service, _terminator = credential.split("/")
    except ValueError as error:
        raise Refused("bad credential") from error
    stamp = headers.get("x-amz-date", "")
    try:
        when = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError as error:
        raise Refused("bad date") from error
    if abs(datetime.now(UTC) - when) > timedelta(minutes=15) or not stamp.startswith(date) or service != "s3":
        raise Refused("stale or foreign signature")
    names = signed.split(";")
    if "host" not in names or any(name not in headers for name in names):
        raise Refused("signed headers missing")
    pairs = (part.partition("=") for part in query.split("&") if part)
    canonical_query = "&".join(sorted(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, _, v in pairs))
    canonical = "\n".join([
        method, raw_path, canonical_query,
        "".join(f"{name}:{' '.join(headers[name].split())}\n" for name in names), signed,
        headers.get("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
    ])
    scope = f"{date}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    expected = hmac.new(_signing_key(secret, date, region), to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise Refused("signature does not match")
