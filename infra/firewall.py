"""An optional web application firewall in front of the distribution (deploy.toml
waf_api_requests_per_5_minutes > 0). CloudFront's firewalls live in us-east-1, so this is a stack of its own
there; the main stack reads its ARN through CDK's cross-region references.

One rule: an address (the viewer's, as CloudFront sees it) that sends more than the limit of API requests
in 5 minutes gets 429 until it slows down. The site's pages are files on the CDN and cost next to nothing,
so they are not counted. At AWS's prices in 2026: 5 USD a month for the web ACL, 1 USD for the rule and
0.60 USD per million requests inspected.
"""

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct


class FirewallStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, requests_per_5_minutes: int, **kwargs):
        super().__init__(scope, construct_id, **kwargs)

        def seen(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
            return wafv2.CfnWebACL.VisibilityConfigProperty(
                cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True)

        api_only = wafv2.CfnWebACL.StatementProperty(byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}), positional_constraint="STARTS_WITH",
            search_string="/api/", text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(
                priority=0, type="NONE")]))
        too_many = wafv2.CfnWebACL.RuleProperty(
            name="ApiRequestsPerAddress", priority=0, visibility_config=seen("ApiRequestsPerAddress"),
            action=wafv2.CfnWebACL.RuleActionProperty(block=wafv2.CfnWebACL.BlockActionProperty(
                custom_response=wafv2.CfnWebACL.CustomResponseProperty(response_code=429))),
            statement=wafv2.CfnWebACL.StatementProperty(rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                limit=requests_per_5_minutes, evaluation_window_sec=300, aggregate_key_type="IP",
                scope_down_statement=api_only)))
        self.web_acl = wafv2.CfnWebACL(
            self, "Firewall", scope="CLOUDFRONT", default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=seen("Torget"), rules=[too_many])
        CfnOutput(self, "WebAclArn", value=self.web_acl.attr_arn, key="WebAclArn")
