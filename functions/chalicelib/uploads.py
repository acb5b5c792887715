"""Images on posts: a presigned S3 POST per image, checked again before a post uses it.

The browser uploads straight to the private uploads bucket; the POST policy
binds the key, the content type and the size (1 byte to 10 MB). When a post
attaches an upload, the object must be the caller's own, within the size,
of an allowed type, and its first bytes must really be that image format:
a declared type is never trusted (a file that is HTML inside would
otherwise be served as a page).
"""

import re
from functools import lru_cache

from chalicelib import config, ids, limits
from chalicelib.errors import ValidationFailed
from chalicelib.text import clean_label

MAX_BYTES = 10 * 1024 * 1024
LIFETIME = 300
TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
}
ALT_MAX = 250


@lru_cache(maxsize=1)
def s3():
    import boto3
    from botocore.config import Config

    if config.s3_stand_in():
        return boto3.client("s3", endpoint_url=config.s3_stand_in())
    return boto3.client("s3", endpoint_url=config.s3_regional_endpoint(),
                        config=Config(signature_version="s3v4", s3={"addressing_style": "virtual"}))


def bucket() -> str:
    return config.uploads_bucket()


def object_key(key: str) -> str:
    """Where an upload lies in the bucket: under uploads/, the path CloudFront serves it from
    (/uploads/<key>) and the only prefix the functions may write and read."""
    return f"uploads/{key}"


def sniff(head: bytes) -> str | None:
    """The image type the first bytes show, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return None


def presign(caller: dict, content_type, size) -> dict:
    """Where and how the browser uploads one image: {url, fields, key}."""
    if not isinstance(content_type, str) or content_type not in TYPES:
        raise ValidationFailed("contentType: JPEG, PNG, WebP or GIF only", field="contentType", code="unsupported_type")
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_BYTES:
        raise ValidationFailed("size: an image may be at most 10 MB", field="size", code="too_large")
    limits.spend(caller["id"], "upload")
    key = f"u/{caller['id']}/{ids.new_id()}.{TYPES[content_type]}"
    post = s3().generate_presigned_post(
        Bucket=bucket(), Key=object_key(key),
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, MAX_BYTES]],
        ExpiresIn=LIFETIME,
    )
    # Locally the devserver stands in for S3's endpoint (AWS_ENDPOINT_URL_S3) on the site's own origin.
    return {"url": post["url"], "fields": post["fields"], "key": key}


def check_attached(caller: dict, image) -> dict:
    """An image a post may show: {key, alt, url, type}; raises ValidationFailed."""
    if not isinstance(image, dict) or set(image) - {"key", "alt"}:
        raise ValidationFailed("images: each is {key, alt}", field="images")
    key = image.get("key")
    own_upload(caller, key, "images")
    alt = clean_label(image.get("alt"), ALT_MAX + 1)
    if not alt or len(alt) > ALT_MAX:
        raise ValidationFailed("images: describe each image in 1 to 250 characters (alt text)", field="images.alt")
    declared = checked_image(key, "images")
    return {"key": key, "alt": alt, "url": f"/uploads/{key}", "type": declared}


def own_upload(caller: dict, key, field: str) -> str:
    """A key of one of the caller's own uploads, or ValidationFailed."""
    pattern = rf"^u/{re.escape(caller['id'])}/[0-9A-HJKMNP-TV-Z]{{26}}\.(jpg|png|webp|gif)$"
    if not isinstance(key, str) or not re.match(pattern, key):
        raise ValidationFailed(f"{field}: not one of your uploads", field=field, code="invalid_upload")
    return key


def checked_image(key: str, field: str) -> str:
    """The upload's image type, after checking it is there, within the size, and really that image."""
    client = s3()
    try:
        head = client.head_object(Bucket=bucket(), Key=object_key(key))
        first = client.get_object(Bucket=bucket(), Key=object_key(key), Range="bytes=0-15")["Body"].read()
    except client.exceptions.ClientError:
        raise ValidationFailed(f"{field}: that upload is not there (it may have expired)", field=field, code="invalid_upload")
    declared = head.get("ContentType")
    if head["ContentLength"] > MAX_BYTES or declared not in TYPES or sniff(first) != declared \
            or not key.endswith("." + TYPES[declared]):
        raise ValidationFailed(f"{field}: the file is not the image it claims to be", field=field, code="invalid_upload")
    return declared


def read_checked(key: str) -> tuple[bytes, str]:
    """An upload's bytes and type, for committing it next to an article: the same checks by content."""
    client = s3()
    try:
        obj = client.get_object(Bucket=bucket(), Key=object_key(key))
    except client.exceptions.ClientError:
        raise ValidationFailed("text: an image's upload is not there any more; add it again", field="text",
                               code="invalid_upload")
    data = obj["Body"].read(MAX_BYTES + 1)
    declared = obj.get("ContentType")
    if len(data) > MAX_BYTES or declared not in TYPES or sniff(data[:16]) != declared \
            or not key.endswith("." + TYPES[declared]):
        raise ValidationFailed("text: an image is not the image it claims to be", field="text", code="invalid_upload")
    return data, declared
