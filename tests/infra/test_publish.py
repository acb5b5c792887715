"""The deploy step's publishing against moto: content types, cache headers, no stale files,
an invalidation for what changed, the articles registered."""

import json
import os

import boto3
import pytest

from infra import publish

MANIFEST = {"articles": [{"id": "article:hej", "title": "Hej", "url": "/news/hej/", "date": "2026-11-20T08:00:00+01:00",
                          "author": "Johan Lind", "summary": "s", "comments": True}]}


@pytest.fixture
def aws(table):
    region = os.environ["AWS_DEFAULT_REGION"]
    s3 = boto3.client("s3", region_name=region)
    s3.create_bucket(Bucket="site", CreateBucketConfiguration={"LocationConstraint": region})
    cloudfront = boto3.client("cloudfront", region_name=region)
    distribution = cloudfront.create_distribution(DistributionConfig={
        "CallerReference": "test", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    })["Distribution"]["Id"]
    return s3, cloudfront, distribution


def built(tmp_path, **files):
    site = tmp_path / "output"
    for name, text in {"manifest.json": json.dumps(MANIFEST), **files}.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def head(s3, key):
    return s3.head_object(Bucket="site", Key=key)


def test_publish_uploads_with_types_and_cache_headers_and_registers(aws, tmp_path, capsys):
    s3, cloudfront, distribution = aws
    site = built(tmp_path, **{
        "index.html": "<h1>Hem</h1>", "news/hej/index.html": "<h1>Hej</h1>", "theme/js/main.js": "x",
        "theme/css/torget.css": "a{}", "feeds/all.atom.xml": "<feed/>", "images/kontoret.svg": "<svg/>",
        "pagefind/pagefind.js": "p", "pagefind/fragment/sv_3f2a9c1d0b.pf_fragment": "f",
        "pagefind/wasm.sv.pagefind": "w", ".built": "stamp"})
    result = publish.publish(site, "site", distribution, s3=s3, cloudfront=cloudfront)
    expected = {
        "index.html": ("text/html; charset=utf-8", "no-cache"),
        "news/hej/index.html": ("text/html; charset=utf-8", "no-cache"),
        "theme/js/main.js": ("text/javascript; charset=utf-8", "public, max-age=3600"),
        "theme/css/torget.css": ("text/css; charset=utf-8", "public, max-age=3600"),
        "feeds/all.atom.xml": ("application/atom+xml; charset=utf-8", "no-cache"),
        "images/kontoret.svg": ("image/svg+xml", "public, max-age=3600"),
        "manifest.json": ("application/json", "no-cache"),
        "pagefind/pagefind.js": ("text/javascript; charset=utf-8", "no-cache"),
        "pagefind/fragment/sv_3f2a9c1d0b.pf_fragment": ("application/octet-stream", "public, max-age=31536000, immutable"),
    }
    for key, (kind, cache) in expected.items():
        assert (head(s3, key)["ContentType"], head(s3, key)["CacheControl"]) == (kind, cache), key
    assert ".built" not in publish.remote_files(s3, "site")
    assert result["registered"] == 1
    from chalicelib import keys, store

    assert store.get(keys.target("article:hej"))["published"] is True
    invalidation = cloudfront.get_invalidation(DistributionId=distribution, Id=result["invalidation"])["Invalidation"]
    paths = invalidation["InvalidationBatch"]["Paths"]["Items"]
    assert "/news/hej/" in paths and "/news/hej/index.html" in paths
    assert "✓ site: 10 uploaded, 0 unchanged, 0 stale removed" in capsys.readouterr().out


def test_running_again_uploads_only_changes_and_removes_stale_files(aws, tmp_path):
    s3, cloudfront, distribution = aws
    first = built(tmp_path / "a", **{"index.html": "v1", "news/old/index.html": "gammal", "theme/js/main.js": "x"})
    publish.publish(first, "site", distribution, s3=s3, cloudfront=cloudfront)
    second = built(tmp_path / "b", **{"index.html": "v2", "theme/js/main.js": "x"})
    result = publish.publish(second, "site", distribution, s3=s3, cloudfront=cloudfront)
    assert result["uploaded"] == ["index.html"] and result["deleted"] == ["news/old/index.html"]
    assert sorted(publish.remote_files(s3, "site")) == ["index.html", "manifest.json", "theme/js/main.js"]
    assert s3.get_object(Bucket="site", Key="index.html")["Body"].read() == b"v2"
    again = publish.publish(second, "site", distribution, s3=s3, cloudfront=cloudfront)
    assert again["uploaded"] == [] and again["deleted"] == [] and again["invalidation"] is None


def test_many_changes_invalidate_everything(aws, tmp_path):
    s3, cloudfront, distribution = aws
    site = built(tmp_path, **{f"news/a{n}/index.html": str(n) for n in range(80)})
    result = publish.publish(site, "site", distribution, s3=s3, cloudfront=cloudfront)
    batch = cloudfront.get_invalidation(DistributionId=distribution, Id=result["invalidation"])["Invalidation"]
    assert batch["InvalidationBatch"]["Paths"]["Items"] == ["/*"]
