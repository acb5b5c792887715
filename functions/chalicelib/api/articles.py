"""Articles written in the browser: drafts, publishing, review (the domain: chalicelib.articles)."""

from urllib.parse import unquote

from chalice import Blueprint

from chalicelib.api import http, parsing
from chalicelib.articles import drafts, publishing, review, rules, source_file

bp = Blueprint(__name__)
# An article's text may be 200 KB; JSON escapes make its body larger than that.
MAX_BODY = 512 * 1024
EDITABLE = {"title": None, "summary": None, "text": None, "tags": None, "pinned": None, "comments": None,
            "acknowledge": None, "publishAt": None, "audience": None}


@http.route(bp, "/articles", methods=["POST"])
def create_article():
    request = bp.current_request
    caller = http.caller(request)
    rules.require_writer(caller)
    body = parsing.fields(request, {**EDITABLE, "category": None, "lang": None, "translationOf": None, "source": None},
                          max_body=MAX_BODY)
    return http.json_response(drafts.create(caller, body), status=201)


@http.route(bp, "/articles", methods=["GET"])
def list_articles():
    request = bp.current_request
    caller = http.caller(request)
    state = parsing.query(request, "state")
    mine = parsing.query(request, "mine")
    if state == "review" and mine is None:
        return drafts.review_queue(caller)
    if (mine == "1" and state in (None, "review")) or (mine is None and state is None):  # by default, my drafts
        return drafts.list_mine(caller, state)  # with state=review: my drafts waiting for an editor
    raise http.HttpError(400, "validation_failed", "Ask for ?mine=1 (your drafts) or ?state=review (the review queue).")


@http.route(bp, "/articles/{article_id}", methods=["GET"])
def get_article(article_id):
    return drafts.get(http.caller(bp.current_request), unquote(article_id))


@http.route(bp, "/articles/{article_id}", methods=["PATCH"])
def update_article(article_id):
    request = bp.current_request
    caller = http.caller(request)
    rules.require_writer(caller)
    body = parsing.fields(request, {**EDITABLE, "version": None}, required=("version",), max_body=MAX_BODY)
    return drafts.update(caller, unquote(article_id), body)


@http.route(bp, "/articles/{article_id}", methods=["DELETE"])
def discard_article(article_id):
    caller = http.caller(bp.current_request)
    rules.require_writer(caller)
    return drafts.discard(caller, unquote(article_id))


@http.route(bp, "/articles/{article_id}/publish", methods=["POST"])
def publish_article(article_id):
    request = bp.current_request
    caller = http.caller(request)
    rules.require_writer(caller)
    body = parsing.fields(request, {"version": None})
    return publishing.publish(caller, unquote(article_id), body.get("version"))


@http.route(bp, "/articles/{article_id}/approve", methods=["POST"])
def approve_article(article_id):
    request = bp.current_request
    caller = http.caller(request)
    parsing.no_body(request)
    return review.approve(caller, unquote(article_id))


@http.route(bp, "/articles/{article_id}/changes", methods=["POST"])
def ask_for_changes(article_id):
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"note": None}, required=("note",))
    return review.request_changes(caller, unquote(article_id), body["note"])


@http.route(bp, "/articles/{article_id}/rebase", methods=["POST"])
def start_from_current(article_id):
    request = bp.current_request
    caller = http.caller(request)
    parsing.no_body(request)
    return publishing.rebase(caller, unquote(article_id))


@http.route(bp, "/articles/preview", methods=["POST"])
def preview_article():
    request = bp.current_request
    caller = http.caller(request)
    rules.require_writer(caller)
    body = parsing.fields(request, {"text": None}, required=("text",), max_body=MAX_BODY)
    return source_file.preview(caller, body["text"])
