"""Edit to preview: from saving an article to the reloaded page in the devserver (Chromium), for the
demo content and for 1,000 and 5,000 generated articles (median of RUNS saves each); and the full
rebuild that follows in the background against the devserver's cold build of the same site. Baseline:
Pelican's own `--autoreload` with its default theme on the same articles, from the save to the edited
article's page written (no browser: its reload would only add to it)."""

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, devserver, log_in, median, say
from bench.generate import generate

RUNS = 3


def measure(content: Path, article: Path, url_path: str, work: Path, edit: bool) -> dict:
    from playwright.sync_api import sync_playwright

    # Building and registering 1,000 articles comes before the server is up.
    server = devserver(work, TORGET_CONTENT=str(content), TORGET_OUTPUT=str(work / "output"), TORGET_SEED="0",
                       DEVSERVER_START_SECONDS="900")
    seconds = []
    original = article.read_text(encoding="utf-8")
    try:
        token = log_in(server.url, "sara.nilsson")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            context = browser.new_context()
            context.add_cookies([{"name": "torget_session", "value": token, "url": server.url}])
            page = context.new_page()
            deadline = time.perf_counter() + 900
            while "fast preview ready" not in server.output() and time.perf_counter() < deadline:
                time.sleep(0.5)  # the devserver's two Pelicans make their contexts after the start
            page.goto(server.url + url_path)
            for run in range(RUNS):
                page.wait_for_load_state("load")
                page.evaluate("window.__before_edit = true")
                time.sleep(0.5)
                saved = time.perf_counter()
                if edit:
                    article.write_text(original + f"\nTillägg {run}.\n", encoding="utf-8")
                else:
                    article.touch()
                page.wait_for_function("() => window.__before_edit === undefined", timeout=120_000)
                page.wait_for_load_state("load")
                seconds.append(time.perf_counter() - saved)
                # The rest of the site follows in the background; the next save waits for it here, so
                # each run measures the fast path from a quiet machine.
                deadline = time.perf_counter() + 600
                while server.output().count("rebuilt the site") <= run and time.perf_counter() < deadline:
                    time.sleep(0.2)
            browser.close()
    finally:
        article.write_text(original, encoding="utf-8")
        server.stop()
    log = server.output()
    cold = [float(x) for x in re.findall(r"✓ built the site in ([0-9.]+) s", log)]
    full = [float(x) for x in re.findall(r"rebuilt the site in ([0-9.]+) s", log)]
    fast = [float(x) for x in re.findall(r" in ([0-9.]+) s \([0-9.]+ s after the save\)", log)]
    return {"seconds": median(seconds), "all": [round(s, 2) for s in seconds], "runs": RUNS,
            "cold": cold[0] if cold else None, "full": median(full) if full else None,
            "render": median(fast) if fast else None}


def autoreload(content: Path, slug: str, work: Path) -> dict:
    """Pelican `--autoreload`, default theme: save → the article's page written with the new text."""
    from bench.site_build import DEFAULT_SETTINGS

    output, settings = work / "autoreload-out", work / "autoreload_settings.py"
    settings.write_text(DEFAULT_SETTINGS.format(content=str(content), cache=str(work / "autoreload-cache")),
                        encoding="utf-8")
    article = content / "news" / f"{slug}.md"
    original = article.read_text(encoding="utf-8")
    page = output / f"{slug}.html"
    log = work / "autoreload.log"
    child = subprocess.Popen([sys.executable, "-m", "pelican", "--autoreload", str(content), "-s", str(settings),
                              "-o", str(output)], cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)
    seconds = []

    def builds() -> int:
        return log.read_text(errors="replace").count("Done: Processed")

    try:
        # Pelican watches for changes only once its first build is done: a save before that is never seen.
        deadline = time.perf_counter() + 900
        while builds() < 1 and time.perf_counter() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        for run in range(RUNS):
            marker = f"Tillägg autoreload {run}"
            saved = time.perf_counter()
            article.write_text(original + f"\n{marker}.\n", encoding="utf-8")
            while time.perf_counter() < saved + 600:
                try:
                    if marker in page.read_text(encoding="utf-8"):
                        break
                except OSError:
                    pass
                time.sleep(0.02)
            seconds.append(time.perf_counter() - saved)
            while builds() < run + 2 and time.perf_counter() < saved + 600:
                time.sleep(0.2)  # it finishes the rest of the site before it watches again
            time.sleep(1)
    finally:
        child.terminate()
        child.wait(timeout=60)
        article.write_text(original, encoding="utf-8")
        shutil.rmtree(output, ignore_errors=True)
    return {"seconds": median(seconds), "all": [round(s, 2) for s in seconds]}


