"""The deploy settings file (deploy.toml, see deploy.example.toml)."""

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The periods CloudWatch Logs keeps logs for.
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
                      3653)


@dataclass(frozen=True)
class DeploySettings:
    stack: str = "Torget"
    region: str = "eu-north-1"
    company: str = "Torget"
    domain: str = ""
    certificate_arn: str = ""
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret_name: str = "torget/oidc-client-secret"  # noqa: S105 - the name, not the secret
    roles_claim: str = "roles"
    # How a login finds the person the directory provisioned (SCIM): "subject" (the login's claim below equals
    # the provider's externalId; Entra ID: "oid", Okta: "sub") or "email" (a verified e-mail).
    directory_match: str = "subject"
    directory_subject_claim: str = "sub"
    editors: list = field(default_factory=list)
    moderators: list = field(default_factory=list)  # e-mails, for providers that send no roles claim
    admins: list = field(default_factory=list)
    cdn_private_key_secret_name: str = "torget/cloudfront-private-key"  # noqa: S105 - the name
    cdn_public_key_file: str = "cloudfront-public.pem"
    alarm_email: str = ""
    github_repository: str = ""  # "owner/name": a role that GitHub Actions on main assumes to deploy
    github_oidc_provider_arn: str = ""  # when the account already has GitHub's OIDC provider
    # Publishing in the browser: who writes, who publishes without review, and the GitHub App that commits.
    authors: list = field(default_factory=list)  # e-mails, for providers that send no roles claim
    publish_without_review: list = field(default_factory=lambda: ["editor", "admin"])
    github_app_id: str = ""
    github_installation_id: str = ""
    github_app_key_secret_name: str = "torget/github-app-key"  # noqa: S105 - the name, not the key
    publish_branch: str = "main"
    # E-mail (Amazon SES): the sender, and the domain to verify (else the address itself is verified).
    mail_from: str = "Torget <intranet@example.com>"
    mail_domain: str = ""
    # Operations: how long the functions' logs are kept (one of CloudWatch's periods), and each API
    # stage's steady request rate (per second) and burst, above which API Gateway answers 429.
    log_retention_days: int = 30
    api_rate_limit: int = 200
    api_burst_limit: int = 400
    # Access logs of both API stages in CloudWatch Logs (kept log_retention_days). API Gateway needs a role
    # set once per account and region: false here when the account has one already.
    api_access_logs: bool = True
    api_gateway_account_role: bool = True
    # A web application firewall in front of CloudFront that blocks an address sending more than this many
    # API requests in 5 minutes (0: none). Its own stack in us-east-1, where CloudFront's firewalls live.
    waf_api_requests_per_5_minutes: int = 0
    # Work units (digests, the nightly sweep, big deliveries) run at most this many at once (2 to 1000).
    work_concurrency: int = 5
    # The GitHub environment the deploy job runs in; its token's subject is what the deploy role trusts.
    github_environment: str = "production"

    @property
    def public_key_pem(self) -> str:
        path = Path(self.cdn_public_key_file)
        return (path if path.is_absolute() else ROOT / path).read_text(encoding="utf-8")


def load(path: Path | None = None) -> DeploySettings:
    path = path or ROOT / "deploy.toml"
    if not path.exists():
        raise SystemExit(f"{path.name} is missing: copy deploy.example.toml to deploy.toml and fill it in.")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(DeploySettings)}
    if data.get("log_retention_days", 30) not in LOG_RETENTION_DAYS:
        raise SystemExit(f"{path.name}: log_retention_days must be one of {', '.join(map(str, LOG_RETENTION_DAYS))}")
    unknown = sorted(set(data) - known)
    if unknown:
        raise SystemExit(f"{path.name}: unknown setting(s) {', '.join(unknown)}")
    return DeploySettings(**data)
