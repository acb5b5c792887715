"""Page weight in Chromium (HTML, CSS, JS, raw and gzip) of the home and an article page, and
Lighthouse 12.2.3 (run with Debian's chromium) performance and accessibility scores."""

import gzip
import json
import os
import subprocess
import tempfile
from pathlib import Path

from bench.common import devserver, log_in, say

PAGES = {"home": "/", "article": "/news/storliden-i-drift/", "feed": "/feed/", "chat": "/chat/"}
LIGHTHOUSE = "12.2.3"


def weigh(url: str, token: str) -> dict:
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        context = browser.new_context()
        context.add_cookies([{"name": "torget_session", "value": token, "url": url}])
        for name, path in PAGES.items():
            page = context.new_page()
            bodies = []
            page.on("response", lambda response, bodies=bodies: bodies.append(response))
            page.goto(url + path, wait_until="networkidle")
            sizes = {"html": [0, 0], "css": [0, 0], "js": [0, 0], "other": [0, 0]}
            requests = 0
            for response in bodies:
                if "/_devserver/" in response.url or "livereload" in response.url:
                    continue
                kind = {"document": "html", "stylesheet": "css", "script": "js"}.get(response.request.resource_type, "other")
                try:
                    body = response.body()
                except Exception:  # redirects and aborted requests have no body
                    body = None
                if body is None:
                    continue
                requests += 1
                sizes[kind][0] += len(body)
                sizes[kind][1] += len(gzip.compress(body, 9))
            found[name] = {"sizes": sizes, "requests": requests}
            page.close()
        browser.close()
    return found


def lighthouse(url: str, token: str, work: Path) -> dict:
    tool = work / "lighthouse"
    subprocess.run(["npm", "install", "--prefix", str(tool), f"lighthouse@{LIGHTHOUSE}", "--no-audit", "--no-fund",
                    "--silent"], check=True)
    scores = {}
    for name, path in PAGES.items():
        report = work / f"{name}.json"
        env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
        subprocess.run([str(tool / "node_modules" / ".bin" / "lighthouse"), url + path, "--quiet", "--output=json",
                        f"--output-path={report}", "--only-categories=performance,accessibility",
                        "--chrome-flags=--headless=new --no-sandbox",
                        "--extra-headers", json.dumps({"Cookie": f"torget_session={token}"})],
                       env=env, check=True, timeout=300)
        data = json.loads(report.read_text())
        scores[name] = {category: round(data["categories"][category]["score"] * 100)
                        for category in ("performance", "accessibility")}
        scores[name]["lcp_ms"] = round(data["audits"]["largest-contentful-paint"]["numericValue"])
        scores[name]["metrics"] = {audit: round(data["audits"][audit]["numericValue"], 3) for audit in (
            "first-contentful-paint", "speed-index", "total-blocking-time", "cumulative-layout-shift", "interactive")}
        (Path(tempfile.gettempdir()) / f"torget-lighthouse-{name}.json").write_text(report.read_text())  # for a closer look
    return scores


def main() -> dict:
    say("  … page weight and Lighthouse")
    with tempfile.TemporaryDirectory(prefix="torget-weight-") as tmp:
        work = Path(tmp)
        server = devserver(work, TORGET_OUTPUT=str(work / "output"))
        try:
            token = log_in(server.url, "sara.nilsson")
            weights = weigh(server.url, token)
            scores = lighthouse(server.url, token, work)
        finally:
            server.stop()
    for name in PAGES:
        say(f"    {name}: JS {weights[name]['sizes']['js'][1]:,} B gzip, Lighthouse {scores[name]}")
    return {"weights": weights, "scores": scores}


def table(result: dict) -> str:
    lines = ["| page | requests | HTML raw / gzip | CSS raw / gzip | JS raw / gzip | JS target ≤ 16 KB gzip | "
             "Lighthouse performance (target ≥ 98) | accessibility (target 100) | CLS (target ≤ 0.02) | LCP |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name in PAGES:
        w, s = result["weights"][name], result["scores"][name]
        size = {kind: f"{raw:,} / {packed:,} B" for kind, (raw, packed) in w["sizes"].items()}
        js = w["sizes"]["js"][1]
        lines.append(f"| {name} | {w['requests']} | {size['html']} | {size['css']} | {size['js']} | "
                     f"{'met' if js <= 16 * 1024 else '**missed**'} | {s['performance']} "
                     f"{'met' if s['performance'] >= 98 else '**missed**'} | {s['accessibility']} "
                     f"{'met' if s['accessibility'] == 100 else '**missed**'} | "
                     f"{s['metrics']['cumulative-layout-shift']} | {s['lcp_ms']} ms |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(main()))
