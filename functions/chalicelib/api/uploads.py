"""Image uploads: a presigned S3 POST for one image."""

from chalice import Blueprint

from chalicelib import uploads
from chalicelib.api import http, parsing

bp = Blueprint(__name__)


@http.route(bp, "/uploads", methods=["POST"])
def presign_upload():
    request = bp.current_request
    caller = http.caller(request)
    body = parsing.fields(request, {"contentType": None, "size": None}, required=("contentType", "size"))
    return uploads.presign(caller, body["contentType"], body["size"])
