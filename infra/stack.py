"""Torget on AWS, one stack: the table, the Chalice REST and WebSocket APIs, two private
buckets, CloudFront in front of all of it, alarms.

    /*        the static site (S3 through Origin Access Control), signed cookies required (without them
              a viewer-request function sends the browser to the login page); a file the bucket does
              not have fails over to a small function that shows the site's 404 page
    /login/*  the login page and what it needs, open
    /api/*    the REST API (API Gateway, regional), no cache; its answers reach the browser unchanged
    /ws       the WebSocket API's stage, no cache
    /uploads/* images people posted (S3 through OAC), signed cookies required

Custom error responses apply to every path, the API's too, so there is one, and it keeps the status: a 403
(CloudFront refusing a browser whose signed cookies are missing, expired or forged, in case it checks them
before the function runs) shows the login page with status 403. An API 403 therefore reaches the browser as
a 403 (never as a success), without its JSON body; every other API answer passes unchanged.

Mail goes out through Amazon SES (an identity, a configuration set whose bounces and complaints
reach the API's mail_feedback function through EventBridge).
"""

import json
import sys
from pathlib import Path

from aws_cdk import Annotations, CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secrets
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from infra.settings import DeploySettings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "functions"))
from chalicelib import keys  # noqa: E402 - the one definition of the table, shared with the app

API_STAGE = "api"
FUNCTIONS = ("APIHandler", "WebsocketConnect", "WebsocketMessage", "WebsocketDisconnect", "ScheduledWork", "Digests",
             "RetentionSweep", "MailFeedback", "Work")
# Invoked asynchronously (EventBridge): a run that still fails after Lambda's two retries lands in a queue.
ASYNC_FUNCTIONS = ("ScheduledWork", "Digests", "RetentionSweep", "MailFeedback")
OPEN_PATHS = ("/login/*", "/en/login/*", "/theme/*", "/favicon.ico")
# Pagefind's search runs as WebAssembly: 'wasm-unsafe-eval' lets it compile, it allows no eval().
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self' {uploads}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'")
# The CloudFront Functions and the not-found page's function (tests run the JavaScript in Node).
EDGE = Path(__file__).resolve().parent / "edge"


