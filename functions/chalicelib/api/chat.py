"""Chat over HTTP: rooms, history, sending (also possible over the WebSocket), read markers."""

from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import chat
from chalicelib.api import http, parsing

bp = Blueprint(__name__)


@http.route(bp, "/chat/rooms", methods=["GET"])
def rooms():
    return chat.rooms(http.caller(bp.current_request))


@http.route(bp, "/chat/rooms", methods=["POST"])
def start_direct():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"members": None}, required=("members",))
    return http.json_response(chat.start_direct(caller, body["members"]), status=201)


@http.route(bp, "/chat/rooms/{room_id}/messages", methods=["GET"])
def messages(room_id):
    request = bp.current_request
    caller = http.caller(request)
    return chat.list_messages(caller, unquote(room_id), parsing.query(request, "before"), parsing.query(request, "after"))


@http.route(bp, "/chat/rooms/{room_id}/messages", methods=["POST"])
def send(room_id):
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"text": None, "clientId": None}, required=("text", "clientId"))
    return http.json_response(chat.send_message(caller, unquote(room_id), body["text"], body["clientId"]), status=201)


@http.route(bp, "/chat/rooms/{room_id}/messages/{message_id}", methods=["PATCH"])
def edit(room_id, message_id):
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"text": None}, required=("text",))
    return chat.edit_message(caller, unquote(room_id), unquote(message_id), body["text"])


@http.route(bp, "/chat/rooms/{room_id}/messages/{message_id}", methods=["DELETE"])
def delete(room_id, message_id):
    return chat.delete_message(http.caller(bp.current_request), unquote(room_id), unquote(message_id))


@http.route(bp, "/chat/rooms/{room_id}/read", methods=["POST"])
def read(room_id):
    caller = http.caller(bp.current_request)
    parsing.no_body(bp.current_request)
    return chat.mark_read(caller, unquote(room_id))
