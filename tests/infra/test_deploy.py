"""`make deploy --site-only` end to end against moto: the stack's outputs, a production build,
the upload, the invalidation and the registered articles."""

import json
import os

import boto3

from infra import deploy, publish


def test_a_site_only_deploy_publishes_the_production_build(table, tmp_path, capsys):
    region = os.environ["AWS_DEFAULT_REGION"]
    s3 = boto3.client("s3", region_name=region)
    s3.create_bucket(Bucket="torget-site", CreateBucketConfiguration={"LocationConstraint": region})
    distribution = boto3.client("cloudfront").create_distribution(DistributionConfig={
        "CallerReference": "t", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "s", "DomainName": "torget-site.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "s", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}})["Distribution"]["Id"]
    outputs = {"Url": "https://intranet.example", "DistributionId": distribution, "SiteBucketName": "torget-site",
               "TableName": table, "UploadsBucketName": "u"}
    boto3.client("cloudformation", region_name=region).create_stack(StackName="Torget", TemplateBody=json.dumps({
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {name: {"Value": value} for name, value in outputs.items()}}))
    settings = tmp_path / "deploy.toml"
    settings.write_text(f'stack = "Torget"\nregion = "{region}"\n', encoding="utf-8")

    assert deploy.main(["--settings", str(settings), "--site-only", "--output", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "[1/3]" in out and "[3/3] publishing" in out and "Torget is live at https://intranet.example" in out
    keys = publish.remote_files(s3, "torget-site")
    assert "index.html" in keys and "news/torget-oppnar/index.html" in keys and "pagefind/pagefind.js" in keys
    page = s3.get_object(Bucket="torget-site", Key="news/torget-oppnar/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8" and page["CacheControl"] == "no-cache"
    html = page["Body"].read().decode()
    assert "_devserver" not in html and "data-live-reload" not in html  # the production settings
    feed = s3.get_object(Bucket="torget-site", Key="feeds/all.atom.xml")["Body"].read().decode()
    assert "https://intranet.example/" in feed
    from chalicelib import keys as table_keys
    from chalicelib import store

    assert store.get(table_keys.target("article:torget-oppnar"))["published"] is True
    # Running it again changes nothing.
    deploy.main(["--settings", str(settings), "--site-only", "--output", str(tmp_path / "site")])
    again = capsys.readouterr().out
    assert "✓ site: 0 uploaded" in again, again


def test_bootstrap_is_checked_with_a_permission_the_deploy_role_has_and_real_errors_surface():
    import pytest
    from botocore.exceptions import ClientError
    from botocore.stub import Stubber

    ssm = boto3.client("ssm", region_name="eu-north-1")
    with Stubber(ssm) as stub:
        stub.add_client_error("get_parameter", "ParameterNotFound", expected_params={"Name": deploy.BOOTSTRAP_VERSION})
        assert deploy.bootstrapped(ssm) is False
        stub.add_response("get_parameter", {"Parameter": {"Name": deploy.BOOTSTRAP_VERSION, "Value": "27"}})
        assert deploy.bootstrapped(ssm) is True
        # Not allowed to look, or no network: said as it is, never taken for "run cdk bootstrap".
        stub.add_client_error("get_parameter", "AccessDeniedException", http_status_code=400)
        with pytest.raises(ClientError, match="AccessDenied"):
            deploy.bootstrapped(ssm)
