"""Logging in and out: the OIDC code flow, sessions, and who the caller is."""

import re
import secrets

from chalicelib import keys, oidc, people, store
from chalicelib.config import settings
from chalicelib.errors import LoginFailed, NotAuthenticated, ValidationFailed
from chalicelib.store import sessions as session_store

LOGIN_TTL = 600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
# A local path: one leading slash, no scheme, no "//host", no backslash or controls.
LOCAL_PATH = re.compile(r"^/(?![/\\])[^\\\x00-\x20\x7f]{0,500}$")


def safe_next(next_path: str | None) -> str:
    """The path to return to after login; raises ValidationFailed for anything external."""
    if not next_path:
        return "/"
    if not LOCAL_PATH.match(next_path):
        raise ValidationFailed("next: must be a path on this site", field="next", code="invalid_next")
    return next_path


def start_login(next_path: str | None) -> tuple[str, str]:
    """Begin a login; return the provider URL to send the browser to and the state."""
    target = safe_next(next_path)
    state, nonce, verifier = oidc.new_secret(), oidc.new_secret(), oidc.new_secret()
    url = oidc.authorization_url(state, nonce, verifier)
    session_store.put_login_attempt(state, {"nonce": nonce, "verifier": verifier, "next": target}, LOGIN_TTL)
    return url, state


def finish_login(state: str | None, state_cookie: str | None, code: str | None) -> tuple[str, dict, str]:
    """Complete a login; return (session token, person, next path). Raises LoginFailed."""
    if not state or not code or not TOKEN.match(state) or len(code) > 2048:
        raise LoginFailed()
    # The state must come back to the browser that started the login (login CSRF).
    if not state_cookie or not secrets.compare_digest(state, state_cookie):
        raise LoginFailed()
    attempt = session_store.take_login_attempt(state)
    if attempt is None:
        raise LoginFailed()
    tokens = oidc.exchange_code(code, attempt["verifier"])
    claims = oidc.verify_id_token(tokens["id_token"], attempt["nonce"])
    claims = oidc.with_userinfo(claims, tokens["access_token"])
    job = store.get(keys.erasure(people.person_from_claims(claims)["id"]), consistent=True)
    if job and job["state"] == "running":
        # Logging in now would write new data that the running erasure then removes halfway.
        raise LoginFailed("Your data is being erased right now; log in again in a few minutes to start afresh.")
    person = people.save_from_claims(claims)
    token = secrets.token_urlsafe(32)  # a new session id at every login
    # The ID token is kept with the session as the hint RP-initiated logout sends back to the provider.
    session_store.put_session(token, person["id"], person["roles"], settings().session_hours * 3600, person["name"],
                              id_token=tokens["id_token"])
    return token, person, attempt["next"]


def logout(token: str | None) -> str | None:
    """End the session; return where the browser goes so the provider logs the person out too (or None)."""
    id_token = None
    if token and TOKEN.match(token):
        session = session_store.get_session(token)
        id_token = (session or {}).get("idToken")
        session_store.delete_session(token)
    return oidc.end_session_url(id_token)


def caller_for(token: str | None) -> dict | None:
    """The logged-in person for a session token (id, name, roles), or None."""
    if not token or not TOKEN.match(token):
        return None
    session = session_store.get_session(token)
    if session is None:
        return None
    return {
        "id": session["personId"],
        "name": session.get("name") or session["personId"],
        "roles": list(session.get("roles") or ["employee"]),
    }


def require_caller(token: str | None) -> dict:
    caller = caller_for(token)
    if caller is None:
        raise NotAuthenticated()
    return caller
