"""The devserver as the CDN and API Gateway stand-in: routing, privacy, persistence, clear errors."""

import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import requests

from tests.conftest import ROOT, Devserver


def logged_in_session(server: Devserver, sub: str = "sara.nilsson") -> requests.Session:
    """The code flow with plain HTTP: Torget → provider's form → callback."""
    session = requests.Session()
    start = session.get(server.url + "/api/auth/login", allow_redirects=False, timeout=5)
    picked = requests.post(start.headers["Location"], data={"sub": sub}, allow_redirects=False, timeout=5)
    back = session.get(picked.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302 and "torget_session" in session.cookies
    return session


def test_routes_errors_and_privacy(devserver):
    session = logged_in_session(devserver)
    unknown = session.get(devserver.url + "/api/no/such/route", timeout=5)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    missing = session.get(devserver.url + "/no-such-page/", timeout=5)
    assert missing.status_code == 404 and "Sidan finns inte" in missing.text
    english = session.get(devserver.url + "/en/no-such-page/", timeout=5)
    assert english.status_code == 404 and "Page not found" in english.text
    home = session.get(devserver.url + "/", timeout=5)
    assert home.status_code == 200
    assert "script-src 'self'" in home.headers["Content-Security-Policy"]
    assert home.headers["Content-Encoding"] == "gzip"
    no_slash = session.get(devserver.url + "/news", allow_redirects=False, timeout=5)
    assert no_slash.status_code == 301 and no_slash.headers["Location"] == "/news/"
    assert session.post(devserver.url + "/", timeout=5).status_code == 405


def test_paths_never_leave_the_site(devserver):
    session = logged_in_session(devserver)
    host, port = "127.0.0.1", devserver.port
    for raw in ("/../pelicanconf.py", "/%2e%2e/pelicanconf.py", "/..%2fpelicanconf.py", "/theme/../../Makefile"):
        with socket.create_connection((host, port), timeout=5) as conn:
            cookie = f"torget_session={session.cookies['torget_session']}"
            conn.sendall(f"GET {raw} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        assert b"SITENAME" not in answer and b"PYTHON ?=" not in answer, raw


def test_requests_the_server_cannot_route_or_read_get_the_error_envelope(devserver):
    # An encoded line break in an API path, and a request line longer than the server reads (8 KB): JSON, as
    # API Gateway answers, never a plain-text page.
    session = logged_in_session(devserver)
    for url in (devserver.url + "/api/people/a%0Ab", devserver.url + "/api/people?q=" + "x" * 9000,
                devserver.url + "/api/" + "y" * 9000):
        response = session.get(url, timeout=5)
        assert 400 <= response.status_code < 500, url[:80]
        assert response.headers["Content-Type"].startswith("application/json"), (url[:80], response.text[:80])
        assert set(response.json()["error"]) >= {"code", "message"}


def children(pid: int) -> list[int]:
    """The direct child processes of pid (Linux /proc)."""
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listed:
            found.extend(int(child) for child in listed.read().split())
    return found


def test_writes_survive_kill_dash_nine_of_the_devserver_and_its_database(tmp_path):
    """What the API has answered is on disk: kill -9 of both processes right after the writes loses nothing."""
    first = Devserver(tmp_path)
    json_headers = {"Content-Type": "application/json", "X-Requested-With": "torget"}
    try:
        karin = logged_in_session(first, "karin.ek")
        token = karin.cookies["torget_session"]
        comment = karin.post(first.url + "/api/threads/article:torget-oppnar/comments",
                             data=json.dumps({"text": "Skrivet precis före kraschen"}), headers=json_headers, timeout=5)
        assert comment.status_code == 201
        room = karin.post(first.url + "/api/chat/rooms", data=json.dumps({"members": ["sara.nilsson"]}),
                          headers=json_headers, timeout=5).json()["id"]
        message = karin.post(first.url + f"/api/chat/rooms/{room}/messages",
                             data=json.dumps({"text": "Meddelande före kraschen", "clientId": uuid.uuid4().hex}),
                             headers=json_headers, timeout=5)
        assert message.status_code == 201
        engine = [pid for pid in children(first.process.pid) if "DynamoDBLocal" in open(f"/proc/{pid}/cmdline").read()]
        assert len(engine) == 1, "the devserver runs its own DynamoDB Local"
        for pid in (first.process.pid, *engine):
            os.kill(pid, signal.SIGKILL)
        first.process.wait(timeout=10)
    finally:
        first.stop()
    assert "demo data" in first.output()
    second = Devserver(tmp_path)
    try:
        cookies = {"torget_session": token}
        comments = requests.get(second.url + "/api/threads/article:torget-oppnar/comments", cookies=cookies, timeout=5)
        assert comments.status_code == 200, "the session itself survived"
        assert any("Skrivet precis före kraschen" in (c["html"] or "") for c in comments.json()["comments"])
        messages = requests.get(second.url + f"/api/chat/rooms/{room}/messages", cookies=cookies, timeout=5).json()
        assert [m["text"] for m in messages["messages"]] == ["Meddelande före kraschen"]
        assert "demo data" not in second.output(), "seeded once, not again"
    finally:
        second.stop()


def test_a_busy_port_gets_a_clear_message(devserver):
    result = subprocess.run(
        [sys.executable, "-m", "devserver"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "PORT": str(devserver.port), "TORGET_DATA_DIR": "/nonexistent-unused"},
    )
    assert result.returncode == 1
    assert f"Port {devserver.port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_port_gets_a_clear_message():
    result = subprocess.run([sys.executable, "-m", "devserver"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**__import__("os").environ, "PORT": "eighty"})
    assert result.returncode == 1 and "PORT must be a port number" in result.stderr


def test_the_login_redirect_keeps_the_query(devserver):
    answer = requests.get(devserver.url + "/archive/?x=1", allow_redirects=False, timeout=5)
    assert urlsplit(answer.headers["Location"]).path == "/login/"
    assert answer.headers["Location"].endswith("next=/archive/%3Fx%3D1") or "next=/archive/" in answer.headers["Location"]


def test_no_cors_for_anyone(devserver):
    """The API is same-origin only: a preflight never gets an allowed origin or credentials, whoever asks."""
    for origin in ("https://evil.example", "null", devserver.url):
        response = requests.options(devserver.url + "/api/threads/article:torget-oppnar/comments", timeout=10, headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-anything, content-type"})
        assert response.status_code < 500
        granted = {name.lower() for name in response.headers} & {"access-control-allow-origin",
                                                                 "access-control-allow-credentials",
                                                                 "access-control-allow-headers"}
        assert not granted, response.headers


def test_the_s3_stand_in_stores_lists_deletes_and_serves_presigned_links_only_when_signed(devserver):
    import boto3
    import botocore.exceptions
    import requests
    from botocore.config import Config

    def client(secret="local"):  # noqa: S107 - the devserver's own local credentials
        return boto3.client("s3", endpoint_url=devserver.url + "/_s3", region_name="eu-north-1",
                            aws_access_key_id="local", aws_secret_access_key=secret,
                            config=Config(retries={"max_attempts": 1}))

    s3 = client()
    key = "exports/test.person/01M8S000000000000000000000/torget-data.zip"
    s3.put_object(Bucket="torget-uploads", Key=key, Body=b"PK-archive", ContentType="application/zip")
    listed = s3.list_objects_v2(Bucket="torget-uploads", Prefix="exports/test.person/")["Contents"]
    assert [item["Key"] for item in listed] == [key]
    link = s3.generate_presigned_url("get_object", Params={"Bucket": "torget-uploads", "Key": key}, ExpiresIn=60)
    fetched = requests.get(link, timeout=10)
    assert fetched.content == b"PK-archive" and "attachment" in fetched.headers["Content-Disposition"]
    assert requests.get(link.replace("Signature=", "Signature=0"), timeout=10).status_code == 403
    assert requests.get(link.split("?")[0], timeout=10).status_code == 403  # unsigned
    forged = client(secret="not-the-key")
    for attempt in (lambda: forged.put_object(Bucket="torget-uploads", Key=key, Body=b"evil"),
                    lambda: forged.delete_object(Bucket="torget-uploads", Key=key),
                    lambda: forged.list_objects_v2(Bucket="torget-uploads", Prefix="exports/")):
        try:
            attempt()
            raise AssertionError("a request signed with another key was answered")
        except botocore.exceptions.ClientError as error:
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    s3.delete_object(Bucket="torget-uploads", Key=key)
    assert s3.list_objects_v2(Bucket="torget-uploads", Prefix="exports/test.person/").get("KeyCount") == 0
    assert requests.get(link, timeout=10).status_code == 404
    # DeleteObjects, as the nightly sweep removes images of deleted posts: signed, many keys at once.
    images = [f"uploads/u/test.person/01M8S00000000000000000000{n}.png" for n in range(3)]
    for image in images:
        s3.put_object(Bucket="torget-uploads", Key=image, Body=b"\x89PNG\r\n\x1a\n", ContentType="image/png")
    try:
        forged.delete_objects(Bucket="torget-uploads", Delete={"Objects": [{"Key": images[0]}]})
        raise AssertionError("a bulk delete signed with another key was answered")
    except botocore.exceptions.ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    s3.delete_objects(Bucket="torget-uploads", Delete={"Objects": [{"Key": k} for k in images[:2]], "Quiet": True})
    left = s3.list_objects_v2(Bucket="torget-uploads", Prefix="uploads/u/test.person/")["Contents"]
    assert [item["Key"] for item in left] == images[2:]


def test_make_run_uses_the_identity_provider_the_environment_names(monkeypatch):
    # OIDC_* from the environment (a company's Entra ID, Okta, Keycloak) are kept; without them, the local one.
    import os

    from devserver.__main__ import configure_environment, external_issuer

    saved = dict(os.environ)
    try:
        monkeypatch.setenv("OIDC_ISSUER", "https://login.example.com/tenant/v2.0")
        monkeypatch.setenv("OIDC_CLIENT_ID", "company-client")
        monkeypatch.setenv("OIDC_CLIENT_SECRET", "company-secret")
        assert external_issuer() == "https://login.example.com/tenant/v2.0"
        configure_environment(8000, "https://login.example.com/tenant/v2.0", external=True)
        assert (os.environ["OIDC_ISSUER"], os.environ["OIDC_CLIENT_ID"], os.environ["OIDC_CLIENT_SECRET"]) == (
            "https://login.example.com/tenant/v2.0", "company-client", "company-secret")
        assert os.environ.get("OIDC_PROVIDER_LOGOUT") != "off"
        for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"):
            monkeypatch.delenv(name)
        assert external_issuer() is None
        configure_environment(8000, "http://127.0.0.1:8001", external=False)
        assert os.environ["OIDC_ISSUER"] == "http://127.0.0.1:8001" and os.environ["OIDC_CLIENT_ID"] == "torget-local"
    finally:
        os.environ.clear()
        os.environ.update(saved)
