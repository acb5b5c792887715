"""GET/PATCH /api/me: the logged-in person."""

from chalice import Blueprint

from chalicelib import people
from chalicelib.api import http, parsing

bp = Blueprint(__name__)


@http.route(bp, "/me", methods=["GET"])
def get_me():
    caller = http.caller(bp.current_request)
    return people.get_person(caller["id"])


@http.route(bp, "/me", methods=["PATCH"])
def patch_me():
    caller = http.caller(bp.current_request)
    changes = parsing.fields(bp.current_request, {"lang": parsing.one_of("lang", people.LANGS)})
    return people.update_own_profile(caller, changes)
