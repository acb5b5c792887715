"""The CDK stack, synthesised offline: what the issue asks of the table, buckets, CloudFront and
permissions, and cfn-lint finds no errors in the template."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from infra.synth import synthesize

    folder = tmp_path_factory.mktemp("synth")
    started = time.perf_counter()
    synthesized, _key, firewall = synthesize(folder, oidc_issuer="https://idp.example", oidc_client_id="torget",
                                   alarm_email="ops@example.com", github_repository="fjallvind/intranet",
                                   github_app_id="1234", github_installation_id="42")
    (folder / "template.json").write_text(json.dumps(synthesized.to_json()))
    print(f"synthesis: {time.perf_counter() - started:.1f} s")
    return synthesized, folder / "template.json", firewall


def resources(template, kind):
    return list(template[0].find_resources(kind).values())


def test_the_table_is_the_apps_own_schema_with_recovery_protection_ttl_and_a_stream(template):
    from chalicelib import keys

    [table] = resources(template, "AWS::DynamoDB::Table")
    props = table["Properties"]
    assert props["KeySchema"] == keys.TABLE_SCHEMA["KeySchema"]
    assert [index["IndexName"] for index in props["GlobalSecondaryIndexes"]] == [keys.GSI1]
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["DeletionProtectionEnabled"] is True
    assert props["TimeToLiveSpecification"] == {"AttributeName": keys.TTL_ATTRIBUTE, "Enabled": True}
    assert props["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert props["BillingMode"] == "PAY_PER_REQUEST" and table["DeletionPolicy"] == "Retain"


def test_both_buckets_are_private_versioned_and_reached_through_origin_access_control(template):
    buckets = template[0].find_resources("AWS::S3::Bucket")
    assert len(buckets) == 3  # the site, the uploads, CloudFront's access logs
    for name, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
        if not name.startswith("AccessLogs"):
            assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    controls = resources(template, "AWS::CloudFront::OriginAccessControl")
    kinds = sorted(c["Properties"]["OriginAccessControlConfig"]["OriginAccessControlOriginType"] for c in controls)
    assert kinds == ["lambda", "s3", "s3"]  # the two buckets, and the not-found page's function URL
    policies = [p for p in resources(template, "AWS::S3::BucketPolicy") if "AccessLogs" not in json.dumps(p)]
    assert len(policies) == 2  # the site's and the uploads' (the logs bucket's only refuses plain HTTP)
    for policy in policies:
        principals = [s.get("Principal") for s in policy["Properties"]["PolicyDocument"]["Statement"]]
        assert {"Service": "cloudfront.amazonaws.com"} in principals


def test_cloudfront_routes_signed_cookies_and_the_headers_policy(template):
    [distribution] = resources(template, "AWS::CloudFront::Distribution")
    config = distribution["Properties"]["DistributionConfig"]
    routes = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    assert {"/api/*", "/ws", "/login/*", "/uploads/*"} <= set(routes)
    assert config["DefaultCacheBehavior"]["TrustedKeyGroups"]  # the site: signed cookies
    assert routes["/uploads/*"]["TrustedKeyGroups"]
    for open_path in ("/login/*", "/api/*", "/ws"):  # the API checks its own session
        assert "TrustedKeyGroups" not in routes[open_path]
    assert routes["/api/*"]["CachePolicyId"] == routes["/ws"]["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    assert "DELETE" in routes["/api/*"]["AllowedMethods"]
    [headers] = resources(template, "AWS::CloudFront::ResponseHeadersPolicy")
    security = headers["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = json.dumps(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert security["ContentTypeOptions"]["Override"] is True
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
    for behavior in [config["DefaultCacheBehavior"], *routes.values()]:
        assert behavior["ResponseHeadersPolicyId"]
        assert behavior["ViewerProtocolPolicy"] in ("redirect-to-https", "https-only")


def test_the_functions_may_use_only_the_table_the_uploads_their_secrets_and_the_websocket_api(template):
    functions = resources(template, "AWS::Serverless::Function")
    # the API, three WebSocket routes, scheduled work, digests, retention, SES feedback, work units
    assert len(functions) == 9
    roles = {json.dumps(function["Properties"]["Role"]) for function in functions}
    assert len(roles) == 1 and "ApiRole" in roles.pop()
    for function in functions:
        variables = function["Properties"]["Environment"]["Variables"]
        assert {"TABLE_NAME", "WS_ENDPOINT", "CDN_KEY_PAIR_ID", "OIDC_CLIENT_SECRET_NAME", "WORK_QUEUE_URL"} <= set(variables)
        assert function["Properties"]["Runtime"] == "python3.11"
    [policy] = [p for p in resources(template, "AWS::IAM::Policy") if "ApiRole" in json.dumps(p["Properties"]["Roles"])]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    for statement in statements:
        assert statement["Resource"] != "*", statement
        text = json.dumps(statement["Resource"])
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if any(action.startswith("dynamodb:") for action in actions):
            assert "Table" in text and "Scan" not in json.dumps(actions) and "DeleteTable" not in json.dumps(actions)
        if "execute-api:ManageConnections" in actions:
            assert "WebsocketAPI" in text and "@connections" in text
    assert {a for s in statements for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])} == {
        "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
        "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem", "s3:PutObject", "s3:GetObject",
        "s3:DeleteObject",
        "s3:ListBucket", "ses:SendEmail",
        "ses:SendRawEmail",
        "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "ssm:GetParameter",
        "execute-api:ManageConnections", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage",
        "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility", "lambda:InvokeFunction"}
    for statement in statements:
        if statement["Action"] == "lambda:InvokeFunction":  # the work function, invoking its own units
            assert statement["Resource"] == {"Fn::GetAtt": ["Work", "Arn"]}
        if any(a.startswith("sqs:Receive") for a in statement["Action"] if isinstance(statement["Action"], list)):
            assert "WorkQueue" in json.dumps(statement["Resource"])  # only the work queue is consumed


def test_alarms_for_errors_throttles_and_dynamodb_throttling(template):
    alarms = resources(template, "AWS::CloudWatch::Alarm")
    metrics = sorted(alarm["Properties"]["MetricName"] for alarm in alarms)
    assert metrics.count("Errors") == 9 and metrics.count("Throttles") == 9
    assert "ReadThrottleEvents" in metrics and "WriteThrottleEvents" in metrics
    assert all(alarm["Properties"]["AlarmActions"] for alarm in alarms)
    [subscription] = resources(template, "AWS::SNS::Subscription")
    assert subscription["Properties"]["Endpoint"] == "ops@example.com"
    assert subscription["Properties"]["Protocol"] == "email"


def test_cfn_lint_finds_no_errors(template):
    result = subprocess.run([str(Path(sys.executable).parent / "cfn-lint"), str(template[1])],
                            capture_output=True, text=True)
    assert result.returncode & 2 == 0, result.stdout  # bit 2: errors (warnings are bit 4)
    assert result.returncode == 0, result.stdout


def test_github_actions_deploy_through_oidc_from_main_only(template):
    [provider] = resources(template, "AWS::IAM::OIDCProvider")
    assert provider["Properties"]["Url"] == "https://token.actions.githubusercontent.com"
    [role] = [r for r in resources(template, "AWS::IAM::Role")
              if "sts:AssumeRoleWithWebIdentity" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])]
    condition = role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]
    # The deploy job runs in a GitHub environment: its token's subject names that environment, not the branch.
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    environment = workflow["jobs"]["deploy"]["environment"]
    assert condition["token.actions.githubusercontent.com:sub"] == f"repo:fjallvind/intranet:environment:{environment}"
    [policy] = [p for p in resources(template, "AWS::IAM::Policy") if "DeployRole" in json.dumps(p["Properties"]["Roles"])]
    actions = {a for s in policy["Properties"]["PolicyDocument"]["Statement"]
               for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}
    assert "cloudfront:CreateInvalidation" in actions and "s3:PutObject" in actions and "sts:AssumeRole" in actions
    # deploy.bootstrapped reads the version `cdk bootstrap` writes; the role may read exactly that.
    assert "ssm:GetParameter" in actions and "parameter/cdk-bootstrap/hnb659fds/version" in json.dumps(policy)
    assert not any(a.endswith("*") for a in actions)


def test_articles_written_in_the_browser_are_committed_as_the_github_app(template):
    functions = resources(template, "AWS::Serverless::Function")
    api = next(f for f in functions if f["Properties"].get("Events") is None or "Api" in json.dumps(f["Properties"]))
    variables = api["Properties"]["Environment"]["Variables"]
    assert variables["PUBLISH_REPOSITORY"] == "github" and variables["GITHUB_REPOSITORY"] == "fjallvind/intranet"
    assert variables["GITHUB_APP_ID"] == "1234" and variables["GITHUB_APP_KEY_SECRET"] == "torget/github-app-key"
    assert variables["PUBLISH_WITHOUT_REVIEW"] == "editor,admin"
    # The App's private key is one more secret the role may read, by name.
    [policy] = [p for p in resources(template, "AWS::IAM::Policy") if "ApiRole" in json.dumps(p["Properties"]["Roles"])]
    assert "secret:torget/github-app-key" in json.dumps(policy["Properties"]["PolicyDocument"])
    # Scheduled articles (and at-once mails) are handled by a function every minute.
    text = json.dumps(functions)
    assert "rate(1 minute)" in text


def test_mail_goes_out_through_ses_with_bounces_and_complaints_fed_back(template):
    assert len(resources(template, "AWS::SES::EmailIdentity")) == 1
    assert len(resources(template, "AWS::SES::ConfigurationSet")) == 1
    [destination] = resources(template, "AWS::SES::ConfigurationSetEventDestination")
    spec = destination["Properties"]["EventDestination"]
    assert sorted(spec["MatchingEventTypes"]) == ["bounce", "complaint"] and "EventBridgeDestination" in spec
    functions = resources(template, "AWS::Serverless::Function")
    text = json.dumps(functions)
    assert "cron(0 5 * * ? *)" in text and "aws.ses" in text and "Email Bounced" in text
    for function in functions:
        variables = function["Properties"]["Environment"]["Variables"]
        assert "MAIL_FROM" in variables and "MAIL_CONFIGURATION_SET" in variables


def test_exports_expire_and_the_functions_reach_only_a_persons_own_prefixes(template):
    [uploads] = [b for name, b in template[0].find_resources("AWS::S3::Bucket").items() if name.startswith("Uploads")]
    rules = uploads["Properties"]["LifecycleConfiguration"]["Rules"]
    assert {"Prefix": "exports/", "ExpirationInDays": 1} in [
        {k: r[k] for k in ("Prefix", "ExpirationInDays") if k in r} for r in rules]
    [policy] = [p for p in resources(template, "AWS::IAM::Policy") if "ApiRole" in json.dumps(p["Properties"]["Roles"])]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    listing = [s for s in statements if s["Action"] == "s3:ListBucket"]
    assert listing and listing[0]["Condition"] == {"StringLike": {"s3:prefix": ["uploads/u/*"]}}
    deletes = [json.dumps(s["Resource"]) for s in statements if "s3:DeleteObject" in json.dumps(s["Action"])]
    assert all("exports/*" in text or "uploads/*" in text for text in deletes) and len(deletes) == 2
    schedules = [json.dumps(f["Properties"].get("Events", {})) for f in resources(template, "AWS::Serverless::Function")]
    assert any("cron(30 3 * * ? *)" in events for events in schedules), "the nightly retention sweep has a schedule"


def distribution_config(template) -> dict:
    [distribution] = resources(template, "AWS::CloudFront::Distribution")
    return distribution["Properties"]["DistributionConfig"]


def test_the_websocket_route_reaches_the_stage_itself(template):
    from infra.stack import API_STAGE

    config = distribution_config(template)
    [route] = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/ws"]
    [origin] = [o for o in config["Origins"] if o["Id"] == route["TargetOriginId"]]
    # CloudFront sends origin path + URI; the viewer-request function makes the URI the stage (test_edge).
    assert origin.get("OriginPath", "") == "" and "WebsocketAPI" in json.dumps(origin["DomainName"])
    [association] = route["FunctionAssociations"]
    functions = template[0].find_resources("AWS::CloudFront::Function")
    code = functions[association["FunctionARN"]["Fn::GetAtt"][0]]["Properties"]["FunctionCode"]
    assert f"request.uri = '/{API_STAGE}'" in code


def test_api_answers_pass_unchanged_and_only_the_site_has_a_not_found_page(template):
    config = distribution_config(template)
    # Custom error responses apply to every path, the API's too: the one there is keeps the status (an API 403
    # was shown as the login page with 200, a success to the browser), and there is none for 404.
    assert config["CustomErrorResponses"] == [{"ErrorCode": 403, "ResponseCode": 403, "ErrorCachingMinTTL": 0,
                                               "ResponsePagePath": "/login/index.html"}]
    routes = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    [group] = config["OriginGroups"]["Items"]
    assert group["FailoverCriteria"]["StatusCodes"]["Items"] == [404]
    assert config["DefaultCacheBehavior"]["TargetOriginId"] == group["Id"]
    assert routes["/api/*"]["TargetOriginId"] != group["Id"] and routes["/ws"]["TargetOriginId"] != group["Id"]
    members = [m["OriginId"] for m in group["Members"]["Items"]]
    origins = {o["Id"]: o for o in config["Origins"]}
    assert "S3OriginConfig" in origins[members[0]] and "FunctionUrl" in json.dumps(origins[members[1]]["DomainName"])
    # The site's own paths: a login redirect for a browser without signed cookies (test_edge runs it).
    [association] = config["DefaultCacheBehavior"]["FunctionAssociations"]
    functions = template[0].find_resources("AWS::CloudFront::Function")
    assert "/login/?next=" in functions[association["FunctionARN"]["Fn::GetAtt"][0]]["Properties"]["FunctionCode"]
    [page] = [f for f in resources(template, "AWS::Lambda::Function") if "404.html" in json.dumps(f)]
    assert page["Properties"]["Runtime"] == "python3.11"
    [url] = resources(template, "AWS::Lambda::Url")
    assert url["Properties"]["AuthType"] == "AWS_IAM"  # only CloudFront, signing with Origin Access Control


def test_uploads_go_to_the_host_the_csp_allows_and_the_browser_may_read_the_answer(template):
    [headers] = resources(template, "AWS::CloudFront::ResponseHeadersPolicy")
    csp = json.dumps(headers["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"])
    assert "RegionalDomainName" in csp  # <bucket>.s3.<region>.amazonaws.com, as uploads.s3() presigns (test_uploads)
    [uploads] = [b for name, b in template[0].find_resources("AWS::S3::Bucket").items() if name.startswith("Uploads")]
    [rule] = uploads["Properties"]["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedMethods"] == ["POST"] and rule["AllowedOrigins"] == ["https://*.cloudfront.net"]


def test_both_api_stages_are_throttled_and_the_rest_api_is_regional(template):
    [rest] = resources(template, "AWS::Serverless::Api")
    assert rest["Properties"]["EndpointConfiguration"] in ("REGIONAL", {"Type": "REGIONAL"})
    [setting] = rest["Properties"]["MethodSettings"]
    assert setting["ThrottlingRateLimit"] == 200 and setting["ThrottlingBurstLimit"] == 400
    [stage] = resources(template, "AWS::ApiGatewayV2::Stage")
    assert stage["Properties"]["DefaultRouteSettings"]["ThrottlingRateLimit"] == 200


def test_every_function_logs_to_a_group_with_a_retention(template):
    groups = resources(template, "AWS::Logs::LogGroup")
    assert len(groups) == 12  # the nine functions of the app, the not-found page, the two API stages
    assert {group["Properties"]["RetentionInDays"] for group in groups} == {30}


def test_asynchronous_functions_keep_their_failed_events_and_an_alarm_says_so(template):
    from infra.stack import ASYNC_FUNCTIONS

    functions = template[0].find_resources("AWS::Serverless::Function")
    [queue] = [name for name in template[0].find_resources("AWS::SQS::Queue") if name.startswith("FailedRuns")]
    for name in ASYNC_FUNCTIONS:
        assert functions[name]["Properties"]["DeadLetterQueue"] == {"Type": "SQS", "TargetArn": {"Fn::GetAtt": [queue, "Arn"]}}
    alarms = [a for a in resources(template, "AWS::CloudWatch::Alarm") if a["Properties"]["Namespace"] == "AWS/SQS"]
    watched = sorted(a["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0][:len("FailedRuns")] for a in alarms)
    assert watched == ["FailedRuns", "FailedUnit"] and all(a["Properties"]["AlarmActions"] for a in alarms)


def test_work_units_come_from_a_queue_with_partial_batch_answers_and_a_dead_letter_queue(template):
    queues = template[0].find_resources("AWS::SQS::Queue")
    [work] = [q for name, q in queues.items() if name.startswith("WorkQueue")]
    [failed] = [name for name in queues if name.startswith("FailedUnits")]
    assert work["Properties"]["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": [failed, "Arn"]}, "maxReceiveCount": 3}
    functions = template[0].find_resources("AWS::Serverless::Function")
    # A unit is offered again only after six times the function's timeout (Lambda's advice for SQS).
    assert work["Properties"]["VisibilityTimeout"] >= 6 * functions["Work"]["Properties"]["Timeout"]
    [mapping] = resources(template, "AWS::Lambda::EventSourceMapping")
    properties = mapping["Properties"]
    assert properties["FunctionName"] == {"Ref": "Work"} and "WorkQueue" in json.dumps(properties["EventSourceArn"])
    assert properties["FunctionResponseTypes"] == ["ReportBatchItemFailures"] and properties["BatchSize"] == 10
    assert properties["ScalingConfig"] == {"MaximumConcurrency": 5}  # work_concurrency's default
    assert functions["Work"]["Properties"]["Handler"] == "app.work"
    # Units it invokes itself (a big room's deliveries) fail into the same dead-letter queue.
    assert functions["Work"]["Properties"]["DeadLetterQueue"] == {"Type": "SQS", "TargetArn": {"Fn::GetAtt": [failed, "Arn"]}}


def test_the_readme_gives_the_templates_own_figures(template):
    import re

    data = json.loads(template[1].read_text())["Resources"]
    kinds = [r["Type"] for r in data.values()]
    functions = kinds.count("AWS::Serverless::Function") + kinds.count("AWS::Lambda::Function")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    figures = re.search(r"The plan it deploys: (\d+) resources \((\d+) functions, (\d+) CloudWatch alarms", readme)
    assert figures, "README: the deploy section's figures"
    assert tuple(map(int, figures.groups())) == (len(data), functions, kinds.count("AWS::CloudWatch::Alarm"))


# --- what is deployed is what was tested ------------------------------------------------------------------

def lambda_package(template) -> Path:
    """The zip chalice packaged for Lambda during synthesis (the one asset of the stack)."""
    [package] = (template[1].parent / "cdk.out").glob("asset.*.zip")
    return package


def test_the_lambda_package_holds_exactly_the_tested_versions(template):
    import re
    import zipfile

    from packaging.utils import canonicalize_name

    from tests.infra.test_package import pins

    tested = pins(ROOT / "constraints.txt")
    names = zipfile.ZipFile(lambda_package(template)).namelist()
    shipped = {canonicalize_name(m.group(1)): m.group(2)
               for m in (re.match(r"^([^/]+)-([^-/]+)\.dist-info/METADATA$", name) for name in names) if m}
    assert {"cryptography", "nh3", "markdown-it-py", "markdown", "pyjwt"} <= set(shipped)
    assert {name: tested.get(name) for name in shipped} == shipped
    assert "app.py" in names and "chalicelib/keys.py" in names and not any("boto3/" in n for n in names)


CLEAN_RUN = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import app
rest = {"resource": "/api/health", "path": "/api/health", "httpMethod": "GET", "headers": {"Host": "x"},
        "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": None, "stageVariables": None, "body": None, "isBase64Encoded": False,
        "requestContext": {"resourcePath": "/api/health", "httpMethod": "GET", "stage": "api", "requestId": "r"}}
socket = {"requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "connectionId": "c1",
                             "domainName": "x", "stage": "api", "apiId": "a"}, "headers": {}, "isBase64Encoded": False}
scheduled = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}, "resources": [], "id": "e",
             "region": "eu-north-1", "account": "123456789012", "time": "2026-12-07T05:00:00Z", "version": "0"}
bounce = {**scheduled, "source": "aws.ses", "detail-type": "Email Bounced",
          "detail": {"bounce": {"bouncedRecipients": [{"emailAddress": "nobody@example.com"}]}}}
units = {"Records": [{"messageId": "m1", "body": json.dumps({"job": "retention", "ids": ["nobody"], "now": 0})},
                     {"messageId": "m2", "body": json.dumps({"job": "no-such-job"})}]}
answers = {"rest": app.app(rest, None)["statusCode"], "socket": app.ws_connect(socket, None)["statusCode"],
           "scheduled_work": app.scheduled_work(scheduled, None), "digests": app.digests(scheduled, None),
           "retention": app.retention_sweep(scheduled, None), "feedback": app.mail_feedback(bounce, None),
           "work": app.work(units, None), "path": [p for p in sys.path if "site-packages" in p]}
print(json.dumps(answers, default=str))
"""


