"""`make rotate-origin-secret` against moto (Secrets Manager and CloudFront have no local engine), with the
app's own check of the header: no request is refused on the way, the old value is refused at the end."""

import boto3
import pytest

from infra.rotate_origin_secret import rotate


@pytest.fixture
def deployed(table, monkeypatch):
    """A secret and a distribution whose two API origins send it, as the stack makes them."""
    manager = boto3.client("secretsmanager")
    arn = manager.create_secret(Name="torget-origin", SecretString="old-value")["ARN"]
    header = {"Quantity": 1, "Items": [{"HeaderName": "X-Torget-Origin", "HeaderValue": "old-value"}]}
    origins = [{"Id": name, "DomainName": f"{name}.execute-api.eu-north-1.amazonaws.com", "CustomHeaders": header,
                "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}
               for name in ("rest", "websocket")]
    origins.append({"Id": "site", "DomainName": "site.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}})
    cloudfront = boto3.client("cloudfront")
    distribution = cloudfront.create_distribution(DistributionConfig={
        "CallerReference": "t", "Comment": "", "Enabled": True, "Origins": {"Quantity": 3, "Items": origins},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}})["Distribution"]["Id"]
    monkeypatch.delenv("ORIGIN_SECRET", raising=False)
    monkeypatch.setenv("ORIGIN_SECRET_NAME", arn)
    return arn, distribution, manager, cloudfront


def sent_by_cloudfront(cloudfront, distribution) -> set:
    config = cloudfront.get_distribution_config(Id=distribution)["DistributionConfig"]
    return {header["HeaderValue"] for origin in config["Origins"]["Items"]
            for header in origin.get("CustomHeaders", {}).get("Items", [])}


def accepted(value: str) -> bool:
    from chalicelib import config
    from chalicelib.api.http import through_cloudfront

    config._secret_versions.cache_clear()  # as a function does once its five minutes are over
    return through_cloudfront({"X-Torget-Origin": value})


def test_a_rotation_never_refuses_what_cloudfront_sends_and_ends_the_old_value(deployed):
    arn, distribution, manager, cloudfront = deployed
    assert accepted("old-value") and not accepted("guess")
    seen = {}

    def pause(seconds):  # while functions pick up the new value, CloudFront still sends the old one
        seen["seconds"] = seconds
        seen["sent"] = sent_by_cloudfront(cloudfront, distribution)
        seen["new"] = manager.get_secret_value(SecretId=arn)["SecretString"]
        seen["accepted"] = accepted("old-value"), accepted(seen["new"])

    lines = []
    rotate(arn, distribution, secretsmanager=manager, cloudfront=cloudfront, pause=pause, say=lines.append, wait=False)
    new = seen["new"]
    assert seen["seconds"] == 300 and seen["sent"] == {"old-value"} and seen["accepted"] == (True, True)
    assert new != "old-value" and len(new) == 48
    assert sent_by_cloudfront(cloudfront, distribution) == {new}  # both API origins
    assert accepted(new) and not accepted("old-value")
    assert [line[:5] for line in lines] == ["[1/4]", "[2/4]", "[3/4]", "[4/4]"]


def test_a_distribution_without_the_header_changes_nothing(deployed):
    arn, _distribution, manager, cloudfront = deployed
    other = cloudfront.create_distribution(DistributionConfig={
        "CallerReference": "u", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "s", "DomainName": "x.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "s", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}})["Distribution"]["Id"]
    with pytest.raises(SystemExit, match="no origin with X-Torget-Origin"):
        rotate(arn, other, secretsmanager=manager, cloudfront=cloudfront, pause=lambda s: None, say=lambda t: None,
               wait=False)
    assert manager.get_secret_value(SecretId=arn)["SecretString"] == "old-value"
