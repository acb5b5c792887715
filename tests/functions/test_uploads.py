"""Images on posts: presigned uploads, and the checks before a post may show one."""

import json
import os

import pytest
from chalicelib import uploads

from tests.conftest import body

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64




def upload(session, content: bytes, content_type="image/png", stored_type=None):
    presigned = session.send("POST", "/api/uploads", json.dumps({"contentType": content_type, "size": len(content)}))
    assert presigned.status_code == 200, presigned.body
    target = body(presigned)
    # What the browser's POST leaves in the bucket (S3 enforces the policy's type and size).
    uploads.s3().put_object(Bucket=uploads.bucket(), Key=uploads.object_key(target["key"]), Body=content,
                            ContentType=stored_type or content_type)
    return target


def test_presigned_post_binds_key_type_and_size(sara):
    target = body(sara.send("POST", "/api/uploads", '{"contentType": "image/webp", "size": 1000}'))
    assert target["key"].startswith("u/sara.nilsson/") and target["key"].endswith(".webp")
    policy = json.loads(__import__("base64").b64decode(target["fields"]["policy"]))
    assert {"Content-Type": "image/webp"} in policy["conditions"]
    assert ["content-length-range", 1, 10 * 1024 * 1024] in policy["conditions"]
    assert {"key": uploads.object_key(target["key"])} in policy["conditions"]
    # The regional host, the one the stack's CSP allows in connect-src (the bucket's regional domain name).
    assert target["url"] == f"https://{uploads.bucket()}.s3.{os.environ['AWS_DEFAULT_REGION']}.amazonaws.com/"


@pytest.mark.parametrize("payload, code", [
    ({"contentType": "text/html", "size": 10}, "unsupported_type"),
    ({"contentType": "image/svg+xml", "size": 10}, "unsupported_type"),
    ({"contentType": "image/png", "size": 10 * 1024 * 1024 + 1}, "too_large"),
    ({"contentType": "image/png", "size": 0}, "too_large"),
    ({"contentType": "image/png", "size": "10"}, "too_large"),
])
def test_presign_refuses_other_types_and_sizes(sara, payload, code):
    response = sara.send("POST", "/api/uploads", json.dumps(payload))
    assert response.status_code == 400 and body(response)["error"]["code"] == code


def test_a_post_shows_its_images_with_alt_text(sara):
    first, second = upload(sara, PNG), upload(sara, JPEG, "image/jpeg")
    images = [{"key": first["key"], "alt": "Vindkraftverk i solnedgång"}, {"key": second["key"], "alt": "Kontoret"}]
    created = sara.send("POST", "/api/posts", json.dumps({"text": "Bilder!", "images": images}))
    assert created.status_code == 201, created.body
    shown = body(created)["images"]
    assert [image["alt"] for image in shown] == ["Vindkraftverk i solnedgång", "Kontoret"]
    assert shown[0]["url"] == f"/uploads/{first['key']}" and shown[1]["type"] == "image/jpeg"
    assert body(sara.get("/api/feed"))["items"][0]["images"] == shown


def test_a_file_that_is_not_the_image_it_claims_is_refused(sara):
    fake = upload(sara, b"<html><script>alert(1)</script></html>", "image/png")
    response = sara.send("POST", "/api/posts", json.dumps({"text": "x", "images": [{"key": fake["key"], "alt": "x"}]}))
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_upload"
    mislabelled = upload(sara, JPEG, "image/png")
    response = sara.send("POST", "/api/posts", json.dumps({"text": "x", "images": [{"key": mislabelled["key"], "alt": "x"}]}))
    assert response.status_code == 400


def test_someone_elses_upload_cannot_be_attached(sara, people):
    karin = people("karin.ek", "Karin Ek")
    theirs = upload(karin, PNG)
    response = sara.send("POST", "/api/posts", json.dumps({"text": "x", "images": [{"key": theirs["key"], "alt": "x"}]}))
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_upload"


@pytest.mark.parametrize("images", [
    [{"key": "u/sara.nilsson/01JAAAAAAAAAAAAAAAAAAAAAAA.png", "alt": "not uploaded"}],
    [{"key": "../../etc/passwd", "alt": "x"}],
    [{"key": "u/sara.nilsson/01JAAAAAAAAAAAAAAAAAAAAAAA.png"}],
    [{"key": "x", "alt": "x", "url": "javascript:alert(1)"}],
    "not a list",
])
def test_bad_image_lists_are_refused(sara, images):
    response = sara.send("POST", "/api/posts", json.dumps({"text": "x", "images": images}))
    assert response.status_code == 400


def test_at_most_four_images(sara):
    keys = [upload(sara, PNG)["key"] for _ in range(5)]
    response = sara.send("POST", "/api/posts", json.dumps({"text": "x", "images": [{"key": k, "alt": "a"} for k in keys]}))
    assert response.status_code == 400 and body(response)["error"]["code"] == "too_many_items"


def test_a_missing_alt_text_is_refused(sara):
    key = upload(sara, PNG)["key"]
    response = sara.send("POST", "/api/posts", json.dumps({"text": "x", "images": [{"key": key, "alt": "  "}]}))
    assert response.status_code == 400 and body(response)["error"]["field"] == "images.alt"
