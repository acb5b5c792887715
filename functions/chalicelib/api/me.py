"""The logged-in person (/api/me) and colleagues (/api/people)."""

from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import people
from chalicelib.api import http, parsing

bp = Blueprint(__name__)


@http.route(bp, "/me", methods=["GET"])
def get_me():
    caller = http.caller(bp.current_request)
    return people.me(caller)


@http.route(bp, "/me", methods=["PATCH"])
def patch_me():
    caller = http.caller(bp.current_request)
    changes = parsing.fields(bp.current_request, {"lang": parsing.one_of("lang", people.LANGS), "bio": None,
                                                  "notifications": None, "mail": None, "photo": None,
                                                  "moments": None})
    return people.update_own_profile(caller, changes)


@http.route(bp, "/people", methods=["GET"])
def search_people():
    request = bp.current_request
    caller = http.caller(request)
    q = parsing.query(request, "q")
    if q is None:  # no words: everyone, A to Z, a page at a time
        return people.browse(caller, parsing.query(request, "cursor"))
    return people.search(caller, q)


@http.route(bp, "/people/{person_id}", methods=["GET"])
def get_person(person_id):
    return people.profile(http.caller(bp.current_request), unquote(person_id))


@http.route(bp, "/org", methods=["GET"])
def org_chart():
    """One level of the org chart: ?manager=<id> (none: the top)."""
    request = bp.current_request
    return people.org_chart(http.caller(request), parsing.query(request, "manager"), parsing.query(request, "cursor"))


@http.route(bp, "/departments", methods=["GET"])
def departments():
    return people.departments(http.caller(bp.current_request))


@http.route(bp, "/departments/{name}", methods=["GET"])
def department(name):
    request = bp.current_request
    return people.listing(http.caller(request), "DEPT", unquote(name), parsing.query(request, "cursor"))


@http.route(bp, "/offices/{name}", methods=["GET"])
def office(name):
    request = bp.current_request
    return people.listing(http.caller(request), "OFFICE", unquote(name), parsing.query(request, "cursor"))


@http.route(bp, "/moments", methods=["GET"])
def people_moments():
    """New colleagues and work anniversaries this month."""
    return people.moments(http.caller(bp.current_request))
