"""Site build time: Torget's theme and plugins against Pelican's default theme, same articles, same run.

For each size: cold (no output, no cache), warm (nothing changed) and warm after
editing one article; median of RUNS runs each (fewer at 5,000). Torget's cold
figure includes its search index (Pagefind, run as the build's last step; its
share is the same indexing timed again on the build's output). Two baselines: Pelican's default theme
as Pelican ships it, and the same theme with Torget's Markdown extensions (no
codehilite), so a reader can tell the theme's cost from the Markdown settings'.
Peak memory is the largest resident size of the build process. `deploy` (its own
section) counts what `make deploy` uploads after one edit at 5,000 articles.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, median, say
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
SAME_MARKDOWN = """
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.meta": {}},
            "output_format": "html5"}
"""


def pagefind_seconds(output: Path) -> float:
    """Pagefind's share of a build: the same indexing the build's last step ran, timed again on its output."""
    from plugins.search import command

    started = time.perf_counter()
    subprocess.run(command(str(output), "sv"), cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - started


def run(command: list[str]) -> dict:
    """One build: its wall time and its peak memory (MiB)."""

    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise RuntimeError(output[-2000:])
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024}


def commands(kind: str, content: Path, output: Path, cache: Path, work: Path, search: bool = True) -> list[str]:
    if kind.startswith("torget"):
        # "torget-sv-only-in-sv": the English site without the Swedish-only articles (what rendering them
        # once instead of twice could save at most; not a way Torget builds).
        extra = ['I18N_UNTRANSLATED_ARTICLES="remove"'] if kind == "torget-sv-only-in-sv" else []
        return [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output), "-q",
                "-e", f"SEARCH_INDEX={'true' if search else 'false'}",
                "LIVE_RELOAD=false", f'CACHE_PATH="{cache}"', *extra]
    settings = work / f"{kind}_settings.py"
    extra = SAME_MARKDOWN if kind == "default-same-markdown" else ""
    settings.write_text(DEFAULT_SETTINGS.format(content=str(content), cache=str(cache)) + extra, encoding="utf-8")
    return [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q"]


def edited_article(content: Path) -> Path:
    articles = sorted((content / "news").glob("artikel-*.md"))
    return articles[len(articles) // 2]


def measure(kind: str, content: Path, work: Path, runs: int, cold_only: bool = False) -> dict:
    output, cache = work / f"out-{kind}", work / f"cache-{kind}"
    # Torget's warm and edited builds include the search index too: that is everything a save rebuilds.
    command = cold_command = commands(kind, content, output, cache, work)
    cold, index, peak, warm, edit = [], [], [], [], []
    for number in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        built = run(cold_command)
        cold.append(built["seconds"])
        peak.append(built["peak_mib"])
        if kind.startswith("torget"):
            index.append(pagefind_seconds(output))
        if cold_only:
            continue
        warm.append(run(command)["seconds"])
        with edited_article(content).open("a", encoding="utf-8") as article:
            article.write(f"\nEtt stycke till, körning {kind} {number}.\n")
        edit.append(run(command)["seconds"])
    return {"cold": median(cold), "index": median(index) if index else None, "peak_mib": max(peak),
            "warm": median(warm) if warm else None, "edit": median(edit) if edit else None, "runs": runs}


def deploy_changes(content: Path, work: Path) -> dict:
    """What `make deploy` sends after one article's text changes: a full build with its search index,
    published to an S3 bucket (moto: S3 has no local engine), one edit, the build again, published again."""
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-north-1")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(name, "bench")
    import boto3
    from moto import mock_aws

    from infra import publish

    output, cache = work / "out-deploy", work / "cache-deploy"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    command = commands("torget", content, output, cache, work, search=True)
    run(command)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-north-1")
        s3.create_bucket(Bucket="site", CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
        first = publish.sync(s3, "site", output)
        with edited_article(content).open("a", encoding="utf-8") as article:
            article.write("\nEtt stycke till inför publiceringen.\n")
        run(command)
        second = publish.sync(s3, "site", output)
    kinds = {}
    for key in second["uploaded"]:
        kind = "search index" if key.startswith("pagefind/") else "HTML pages" if key.endswith(".html") else \
            "feeds" if key.endswith(".xml") else "other"
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"files": len(first["uploaded"]), "uploaded": len(second["uploaded"]), "deleted": len(second["deleted"]),
            "kinds": kinds, "pages": sorted(key for key in second["uploaded"] if key.endswith(".html"))}


def main(sizes=((1000, 3), (5000, 2))) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="torget-build-") as tmp:
        work = Path(tmp)
        for size, runs in sizes:
            say(f"  … site build, {size} articles ({runs} runs each)")
            content = generate(work / f"content-{size}", size)
            torget = measure("torget", content, work, runs)
            default = measure("default", content, work, runs)
            same = measure("default-same-markdown", content, work, runs, cold_only=True)
            sv_only = measure("torget-sv-only-in-sv", content, work, runs, cold_only=True)
            row = {"articles": size, "torget": torget, "default": default, "same_markdown": same, "sv_only": sv_only,
                   "pages": {kind: sum(1 for _ in (work / f"out-{kind}").rglob("*.html"))
                             for kind in ("torget", "default", "torget-sv-only-in-sv")},
                   "cold_ratio": torget["cold"] / default["cold"], "same_ratio": torget["cold"] / same["cold"],
                   "warm_ratio": torget["warm"] / torget["cold"], "edit_ratio": torget["edit"] / torget["cold"]}
            say(f"    Torget cold {torget['cold']:.1f} s (search index {torget['index'] or 0:.1f} s), warm "
                f"{torget['warm']:.1f} s, edit {torget['edit']:.1f} s; default theme cold {default['cold']:.1f} s "
                f"→ {row['cold_ratio']:.2f}×; with Torget's Markdown {same['cold']:.1f} s → {row['same_ratio']:.2f}×; "
                f"without Swedish-only articles in English {sv_only['cold']:.1f} s")
            results.append(row)
    return results


def table(results: list[dict]) -> str:
    lines = ["| articles | Torget cold, search index included | of it Pagefind | default theme cold (baseline) | "
             "ratio (target ≤ 1.25) | default theme, Torget's Markdown, cold | ratio | Torget peak memory | "
             "Torget warm | warm/cold | Torget after one edit (everything rebuilt) | edit/cold (target ≤ 0.4) | "
             "default warm | default after one edit | runs |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in results:
        t, d, same = row["torget"], row["default"], row.get("same_markdown") or {}
        lines.append(
            f"| {row['articles']:,} | {t['cold']:.1f} s | {t.get('index') or 0:.1f} s | {d['cold']:.1f} s | "
            f"**{row['cold_ratio']:.2f}×** {'met' if row['cold_ratio'] <= 1.25 else 'missed'} | "
            f"{same.get('cold', 0):.1f} s | {row.get('same_ratio', 0):.2f}× | {t.get('peak_mib', 0):.0f} MiB | "
            f"{t['warm']:.1f} s | {row['warm_ratio']:.2f} | {t['edit']:.1f} s | "
            f"**{row['edit_ratio']:.2f}** {'met' if row['edit_ratio'] <= 0.4 else 'missed'} | "
            f"{d['warm']:.1f} s | {d['edit']:.1f} s | {t['runs']} |")
    lines += ["", "| articles | HTML pages written: Torget (two languages) | default theme | Torget cold per page | "
              "default theme with Torget's Markdown per page | "
              "Torget without Swedish-only articles in English: pages | its cold build | "
              "share of the cold build those pages cost |", "|---|---|---|---|---|---|---|---|"]
    for row in results:
        pages, t, same, sv = row.get("pages") or {}, row["torget"], row.get("same_markdown") or {}, row.get("sv_only") or {}
        if not pages or not sv:
            continue
        lines.append(
            f"| {row['articles']:,} | {pages['torget']:,} | {pages['default']:,} | "
            f"{1000 * t['cold'] / pages['torget']:.1f} ms | {1000 * same['cold'] / pages['default']:.1f} ms | "
            f"{pages['torget-sv-only-in-sv']:,} | {sv['cold']:.1f} s | {1 - sv['cold'] / t['cold']:.0%} |")
    lines += ["", "Torget's Markdown is Pelican's default set without codehilite: the theme styles no highlighted "
              "code, and Pygments guessing the language of every unlabelled code block was over half of the "
              "default set's build time. The English subsite reuses the Swedish site's parsed Markdown (one "
              "content cache for both), so each file is read once. Warm and edited builds reuse every page whose "
              "inputs did not change (`plugins/render_cache.py`: a page is keyed by the values its templates read), "
              "so an edit renders its article's pages and the listings that show it, then Pagefind indexes the site. "
              "The last table is a measurement, not a way Torget builds: the English site without the Swedish-only "
              "articles (and its listings without them) is the most that rendering those articles once could save "
              "in a cold build; warm and edited builds render them only when they change."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(main()))


def deploy(size: int = 5000) -> dict:
    with tempfile.TemporaryDirectory(prefix="torget-deploy-") as tmp:
        work = Path(tmp)
        say(f"  … one article changed, then published ({size:,} articles)")
        content = generate(work / f"content-{size}", size)
        result = {"articles": size, **deploy_changes(content, work)}
        say(f"    {result['uploaded']} of {result['files']:,} files uploaded")
        return result


def deploy_table(result: dict) -> str:
    kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(result["kinds"].items()))
    return (f"| articles | files in the site | uploaded after one article's text changed | of them | removed |\n"
            f"|---|---|---|---|---|\n| {result['articles']:,} | {result['files']:,} | **{result['uploaded']}** | {kinds} | "
            f"{result['deleted']} |\n\nThe site is built with its search index and published to an S3 bucket (moto), "
            "one article's text changes, it is built and published again: `make deploy` sends only files whose MD5 "
            f"differs from the bucket's ETag. Pages uploaded: {', '.join(result['pages'][:12])}"
            f"{' …' if len(result['pages']) > 12 else ''}.")
