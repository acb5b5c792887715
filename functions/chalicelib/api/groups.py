"""Posts, the company feed and work groups."""

from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import groups, posts, sharing, uploads
from chalicelib.api import http, parsing
from chalicelib.api.comments import idempotency_key

bp = Blueprint(__name__)


@http.route(bp, "/feed", methods=["GET"])
def company_feed():
    request = bp.current_request
    caller = http.caller(request)
    limit = parsing.limit(request, posts.PAGE_DEFAULT, posts.PAGE_MAX)
    return posts.company_feed(caller, parsing.query(request, "cursor"), limit)


@http.route(bp, "/posts", methods=["POST"])
def create_post():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"text": None, "groupId": None, "images": None}, required=("text",))
    created = posts.create_post(caller, body["text"], body.get("groupId"), body.get("images"), idempotency_key(request))
    return http.json_response(created, status=201)


@http.route(bp, "/shares", methods=["POST"])
def share():
    """Dela: an article or a post into the company feed, a group (groupId) or a conversation (roomId)."""
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"target": None, "text": None, "groupId": None, "roomId": None, "clientId": None},
                          required=("target",))
    shared = sharing.share(caller, body["target"], body.get("text"), body.get("groupId"), body.get("roomId"),
                           body.get("clientId"), idempotency_key(request))
    return http.json_response(shared, status=201)


@http.route(bp, "/posts/{post_id}", methods=["GET"])
def get_post(post_id):
    return posts.get_post(http.caller(bp.current_request), unquote(post_id))


@http.route(bp, "/posts/{post_id}", methods=["PATCH"])
def edit_post(post_id):
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"text": None, "version": None}, required=("text",))
    return posts.edit_post(caller, unquote(post_id), body["text"], body.get("version"))


@http.route(bp, "/posts/{post_id}", methods=["DELETE"])
def delete_post(post_id):
    return posts.delete_post(http.caller(bp.current_request), unquote(post_id))


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


@http.route(bp, "/uploads", methods=["POST"])
def presign_upload():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"contentType": None, "size": None}, required=("contentType", "size"))
    return uploads.presign(caller, body["contentType"], body["size"])
