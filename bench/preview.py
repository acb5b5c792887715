"""Edit to preview: from saving an article to the reloaded page in the devserver (Chromium),
for the demo content and for 1,000 generated articles. Median of RUNS saves each."""

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
            browser.close()
    finally:
        article.write_text(original, encoding="utf-8")
        server.stop()
    return {"seconds": median(seconds), "all": [round(s, 2) for s in seconds], "runs": RUNS}


def main() -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="torget-preview-") as tmp:
        work = Path(tmp)
        say("  … edit to preview, demo content")
        demo = work / "demo"
        generate_demo = demo / "content"
        import shutil

        shutil.copytree(ROOT / "content", generate_demo)
        (demo / "run").mkdir()
        result = measure(generate_demo, generate_demo / "news" / "julbord.md", "/news/julbord-2026/", demo / "run", True)
        results.append({"content": "demo (23 articles and pages)", **result})
        say(f"    {result['seconds']:.2f} s ({result['all']})")
        say("  … edit to preview, 1,000 articles")
        content = generate(work / "gen" / "content", 1000)
        (work / "gen" / "run").mkdir()
        result = measure(content, content / "news" / "artikel-00500.md", "/news/artikel-00500/", work / "gen" / "run", True)
        results.append({"content": "1,000 generated articles", **result})
        say(f"    {result['seconds']:.2f} s ({result['all']})")
    return results


def table(results: list[dict]) -> str:
    lines = ["| content | save → reloaded page (median) | each run | target |", "|---|---|---|---|"]
    for row in results:
        target = "≤ 2 s: " + ("met" if row["seconds"] <= 2 else "**missed**") if row["content"].startswith("1,000") else "–"
        lines.append(f"| {row['content']} | **{row['seconds']:.2f} s** | {row['all']} | {target} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(main()))