def test_the_packaged_app_runs_with_only_what_lambda_provides(template, table, tmp_path):
    """The package alone, with boto3 (Lambda's runtime has it) and no site-packages: a REST route, a WebSocket
    route and each scheduled or event-driven function, against an empty table on DynamoDB Local."""
    import importlib.util
    import zipfile

    code = tmp_path / "task"
    zipfile.ZipFile(lambda_package(template)).extractall(code)
    runtime = tmp_path / "runtime"  # what Lambda's Python 3.11 runtime brings: boto3 and what it needs
    runtime.mkdir()
    for module in ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six"):
        origin = Path(importlib.util.find_spec(module).origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (runtime / source.name).symlink_to(source)
    env = {"PATH": os.environ["PATH"], "TABLE_NAME": table, "AWS_DEFAULT_REGION": "eu-north-1",
           "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "CURSOR_SECRET": "package-test",
           "AWS_ENDPOINT_URL_DYNAMODB": os.environ["AWS_ENDPOINT_URL_DYNAMODB"], "PUBLIC_URL": "https://intranet.example"}
    result = subprocess.run([sys.executable, "-S", "-I", "-c", CLEAN_RUN, str(code), str(runtime)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["path"] == []  # nothing from the test's virtualenv
    assert answers["rest"] == 200 and answers["socket"] in (401, 403)  # no session: the socket is refused
    assert answers["scheduled_work"] == {"mail_units": 0, "published": 0, "erased": 0}
    assert answers["work"] == {"batchItemFailures": [{"itemIdentifier": "m2"}]}  # the good unit ran, the bad one is retried
    assert answers["digests"]["daily"] is not None and answers["feedback"] == {"suppressed": 0}


def test_the_apis_answer_only_cloudfront_which_adds_a_generated_secret(template):
    config = distribution_config(template)
    api_origins = [o for o in config["Origins"] if "execute-api" in json.dumps(o["DomainName"])]
    assert len(api_origins) == 2
    for origin in api_origins:
        [header] = origin["OriginCustomHeaders"]
        assert header["HeaderName"] == "X-Torget-Origin"
        assert "{{resolve:secretsmanager:" in json.dumps(header["HeaderValue"])  # never in the template itself
    [secret] = [s for name, s in template[0].find_resources("AWS::SecretsManager::Secret").items()
                if name.startswith("OriginSecret")]
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    for function in resources(template, "AWS::Serverless::Function"):
        assert "ORIGIN_SECRET_NAME" in function["Properties"]["Environment"]["Variables"]


def test_cloudfront_logs_access_without_cookies_for_the_retention_period(template):
    logging = distribution_config(template)["Logging"]
    assert logging["IncludeCookies"] is False and logging["Prefix"] == "cloudfront/"
    [logs] = [b for name, b in template[0].find_resources("AWS::S3::Bucket").items() if name.startswith("AccessLogs")]
    assert logs["Properties"]["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    assert [r["ExpirationInDays"] for r in logs["Properties"]["LifecycleConfiguration"]["Rules"]] == [30]


def test_both_api_stages_write_access_logs_kept_as_long_as_the_functions_logs(template):
    [rest] = resources(template, "AWS::Serverless::Api")
    [websocket] = resources(template, "AWS::ApiGatewayV2::Stage")
    groups = template[0].find_resources("AWS::Logs::LogGroup")
    for setting in (rest["Properties"]["AccessLogSetting"], websocket["Properties"]["AccessLogSettings"]):
        [group] = setting["DestinationArn"]["Fn::GetAtt"][:1]
        assert groups[group]["Properties"]["RetentionInDays"] == 30
        fields = json.loads(setting["Format"])
        assert "$context.requestId" in fields.values() and "$context.status" in fields.values()
        assert not any("sourceIp" in value for value in fields.values())  # CloudFront's address, not the viewer's
    # API Gateway logs with the account's role, which must exist before a stage asks for logs.
    [account] = template[0].find_resources("AWS::ApiGateway::Account")
    assert rest["DependsOn"] == websocket["DependsOn"] == [account]
    assert resources(template, "AWS::ApiGateway::Account")[0]["DeletionPolicy"] == "Retain"


def test_no_firewall_unless_asked_for(template):
    [distribution] = resources(template, "AWS::CloudFront::Distribution")
    assert "WebACLId" not in distribution["Properties"]["DistributionConfig"]
    assert template[2] is None


def test_the_provisioning_token_is_a_generated_secret_every_function_reads_by_name(template):
    [secret] = [s for name, s in template[0].find_resources("AWS::SecretsManager::Secret").items()
                if name.startswith("ScimToken")]
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    for function in resources(template, "AWS::Serverless::Function"):
        variables = function["Properties"]["Environment"]["Variables"]
        assert "ScimToken" in json.dumps(variables["SCIM_TOKEN_NAME"]) and "SCIM_TOKEN" not in variables
        assert variables["DIRECTORY_MATCH"] in ("subject", "email")
    outputs = json.loads(template[1].read_text())["Outputs"]
    assert "ScimToken" in json.dumps(outputs["ScimTokenArn"]["Value"])
