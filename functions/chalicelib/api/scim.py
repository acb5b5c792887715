"""SCIM 2.0 for the company's provisioning service (Entra ID, Okta, Google …) at /api/scim/v2.

A bearer token authenticates it (compared in constant time; wrong tokens from one address are refused
for the rest of the minute after ten); a browser session cannot call these routes, nor can the token call
the employee API. Errors are SCIM error bodies (RFC 7644 §3.12).
"""

import hashlib
import hmac

from chalice import Blueprint, Response

from chalicelib import directory, limits
from chalicelib.api import http
from chalicelib.api.parsing import json_object
from chalicelib.config import scim_token, settings
from chalicelib.errors import DomainError, NotAuthenticated, NotFound, RateLimited
from chalicelib.scim_schema import LIST, InvalidValue, resource_types, schema_documents, service_provider_config

bp = Blueprint(__name__)
MEDIA = ("application/scim+json", "application/json")
SCIM_JSON = "application/scim+json"
MAX_BODY = 512 * 1024
MAX_ITEMS = 1000


def base() -> str:
    return settings().public_url.rstrip("/") + http.SCIM_PREFIX


def _authenticate(request) -> None:
    expected = scim_token()
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    digest = hashlib.sha256
    if expected and scheme.lower() == "bearer" and hmac.compare_digest(
            digest(given.strip().encode()).digest(), digest(expected.encode()).digest()):
        return
    source = ((request.context or {}).get("identity") or {}).get("sourceIp") or "unknown"
    forwarded = (request.headers.get("x-forwarded-for") or "").split(",")[0].strip()  # CloudFront's viewer
    limits.spend(f"scim:{forwarded or source}", "scim_refused")
    raise NotAuthenticated("A valid bearer token is required." if expected else "SCIM is not set up here.")


def _respond(body, status: int = 200, tag: str | None = None, location: str | None = None) -> Response:
    headers = {"Content-Type": SCIM_JSON, **http.NO_STORE}
    if tag:
        headers["ETag"] = tag
    if location:
        headers["Location"] = location
    return Response(body if body is not None else "", status_code=status, headers=headers)


def _error(error: DomainError) -> Response:
    status = 412 if isinstance(error, directory.PreconditionFailed) else http.status_for(error)
    headers = {"Content-Type": SCIM_JSON, **http.NO_STORE}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, NotAuthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="torget-scim"'
    return Response(http.scim_error(status, error.code, error.message), status_code=status, headers=headers)


def scim_route(path: str, methods: list[str]):
    def register(view):
        def guarded(*args, **kwargs):
            try:
                _authenticate(bp.current_request)
                return view(*args, **kwargs)
            except DomainError as error:
                return _error(error)

        guarded.__name__ = view.__name__
        return bp.route(path, methods=methods, content_types=list(MEDIA))(guarded)

    return register


def _body() -> dict:
    return json_object(bp.current_request, MAX_BODY, MEDIA, MAX_ITEMS)


def _paging() -> tuple[str | None, int, int]:
    """filter, startIndex (1 and up; less is 1) and count (0 to MAX_RESULTS; negative is 0), RFC 7644 §3.4.2.4."""
    params = bp.current_request.query_params or {}

    def number(name: str, default: int) -> int:
        raw = params.get(name)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise InvalidValue(f"{name}: a whole number", field=name)

    start = max(1, number("startIndex", 1))
    count = min(max(0, number("count", directory.DEFAULT_COUNT)), directory.MAX_RESULTS)
    return params.get("filter"), start, count


def _if_match() -> str | None:
    return bp.current_request.headers.get("if-match")


@scim_route("/scim/v2/ServiceProviderConfig", ["GET"])
def provider_config():
    return _respond(service_provider_config(base(), directory.MAX_RESULTS))


def _every(found: list[dict]) -> Response:
    """A discovery list: all of it on one page."""
    return _respond({"schemas": [LIST], "totalResults": len(found), "startIndex": 1, "itemsPerPage": len(found),
                     "Resources": found})


def _one(found: list[dict], wanted: str) -> Response:
    match = next((document for document in found if document["id"] == wanted), None)
    if match is None:
        raise NotFound("No such resource type or schema.")
    return _respond(match)


@scim_route("/scim/v2/ResourceTypes", ["GET"])
def list_resource_types():
    return _every(resource_types(base()))


@scim_route("/scim/v2/ResourceTypes/{name}", ["GET"])
def one_resource_type(name):
    return _one(resource_types(base()), name)


@scim_route("/scim/v2/Schemas", ["GET"])
def list_schemas():
    return _every(schema_documents(base()))


@scim_route("/scim/v2/Schemas/{uri}", ["GET"])
def one_schema(uri):
    return _one(schema_documents(base()), uri)


def _collection(create, listing) -> Response:
    """POST creates (201 with Location and ETag); GET lists a page matching the filter."""
    if bp.current_request.method == "POST":
        resource, tag = create(_body(), base())
        return _respond(resource, 201, tag, resource["meta"]["location"])
    query, start, count = _paging()
    return _respond(listing(query, start, count))


def _one_of(resource_id: str, get, replace, patch, delete) -> Response:
    """GET, PUT and PATCH answer the resource with its ETag; DELETE answers 204."""
    method = bp.current_request.method
    if method == "DELETE":
        delete(resource_id)
        return _respond(None, 204)
    if method in ("PUT", "PATCH"):
        resource, tag = (replace if method == "PUT" else patch)(resource_id, _body(), _if_match(), base())
    else:
        resource, tag = get(resource_id)
    return _respond(resource, 200, tag)


def _with_members() -> bool:
    excluded = (bp.current_request.query_params or {}).get("excludedAttributes") or ""
    return "members" not in {name.strip().lower() for name in excluded.split(",")}


@scim_route("/scim/v2/Users", ["GET", "POST"])
def users():
    return _collection(directory.create_user, lambda query, start, count: directory.list_users(query, start, count, base()))


@scim_route("/scim/v2/Users/{user_id}", ["GET", "PUT", "PATCH", "DELETE"])
def user(user_id):
    return _one_of(user_id, lambda person_id: directory.get_user(person_id, base()), directory.replace_user,
                   directory.patch_user, directory.delete_user)


@scim_route("/scim/v2/Groups", ["GET", "POST"])
def groups():
    return _collection(directory.create_group, lambda query, start, count: directory.list_groups(
        query, start, count, base(), _with_members()))


@scim_route("/scim/v2/Groups/{group_id}", ["GET", "PUT", "PATCH", "DELETE"])
def group(group_id):
    return _one_of(group_id, lambda group_id: directory.get_group(group_id, base(), _with_members()),
                   directory.replace_group, directory.patch_group, directory.delete_group)


@scim_route("/scim/v2/{anything}", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(anything):
    """A SCIM error for an endpoint Torget does not have (API Gateway's own answer would not be one)."""
    raise NotFound(f"No such SCIM endpoint; see {base()}/ResourceTypes.")
