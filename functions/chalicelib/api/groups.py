"""Work groups: the directory, a group, its members and its feed."""

from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import groups, posts
from chalicelib.api import http, parsing

bp = Blueprint(__name__)


@http.route(bp, "/groups", methods=["GET"])
def directory():
    request = bp.current_request
    caller = http.caller(request)
    if parsing.query(request, "mine") == "1":
        return groups.my_groups(caller)
    return groups.directory(caller, parsing.query(request, "q"))


@http.route(bp, "/groups", methods=["POST"])
def create_group():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"name": None, "description": None, "visibility": None}, required=("name", "visibility"))
    created = groups.create_group(caller, body["name"], body.get("description"), body["visibility"])
    return http.json_response(created, status=201)


@http.route(bp, "/groups/{group_id}", methods=["GET"])
def get_group(group_id):
    return groups.get_group(http.caller(bp.current_request), unquote(group_id))


@http.route(bp, "/groups/{group_id}", methods=["PATCH"])
def update_group(group_id):
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"name": None, "description": None, "visibility": None})
    return groups.update_group(caller, unquote(group_id), body)


@http.route(bp, "/groups/{group_id}", methods=["DELETE"])
def archive_group(group_id):
    return groups.archive_group(http.caller(bp.current_request), unquote(group_id))


@http.route(bp, "/groups/{group_id}/members", methods=["GET"])
def members(group_id):
    return groups.members(http.caller(bp.current_request), unquote(group_id))


@http.route(bp, "/groups/{group_id}/members/{person_id}", methods=["PUT"])
def put_member(group_id, person_id):
    request = bp.current_request
    caller = http.caller(request)
    role = None
    if request.raw_body:
        role = parsing.fields(request, {"role": None}).get("role")
    return groups.put_member(caller, unquote(group_id), unquote(person_id), role)


@http.route(bp, "/groups/{group_id}/members/{person_id}", methods=["DELETE"])
def remove_member(group_id, person_id):
    return groups.remove_member(http.caller(bp.current_request), unquote(group_id), unquote(person_id))


@http.route(bp, "/groups/{group_id}/feed", methods=["GET"])
def group_feed(group_id):
    request = bp.current_request
    caller = http.caller(request)
    return posts.group_feed(caller, unquote(group_id), parsing.query(request, "cursor"),
                            parsing.limit(request, posts.PAGE_DEFAULT, posts.PAGE_MAX))
