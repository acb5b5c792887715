"""The optional firewall (deploy.toml waf_api_requests_per_5_minutes): its own stack in us-east-1, where
CloudFront's web ACLs must be, attached to the distribution across regions; cfn-lint finds nothing in either
template. Synthesised once with the firewall on and the account's API Gateway role left to the account."""

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory):
    from infra.synth import synthesize

    folder = tmp_path_factory.mktemp("firewall")
    main, _key, firewall = synthesize(folder, oidc_issuer="https://idp.example", oidc_client_id="torget",
                                      github_repository="fjallvind/intranet", waf_api_requests_per_5_minutes=2000,
                                      api_gateway_account_role=False)
    return main, firewall, folder


def test_an_address_sending_too_many_api_requests_gets_429(synthesized):
    _main, firewall, _folder = synthesized
    [acl] = firewall.find_resources("AWS::WAFv2::WebACL").values()
    props = acl["Properties"]
    assert props["Scope"] == "CLOUDFRONT" and props["DefaultAction"] == {"Allow": {}}
    [rule] = props["Rules"]
    rate = rule["Statement"]["RateBasedStatement"]
    assert rate["Limit"] == 2000 and rate["AggregateKeyType"] == "IP" and rate["EvaluationWindowSec"] == 300
    match = rate["ScopeDownStatement"]["ByteMatchStatement"]
    assert match["SearchString"] == "/api/" and match["PositionalConstraint"] == "STARTS_WITH"
    assert rule["Action"] == {"Block": {"CustomResponse": {"ResponseCode": 429}}}


def test_the_distribution_is_behind_it_and_the_deploy_role_may_check_both_regions(synthesized):
    main, _firewall, _folder = synthesized
    [distribution] = main.find_resources("AWS::CloudFront::Distribution").values()
    assert "WebACLId" in distribution["Properties"]["DistributionConfig"]
    assert "Firewall" in json.dumps(distribution["Properties"]["DistributionConfig"]["WebACLId"])
    policies = main.find_resources("AWS::IAM::Policy")
    [deploy] = [p for p in policies.values() if "DeployRole" in json.dumps(p["Properties"]["Roles"])]
    text = json.dumps(deploy)
    assert ":ssm:us-east-1:" in text and ":ssm:eu-north-1:" in text
    assert not main.find_resources("AWS::ApiGateway::Account")  # the account has its own role


def test_cfn_lint_finds_nothing_in_either_template(synthesized):
    main, firewall, folder = synthesized
    # W3005 (a dependency stated twice) is in CDK's own cross-region writer and reader, functions it makes
    # while synthesizing, out of the stacks' reach; it is only a warning.
    for name, template in (("main", main), ("firewall", firewall)):
        path = folder / f"{name}.json"
        path.write_text(json.dumps(template.to_json()))
        result = subprocess.run([str(Path(sys.executable).parent / "cfn-lint"), str(path), "--ignore-checks", "W3005"],
                                capture_output=True, text=True)
        assert result.returncode == 0, f"{name}: {result.stdout}"
