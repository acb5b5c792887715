"""One-click unsubscribe from Torget's e-mail (the link in every mail and its List-Unsubscribe header).

The link's signed token is the authentication: no session, and no CSRF header (a mail provider's
one-click POST sends none). GET shows a page with one button, so a link scanner that opens links
unsubscribes nobody; POST turns the kind off.
"""

import html

from chalice import Blueprint, Response

from chalicelib import mail
from chalicelib.api import http, parsing
from chalicelib.errors import DomainError

bp = Blueprint(__name__)
PAGE_HEADERS = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                "Content-Security-Policy": "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
                "Referrer-Policy": "no-referrer"}


def _page(title: str, text: str, form: str = "", status: int = 200) -> Response:
    body = (f"<!doctype html><html lang=\"sv\"><meta charset=\"utf-8\"><meta name=\"viewport\" "
            f"content=\"width=device-width\"><title>{html.escape(title)}</title><body><h1>{html.escape(title)}</h1>"
            f"<p>{html.escape(text)}</p>{form}</body></html>")
    return Response(body, status_code=status, headers=PAGE_HEADERS)


@http.route(bp, "/mail/unsubscribe", methods=["GET"])
def confirm_page():
    token = parsing.query(bp.current_request, "t")
    try:
        _person, kind = mail.check_token(token)
    except DomainError as error:
        return _page("Torget", error.message, status=400)
    action = f"?t={html.escape(token)}"
    form = f"<form method=\"post\" action=\"{action}\"><button type=\"submit\">Avsluta / Unsubscribe</button></form>"
    return _page("Torget", f"Sluta få mejl om {kind}? / Stop e-mails about {kind}?", form)


@http.route(bp, "/mail/unsubscribe", methods=["POST"], content_types=["application/x-www-form-urlencoded",
                                                                      "application/json", "text/plain",
                                                                      "multipart/form-data"])
def unsubscribe():
    try:
        done = mail.unsubscribe(parsing.query(bp.current_request, "t"))
    except DomainError as error:
        return _page("Torget", error.message, status=400)
    return _page("Torget", "Klart: du får inga fler sådana mejl. / Done: no more of these e-mails. "
                 f"({', '.join(done['off'])})")
