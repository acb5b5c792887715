"""Login, callback and logout: the browser side of the OIDC code flow."""

import html
import time

from chalice import Blueprint, Response

from chalicelib import auth, cdn
from chalicelib.api import http
from chalicelib.api.parsing import query
from chalicelib.config import settings
from chalicelib.errors import AccountClosed, LoginFailed, ProviderUnavailable

bp = Blueprint(__name__)

FAILED_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Inloggningen misslyckades – Torget</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Inloggningen kunde inte slutföras</h1>
<p>{message_sv}</p><p lang="en">{message_en}</p>
<p><a href="/api/auth/login">Försök igen / Try again</a></p></main></body></html>"""


@http.route(bp, "/auth/login", methods=["GET"])
def login():
    url, state = auth.start_login(query(bp.current_request, "next"))
    cookie = http.set_cookie(settings().login_cookie_name, state, auth.LOGIN_TTL, path="/api/auth")
    return Response("", status_code=302, headers={"Location": url, "Set-Cookie": cookie, **http.NO_STORE})


@http.route(bp, "/auth/callback", methods=["GET"])
def callback():
    request = bp.current_request
    config = settings()
    clear_login = http.set_cookie(config.login_cookie_name, "", 0, path="/api/auth")
    try:
        token, _person, next_path = auth.finish_login(
            query(request, "state"), http.cookie(request, config.login_cookie_name), query(request, "code")
        )
    except (LoginFailed, ProviderUnavailable, AccountClosed) as error:
        status = http.status_for(error)
        if "text/html" in (request.headers.get("accept") or ""):
            sv = ("Ditt konto är avslutat: företagets katalog säger att du har slutat. Kontakta HR eller IT om det är fel."
                  if isinstance(error, AccountClosed) else
                  "Länken var gammal eller redan använd." if status == 400 else "Inloggningstjänsten svarade inte.")
            page = FAILED_PAGE.format(message_sv=html.escape(sv), message_en=html.escape(error.message))
            headers = {"Content-Type": "text/html; charset=utf-8", "Set-Cookie": clear_login}
            return Response(page, status_code=status, headers=headers)
        response = http.error_response(error)
        response.headers["Set-Cookie"] = clear_login
        return response
    lifetime = config.session_hours * 3600
    session = http.set_cookie(config.cookie_name, token, lifetime)
    # The site's CloudFront cookies live exactly as long as the session.
    site = [http.set_cookie(name, value, lifetime) for name, value in cdn.signed_cookies(int(time.time()) + lifetime).items()]
    return Response("", status_code=302, headers={"Location": next_path, "Set-Cookie": [session, *site, clear_login],
                                                  **http.NO_STORE})


@http.route(bp, "/auth/logout", methods=["POST"])
def logout():
    provider_logout = auth.logout(http.session_token(bp.current_request))
    cleared = [http.set_cookie(settings().cookie_name, "", 0)]
    if cdn.enabled():
        cleared += [http.set_cookie(name, "", 0) for name in cdn.COOKIES]
    # `redirect`: the provider's end-session page, so a shared computer's next login asks who it is.
    body = {"loggedOut": True, **({"redirect": provider_logout} if provider_logout else {})}
    return Response(body, status_code=200, headers={"Set-Cookie": cleared})
