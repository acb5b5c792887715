"""OpenID Connect relying party: discovery, code exchange, ID-token checks.

Works with any standards-following provider (Entra ID, Okta, Google,
Cognito, the local mock): everything comes from the issuer's discovery
document. PyJWT and its crypto are imported lazily: only the login
callback needs them, and they cost ~90 ms of cold start.
"""

import base64
import hashlib
import json
import secrets
import time
import urllib.parse
from functools import lru_cache

from chalicelib.config import oidc_client_secret, settings
from chalicelib.errors import LoginFailed, ProviderUnavailable

# Asymmetric algorithms only: never "none", never a shared-secret HMAC.
SAFE_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
HTTP_TIMEOUT = 5
CLOCK_SKEW = 60
_discovery_cache: dict = {}


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _http_json(url: str, data: dict | None = None, auth: tuple[str, str] | None = None) -> dict:
    # urllib.request (and http.client, ssl, email) costs ~30 ms: only logins need it.
    import urllib.error
    import urllib.request

    if not url.startswith(("https://", "http://")):
        raise ProviderUnavailable("The identity provider's address must be http(s).")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/json"})  # noqa: S310 (scheme checked)
    if auth:
        pair = ":".join(urllib.parse.quote(part, safe="") for part in auth)
        request.add_header("Authorization", "Basic " + base64.b64encode(pair.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read(1_000_000))
    except urllib.error.HTTPError as error:
        # The provider refused (used or unknown code, wrong client): a failed login.
        raise LoginFailed() from error
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise ProviderUnavailable() from error


def discovery() -> dict:
    """The provider's metadata, fetched once per process (and per issuer)."""
    issuer = settings().oidc_issuer.rstrip("/")
    cached = _discovery_cache.get(issuer)
    if cached and cached["fetched"] > time.time() - 3600:
        return cached["doc"]
    doc = _http_json(issuer + "/.well-known/openid-configuration")
    if doc.get("issuer", "").rstrip("/") != issuer:
        raise ProviderUnavailable("The identity provider's issuer does not match the configuration.")
    _discovery_cache[issuer] = {"doc": doc, "fetched": time.time()}
    return doc


def authorization_url(state: str, nonce: str, verifier: str) -> str:
    config = settings()
    query = urllib.parse.urlencode({
        "response_type": "code",
        "client_id": config.oidc_client_id,
        "redirect_uri": config.redirect_uri,
        "scope": config.oidc_scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": pkce_challenge(verifier),
        "code_challenge_method": "S256",
    })
    return f"{discovery()['authorization_endpoint']}?{query}"


def exchange_code(code: str, verifier: str) -> str:
    """Trade an authorization code for the ID token (a JWT string)."""
    config = settings()
    tokens = _http_json(
        discovery()["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": config.redirect_uri,
            "code_verifier": verifier,
        },
        auth=(config.oidc_client_id, oidc_client_secret()),
    )
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise LoginFailed()
    return id_token


@lru_cache(maxsize=4)
def _jwks_client(uri: str):
    import jwt

    return jwt.PyJWKClient(uri, cache_keys=True, lifespan=3600, timeout=HTTP_TIMEOUT)


def verify_id_token(id_token: str, nonce: str) -> dict:
    """The ID token's claims once signature, issuer, audience, expiry and nonce hold."""
    import jwt

    config = settings()
    doc = discovery()
    try:
        header = jwt.get_unverified_header(id_token)
        algorithm = header.get("alg")
        if algorithm not in SAFE_ALGORITHMS:
            raise LoginFailed()
        keyset = _jwks_client(doc["jwks_uri"])
        if header.get("kid"):
            key = keyset.get_signing_key(header["kid"]).key
        else:
            # Some providers (the local mock among them) omit kid: allowed
            # only when the key set holds exactly one signing key.
            candidates = keyset.get_signing_keys()
            if len(candidates) != 1:
                raise LoginFailed()
            key = candidates[0].key
        claims = jwt.decode(
            id_token,
            key,
            algorithms=[algorithm],
            audience=config.oidc_client_id,
            issuer=doc["issuer"],
            leeway=CLOCK_SKEW,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.PyJWKClientConnectionError as error:
        raise ProviderUnavailable() from error
    except (jwt.PyJWTError, TypeError, ValueError, KeyError) as error:
        # PyJWT raises TypeError (not PyJWTError) when the token's alg does not fit the key its kid names,
        # and a malformed key set can raise ValueError or KeyError: every one is a failed login, never a 500.
        raise LoginFailed() from error
    if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise LoginFailed()
    return claims
