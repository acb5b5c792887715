"""DynamoDB round trips of every API operation, counted (botocore's before-call event) while the
operation runs in-process on DynamoDB Local (on disk, as under `make run`), and the handler's
duration there; the same operations on moto (what the local stack ran on before) in the same run.

Each request also reads its session (1 GetItem): it is counted separately.
"""

import json
import os
import sys
import time
from collections import Counter

from bench.common import ROOT, median, say

sys.path.insert(0, str(ROOT / "functions"))
os.environ.update({"AWS_DEFAULT_REGION": "eu-north-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
                   "TABLE_NAME": "torget-bench", "PUBLIC_URL": "http://127.0.0.1:8000", "CURSOR_SECRET": "bench",
                   "RATE_LIMIT_COMMENT": "1000", "RATE_LIMIT_REACTION": "1000"})
ARTICLE = "article:open-thread"
MANIFEST = {"articles": [
    {"id": ARTICLE, "title": "Open", "url": "/news/open-thread/", "date": "2026-11-20T08:00:00+01:00",
     "author": "Johan Lind", "authorPerson": "johan.lind", "summary": "s", "comments": True},
    {"id": "article:policy", "title": "Policy", "url": "/news/policy/", "date": "2026-11-19T08:00:00+01:00",
     "author": "Karin Ek", "summary": "s", "acknowledge": True, "ackVersion": "v1"}]}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


def main() -> list[dict]:
    import tempfile

    from moto import mock_aws

    from devserver.dynamodb_local import DynamoDBLocal

    say("  … round trips of every operation (in-process, DynamoDB Local on disk)")
    with tempfile.TemporaryDirectory() as folder, DynamoDBLocal(db_path=folder) as engine:
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = engine.endpoint
        try:
            # S3 has no local engine here: moto answers it (the presigned POST); DynamoDB passes through.
            with mock_aws(config={"core": {"passthrough": {"services": ["dynamodb"]}}}):
                rows = _measure()
        finally:
            os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
    say("  … the same operations on moto (the baseline)")
    with mock_aws():
        baseline = {row["operation"]: row["ms"] for row in _measure()}
    for row in rows:
        row["moto_ms"] = baseline.get(row["operation"])
    return rows