def main() -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="torget-preview-") as tmp:
        work = Path(tmp)
        say("  … edit to preview, demo content")
        demo = work / "demo"
        generate_demo = demo / "content"
        shutil.copytree(ROOT / "content", generate_demo)
        (demo / "run").mkdir()
        result = measure(generate_demo, generate_demo / "news" / "julbord.md", "/news/julbord-2026/", demo / "run", True)
        results.append({"content": "demo (23 articles and pages)", **result})
        say(f"    {result['seconds']:.2f} s ({result['all']})")
        say("  … edit to preview, 1,000 articles")
        content = generate(work / "gen" / "content", 1000)
        (work / "gen" / "run").mkdir()
        result = measure(content, content / "news" / "artikel-00500.md", "/news/artikel-00500/", work / "gen" / "run", True)
        result["autoreload"] = autoreload(content, "artikel-00500", work / "gen")
        results.append({"content": "1,000 generated articles", **result})
        say(f"    {result['seconds']:.2f} s ({result['all']})")
        say("  … edit to preview, 5,000 articles")
        content = generate(work / "gen5" / "content", 5000)
        (work / "gen5" / "run").mkdir()
        result = measure(content, content / "news" / "artikel-02500.md", "/news/artikel-02500/", work / "gen5" / "run", True)
        result["autoreload"] = autoreload(content, "artikel-02500", work / "gen5")
        results.append({"content": "5,000 generated articles", **result})
        say(f"    {result['seconds']:.2f} s ({result['all']})")
    return results


def table(results: list[dict]) -> str:
    lines = ["| content | save → reloaded page (median) | each run | its pages rendered | then everything rebuilt | "
             "cold build | rebuilt / cold | targets (≤ 1 s; ≤ 0.4×) | Pelican `--autoreload`, default theme: save → page "
             "written (baseline) | ratio |", "|---|---|---|---|---|---|---|---|---|---|"]
    for row in results:
        ratio = row["full"] / row["cold"] if row.get("full") and row.get("cold") else None
        generated = row["content"][0].isdigit()
        target = ("–" if not generated else
                  ("met" if row["seconds"] <= 1 else "**missed**") + "; " +
                  ("met" if ratio is not None and ratio <= 0.4 else "**missed**"))
        reload = row.get("autoreload")
        baseline = (f"{reload['seconds']:.2f} s {reload['all']} | {row['seconds'] / reload['seconds']:.2f}×"
                    if reload else "– | –")
        cell = lambda value: f"{value:.2f} s" if value is not None else "–"  # noqa: E731
        lines.append(f"| {row['content']} | **{row['seconds']:.2f} s** | {row['all']} | {cell(row.get('render'))} | "
                     f"{cell(row.get('full'))} | {cell(row.get('cold'))} | "
                     f"{f'{ratio:.2f}×' if ratio is not None else '–'} | {target} | {baseline} |")
    lines.append("\nSaved: an article's text changes (a line added). Its pages (both languages) are rendered by a "
                 "second Pelican kept loaded in the devserver, and the open tab reloads; the full build (listings, feeds, "
                 "translations, manifest, search index) runs a second later beside it "
                 "and reloads only pages it changed. Reloaded page: from the save to the new page's load event in "
                 "Chromium.")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(main()))
