"""Notifications, read confirmations and urgent banners: what asks for a person's attention."""

from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import acks, banners, notifications
from chalicelib.api import http, parsing

bp = Blueprint(__name__)


@http.route(bp, "/notifications", methods=["GET"])
def list_notifications():
    request = bp.current_request
    return notifications.list_for(http.caller(request), parsing.query(request, "cursor"))


@http.route(bp, "/notifications/read", methods=["POST"])
def mark_read():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"ids": None, "all": None})
    if body.get("all") is True and "ids" not in body:
        return notifications.mark_read(caller, None)
    if "ids" not in body or "all" in body:
        raise http.HttpError(400, "validation_failed", 'Send {"ids": [...]} or {"all": true}.', field="ids")
    return notifications.mark_read(caller, notifications.check_ids(body["ids"]))


@http.route(bp, "/acks", methods=["GET"])
def ack_overview():
    return acks.overview(http.caller(bp.current_request))


@http.route(bp, "/acks/{thread_id}", methods=["GET"])
def ack_status(thread_id):
    return acks.status(http.caller(bp.current_request), unquote(thread_id))


@http.route(bp, "/acks/{thread_id}", methods=["POST"])
def confirm(thread_id):
    request = bp.current_request
    caller = http.caller(request)
    parsing.no_body(request)  # confirming is the whole request
    return http.json_response(acks.confirm(caller, unquote(thread_id)), status=201)


@http.route(bp, "/banners", methods=["GET"])
def list_banners():
    http.caller(bp.current_request)
    return banners.current()


@http.route(bp, "/banners", methods=["POST"])
def post_banner():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"text": None, "hours": None, "level": None}, required=("text", "hours"))
    return http.json_response(banners.post(caller, body["text"], body["hours"], body.get("level", "urgent")), status=201)


@http.route(bp, "/banners/{banner_id}", methods=["DELETE"])
def remove_banner(banner_id):
    return banners.remove(http.caller(bp.current_request), unquote(banner_id))
