"""Settings read once from the environment (Lambda's, or the devserver's)."""

import os
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


@lru_cache(maxsize=4)
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
