"""Dela: sharing an article or a post."""

from chalice import Blueprint

from chalicelib import sharing
from chalicelib.api import http, parsing
from chalicelib.api.comments import idempotency_key

bp = Blueprint(__name__)


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
