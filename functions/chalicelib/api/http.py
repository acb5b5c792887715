"""The HTTP edge: domain errors to responses (in one place), guards, cookies."""

import functools
import hmac
import logging
import uuid

from chalice import Response

from chalicelib import auth
from chalicelib.config import origin_secrets, settings
from chalicelib.errors import (
    Conflict,
    DomainError,
    Forbidden,
    LoginFailed,
    NotAuthenticated,
    NotFound,
    ProviderUnavailable,
    RateLimited,
    Unavailable,
    ValidationFailed,
)

log = logging.getLogger("torget.api")

STATUS = {
    ValidationFailed: 400,
    LoginFailed: 400,
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    RateLimited: 429,
    ProviderUnavailable: 502,
    Unavailable: 503,
}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Routes whose signed token is the authentication (a mail provider's one-click unsubscribe sends no header).
TOKEN_ROUTES = {"/api/mail/unsubscribe"}
# The provisioning service's routes: a bearer token, never a browser's cookie; errors in SCIM's own shape.
SCIM_PREFIX = "/api/scim/v2"
SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SCIM_TYPES = {"invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget",
              "invalidValue", "invalidVers", "sensitive"}
# Chalice answers some requests itself; their bodies get our envelope too.
CHALICE_CODES = {
    400: ("invalid_json", "The request body is not valid JSON."),
    405: ("method_not_allowed", "That method is not allowed here."),
    415: ("unsupported_media_type", "Send JSON with Content-Type: application/json."),
    500: ("internal_error", "Something went wrong on our side. Try again."),
}
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class HttpError(DomainError):
    """An error about the request itself (media type, size), with its own status."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message, field=field, code=code)
        self.status = status


def status_for(error: DomainError) -> int:
    if isinstance(error, HttpError):
        return error.status
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def envelope(code: str, message: str, field: str | None = None, details: dict | None = None) -> dict:
    error = {"code": code, "message": message}
    if field:
        error["field"] = field
    if details:
        error.update(details)
    return {"error": error}


def error_response(error: DomainError) -> Response:
    headers = dict(NO_STORE)
    if isinstance(error, (RateLimited, Unavailable)):
        headers["Retry-After"] = str(error.retry_after)
    body = envelope(error.code, error.message, error.field, getattr(error, "details", None))
    return Response(body, status_code=status_for(error), headers=headers)


def route(blueprint, path: str, **options):
    """Register a view whose domain errors become the JSON error envelope."""

    def register(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except DomainError as error:
                return error_response(error)

        return blueprint.route(path, **options)(guarded)

    return register


def request_id(request) -> str:
    context = request.context or {}
    return context.get("requestId") or str(uuid.uuid4())


def check_request(request) -> None:
    """Guards every state-changing request passes before any view runs."""
    if request.method not in STATE_CHANGING:
        return
    origin = request.headers.get("origin")
    if origin is not None and origin != settings().origin:
        raise HttpError(403, "origin_not_allowed", "Requests must come from the intranet's own pages.")
    if request.headers.get("x-requested-with") != "torget":
        raise HttpError(403, "csrf_header_required", "Send the header X-Requested-With: torget.")


def middleware_for(routes: dict):
    """Middleware that runs the guards, then gives every error the one envelope."""

    def middleware(event, get_response):
        resource = (event.context or {}).get("resourcePath")
        methods = routes.get(resource, {})
        try:
            if not through_cloudfront(event.headers):
                raise HttpError(403, "forbidden", "Use the intranet's own address.")
            scim = (resource or "").startswith(SCIM_PREFIX)
            if event.method in methods and resource not in TOKEN_ROUTES and not scim:  # else Chalice answers 405
                check_request(event)
            response = get_response(event)
        except DomainError as error:
            response = error_response(error)
        return finish(event, response)

    return middleware


ORIGIN_HEADER = "x-torget-origin"


def through_cloudfront(headers) -> bool:
    """In production only CloudFront knows the origin secret it adds to each request: one sent straight to the
    API's execute-api address lacks it. Where no secret is set (the devserver) every request passes."""
    expected = origin_secrets()
    if not expected:
        return True
    given = next((value for name, value in (headers or {}).items() if name.lower() == ORIGIN_HEADER), "").encode()
    return any([hmac.compare_digest(given, value.encode()) for value in expected])  # a list: compare with each


def scim_error(status: int, code: str, message: str) -> dict:
    """An error as RFC 7644 §3.12 shapes it; scimType only for the codes it defines."""
    return {"schemas": [SCIM_ERROR], "status": str(status), "detail": message,
            **({"scimType": code} if code in SCIM_TYPES else {})}


def finish(event, response: Response) -> Response:
    """Our envelope on Chalice's own errors (SCIM's on the provisioning routes), no-store headers, a log line
    per error."""
    if response.status_code >= 400 and isinstance(response.body, dict) and "Code" in response.body:
        code, message = CHALICE_CODES.get(response.status_code, CHALICE_CODES[500])
        response.body = envelope(code, message)
    if (event.path or "").startswith(SCIM_PREFIX) and response.status_code >= 400 and "error" in (
            response.body if isinstance(response.body, dict) else {}):
        error = response.body["error"]
        response.body = scim_error(response.status_code, error.get("code", ""), error.get("message", ""))
        response.headers["Content-Type"] = "application/scim+json"
    for name, value in NO_STORE.items():
        response.headers.setdefault(name, value)
    if isinstance(response.body, (dict, list)):
        response.headers.setdefault("Content-Type", "application/json")
    if response.status_code >= 400:
        body = response.body if isinstance(response.body, dict) else {}
        code = body.get("error", {}).get("code", "-")
        log.warning("request_id=%s %s %s -> %s %s", request_id(event), event.method, event.path, response.status_code, code)
    return response


def cookie(request, name: str) -> str | None:
    """One cookie's value from the request (malformed pairs are skipped)."""
    for header in (request.headers.get("cookie") or "").split(";"):
        key, sep, value = header.strip().partition("=")
        if sep and key == name:
            return value.strip('"')
    return None


def set_cookie(name: str, value: str, max_age: int, path: str = "/") -> str:
    parts = [f"{name}={value}", f"Path={path}", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
    if settings().secure_cookies:
        parts.append("Secure")
    return "; ".join(parts)


def session_token(request) -> str | None:
    return cookie(request, settings().cookie_name)


def caller(request) -> dict:
    """The logged-in caller (id, roles); raises NotAuthenticated."""
    return auth.require_caller(session_token(request))


def json_response(body, status: int = 200, headers: dict | None = None) -> Response:
    return Response(body, status_code=status, headers={"Content-Type": "application/json", **(headers or {})})

