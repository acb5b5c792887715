"""Publishing a built site: upload what changed, remove what is gone, invalidate, register articles.

Every file gets its content type and a cache policy: HTML, feeds and the
manifest are revalidated on every request (`no-cache`: CloudFront and
browsers keep them but ask first); files whose names carry a content hash
(Pagefind's index and fragments) are `immutable` for a year; the theme's
scripts, styles and images an hour. A file whose MD5 matches the object's
ETag is not sent again, so running it twice uploads nothing the second time.
"""

import hashlib
import json
import mimetypes
import re
import sys
import time
from pathlib import Path

TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".json": "application/json", ".xml": "application/atom+xml; charset=utf-8", ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8", ".ico": "image/x-icon", ".webp": "image/webp",
    ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
}
REVALIDATE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=3600"
HASHED = re.compile(r"[._-][0-9a-f]{8,}\.[a-z_]+$|^pagefind/(index|fragment|filter)/")
SKIP = {".built"}
MAX_INVALIDATION_PATHS = 100


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def cache_control(path: str) -> str:
    # The service worker and the web app manifest too: a new build must reach every browser at once.
    if path.endswith((".html", ".xml", ".webmanifest")) or path in ("manifest.json", "sw.js"):
        return REVALIDATE
    if HASHED.search(path):
        return IMMUTABLE
    if path.startswith("pagefind/"):
        return REVALIDATE  # pagefind.js and its entry point name the hashed files: always fresh
    return SHORT


def local_files(site: Path) -> dict:
    return {str(path.relative_to(site)): path for path in sorted(site.rglob("*"))
            if path.is_file() and path.name not in SKIP}


def remote_files(s3, bucket: str) -> dict:
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            found[item["Key"]] = item["ETag"].strip('"')
    return found


def say(message: str) -> None:
    print(message, flush=True)


def sync(s3, bucket: str, site: Path) -> dict:
    """Upload new and changed files, delete stale ones; returns the keys that changed."""
    local, remote = local_files(site), remote_files(s3, bucket)
    uploaded, unchanged = [], 0
    for number, (key, path) in enumerate(local.items(), start=1):
        data = path.read_bytes()
        if remote.get(key) == hashlib.md5(data).hexdigest():  # noqa: S324 - compared with S3's ETag, not security
            unchanged += 1
            continue
        s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type(key), CacheControl=cache_control(key))
        uploaded.append(key)
        if number % 50 == 0 or number == len(local):
            say(f"  … {number}/{len(local)} files checked, {len(uploaded)} uploaded")
    stale = sorted(set(remote) - set(local))
    for start in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": key} for key in stale[start:start + 1000]]})
    say(f"  ✓ site: {len(uploaded)} uploaded, {unchanged} unchanged, {len(stale)} stale removed")
    return {"uploaded": uploaded, "deleted": stale, "unchanged": unchanged}


def invalidate(cloudfront, distribution_id: str, changed: list[str]) -> str | None:
    """Ask CloudFront to drop its copies of what changed (every path when there are many)."""
    if not changed:
        say("  ✓ CDN: nothing to invalidate")
        return None
    paths = set()
    for key in changed:
        paths.add("/" + key)
        if key.endswith("index.html"):  # the page is fetched as its folder
            paths.add("/" + key[: -len("index.html")])
    items = ["/*"] if len(paths) > MAX_INVALIDATION_PATHS else sorted(paths)
    response = cloudfront.create_invalidation(DistributionId=distribution_id, InvalidationBatch={
        "Paths": {"Quantity": len(items), "Items": items}, "CallerReference": f"torget-{time.time_ns()}"})
    say(f"  ✓ CDN: invalidation {response['Invalidation']['Id']} for {len(items)} path(s)")
    return response["Invalidation"]["Id"]


def register(site: Path) -> dict:
    """Tell the API which articles are published (the table comes from TABLE_NAME)."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "functions"))
    from chalicelib import targets

    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    result = targets.register_articles(manifest)
    say(f"  ✓ articles: {result['registered']} registered, {result['unpublished']} unpublished")
    return result


def publish(site: Path, bucket: str, distribution_id: str, s3=None, cloudfront=None) -> dict:
    import boto3

    s3 = s3 or boto3.client("s3")
    cloudfront = cloudfront or boto3.client("cloudfront")
    say(f"… publishing {site} to s3://{bucket}")
    changed = sync(s3, bucket, site)
    invalidation = invalidate(cloudfront, distribution_id, changed["uploaded"] + changed["deleted"])
    registered = register(site)
    return {**changed, "invalidation": invalidation, **registered}
