"""Shared fixtures: DynamoDB Local (one server, a fresh table per test), the local OpenID provider,
the Chalice test client. moto stands in only for S3, which has no local engine here."""

import itertools
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "functions"))

# Tests never reach AWS: fake credentials, a fixed region.
os.environ.update({
    "AWS_DEFAULT_REGION": "eu-north-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "TABLE_NAME": "torget-test",
    "PUBLIC_URL": "http://127.0.0.1:8000",
})
PUBLIC_URL = os.environ["PUBLIC_URL"]


@pytest.fixture(scope="session")
def issuer():
    """The local OpenID provider with the demo people, running in a thread."""
    from devserver.identity import provider

    with provider(0) as url:
        yield url


@pytest.fixture(scope="session")
def dynamodb_local(tmp_path_factory):
    """Amazon's DynamoDB Local, in memory, one server for the whole session (it takes ~2 s to start)."""
    from devserver.dynamodb_local import DynamoDBLocal

    log = tmp_path_factory.mktemp("dynamodb") / "dynamodb-local.log"
    server = DynamoDBLocal(log_path=str(log)).start()
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = server.endpoint
    yield server
    os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
    server.stop()


_table_numbers = itertools.count(1)


@pytest.fixture
def table(dynamodb_local, monkeypatch):
    """A fresh, empty table made from the one schema in keys.py, on DynamoDB Local; S3 from moto."""
    from chalicelib import config, store, uploads
    from moto import mock_aws

    from devserver.dynamodb_local import ensure_table

    name = f"torget-test-{next(_table_numbers)}"
    monkeypatch.setenv("TABLE_NAME", name)
    from chalicelib import jobs, work_queue

    work_queue.PENDING.clear()  # units of an earlier test's table never run against this one
    jobs.DEAD.clear()
    config.settings.cache_clear()
    ensure_table(store.client(), name)
    # moto answers the services with no local engine (S3; CloudFront and CloudFormation in the deploy
    # tests); DynamoDB requests pass through to DynamoDB Local untouched.
    with mock_aws(config={"core": {"passthrough": {"services": ["dynamodb"]}}}):
        uploads.s3.cache_clear()
        uploads.s3().create_bucket(Bucket=uploads.bucket(),
                                   CreateBucketConfiguration={"LocationConstraint": os.environ["AWS_DEFAULT_REGION"]})
        yield name
    uploads.s3.cache_clear()
    store.client().delete_table(TableName=name)
    config.settings.cache_clear()


@pytest.fixture
def settings_env(monkeypatch, issuer):
    """Point the app at the local provider; return a function to change settings."""
    from chalicelib import config, oidc

    from devserver.identity import CLIENT_ID, CLIENT_SECRET

    def apply(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        config.settings.cache_clear()
        oidc._discovery_cache.clear()

    apply(OIDC_ISSUER=issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET)
    yield apply
    config.settings.cache_clear()
    oidc._discovery_cache.clear()


@pytest.fixture
def client(table, settings_env):
    from app import app
    from chalice.test import Client

    with Client(app) as test_client:
        yield test_client


def cookies_from(response) -> dict:
    """The cookies a response sets, name → (value, attribute string)."""
    raw = next((value for name, value in response.headers.items() if name.lower() == "set-cookie"), [])
    found = {}
    for header in [raw] if isinstance(raw, str) else raw:
        pair, _, attributes = header.partition(";")
        name, _, value = pair.partition("=")
        found[name.strip()] = (value, attributes)
    return found


def authorize_at_provider(authorize_url: str, sub: str) -> tuple[str, str]:
    """Play the person at the provider's login form; return (code, state) it redirects with."""
    import requests

    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:300]
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == PUBLIC_URL + "/api/auth/callback"
    query = parse_qs(location.query)
    return query["code"][0], query["state"][0]


class Session:
    """A logged-in browser, as far as the API can tell: its session cookie."""

    def __init__(self, client, token: str):
        self.client, self.token = client, token

    def headers(self, **extra) -> dict:
        return {"cookie": f"torget_session={self.token}", **extra}

    def get(self, path: str, **headers):
        return self.client.http.get(path, headers=self.headers(**headers))

    def send(self, method: str, path: str, body: bytes | str | None = None, **headers):
        data = body.encode() if isinstance(body, str) else (body or b"")
        base = {"x-requested-with": "torget", "content-type": "application/json"}
        base.update(headers)
        return self.client.http.request(method, path, headers=self.headers(**base), body=data)


