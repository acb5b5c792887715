"""WebSocket delivery latency through the devserver: N people in one chat room.

Starts the devserver on free ports (its own temporary data), logs N people in
through the real OIDC flow, makes them members of one open group, opens N
WebSockets subscribed to the group's room, then one of them sends messages
and every socket records when each arrives. Prints and writes p50/p99 of
send-to-delivery latency per N.

    python -m bench.ws_latency            # N = 50 and 200
    python -m bench.ws_latency 20 100     # other sizes
"""

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MESSAGES = 20


def api(url: str, token: str, method: str, path: str, body=None):
    response = requests.request(method, url + path, cookies={"torget_session": token}, timeout=10,
                                headers={"Content-Type": "application/json", "X-Requested-With": "torget"},
                                data=json.dumps(body) if body is not None else None)
    response.raise_for_status()
    return response.json() if response.content else None


async def measure(url: str, n: int) -> dict:
    people = [f"bench.{uuid.uuid4().hex[:8]}" for _ in range(n)]
    print(f"  … logging in {n} people", flush=True)
    from bench.common import log_in

    tokens = [log_in(url, sub) for sub in people]
    group = api(url, tokens[0], "POST", "/api/groups", {"name": f"Bench {uuid.uuid4().hex[:6]}", "visibility": "open"})
    for sub, token in zip(people[1:], tokens[1:], strict=True):
        api(url, token, "PUT", f"/api/groups/{group['id']}/members/{sub}")
    room = f"group-{group['id']}"
    arrivals: dict[str, list[float]] = {}
    ws_url = url.replace("http://", "ws://") + "/ws"
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        sockets = []
        for token in tokens:
            socket = await http.ws_connect(ws_url, headers={"Origin": url, "Cookie": f"torget_session={token}"},
                                           max_msg_size=0)
            await socket.send_json({"action": "subscribe", "topics": [f"room:{room}"]})
            sockets.append(socket)
        print(f"  … {n} sockets subscribed", flush=True)

        async def listen(socket):
            while True:
                message = await socket.receive()
                if message.type != aiohttp.WSMsgType.TEXT:
                    return
                event = json.loads(message.data)
                if event.get("type") == "message.created":
                    arrivals.setdefault(event["data"]["clientId"], []).append(time.perf_counter())

        listeners = [asyncio.create_task(listen(socket)) for socket in sockets]
        await asyncio.sleep(1.0)
        sent = {}
        # Closed loop: the next message goes once the last one reached everyone
        # (or 10 s passed), so the figures are delivery latency, not queueing.
        for index in range(MESSAGES):
            client_id = f"bench-{index:04d}-{uuid.uuid4().hex[:6]}"
            sent[client_id] = time.perf_counter()
            await sockets[0].send_json({"action": "send", "room": room, "text": f"mätning {index}", "clientId": client_id})
            waited = time.perf_counter() + 10
            while len(arrivals.get(client_id, [])) < n and time.perf_counter() < waited:
                await asyncio.sleep(0.005)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and sum(len(v) for v in arrivals.values()) < MESSAGES * n:
            await asyncio.sleep(0.1)
        for socket in sockets:
            await socket.close()
        for task in listeners:
            task.cancel()
    latencies = sorted((arrived - sent[cid]) * 1000 for cid, times in arrivals.items() for arrived in times)
    delivered = len(latencies)
    return {
        "clients": n, "messages": MESSAGES, "deliveries": delivered, "expected": MESSAGES * n,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1) if latencies else None,
    }


def main(sizes: list[int]) -> list[dict]:
    from tests.conftest import Devserver

    tmp = Path(tempfile.mkdtemp(prefix="torget-bench-"))
    os.environ["RATE_LIMIT_CHAT"] = "10000"
    server = Devserver(tmp)
    results = []
    try:
        for n in sizes:
            result = asyncio.run(measure(server.url, n))
            print(f"  N={n}: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
                  f"{result['deliveries']}/{result['expected']} delivered", flush=True)
            results.append(result)
    finally:
        server.stop()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ws_latency.json").write_text(json.dumps({"measured": time.strftime("%Y-%m-%dT%H:%M:%S"),
                                                     "results": results}, indent=1))
    return results


def table(results: list[dict]) -> str:
    lines = ["| clients in one room | messages | delivered | p50 | p99 | target p99 ≤ 100 ms at 200 |",
             "|---|---|---|---|---|---|"]
    for row in results:
        target = ("met" if row["p99_ms"] <= 100 else "**missed**") if row["clients"] == 200 else "–"
        lines.append(f"| {row['clients']} | {MESSAGES} | {row['deliveries']}/{row['expected']} | {row['p50_ms']} ms | "
                     f"{row['p99_ms']} ms | {target} |")
    lines.append("\nClosed loop (the next message after the last delivery), through the devserver's WebSocket gateway "
                 "and the real handlers on DynamoDB Local; REST requests run one at a time, as in one Lambda instance, "
                 "WebSocket frames on up to four threads beside them (each route is a Lambda of its own).")
    return "\n".join(lines)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [50, 200])