def _measure() -> list[dict]:
    from app import app
    from chalice.test import Client
    from chalicelib import config, store, targets, uploads
    from chalicelib.store import people as people_store
    from chalicelib.store import sessions

    from devserver.dynamodb_local import ensure_table

    os.environ.update({"TABLE_NAME": "torget-bench", "RATE_LIMIT_COMMENT": "1000", "RATE_LIMIT_REACTION": "1000"})
    config.settings.cache_clear()  # other benchmarks in this process may have read other settings
    store.client.cache_clear()
    uploads.s3.cache_clear()
    ensure_table(store.client(), "torget-bench")
    uploads.s3().create_bucket(Bucket=uploads.bucket(), CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    targets.register_articles(MANIFEST)
    tokens = {}
    for person_id, name, roles in (("sara.nilsson", "Sara Nilsson", ["employee"]),
                                   ("karin.ek", "Karin Ek", ["employee", "editor", "admin"]),
                                   ("johan.lind", "Johan Lind", ["employee", "editor"])):
        people_store.save_from_login({"id": person_id, "name": name, "email": f"{person_id}@x", "roles": roles,
                                      "title": "Ingenjör", "department": "Drift"})
        tokens[person_id] = (person_id.replace(".", "_") + "-" * 43)[:43]
        sessions.put_session(tokens[person_id], person_id, roles, 3600, name)
    calls = Counter()
    store.client().meta.events.register("before-call.dynamodb", lambda model, **_: calls.update([model.name]))
    rows = []

    with Client(app) as client:
        def call(who, method, path, body=None):
            headers = {"cookie": f"torget_session={tokens[who]}", "x-requested-with": "torget",
                       "content-type": "application/json"}
            response = client.http.request(method, path, headers=headers, body=json.dumps(body).encode() if body else b"")
            assert response.status_code < 300, (path, response.status_code, response.body[:300])
            return json.loads(response.body) if response.body else None

        def op(name, who, method, path, body=None, widget=True, repeat=5):
            durations, result = [], None
            for _ in range(repeat):
                calls.clear()
                started = time.perf_counter()
                result = call(who, method, path, body() if callable(body) else body)
                durations.append((time.perf_counter() - started) * 1000)
            counted = dict(calls)
            counted["GetItem"] = counted.get("GetItem", 0) - 1  # the session
            counted = {k: v for k, v in counted.items() if v}
            total = sum(counted.values())
            writes = sum(v for k, v in counted.items() if k in WRITES)
            reads = total - writes
            kind = "write" if method != "GET" else "read"
            target = (writes <= 1 and reads <= 1) if kind == "write" else total <= 1
            rows.append({"operation": name, "request": f"{method} {path.split('?')[0]}", "calls": counted,
                         "total": total, "kind": kind, "meets": target, "ms": median(durations)})
            return result

        group = call("karin.ek", "POST", "/api/groups", {"name": "Löparna", "visibility": "open"})
        parent = call("karin.ek", "POST", f"/api/threads/{ARTICLE}/comments", {"text": "Första"})
        post = call("karin.ek", "POST", "/api/posts", {"text": "Hej"})
        op("who am I, bell, banners (every page)", "sara.nilsson", "GET", "/api/me")
        op("comments: a page", "sara.nilsson", "GET", f"/api/threads/{ARTICLE}/comments")
        op("counts for a listing page", "sara.nilsson", "GET", f"/api/threads?ids={ARTICLE},post:{post['id']}")
        op("comment", "sara.nilsson", "POST", f"/api/threads/{ARTICLE}/comments", {"text": "En kommentar"})
        op("reply (notifies the author)", "sara.nilsson", "POST", f"/api/threads/{ARTICLE}/comments",
           {"text": "Ett svar", "parentId": parent["id"]})
        op("reaction on an article", "sara.nilsson", "PUT", f"/api/reactions/{ARTICLE}/like", repeat=1)
        op("reaction on a post (notifies)", "sara.nilsson", "PUT", f"/api/reactions/post:{post['id']}/heart", repeat=1)
        op("Markdown preview", "sara.nilsson", "POST", "/api/preview", {"text": "**hej** @karin.ek"})
        op("company feed: a page", "sara.nilsson", "GET", "/api/feed")
        op("post to the company feed", "sara.nilsson", "POST", "/api/posts", {"text": "Fredag!"})
        op("one post", "sara.nilsson", "GET", f"/api/posts/{post['id']}")
        op("groups directory", "sara.nilsson", "GET", "/api/groups?q=l")
        op("my groups", "sara.nilsson", "GET", "/api/groups?mine=1")
        op("a group", "sara.nilsson", "GET", f"/api/groups/{group['id']}")
        op("join an open group", "sara.nilsson", "PUT", f"/api/groups/{group['id']}/members/sara.nilsson", repeat=1)
        op("a group's feed", "sara.nilsson", "GET", f"/api/groups/{group['id']}/feed")
        op("post in a group (notifies members)", "sara.nilsson", "POST", "/api/posts",
           {"text": "Löprunda i kväll", "groupId": group["id"]})
        op("chat: my rooms", "sara.nilsson", "GET", "/api/chat/rooms")
        room = f"group-{group['id']}"
        op("chat: history", "sara.nilsson", "GET", f"/api/chat/rooms/{room}/messages")
        op("chat: send", "sara.nilsson", "POST", f"/api/chat/rooms/{room}/messages",
           lambda: {"text": "Hej", "clientId": f"c{time.time_ns()}"})
        op("chat: read marker", "sara.nilsson", "POST", f"/api/chat/rooms/{room}/read")
        op("notifications: a page", "karin.ek", "GET", "/api/notifications")
        op("notifications: mark all read", "karin.ek", "POST", "/api/notifications/read", {"all": True})
        op("directory search", "sara.nilsson", "GET", "/api/people?q=drift")
        op("a profile", "sara.nilsson", "GET", "/api/people/karin.ek")
        op("read confirmation: status", "sara.nilsson", "GET", "/api/acks/article:policy")
        op("read confirmation: confirm", "sara.nilsson", "POST", "/api/acks/article:policy")
        op("banners", "sara.nilsson", "GET", "/api/banners")
        op("upload: presigned POST", "sara.nilsson", "POST", "/api/uploads", {"contentType": "image/png", "size": 1000})
    for row in rows:
        say(f"    {row['operation']}: {row['total']} {row['calls']}")
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| operation | request | DynamoDB calls (besides the session) | total | target "
             "| in-process ms, DynamoDB Local | on moto (before) |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        calls = " + ".join(f"{n} {k}" for k, n in sorted(row["calls"].items())) or "none"
        target = "1 read" if row["kind"] == "read" else "1 transaction"
        before = f"{row['moto_ms']:.1f}" if row.get("moto_ms") is not None else "–"
        lines.append(f"| {row['operation']} | `{row['request']}` | {calls} | {row['total']} | "
                     f"{target}: {'met' if row['meets'] else '**missed**'} | {row['ms']:.1f} | {before} |")
    met = sum(row["meets"] for row in rows)
    lines.append(f"\n{met} of {len(rows)} operations meet the target.")
    slowest = sorted(rows, key=lambda row: row["ms"], reverse=True)[:3]
    lines.append("Slowest three on DynamoDB Local: " + "; ".join(
        f"{row['operation']} {row['ms']:.1f} ms ({row['total']} calls)" for row in slowest) + ".")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(main()))
