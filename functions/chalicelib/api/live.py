"""The WebSocket entry points' work: read the event, call the domain, answer in frames."""

import logging

from chalice import Response

from chalicelib import events, live
from chalicelib.api import parsing
from chalicelib.api.http import HttpError, through_cloudfront
from chalicelib.config import settings
from chalicelib.errors import DomainError

log = logging.getLogger("torget.live")
MAX_FRAME = 32 * 1024


def _header(event: dict, name: str) -> str | None:
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name:
            return value
    return None


def _cookie(header: str | None, name: str) -> str | None:
    for part in (header or "").split(";"):
        key, sep, value = part.strip().partition("=")
        if sep and key == name:
            return value
    return None


def on_connect(event) -> Response | dict:
    raw = event.to_dict()
    if not through_cloudfront(raw.get("headers")):
        return Response(body="", status_code=403)
    token = _cookie(_header(raw, "cookie"), settings().cookie_name)
    caller = live.connect(event.connection_id, token, _header(raw, "origin"))
    if caller is None:
        # API Gateway turns a non-2xx answer into a refused handshake.
        return Response(body="", status_code=403)
    return {"statusCode": 200}


def on_message(event) -> dict:
    raw = event.to_dict()
    body = raw.get("body")
    frame = None
    try:
        if raw.get("isBase64Encoded"):
            raise HttpError(400, "unsupported_frame", "Send text frames with JSON.")
        if not isinstance(body, str) or len(body.encode("utf-8", "replace")) > MAX_FRAME:
            raise HttpError(400, "message_too_large", "A frame may be at most 32 KB.")
        frame = parsing.parse_object(body)
        reply = live.handle(event.connection_id, frame)
    except DomainError as error:
        reply = live.error_frame(error, frame)
        if error.code == "not_authenticated":
            events.send(event.connection_id, reply)
            events.forget(event.connection_id)
            _close(event.connection_id)
            return {"statusCode": 200}
    except Exception:
        log.exception("frame from %s failed", event.connection_id)
        reply = {"type": "error", "code": "internal_error", "message": "Something went wrong; try again."}
    if reply is not None:
        events.send(event.connection_id, reply)
    return {"statusCode": 200}


def _close(connection_id: str) -> None:
    client = events.sender()
    if client is not None:
        try:
            client.delete_connection(ConnectionId=connection_id)
        except Exception as error:  # it may be gone already
            log.info("closing %s: %s", connection_id, type(error).__name__)


def on_disconnect(event) -> dict:
    live.disconnect(event.connection_id)
    return {"statusCode": 200}
