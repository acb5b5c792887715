"""The CloudFront Functions, run in Node on CloudFront's event shape: the WebSocket stage path, the login
redirect for a browser without signed cookies, directory indexes."""

import base64
import json
import subprocess
import time

from infra.stack import API_STAGE, EDGE

RUNNER = EDGE / "run.mjs"  # the rehearsal's CloudFront Functions runtime: a JSON line in, one out


def run(file: str, uri: str, cookies: dict | None = None) -> dict:
    event = {"version": "1.0", "context": {"eventType": "viewer-request"}, "viewer": {"ip": "192.0.2.1"},
             "request": {"method": "GET", "uri": uri, "querystring": {}, "headers": {},
                         "cookies": {name: {"value": value} for name, value in (cookies or {}).items()}}}
    result = subprocess.run(["node", str(RUNNER)], input=json.dumps({"file": str(EDGE / file), "event": event}) + "\n",
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)["result"]


def signed(expires: float) -> dict:
    policy = json.dumps({"Statement": [{"Resource": "https://intranet.example/*",
                                        "Condition": {"DateLessThan": {"AWS:EpochTime": int(expires)}}}]})
    encoded = base64.b64encode(policy.encode()).decode().translate(str.maketrans("+=/", "-_~"))
    return {"CloudFront-Policy": encoded, "CloudFront-Signature": "c2ln", "CloudFront-Key-Pair-Id": "K2JCJMDEHXQW5F"}


def test_the_websocket_request_reaches_exactly_the_stage():
    # The /ws origin has no path (test_stack checks it): the URI API Gateway sees is the function's.
    assert run("websocket_request.js", "/ws")["uri"] == f"/{API_STAGE}"


def test_a_browser_without_signed_cookies_is_sent_to_the_login_page_and_back():
    answer = run("site_request.js", "/news/julbord/")
    assert answer["statusCode"] == 302
    assert answer["headers"]["location"]["value"] == "/login/?next=%2Fnews%2Fjulbord%2F"
    assert answer["headers"]["cache-control"]["value"] == "no-store"


def test_expired_cookies_go_to_the_login_page_too():
    answer = run("site_request.js", "/", signed(time.time() - 60))
    assert answer["statusCode"] == 302 and answer["headers"]["location"]["value"] == "/login/?next=%2F"


def test_a_logged_in_browser_gets_the_page_with_its_file_name():
    cookies = signed(time.time() + 3600)
    assert run("site_request.js", "/news/julbord/", cookies)["uri"] == "/news/julbord/index.html"
    assert run("site_request.js", "/news/julbord", cookies)["uri"] == "/news/julbord/index.html"
    assert run("site_request.js", "/theme/css/torget.css", cookies)["uri"] == "/theme/css/torget.css"


def test_the_open_paths_need_no_cookies():
    assert run("open_request.js", "/login/")["uri"] == "/login/index.html"