@pytest.fixture
def login(client):
    """Log a demo person in through the real code flow; return their Session."""

    def as_person(sub: str, next_path: str | None = None) -> Session:
        query = f"?next={next_path}" if next_path else ""
        started = client.http.get("/api/auth/login" + query)
        assert started.status_code == 302
        code, state = authorize_at_provider(header(started, "location"), sub)
        finished = client.http.get(
            f"/api/auth/callback?code={code}&state={state}", headers={"cookie": f"torget_login={state}"}
        )
        assert finished.status_code == 302, finished.body
        return Session(client, cookies_from(finished)["torget_session"][0])


    return as_person


def body(response):
    """A response's JSON body."""
    import json

    return json.loads(response.body)


def header(response, name: str):
    """A response header by case-insensitive name (the test client keeps the app's case)."""
    return next((value for key, value in response.headers.items() if key.lower() == name.lower()), None)


ARTICLES = {"articles": [
    {"id": "article:open-thread", "title": "Open", "url": "/news/open-thread/", "date": "2026-11-20T08:00:00+01:00",
     "author": "Johan Lind", "summary": "s", "comments": True},
    {"id": "article:closed-thread", "title": "Closed", "url": "/news/closed-thread/", "date": "2026-11-19T08:00:00+01:00",
     "author": "Lars Holm", "summary": "s", "comments": False},
]}


@pytest.fixture
def people(client):
    """Demo people, registered as if they had logged in, each with a session."""
    from chalicelib.store import people as people_store
    from chalicelib.store import sessions as session_store

    def make(person_id: str, name: str, roles=("employee",)) -> Session:
        people_store.save_from_login({"id": person_id, "name": name, "email": f"{person_id}@x.example", "roles": list(roles)})
        token = (person_id.replace(".", "_") + "-" * 43)[:43]
        session_store.put_session(token, person_id, list(roles), 3600, name)
        return Session(client, token)

    return make


@pytest.fixture
def articles(table):
    from chalicelib import targets

    targets.register_articles(ARTICLES)
    return ARTICLES


@pytest.fixture
def dynamodb_calls():
    """Counts DynamoDB API calls by operation name (a botocore event hook)."""
    from collections import Counter

    from chalicelib import store

    calls = Counter()

    def count(model, **_):
        calls[model.name] += 1

    store.client().meta.events.register("before-call.dynamodb", count)
    yield calls
    store.client().meta.events.unregister("before-call.dynamodb", count)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Devserver:
    def __init__(self, tmp: Path, root=ROOT, **extra_env: str):
        limit = float(os.environ.get("DEVSERVER_START_SECONDS", "240"))  # a loaded machine: the demo directory, content
        self.port, self.idp_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / "devserver.log"
        self.data = tmp / "data"
        # The devserver's own provider unless a test names another (OIDC_ISSUER from a test's settings never leaks in).
        inherited = {name: value for name, value in os.environ.items() if not name.startswith("OIDC_")}
        # Its own built site (not the checkout's output/), so test workers never build over each other.
        extra_env = {"TORGET_OUTPUT": str(tmp / "output"), **extra_env}
        env = {**inherited, "PORT": str(self.port), "OIDC_PORT": str(self.idp_port), "TORGET_DATA_DIR": str(tmp / "data"),
               # The XSS test posts 134 comments as one person.
               "RATE_LIMIT_COMMENT": "1000", "MAIL_DELAY_SECONDS": "1", **extra_env}
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devserver"], cwd=root, env=env,
            stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        while "Torget is running at" not in self.log.read_text():
            if self.process.poll() is not None or time.perf_counter() - started > limit:
                raise RuntimeError("devserver did not start:\n" + self.log.read_text())
            time.sleep(0.1)
        self.ready_seconds = time.perf_counter() - started

    def output(self) -> str:
        return self.log.read_text()

    @property
    def scim_token(self) -> str:
        """The provisioning token the devserver made (.torget/scim-token in a checkout)."""
        return (self.data / "scim-token").read_text().strip()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def devserver(tmp_path_factory):
    server = Devserver(tmp_path_factory.mktemp("devserver"))
    yield server
    server.stop()
