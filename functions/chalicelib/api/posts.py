"""Posts and the company feed."""

from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import posts
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
