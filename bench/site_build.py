"""Site build time: Torget's theme and plugins against Pelican's default theme, same articles, same run.

For each size: cold (no output, no cache), warm (nothing changed) and warm after
editing one article; median of RUNS runs each (fewer at 5,000). Search indexing
is off here and measured on its own (bench/search_index.py).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, median, say, timed
from bench.generate import generate

DEFAULT_SETTINGS = """
PLUGINS = []  # not even the installed namespace plugins: Pelican's plain default
PATH = {content!r}
ARTICLE_PATHS = ["news", "blog"]
PAGE_PATHS = ["no-pages"]
ARTICLE_EXCLUDES = ["people"]
STATIC_PATHS = ["images"]
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
DELETE_OUTPUT_DIRECTORY = False
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
SITENAME = "Pelican default"
"""


def pelican(command: list[str]) -> float:
    seconds, result = timed(subprocess.run, command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return seconds


def commands(kind: str, content: Path, output: Path, cache: Path, work: Path) -> list[str]:
    if kind == "torget":
        return [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output), "-q",
                "-e", "SEARCH_INDEX=false", "LIVE_RELOAD=false", f'CACHE_PATH="{cache}"']
    settings = work / "default_settings.py"
    settings.write_text(DEFAULT_SETTINGS.format(content=str(content), cache=str(cache)), encoding="utf-8")
    return [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q"]


def measure(kind: str, content: Path, work: Path, runs: int) -> dict:
    output, cache = work / f"out-{kind}", work / f"cache-{kind}"
    command = commands(kind, content, output, cache, work)
    edited = sorted((content / "news").glob("artikel-*.md"))[len(list((content / "news").glob("*.md"))) // 2]
    cold, warm, edit = [], [], []
    for run in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(pelican(command))
        warm.append(pelican(command))
        with edited.open("a", encoding="utf-8") as article:
            article.write(f"\nEtt stycke till, körning {run}.\n")
        edit.append(pelican(command))
    return {"cold": median(cold), "warm": median(warm), "edit": median(edit), "runs": runs}


def main(sizes=((1000, 3), (5000, 2))) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="torget-build-") as tmp:
        work = Path(tmp)
        for size, runs in sizes:
            say(f"  … site build, {size} articles ({runs} runs each)")
            content = generate(work / f"content-{size}", size)
            torget = measure("torget", content, work, runs)
            default = measure("default", content, work, runs)
            row = {"articles": size, "torget": torget, "default": default,
                   "cold_ratio": torget["cold"] / default["cold"], "warm_ratio": torget["warm"] / torget["cold"],
                   "edit_ratio": torget["edit"] / torget["cold"]}
            say(f"    Torget cold {torget['cold']:.1f} s, warm {torget['warm']:.1f} s, edit {torget['edit']:.1f} s; "
                f"default theme cold {default['cold']:.1f} s → {row['cold_ratio']:.2f}×")
            results.append(row)
    return results


def table(results: list[dict]) -> str:
    lines = ["| articles | Torget cold | default theme cold (baseline) | ratio (target ≤ 1.25) | Torget warm | warm/cold "
             "(target ≤ 0.4) | Torget after one edit | edit/cold | default warm | default after one edit | runs |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in results:
        t, d = row["torget"], row["default"]
        lines.append(
            f"| {row['articles']:,} | {t['cold']:.1f} s | {d['cold']:.1f} s | **{row['cold_ratio']:.2f}×** "
            f"{'met' if row['cold_ratio'] <= 1.25 else 'missed'} | {t['warm']:.1f} s | **{row['warm_ratio']:.2f}** "
            f"{'met' if row['warm_ratio'] <= 0.4 else 'missed'} | {t['edit']:.1f} s | {row['edit_ratio']:.2f} | "
            f"{d['warm']:.1f} s | {d['edit']:.1f} s | {t['runs']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(main()))
