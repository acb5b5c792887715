"""Live content after navigation: how long after the page's `load` event its first live item is on screen
(a feed card, a comment, a chat room, a search hit), p50 of repeated loads, for this commit and a baseline
commit (BENCH_BASELINE, default the commit before the design-system work) built and served side by side in
the same run; and the JavaScript a first load of each page fetches (gzip)."""

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, log_in, say

BASELINE = os.environ.get("BENCH_BASELINE", "cb1ab41")
LOADS = int(os.environ.get("BENCH_LIVE_LOADS", "9"))
PAGES = {  # page: (path, what shows that its live content is there)
    "home": ("/", ".feed-card"),
    "article": ("/news/torget-oppnar/", "li.comment"),
    "feed": ("/feed/", ".feed-card"),
    "chat": ("/chat/", ".room-list .room"),
    "search": ("/search/?q=vind", ".search-results li"),
}
WATCH = """(selector) => {
  window.__live = {};
  addEventListener("load", () => { window.__live.load = performance.now(); });
  const check = () => { if (!window.__live.shown && document.querySelector(selector)) window.__live.shown = performance.now(); };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
}"""


def measure(url: str, token: str) -> dict:
    from playwright.sync_api import sync_playwright

    found, missed = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for name, (path, selector) in PAGES.items():
            context = browser.new_context(viewport={"width": 390, "height": 844})
            context.add_cookies([{"name": "torget_session", "value": token, "url": url}])
            page = context.new_page()
            page.add_init_script(f"({WATCH})({selector!r})")
            scripts = {}
            page.on("response", lambda r, s=scripts: s.setdefault(r.url, r) if r.request.resource_type == "script" else None)
            after, shown, first_js = [], [], 0
            for n in range(LOADS + 1):  # the first load warms the devserver's caches and the browser's; not counted
                page.goto(url + path)
                try:
                    page.wait_for_function("() => window.__live && window.__live.shown && window.__live.load", timeout=20_000)
                except Exception:  # a load that never showed its item is counted as missed, not measured
                    missed[name] = missed.get(name, 0) + 1
                    continue
                live = page.evaluate("() => window.__live")
                if n:
                    after.append(live["shown"] - live["load"])
                    shown.append(live["shown"])
                if n == 0:
                    first_js = sum(len(gzip.compress(r.body(), 9)) for u, r in scripts.items()
                                   if "/_devserver/" not in u and "livereload" not in u)
            found[name] = {"after_load_p50": round(statistics.median(after)), "shown_p50": round(statistics.median(shown)),
                           "js_gzip": first_js, "missed": missed.get(name, 0)}
            context.close()
        browser.close()
    return found


def run_at(root: Path, tmp: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.conftest import Devserver

    server = Devserver(tmp, root=root)  # this checkout's devserver, or the baseline's
    try:
        return measure(server.url, log_in(server.url, "sara.nilsson"))
    finally:
        server.stop()


def main() -> dict:
    say(f"  … live content after load: this commit and {BASELINE}")
    with tempfile.TemporaryDirectory(prefix="torget-live-") as tmp:
        work = Path(tmp)
        baseline = work / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", "-f", str(baseline), BASELINE], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            (baseline / "node_modules").symlink_to(ROOT / "node_modules")
            (work / "base-run").mkdir()
            (work / "this-run").mkdir()
            before = run_at(baseline, work / "base-run")
            after = run_at(ROOT, work / "this-run")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT, capture_output=True)
            shutil.rmtree(baseline, ignore_errors=True)
    for name in PAGES:
        say(f"    {name}: {before[name]['after_load_p50']} → {after[name]['after_load_p50']} ms after load")
    return {"baseline": BASELINE, "before": before, "after": after, "loads": LOADS}


def table(result: dict) -> str:
    lines = [f"Baseline: `{result['baseline']}`, run in the same process; {result['loads']} loads per page at 390 × 844 "
             "(the first, warming, not counted). Negative: the live item was there before `load`.", "",
             "| page | live item after `load`, p50: baseline → now (target ≤ 300 ms) | shown after navigation start, p50 | "
             "JS on first load, gzip: baseline → now (target ≤ 16 KB) |",
             "|---|---|---|---|"]
    for name in PAGES:
        b, a = result["before"][name], result["after"][name]
        met = "met" if a["after_load_p50"] <= 300 else "**missed**"
        js = "met" if a["js_gzip"] <= 16 * 1024 else "**missed**"
        lines.append(f"| {name} | {b['after_load_p50']} → {a['after_load_p50']} ms {met} | {b['shown_p50']} → "
                     f"{a['shown_p50']} ms | {b['js_gzip']:,} → {a['js_gzip']:,} B {js} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(main()))
