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


def _http_json(url: str, data: dict | None = None, auth: tuple[str, str] | None = None, bearer: str | None = None) -> dict:
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
    if bearer:
        request.add_header("Authorization", "Bearer " + bearer)
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


def exchange_code(code: str, verifier: str) -> dict:
    """Trade an authorization code for the tokens: {id_token, access_token?}."""
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
    if not isinstance(tokens.get("id_token"), str):
        raise LoginFailed()
    access = tokens.get("access_token")
    return {"id_token": tokens["id_token"], "access_token": access if isinstance(access, str) else None}


# What Torget reads of a person; a provider that follows the spec for the code flow may put all but `sub`
# in userinfo only (OpenID Connect Core 5.4).
PROFILE_CLAIMS = ("name", "email")


def with_userinfo(claims: dict, access_token: str | None) -> dict:
    """The ID token's claims, completed from the userinfo endpoint when the token lacks what Torget reads
    and the provider has one. Userinfo fills gaps and never replaces a claim the signed token carries."""
    endpoint = discovery().get("userinfo_endpoint")
    if not endpoint or not access_token or all(claims.get(name) for name in PROFILE_CLAIMS):
        return claims
    info = _http_json(endpoint, bearer=access_token)
    # Core 5.3.2: the userinfo's sub must be exactly the ID token's, or the answer is not about this person.
    if not isinstance(info, dict) or info.get("sub") != claims.get("sub"):
        raise LoginFailed()
    merged = dict(claims)
    for name, value in info.items():
        if merged.get(name) in (None, "", []):
            merged[name] = value
    return merged


def end_session_url(id_token: str | None) -> str | None:
    """Where to send the browser so the provider ends its session too (RP-initiated logout), or None
    when the provider offers none."""
    if not settings().provider_logout:
        return None
    try:
        endpoint = discovery().get("end_session_endpoint")
    except ProviderUnavailable:
        return None
    if not endpoint or not endpoint.startswith(("https://", "http://")):
        return None
    config = settings()
    params = {"client_id": config.oidc_client_id, "post_logout_redirect_uri": config.post_logout_uri}
    if id_token:
        params["id_token_hint"] = id_token
    return endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode(params)


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
    # Core 3.1.3.7: with several audiences the token names the party it was issued to (azp), which must be
    # this client; an azp that names another client is refused whatever the audience.
    audience = claims.get("aud")
    several = isinstance(audience, list) and len(audience) > 1
    if (several or "azp" in claims) and claims.get("azp") != config.oidc_client_id:
        raise LoginFailed()
    return claims
