"""Comments, reactions, thread counts and Markdown preview."""

import re
from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import comments, reach, reactions, targets
from chalicelib.api import http, parsing

bp = Blueprint(__name__)
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_IDS = 50


def idempotency_key(request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.match(key):
        raise http.HttpError(400, "invalid_idempotency_key", "Idempotency-Key: 8-64 letters, digits, - or _.")
    return key


@http.route(bp, "/threads/{thread_id}/comments", methods=["GET"])
def list_comments(thread_id):
    request = bp.current_request
    caller = http.caller(request)
    page = comments.list_comments(caller, unquote(thread_id), parsing.query(request, "cursor"),
                                  parsing.limit(request, comments.PAGE_DEFAULT, comments.PAGE_MAX))
    return page


@http.route(bp, "/threads/{thread_id}/comments", methods=["POST"])
def add_comment(thread_id):
    request = bp.current_request
    caller = http.caller(request)
    # The domain checks text and parentId: it owns the limits.
    body = parsing.fields(request, {"text": None, "parentId": None}, required=("text",))
    created = comments.add_comment(caller, unquote(thread_id), body["text"], body.get("parentId"), idempotency_key(request))
    return http.json_response(created, status=201)


@http.route(bp, "/comments/{comment_id}", methods=["PATCH"])
def edit_comment(comment_id):
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"text": None, "version": None}, required=("text",))
    return comments.edit_comment(caller, unquote(comment_id), body["text"], body.get("version"))


@http.route(bp, "/comments/{comment_id}", methods=["DELETE"])
def delete_comment(comment_id):
    caller = http.caller(bp.current_request)
    return comments.delete_comment(caller, unquote(comment_id))


@http.route(bp, "/threads", methods=["GET"])
def thread_counts():
    request = bp.current_request
    caller = http.caller(request)
    raw = parsing.query(request, "ids") or ""
    wanted = [part for part in raw.split(",") if part]
    if not 1 <= len(wanted) <= MAX_IDS:
        raise http.HttpError(400, "too_many_items", f"ids: give 1 to {MAX_IDS} ids, comma-separated", field="ids")
    checked = list(dict.fromkeys(targets.check_target_id(target_id) for target_id in wanted))
    return {"threads": targets.counts_for(caller, checked)}


@http.route(bp, "/reactions/{target_id}/{kind}", methods=["PUT"])
def give_reaction(target_id, kind):
    caller = http.caller(bp.current_request)
    parsing.no_body(bp.current_request)
    return reactions.set_reaction(caller, unquote(target_id), unquote(kind), given=True)


@http.route(bp, "/reactions/{target_id}/{kind}", methods=["DELETE"])
def take_back_reaction(target_id, kind):
    caller = http.caller(bp.current_request)
    return reactions.set_reaction(caller, unquote(target_id), unquote(kind), given=False)


@http.route(bp, "/preview", methods=["POST"])
def preview():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"text": None}, required=("text",))
    return comments.preview(caller, body["text"])


@http.route(bp, "/reads/{thread_id}", methods=["POST"])
def record_read(thread_id):
    """An article page opened: its reader is counted once, anonymously (chalicelib.reach)."""
    caller = http.caller(bp.current_request)
    parsing.no_body(bp.current_request)
    return reach.record_read(caller, unquote(thread_id))


@http.route(bp, "/reach/{thread_id}", methods=["GET"])
def article_reach(thread_id):
    return reach.reach(http.caller(bp.current_request), unquote(thread_id))
