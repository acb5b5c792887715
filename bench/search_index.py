"""Search index time and size: Pagefind over the built demo site and over generated articles.

Builds each site with Pelican (search indexing off), then times Pagefind on
the output as the build's `search` plugin runs it, median of three runs.
Writes bench/results/search_index.json.

    python -m bench.search_index           # demo content and 1,000 articles
    python -m bench.search_index 5000      # other sizes of generated content
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 3


def build(content: Path, output: Path, cache: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output), "-q",
         "-e", "SEARCH_INDEX=false", f"CACHE_PATH=\"{cache}\"", "LOAD_CONTENT_CACHE=false", "LIVE_RELOAD=false"],
        cwd=ROOT, check=True, capture_output=True,
    )
    return time.perf_counter() - started


def index(output: Path) -> dict:
    from plugins.search import command  # as the build runs it

    seconds, pages = [], "?"
    for _ in range(RUNS):
        started = time.perf_counter()
        result = subprocess.run(command(str(output), "sv"), cwd=ROOT, check=True, capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
        pages = next((line.split()[1] for line in result.stdout.splitlines() if "Indexed" in line and "pages" in line), "?")
    folder = output / "pagefind"
    size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    index_size = sum(path.stat().st_size for path in folder.rglob("*")
                     if path.is_file() and path.suffix in (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter"))
    return {"pages": int(pages) if pages.isdigit() else pages, "seconds_median": round(statistics.median(seconds), 3),
            "bundle_bytes": size, "index_bytes": index_size}


def measure(name: str, content: Path, work: Path) -> dict:
    output = work / f"out-{name}"
    built = build(content, output, work / f"cache-{name}")
    result = {"content": name, "build_seconds": round(built, 2), **index(output)}
    print(f"  {name:>14}: {result['pages']} pages indexed in {result['seconds_median']:.2f} s (median of {RUNS}); "
          f"index {result['index_bytes'] / 1e6:.2f} MB, bundle {result['bundle_bytes'] / 1e6:.2f} MB")
    return result


def main(sizes: list[int]) -> list[dict]:
    from bench.generate import generate

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("Search index (Pagefind):")
        results.append(measure("demo", ROOT / "content", work))
        for size in sizes:
            results.append(measure(f"{size} articles", generate(work / f"content-{size}", size), work))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "search_index.json").write_text(json.dumps({"cpu_count": os.cpu_count(), "results": results}, indent=1))
    return results


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000])


def table(results: list[dict]) -> str:
    lines = ["| content | pages indexed | index time (median of 3) | index size | with Pagefind's scripts "
             "| site build before it |",
             "|---|---|---|---|---|---|"]
    for row in results:
        lines.append(f"| {row['content']} | {row['pages']} | {row['seconds_median']:.2f} s | "
                     f"{row['index_bytes'] / 1e6:.2f} MB | {row['bundle_bytes'] / 1e6:.2f} MB | {row['build_seconds']:.1f} s |")
    return "\n".join(lines)