def _attribute(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class TorgetStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, settings: DeploySettings, web_acl_arn: str | None = None,
                 **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        self.settings = settings
        self.web_acl_arn = web_acl_arn  # infra/firewall.py's, when deploy.toml asks for one
        self.table = self._table()
        self.site_bucket = self._bucket("Site")
        self.uploads_bucket = self._bucket("Uploads")
        # The browser posts images straight to the bucket (a presigned POST) and reads the answer: CORS for
        # the site's origin. Without an own domain the CloudFront name is not known before the bucket exists
        # (it would be a circular reference), so any CloudFront origin may read the answer; the presigned
        # policy, not CORS, is what lets a browser write.
        self.uploads_bucket.add_cors_rule(
            allowed_methods=[s3.HttpMethods.POST], allowed_headers=["*"], max_age=600,
            allowed_origins=[f"https://{settings.domain}"] if settings.domain else ["https://*.cloudfront.net"])
        # Data exports are downloaded within the hour their link lasts; the archive itself is gone after a day.
        self.uploads_bucket.add_lifecycle_rule(prefix="exports/", expiration=Duration.days(1),
                                               noncurrent_version_expiration=Duration.days(1))
        self.oidc_secret = secrets.Secret.from_secret_name_v2(self, "OidcClientSecret", settings.oidc_client_secret_name)
        self.cdn_secret = secrets.Secret.from_secret_name_v2(self, "CdnPrivateKey", settings.cdn_private_key_secret_name)
        self.github_app_key = (secrets.Secret.from_secret_name_v2(self, "GitHubAppKey", settings.github_app_key_secret_name)
                               if settings.github_app_id else None)
        public_key = cloudfront.PublicKey(self, "SitePublicKey", encoded_key=settings.public_key_pem,
                                          comment="verifies the signed cookies the API issues at login")
        self.key_group = cloudfront.KeyGroup(self, "SiteKeyGroup", items=[public_key])
        # CloudFront adds it to every request to the APIs; the app refuses a request without it, so the APIs'
        # own execute-api addresses lead nowhere (generated here, never written down anywhere else).
        self.origin_secret = secrets.Secret(self, "OriginSecret", generate_secret_string=secrets.SecretStringGenerator(
            exclude_punctuation=True, password_length=48), description="the header CloudFront adds to API requests")
        # The bearer token the company's provisioning service (Entra ID, Okta …) sends to /api/scim/v2: generated
        # here, read with `aws secretsmanager get-secret-value`; a new value (put-secret-value) is used within
        # five minutes and the old one stops working then.
        self.scim_token = secrets.Secret(self, "ScimToken", generate_secret_string=secrets.SecretStringGenerator(
            exclude_punctuation=True, password_length=48), description="the SCIM provisioning bearer token")
        self.public_url_parameter = f"/torget/{construct_id}/public-url"
        self._mail()
        self.work_queue, self.failed_units = self._work_queue()
        self.role = self._role()
        self.api = self._api(public_key)
        self._work_consumer()
        self.failed_runs = self._failed_runs()
        self.distribution = self._distribution()
        self._public_url()
        self._allow_pushes()
        self._alarms()
        if settings.github_repository:
            self._deploy_role()
        # The deploy step reads these.
        for name, value in (("Url", self.public_url), ("DistributionId", self.distribution.distribution_id),
                            ("SiteBucketName", self.site_bucket.bucket_name), ("TableName", self.table.table_name),
                            ("UploadsBucketName", self.uploads_bucket.bucket_name),
                            ("OriginSecretArn", self.origin_secret.secret_arn),  # make rotate-origin-secret
                            ("ScimTokenArn", self.scim_token.secret_arn),  # the provisioning service's token
                            # With an own domain: the name its DNS record (CNAME or alias) points to.
                            ("DistributionDomainName", self.distribution.distribution_domain_name)):
            CfnOutput(self, name, value=value, key=name)

    # --- data -----------------------------------------------------------------------------------------
    def _table(self) -> dynamodb.Table:
        schema = keys.TABLE_SCHEMA
        key = {item["KeyType"]: item["AttributeName"] for item in schema["KeySchema"]}
        table = dynamodb.Table(
            self, "Table",
            partition_key=_attribute(key["HASH"]), sort_key=_attribute(key["RANGE"]),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            time_to_live_attribute=keys.TTL_ATTRIBUTE,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True),
            deletion_protection=True,
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for index in schema["GlobalSecondaryIndexes"]:
            parts = {item["KeyType"]: item["AttributeName"] for item in index["KeySchema"]}
            table.add_global_secondary_index(index_name=index["IndexName"], partition_key=_attribute(parts["HASH"]),
                                             sort_key=_attribute(parts["RANGE"]),
                                             projection_type=dynamodb.ProjectionType.ALL)
        return table

    def _bucket(self, name: str) -> s3.Bucket:
        return s3.Bucket(
            self, f"{name}Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=Duration.days(30))],
            removal_policy=RemovalPolicy.RETAIN,
        )

    # --- the API ---------------------------------------------------------------------------------------
    def _mail(self) -> None:
        """The sending identity (the domain of mail_from, or the address) and a configuration set whose
        bounces and complaints go to the default event bus, where mail_feedback turns mail off for them."""
        address = self.settings.mail_from.rpartition("<")[2].rstrip(">").strip()
        identity = ses.Identity.domain(self.settings.mail_domain) if self.settings.mail_domain else ses.Identity.email(address)
        self.mail_identity = ses.EmailIdentity(self, "MailIdentity", identity=identity)
        self.mail_config = ses.ConfigurationSet(self, "Mail", suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS)
        self.mail_config.add_event_destination("Feedback", destination=ses.EventDestination.event_bus(
            events.EventBus.from_event_bus_name(self, "DefaultBus", "default")),
            events=[ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT])

    def _work_queue(self) -> tuple[sqs.Queue, sqs.Queue]:
        """Work too big for one call, cut into units (chalicelib.work_queue): a unit that fails three times
        waits in FailedUnits (an alarm watches it). A unit is offered again after 120 s, six times the
        work function's timeout, as Lambda's event source mapping asks."""
        failed = sqs.Queue(self, "FailedUnits", retention_period=Duration.days(14), enforce_ssl=True,
                           encryption=sqs.QueueEncryption.SQS_MANAGED)
        queue = sqs.Queue(self, "WorkQueue", visibility_timeout=Duration.seconds(120), enforce_ssl=True,
                          retention_period=Duration.days(4), encryption=sqs.QueueEncryption.SQS_MANAGED,
                          dead_letter_queue=sqs.DeadLetterQueue(queue=failed, max_receive_count=3))
        return queue, failed

    def _work_consumer(self) -> None:
        """The work function takes ten units at a time and answers which failed (partial batch
        responses), at most work_concurrency at once, so a digest night leaves the API its share of the
        account's Lambda concurrency."""
        work = self.api.get_resource("Work")
        # The deliveries of one message to a big room are invoked side by side by the work function itself;
        # an invocation that fails three times lands in FailedUnits as a queued unit would.
        work.add_property_override("DeadLetterQueue", {"Type": "SQS", "TargetArn": self.failed_units.queue_arn})
        self.role.add_to_policy(iam.PolicyStatement(actions=["lambda:InvokeFunction"],
                                                    resources=[work.get_att("Arn").to_string()]))
        self.role.add_to_policy(iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[self.failed_units.queue_arn]))
        lambda_.CfnEventSourceMapping(
            self, "WorkUnits", function_name=self.api.get_resource("Work").ref, event_source_arn=self.work_queue.queue_arn,
            batch_size=10, function_response_types=["ReportBatchItemFailures"],
            scaling_config=lambda_.CfnEventSourceMapping.ScalingConfigProperty(
                maximum_concurrency=self.settings.work_concurrency))

    def _role(self) -> iam.Role:
        """One role for the four functions, allowed exactly what they use."""
        role = iam.Role(self, "ApiRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
                            "service-role/AWSLambdaBasicExecutionRole")])
        role.add_to_policy(iam.PolicyStatement(
            actions=["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                     "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem",
                     "dynamodb:BatchWriteItem"],
            resources=[self.table.table_arn, f"{self.table.table_arn}/index/*"]))
        # Presigned POSTs are signed with the role's credentials; the first bytes are read back to check the type.
        role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject", "s3:GetObject"],
                                               resources=[self.uploads_bucket.arn_for_objects("uploads/*")]))
        # A person's data: their export archive (written, then downloaded through a presigned link), and
        # their images listed for the export and deleted by erasure and the retention sweep.
        role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
                                               resources=[self.uploads_bucket.arn_for_objects("exports/*")]))
        role.add_to_policy(iam.PolicyStatement(actions=["s3:DeleteObject"],
                                               resources=[self.uploads_bucket.arn_for_objects("uploads/*")]))
        role.add_to_policy(iam.PolicyStatement(actions=["s3:ListBucket"], resources=[self.uploads_bucket.bucket_arn],
                                               conditions={"StringLike": {"s3:prefix": ["uploads/u/*"]}}))
        self.oidc_secret.grant_read(role)
        self.cdn_secret.grant_read(role)
        self.origin_secret.grant_read(role)
        self.scim_token.grant_read(role)
        role.add_to_policy(iam.PolicyStatement(actions=["ses:SendEmail", "ses:SendRawEmail"], resources=[
            self.format_arn(service="ses", resource="identity", resource_name=self.mail_identity.email_identity_name),
            self.format_arn(service="ses", resource="configuration-set",
                            resource_name=self.mail_config.configuration_set_name)]))
        if self.github_app_key is not None:
            self.github_app_key.grant_read(role)
        role.add_to_policy(iam.PolicyStatement(actions=["ssm:GetParameter"], resources=[
            self.format_arn(service="ssm", resource="parameter", resource_name=self.public_url_parameter.lstrip("/"))]))
        # Every function may queue work units; the work function's event source mapping takes them.
        role.add_to_policy(iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[self.work_queue.queue_arn]))
        role.add_to_policy(iam.PolicyStatement(
            actions=["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
            resources=[self.work_queue.queue_arn]))
        return role

    def _api(self, public_key: cloudfront.PublicKey):
        from chalice.cdk import Chalice

        settings = self.settings
        environment = {
            "TABLE_NAME": self.table.table_name,
            "UPLOADS_BUCKET": self.uploads_bucket.bucket_name,
            "OIDC_ISSUER": settings.oidc_issuer,
            "OIDC_CLIENT_ID": settings.oidc_client_id,
            "OIDC_CLIENT_SECRET_NAME": settings.oidc_client_secret_name,
            "OIDC_ROLES_CLAIM": settings.roles_claim,
            "ROLE_EDITORS": ",".join(settings.editors),
            "ROLE_ADMINS": ",".join(settings.admins),
            "CDN_KEY_PAIR_ID": public_key.public_key_id,
            "CDN_PRIVATE_KEY_SECRET": settings.cdn_private_key_secret_name,
            "ORIGIN_SECRET_NAME": self.origin_secret.secret_arn,
            "SCIM_TOKEN_NAME": self.scim_token.secret_arn,
            "DIRECTORY_MATCH": settings.directory_match,
            "DIRECTORY_SUBJECT_CLAIM": settings.directory_subject_claim,
            "ROLE_AUTHORS": ",".join(settings.authors),
            "ROLE_MODERATORS": ",".join(settings.moderators),
            "PUBLISH_WITHOUT_REVIEW": ",".join(settings.publish_without_review),
            "MAIL_FROM": settings.mail_from,
            "MAIL_CONFIGURATION_SET": self.mail_config.configuration_set_name,
            "WORK_QUEUE_URL": self.work_queue.queue_url,
        }
        if settings.github_app_id:  # articles written in the browser are committed as the GitHub App
            environment.update({
                "PUBLISH_REPOSITORY": "github", "GITHUB_REPOSITORY": settings.github_repository,
                "GITHUB_APP_ID": settings.github_app_id, "GITHUB_INSTALLATION_ID": settings.github_installation_id,
                "GITHUB_APP_KEY_SECRET": settings.github_app_key_secret_name, "PUBLISH_BRANCH": settings.publish_branch,
            })
        if settings.domain:
            environment["PUBLIC_URL"] = f"https://{settings.domain}"
        else:  # the CloudFront address is only known once it exists: read at cold start
            environment["PUBLIC_URL_PARAMETER"] = self.public_url_parameter
        api = Chalice(self, "Api", source_dir=str(ROOT / "functions"), stage_config={
            "api_gateway_stage": API_STAGE,
            "environment_variables": environment,
            "manage_iam_role": False,
            "iam_role_arn": self.role.role_arn,
            "lambda_memory_size": 512,
            "lambda_timeout": 20,
            "automatic_layer": False,
            # Behind our own CloudFront: one edge hop, not two.
            "api_gateway_endpoint_type": "REGIONAL",
        })
        rate, burst = settings.api_rate_limit, settings.api_burst_limit
        api.get_resource("RestAPI").add_property_override("MethodSettings", [
            {"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst}])
        api.get_resource("WebsocketAPIStage").add_property_override("DefaultRouteSettings", {
            "ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst})
        for function in FUNCTIONS:
            self._log_group(function, log_group_name=f"/aws/lambda/{api.get_resource(function).ref}")
        if settings.api_access_logs:
            self._access_logging(api)
        websocket = api.get_resource("WebsocketAPI")
        endpoint = f"https://{websocket.ref}.execute-api.{self.region}.{self.url_suffix}/{API_STAGE}"
        for function in FUNCTIONS:
            api.add_environment_variable("WS_ENDPOINT", endpoint, function)
        self.websocket_api_id = websocket.ref
        self.rest_api_id = api.get_resource("RestAPI").ref
        return api

    def _access_logging(self, api) -> None:
        """Each API stage's access log: one JSON line per request (REST) or frame (WebSocket), kept
        log_retention_days. No addresses: behind CloudFront the source is CloudFront's own; CloudFront's logs
        have the viewer's."""
        rest = self._log_group("RestApiAccess")
        rest_format = {"requestId": "$context.requestId", "time": "$context.requestTime", "method": "$context.httpMethod",
                       "resource": "$context.resourcePath", "status": "$context.status",
                       "bytes": "$context.responseLength", "latencyMs": "$context.responseLatency",
                       "error": "$context.error.message"}
        api.get_resource("RestAPI").add_property_override("AccessLogSetting", {
            "DestinationArn": rest.log_group_arn, "Format": json.dumps(rest_format)})
        websocket = self._log_group("WebsocketApiAccess")
        websocket_format = {"requestId": "$context.requestId", "time": "$context.requestTime",
                            "event": "$context.eventType", "route": "$context.routeKey", "status": "$context.status",
                            "connection": "$context.connectionId", "error": "$context.error.message"}
        api.get_resource("WebsocketAPIStage").add_property_override("AccessLogSettings", {
            "DestinationArn": websocket.log_group_arn, "Format": json.dumps(websocket_format)})
        if self.settings.api_gateway_account_role:
            # API Gateway writes access logs with a role set once per account and region (AWS::ApiGateway::Account);
            # an account that has one already sets api_gateway_account_role = false.
            role = iam.Role(self, "ApiGatewayLogsRole", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
                            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
                                "service-role/AmazonAPIGatewayPushToCloudWatchLogs")])
            account = apigateway.CfnAccount(self, "ApiGatewayAccount", cloud_watch_role_arn=role.role_arn)
            account.apply_removal_policy(RemovalPolicy.RETAIN)  # other APIs in the account may log through it
            for stage in ("RestAPI", "WebsocketAPIStage"):
                api.get_resource(stage).add_dependency(account)

    def _failed_runs(self) -> sqs.Queue:
        """The scheduled and event-driven functions' dead-letter queue (an alarm watches it)."""
        queue = sqs.Queue(self, "FailedRuns", retention_period=Duration.days(14), enforce_ssl=True,
                          encryption=sqs.QueueEncryption.SQS_MANAGED)
        for function in ASYNC_FUNCTIONS:
            self.api.get_resource(function).add_property_override(
                "DeadLetterQueue", {"Type": "SQS", "TargetArn": queue.queue_arn})
        self.role.add_to_policy(iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[queue.queue_arn]))
        return queue

    def _allow_pushes(self) -> None:
        """Only the management API of this stack's WebSocket API, only to post to and drop connections."""
        self.role.add_to_policy(iam.PolicyStatement(
            actions=["execute-api:ManageConnections"],
            resources=[self.format_arn(service="execute-api", resource=self.websocket_api_id,
                                       resource_name=f"{API_STAGE}/*/@connections/*")]))

    # --- the edge --------------------------------------------------------------------------------------
    def _headers(self) -> cloudfront.ResponseHeadersPolicy:
        uploads = f"https://{self.uploads_bucket.bucket_regional_domain_name}"
        return cloudfront.ResponseHeadersPolicy(
            self, "SecurityHeaders",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=CSP.format(uploads=uploads), override=True),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(730), include_subdomains=True, preload=False, override=True),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override=True),
            ))

    def _distribution(self) -> cloudfront.Distribution:
        headers = self._headers()

        def on_request(name: str, file: str) -> list:
            function = cloudfront.Function(self, name, runtime=cloudfront.FunctionRuntime.JS_2_0,
                                           code=cloudfront.FunctionCode.from_file(file_path=str(EDGE / file)))
            return [cloudfront.FunctionAssociation(function=function, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST)]

        site = origins.OriginGroup(primary_origin=origins.S3BucketOrigin.with_origin_access_control(self.site_bucket),
                                   fallback_origin=self._not_found_origin(), fallback_status_codes=[404])
        uploads = origins.S3BucketOrigin.with_origin_access_control(self.uploads_bucket)
        private = {"trusted_key_groups": [self.key_group]}

        def static(origin, signed: bool, functions=None) -> cloudfront.BehaviorOptions:
            return cloudfront.BehaviorOptions(
                origin=origin, viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED, response_headers_policy=headers,
                compress=True, function_associations=functions, **(private if signed else {}))

        def dynamic(domain: str, origin_path: str, functions=None) -> cloudfront.BehaviorOptions:
            return cloudfront.BehaviorOptions(
                origin=origins.HttpOrigin(domain, origin_path=origin_path,
                                          protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                                          custom_headers={"X-Torget-Origin": self.origin_secret.secret_value.unsafe_unwrap()}),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                response_headers_policy=headers, function_associations=functions)

        def api_domain(api_id: str) -> str:
            return f"{api_id}.execute-api.{self.region}.{self.url_suffix}"

        open_request = on_request("OpenPaths", "open_request.js")
        behaviors = {path: static(site, signed=False, functions=open_request) for path in OPEN_PATHS}
        behaviors.update({
            "/api/*": dynamic(api_domain(self.rest_api_id), f"/{API_STAGE}"),
            "/ws": dynamic(api_domain(self.websocket_api_id), "", on_request("WebSocketStage", "websocket_request.js")),
            "/uploads/*": static(uploads, signed=True),
        })
        certificate = None
        if self.settings.certificate_arn:
            certificate = acm.Certificate.from_certificate_arn(self, "Certificate", self.settings.certificate_arn)
        else:
            Annotations.of(self).add_warning(
                "No own domain and certificate: CloudFront's default *.cloudfront.net certificate accepts TLS 1.0 and "
                "1.1 (the minimum protocol version applies only with your own certificate). Set domain and "
                "certificate_arn in deploy.toml for TLS 1.2 and newer only.")
        distribution = cloudfront.Distribution(
            self, "Distribution",
            default_behavior=static(site, signed=True, functions=on_request("SiteRequest", "site_request.js")),
            additional_behaviors=behaviors,
            default_root_object="index.html",
            domain_names=[self.settings.domain] if self.settings.domain else None,
            certificate=certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            web_acl_id=self.web_acl_arn,
            # Access logs (standard logging) without cookies: they hold session tokens.
            enable_logging=True, log_bucket=self._access_logs(), log_file_prefix="cloudfront/", log_includes_cookies=False,
            error_responses=[cloudfront.ErrorResponse(http_status=403, response_http_status=403,
                                                      response_page_path="/login/index.html", ttl=Duration.seconds(0))],
        )
        # Missing pages are 404s, not 403s: the distribution may list the site bucket.
        self.site_bucket.add_to_resource_policy(iam.PolicyStatement(
            actions=["s3:ListBucket"], resources=[self.site_bucket.bucket_arn],
            principals=[iam.ServicePrincipal("cloudfront.amazonaws.com")],
            conditions={"StringEquals": {"AWS:SourceArn": self.format_arn(
                service="cloudfront", region="", resource="distribution", resource_name=distribution.distribution_id)}}))
        return distribution

    def _access_logs(self) -> s3.Bucket:
        """CloudFront's access logs, kept log_retention_days. Standard logging writes with ACLs, so this one
        bucket lets the writer's ACL through (ObjectOwnership BucketOwnerPreferred); it is not public."""
        return s3.Bucket(
            self, "AccessLogs", block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(self.settings.log_retention_days))],
            removal_policy=RemovalPolicy.RETAIN)

    def _not_found_origin(self) -> cloudfront.IOrigin:
        """The site's 404 page with status 404, from a function CloudFront reaches through its URL (OAC)."""
        logs_group = self._log_group("NotFoundPage")
        role = iam.Role(self, "NotFoundPageRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        inline_policies={"pages": iam.PolicyDocument(statements=[
                            iam.PolicyStatement(actions=["s3:GetObject"], resources=[
                                self.site_bucket.arn_for_objects("404.html"), self.site_bucket.arn_for_objects("en/404.html")]),
                            iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                                                resources=[logs_group.log_group_arn])])})
        function = lambda_.Function(
            self, "NotFoundPage", runtime=lambda_.Runtime.PYTHON_3_11, handler="index.handler",
            code=lambda_.Code.from_inline((EDGE / "not_found.py").read_text(encoding="utf-8")), role=role,
            memory_size=128, timeout=Duration.seconds(5), environment={"SITE_BUCKET": self.site_bucket.bucket_name},
            log_group=logs_group)
        # The role is referenced by GetAtt already; the DependsOn CDK adds as well is what cfn-lint warns about.
        function.node.default_child.add_deletion_override("DependsOn")
        self.not_found_function = function
        url = function.add_function_url(auth_type=lambda_.FunctionUrlAuthType.AWS_IAM)
        return origins.FunctionUrlOrigin.with_origin_access_control(url)

    def _log_group(self, name: str, log_group_name: str | None = None) -> logs.LogGroup:
        """Logs kept for log_retention_days (README, /privacy/), never forever. The settings check the days
        against CloudWatch's periods (settings.LOG_RETENTION_DAYS); the number goes into the template as it is."""
        group = logs.LogGroup(self, f"{name}Logs", log_group_name=log_group_name, removal_policy=RemovalPolicy.DESTROY)
        group.node.default_child.retention_in_days = self.settings.log_retention_days
        return group

    def _public_url(self) -> None:
        self.public_url = (f"https://{self.settings.domain}" if self.settings.domain
                           else f"https://{self.distribution.distribution_domain_name}")
        ssm.StringParameter(self, "PublicUrl", parameter_name=self.public_url_parameter, string_value=self.public_url)

    # --- alarms ----------------------------------------------------------------------------------------
    def _alarms(self) -> None:
        """Each alarm goes off at the first occurrence in 5 minutes and mails alarm_email (through SNS)."""
        topic = sns.Topic(self, "Alarms")
        if self.settings.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(self.settings.alarm_email))
        notify = actions.SnsAction(topic)

        def alarm(construct_id: str, metric: cloudwatch.IMetric, description: str) -> None:
            cloudwatch.Alarm(
                self, construct_id, metric=metric, threshold=1, evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                alarm_description=description).add_alarm_action(notify)

        five_minutes = Duration.minutes(5)
        for function in FUNCTIONS:
            name = self.api.get_resource(function).ref
            for metric in ("Errors", "Throttles"):
                alarm(f"{function}{metric}", cloudwatch.Metric(
                    namespace="AWS/Lambda", metric_name=metric, dimensions_map={"FunctionName": name}, statistic="Sum",
                    period=five_minutes), f"{function}: {metric.lower()} in the last 5 minutes")
        alarm("FailedRunsWaiting", self.failed_runs.metric_approximate_number_of_messages_visible(
            period=five_minutes, statistic="Maximum"),
            "A scheduled or event-driven run failed three times: its event waits in FailedRuns")
        alarm("FailedUnitsWaiting", self.failed_units.metric_approximate_number_of_messages_visible(
            period=five_minutes, statistic="Maximum"),
            "A work unit (a digest's, the sweep's, a delivery's) failed three times: it waits in FailedUnits")
        for metric in ("ReadThrottleEvents", "WriteThrottleEvents"):
            alarm(f"Table{metric}", self.table.metric(metric, statistic="Sum", period=five_minutes),
                  f"DynamoDB: {metric} in the last 5 minutes")

    # --- publishing by git push ------------------------------------------------------------------------
    def _deploy_role(self) -> None:
        """What `make deploy` needs, for GitHub Actions runs on main of one repository, via OIDC."""
        issuer = "token.actions.githubusercontent.com"
        if self.settings.github_oidc_provider_arn:
            provider_arn = self.settings.github_oidc_provider_arn
        else:
            provider_arn = iam.OidcProviderNative(self, "GitHubOidc", url=f"https://{issuer}",
                                                  client_ids=["sts.amazonaws.com"]).oidc_provider_arn
        role = iam.Role(
            self, "DeployRole", max_session_duration=Duration.hours(1),
            assumed_by=iam.WebIdentityPrincipal(provider_arn, conditions={
                "StringEquals": {f"{issuer}:aud": "sts.amazonaws.com",
                                 f"{issuer}:sub": f"repo:{self.settings.github_repository}:environment:"
                                                  f"{self.settings.github_environment}"}}))
        # cdk deploy works through the bootstrap roles; the rest is the publish step.
        role.add_to_policy(iam.PolicyStatement(actions=["sts:AssumeRole"], resources=[
            f"arn:{self.partition}:iam::{self.account}:role/cdk-hnb659fds-*-{self.account}-{self.region}"]))
        role.add_to_policy(iam.PolicyStatement(actions=["cloudformation:DescribeStacks"], resources=[self.stack_id]))
        # The deploy step checks that the account is bootstrapped by reading the version cdk bootstrap wrote.
        regions = [self.region] + (["us-east-1"] if self.web_acl_arn else [])  # the firewall's region too
        role.add_to_policy(iam.PolicyStatement(actions=["ssm:GetParameter"], resources=[self.format_arn(
            service="ssm", region=region, resource="parameter", resource_name="cdk-bootstrap/hnb659fds/version")
            for region in regions]))
        role.add_to_policy(iam.PolicyStatement(actions=["s3:ListBucket"], resources=[self.site_bucket.bucket_arn]))
        role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject", "s3:DeleteObject"],
                                               resources=[self.site_bucket.arn_for_objects("*")]))
        role.add_to_policy(iam.PolicyStatement(actions=["cloudfront:CreateInvalidation"], resources=[
            self.format_arn(service="cloudfront", region="", resource="distribution",
                            resource_name=self.distribution.distribution_id)]))
        role.add_to_policy(iam.PolicyStatement(
            actions=["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query",
                     "dynamodb:ConditionCheckItem"],
            resources=[self.table.table_arn, f"{self.table.table_arn}/index/*"]))
        CfnOutput(self, "DeployRoleArn", value=role.role_arn, key="DeployRoleArn")


def build(app, settings: DeploySettings, account: str | None):
    """The stacks `cdk deploy` deploys: Torget's, and its firewall in us-east-1 when deploy.toml asks for one
    (then the main stack depends on it and reads its ARN across regions)."""
    from aws_cdk import Environment

    from infra.firewall import FirewallStack

    web_acl_arn, firewall = None, None
    if settings.waf_api_requests_per_5_minutes:
        firewall = FirewallStack(app, f"{settings.stack}Firewall", settings.waf_api_requests_per_5_minutes,
                                 env=Environment(account=account, region="us-east-1"), cross_region_references=True)
        web_acl_arn = firewall.web_acl.attr_arn
    stack = TorgetStack(app, settings.stack, settings=settings, web_acl_arn=web_acl_arn,
                        env=Environment(account=account, region=settings.region),
                        cross_region_references=firewall is not None)
    return stack, firewall
