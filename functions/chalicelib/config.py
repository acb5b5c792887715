"""Settings read once from the environment (Lambda's, or the devserver's)."""

import os
import time
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

ROLES = ("employee", "author", "editor", "moderator", "admin")
MODERATORS = frozenset({"moderator", "admin"})  # who may remove and hide anyone's words, and hears of reports


def _list(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name, "")
    return tuple(part.strip().lower() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    table_name: str
    public_url: str
    oidc_issuer: str
    oidc_client_id: str
    oidc_client_secret: str
    oidc_scopes: str
    roles_claim: str
    role_lists: dict
    session_hours: int
    provider_logout: bool = True  # RP-initiated logout at the provider's end_session_endpoint
    cookie_name: str = "torget_session"
    login_cookie_name: str = "torget_login"

    @property
    def secure_cookies(self) -> bool:
        """Secure cookies everywhere but plain-http loopback development."""
        return urlsplit(self.public_url).scheme == "https"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def redirect_uri(self) -> str:
        return self.public_url.rstrip("/") + "/api/auth/callback"

    @property
    def post_logout_uri(self) -> str:
        """Where the provider sends the browser after RP-initiated logout: the login page, saying so."""
        return self.public_url.rstrip("/") + "/login/?loggedout=1"


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ
    return Settings(
        table_name=env.get("TABLE_NAME", "torget"),
        public_url=env.get("PUBLIC_URL") or _parameter(env.get("PUBLIC_URL_PARAMETER")) or "http://127.0.0.1:8000",
        oidc_issuer=env.get("OIDC_ISSUER", ""),
        oidc_client_id=env.get("OIDC_CLIENT_ID", ""),
        oidc_client_secret=env.get("OIDC_CLIENT_SECRET", ""),
        oidc_scopes=env.get("OIDC_SCOPES", "openid email profile"),
        roles_claim=env.get("OIDC_ROLES_CLAIM", "roles"),
        # Role lists by e-mail, for providers that send no roles claim.
        role_lists={role: _list(f"ROLE_{role.upper()}S") for role in ROLES[1:]},
        session_hours=int(env.get("SESSION_HOURS", "12")),
        provider_logout=env.get("OIDC_PROVIDER_LOGOUT", "on").lower() not in ("off", "0", "false", "no"),
    )


def oidc_client_secret() -> str:
    """The OIDC client secret: from the environment, or (production) read once from Secrets Manager by name."""
    name = os.environ.get("OIDC_CLIENT_SECRET_NAME")
    return settings().oidc_client_secret or (_secret(name) if name else "")


@lru_cache(maxsize=8)
def _secret(name: str) -> str:
    import boto3

    return boto3.client("secretsmanager").get_secret_value(SecretId=name)["SecretString"]


def _parameter(name: str | None) -> str:
    """An SSM parameter's value (the stack writes the CloudFront address there when there is no own domain)."""
    if not name:
        return ""
    import boto3

    return boto3.client("ssm").get_parameter(Name=name)["Parameter"]["Value"]


# How long each kind of personal data is kept, in days (0: as long as the intranet runs). Shown to
# employees on the privacy page; enforced by TTL where the item's lifetime is known when it is
# written, and by the retention sweep (a daily schedule; `make retention` locally) otherwise.
RETENTION_DEFAULTS = {"chat": 365, "notifications": 90, "sessions": 30, "deleted_uploads": 30, "audit": 730}


def retention_days(kind: str) -> int:
    raw = os.environ.get(f"RETENTION_{kind.upper()}_DAYS", "")
    return int(raw) if raw.isdigit() else RETENTION_DEFAULTS[kind]


# --- Settings read at each use: the devserver, tools and tests change them while a process runs. ---

def secret_for(purpose: str, unconfigured: str = "torget") -> str:
    """The secret a keyed hash is made with: <PURPOSE>_SECRET, else CURSOR_SECRET, else the OIDC client
    secret (every deployment has one), so each purpose can be rotated on its own."""
    return (os.environ.get(f"{purpose.upper()}_SECRET") or os.environ.get("CURSOR_SECRET")
            or oidc_client_secret() or unconfigured)


def rate_limit(bucket: str) -> int | None:
    """RATE_LIMIT_<BUCKET>: a kind of write's budget per minute, overriding the default (load tests)."""
    raw = os.environ.get(f"RATE_LIMIT_{bucket.upper()}", "")
    return int(raw) if raw.isdigit() else None


def publish_repository() -> tuple[str, str | None]:
    """(PUBLISH_REPOSITORY: a checkout's path or "github", PUBLISH_BRANCH or None)."""
    return os.environ.get("PUBLISH_REPOSITORY", ""), os.environ.get("PUBLISH_BRANCH") or None


def github_app() -> dict:
    """The GitHub App that commits web edits in production (GITHUB_*; the key inline or in Secrets Manager)."""
    env = os.environ
    return {"repository": env["GITHUB_REPOSITORY"], "app_id": env["GITHUB_APP_ID"],
            "installation": env["GITHUB_INSTALLATION_ID"], "key": env.get("GITHUB_APP_KEY", ""),
            "key_secret": env.get("GITHUB_APP_KEY_SECRET", ""), "branch": env.get("PUBLISH_BRANCH") or "main",
            "api": env.get("GITHUB_API") or "https://api.github.com"}


def publish_without_review() -> set[str]:
    """The roles whose articles skip the editors' review (PUBLISH_WITHOUT_REVIEW)."""
    return {part.strip() for part in os.environ.get("PUBLISH_WITHOUT_REVIEW", "editor,admin").split(",")}


def mail_from() -> str:
    return os.environ.get("MAIL_FROM", "Torget <torget@localhost>")


def smtp_server() -> tuple[str, int] | None:
    """(SMTP_HOST, SMTP_PORT) where mail goes locally; None in production (Amazon SES)."""
    host = os.environ.get("SMTP_HOST")
    return (host, int(os.environ.get("SMTP_PORT", "25"))) if host else None


def mail_configuration_set() -> str:
    """The SES configuration set (bounces and complaints), if the stack made one."""
    return os.environ.get("MAIL_CONFIGURATION_SET", "")


def mail_delay_ms() -> int:
    """How long an at-once notification waits to be read in the browser before it is mailed."""
    return int(float(os.environ.get("MAIL_DELAY_SECONDS", "180")) * 1000)


def cdn_key_pair_id() -> str:
    """The CloudFront key pair whose signed cookies let a logged-in browser fetch the site ("" locally)."""
    return os.environ.get("CDN_KEY_PAIR_ID", "")


def cdn_private_key() -> str:
    return os.environ.get("CDN_PRIVATE_KEY") or _secret(os.environ["CDN_PRIVATE_KEY_SECRET"])


def uploads_bucket() -> str:
    return os.environ.get("UPLOADS_BUCKET", "torget-uploads")


ORIGIN_SECRET_SECONDS = 300  # how long a container trusts the values it read; a rotation is seen within this


def origin_secrets() -> tuple[str, ...]:
    """The values CloudFront may add to a request it sends the APIs (header X-Torget-Origin): ORIGIN_SECRET,
    or the secret ORIGIN_SECRET_NAME names (production) in its current and previous version, so requests keep
    passing while a rotation (infra/rotate_origin_secret.py) reaches CloudFront's edges; () where nothing
    stands in front (the devserver)."""
    if os.environ.get("ORIGIN_SECRET"):
        return (os.environ["ORIGIN_SECRET"],)
    name = os.environ.get("ORIGIN_SECRET_NAME")
    return _secret_versions(name, int(time.time() // ORIGIN_SECRET_SECONDS)) if name else ()


@lru_cache(maxsize=2)
def _secret_versions(name: str, _period: int) -> tuple[str, ...]:
    import boto3

    client = boto3.client("secretsmanager")
    values = [client.get_secret_value(SecretId=name, VersionStage="AWSCURRENT")["SecretString"]]
    try:
        values.append(client.get_secret_value(SecretId=name, VersionStage="AWSPREVIOUS")["SecretString"])
    except client.exceptions.ResourceNotFoundException:  # never rotated
        pass
    return tuple(values)


def scim_token() -> str:
    """The bearer token the directory's provisioning service sends: SCIM_TOKEN (the devserver keeps it in
    .torget/scim-token), or the secret SCIM_TOKEN_NAME names, re-read every few minutes so a rotation
    (a new secret value) takes effect without a deploy; "" where SCIM is not set up."""
    if os.environ.get("SCIM_TOKEN"):
        return os.environ["SCIM_TOKEN"]
    name = os.environ.get("SCIM_TOKEN_NAME")
    return _current_secret(name, int(time.time() // ORIGIN_SECRET_SECONDS)) if name else ""


@lru_cache(maxsize=2)
def _current_secret(name: str, _period: int) -> str:
    return _secret_versions(name, _period)[0]


def directory_match() -> tuple[str, str]:
    """How a login finds the person the directory provisioned: DIRECTORY_MATCH "subject" (the provider's
    externalId is the login's DIRECTORY_SUBJECT_CLAIM, "sub" unless set; Entra ID sends "oid") or "email"
    (a verified e-mail)."""
    mode = os.environ.get("DIRECTORY_MATCH", "subject").lower()
    return ("email" if mode == "email" else "subject"), os.environ.get("DIRECTORY_SUBJECT_CLAIM", "sub")


def s3_stand_in() -> str:
    """The devserver's stand-in for S3 (AWS_ENDPOINT_URL_S3, on the site's own origin); "" on AWS."""
    return os.environ.get("AWS_ENDPOINT_URL_S3", "")


def s3_regional_endpoint() -> str | None:
    """S3's regional endpoint, so a presigned POST names <bucket>.s3.<region>.amazonaws.com, the host the
    CSP allows (the default client answers with the global <bucket>.s3.amazonaws.com)."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    return f"https://s3.{region}.amazonaws.com" if region else None


def work_queue_url() -> str:
    """The SQS queue of work units (production); "" where units wait in the process (chalicelib.work_queue)."""
    return os.environ.get("WORK_QUEUE_URL", "")


def own_function_name() -> str:
    """The Lambda function this code runs in (Lambda sets it); "" outside Lambda."""
    return os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")


def websocket_endpoint() -> str:
    """The WebSocket API's management endpoint (production); "" where the devserver delivers frames."""
    return os.environ.get("WS_ENDPOINT", "")


def session_idle_seconds() -> int:
    """A session ends after this long without a request (SESSION_IDLE_MINUTES)."""
    return int(os.environ.get("SESSION_IDLE_MINUTES", "240")) * 60
