"""Reading a 100-comment thread: Torget's local stack against Isso 0.14, same comments, same run.

Isso is installed into its own temporary virtualenv and served on loopback with its own
`isso run`; both get the same 100 comments (every fifth a reply) and then REQUESTS
sequential keep-alive GETs of the whole thread. Torget's API pages threads (at most 40
comments a page), so a whole-thread read is three GETs; its first page alone is shown too.
"""

import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

from bench.common import devserver, log_in, median, percentile, say

REQUESTS = 500
COMMENTS = 100
ISSO = "isso==0.14.0"
THREAD = "article:storliden-i-drift"
ISSO_CONFIG = """[general]
dbpath = {db}
host = http://127.0.0.1:{port}/
[server]
listen = http://127.0.0.1:{port}/
[guard]
enabled = false
[moderation]
enabled = false
"""


def texts():
    return [f"Kommentar nummer {n}: vindkraften i Storliden levererar, och **turbin {n % 24}** fungerar bra."
            for n in range(COMMENTS)]


def timings(get, count: int) -> dict:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        get()
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": median(samples), "p95_ms": percentile(samples, 0.95)}


def isso(work: Path) -> dict:
    import requests

    say(f"  … installing {ISSO} into its own virtualenv")
    env_dir = work / "isso-venv"
    venv.create(env_dir, with_pip=True)
    subprocess.run([str(env_dir / "bin" / "pip"), "install", "-q", ISSO], check=True)
    port = free_port()
    config = work / "isso.cfg"
    config.write_text(ISSO_CONFIG.format(db=work / "isso.db", port=port), encoding="utf-8")
    server = subprocess.Popen([str(env_dir / "bin" / "isso"), "-c", str(config), "run"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/info")
        session = requests.Session()
        session.headers["Referer"] = url + "/"
        ids = []
        for n, text in enumerate(texts()):
            body = {"text": text, "author": f"Person {n % 9}", "title": "Storliden",  # a new thread needs a title
                    "parent": ids[n - 1] if n % 5 == 4 else None}
            response = session.post(url + "/new", params={"uri": "/thread"}, json=body, timeout=10)
            response.raise_for_status()
            ids.append(response.json()["id"])
        check = session.get(url + "/", params={"uri": "/thread"}, timeout=10).json()
        shown = len(check["replies"]) + sum(len(reply.get("replies", [])) for reply in check["replies"])
        assert shown == COMMENTS, shown
        result = timings(lambda: session.get(url + "/", params={"uri": "/thread"}, timeout=10).raise_for_status(), REQUESTS)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return result


def torget(work: Path) -> dict:
    import requests

    server = devserver(work, TORGET_OUTPUT=str(work / "output"), RATE_LIMIT_COMMENT="10000")
    try:
        token = log_in(server.url, "sara.nilsson")
        session = requests.Session()
        session.cookies.set("torget_session", token)
        headers = {"Content-Type": "application/json", "X-Requested-With": "torget"}
        path = f"{server.url}/api/threads/{THREAD}/comments"
        existing = session.get(path, params={"limit": 40}, timeout=10).json()
        for comment in existing["comments"]:  # the demo's own, so the thread has exactly 100
            session.delete(f"{server.url}/api/comments/{comment['id']}", headers=headers, timeout=10)
        ids = []
        for n, text in enumerate(texts()):
            body = {"text": text, **({"parentId": ids[n - 1]} if n % 5 == 4 else {})}
            response = session.post(path, json=body, headers=headers, timeout=10)
            response.raise_for_status()
            ids.append(response.json()["id"])

        def whole():
            cursor, seen = None, 0
            while True:
                page = session.get(path, params={"limit": 40, **({"cursor": cursor} if cursor else {})}, timeout=10)
                page.raise_for_status()
                data = page.json()
                seen += len(data["comments"])
                cursor = data["next"]
                if not cursor:
                    return seen

        assert whole() == COMMENTS
        full = timings(whole, REQUESTS)
        first = timings(lambda: session.get(path, timeout=10).raise_for_status(), REQUESTS)
    finally:
        server.stop()
    return {**full, "first_page": first}


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    import requests

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def main() -> dict:
    with tempfile.TemporaryDirectory(prefix="torget-thread-") as tmp:
        work = Path(tmp)
        (work / "torget").mkdir()
        ours = torget(work / "torget")
        theirs = isso(work)
    result = {"torget": ours, "isso": theirs, "ratio": ours["median_ms"] / theirs["median_ms"],
              "first_page_ratio": ours["first_page"]["median_ms"] / theirs["median_ms"], "requests": REQUESTS}
    say(f"    Torget {ours['median_ms']:.1f} ms (first page {ours['first_page']['median_ms']:.1f} ms), "
        f"Isso {theirs['median_ms']:.1f} ms → {result['ratio']:.1f}×")
    return result


def table(result: dict) -> str:
    ours, theirs = result["torget"], result["isso"]
    met = "met" if result["ratio"] <= 0.25 else "**missed**"
    first_met = "met" if result["first_page_ratio"] <= 0.1 else "**missed**"
    return "\n".join([
        f"| {COMMENTS}-comment thread, {result['requests']} sequential GETs | median | p95 | ratio to Isso |",
        "|---|---|---|---|",
        f"| Isso 0.14.0 (baseline; SQLite, its own server) | {theirs['median_ms']:.1f} ms | {theirs['p95_ms']:.1f} ms | 1 |",
        f"| Torget, whole thread (3 pages of 40; devserver, DynamoDB Local) | {ours['median_ms']:.1f} ms | "
        f"{ours['p95_ms']:.1f} ms | "
        f"**{result['ratio']:.1f}×** (target ≤ 0.25×: {met}) |",
        f"| Torget, first page (20 comments, what the widget loads) | {ours['first_page']['median_ms']:.1f} ms | "
        f"{ours['first_page']['p95_ms']:.1f} ms | **{result['first_page_ratio']:.2f}×** (target ≤ 0.1×: {first_met}) |",
    ])


if __name__ == "__main__":
    sys.exit(print(table(main())))
