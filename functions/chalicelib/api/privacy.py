"""People's data (export, erasure, retention), reports and moderation, the audit trail."""

from urllib.parse import unquote

from chalice import Blueprint

from chalicelib import audit, erasure, personal_data, reports, retention
from chalicelib.api import http, parsing

bp = Blueprint(__name__)


@http.route(bp, "/privacy", methods=["GET"])
def privacy_policy():
    http.caller(bp.current_request)
    return retention.policy()


@http.route(bp, "/people/{person_id}/export", methods=["POST"])
def export(person_id):
    request = bp.current_request
    caller = http.caller(request)
    parsing.no_body(request)
    return http.json_response(personal_data.export(caller, unquote(person_id)), status=201)


@http.route(bp, "/people/{person_id}/erasure", methods=["GET"])
def erasure_status(person_id):
    return erasure.status(http.caller(bp.current_request), unquote(person_id))


@http.route(bp, "/people/{person_id}/erasure", methods=["POST"])
def request_erasure(person_id):
    request = bp.current_request
    caller = http.caller(request)
    parsing.no_body(request)
    return http.json_response(erasure.request(caller, unquote(person_id)), status=201)


@http.route(bp, "/people/{person_id}/erasure/confirm", methods=["POST"])
def confirm_erasure(person_id):
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"token": None}, required=("token",))
    return erasure.confirm(caller, unquote(person_id), body["token"])


@http.route(bp, "/reports", methods=["POST"])
def report():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"target": None, "reason": None, "note": None}, required=("target", "reason"))
    return http.json_response(reports.report(caller, body["target"], body["reason"], body.get("note")), status=201)


@http.route(bp, "/moderation", methods=["GET"])
def moderation_queue():
    request = bp.current_request
    return reports.queue(http.caller(request), parsing.query(request, "status", "open"))


@http.route(bp, "/moderation/decisions", methods=["POST"])
def decide():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"target": None, "decision": None, "note": None}, required=("target", "decision"))
    return reports.decide(caller, body["target"], body["decision"], body.get("note"))


@http.route(bp, "/audit", methods=["GET"])
def audit_trail():
    request = bp.current_request
    return audit.entries(http.caller(request), parsing.query(request, "month"), parsing.query(request, "cursor"))
