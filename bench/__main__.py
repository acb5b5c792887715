"""`make bench`: every benchmark, one after another, into BENCHMARKS.md (and bench/results/*.json).

    python -m bench                    # all of them
    python -m bench cold_start cost    # some (names as below)
"""

import json
import sys
import time
import traceback

from bench import (
    cold_start,
    cost,
    fresh_clone,
    live_content,
    page_weight,
    personal_data,
    preview,
    round_trips,
    scale,
    search_index,
    site_build,
    thread_read,
    ws_latency,
)
from bench.common import RESULTS, ROOT, chromium_version, dynamodb_local_version, machine, say, versions

SECTIONS = [
    ("site_build", "1. Site build: Torget's theme and plugins against Pelican's default theme",
     site_build.main, site_build.table),
    ("search_index", "1b. Search indexing (Pagefind), measured on its own", lambda: search_index.main([1000, 5000]),
     search_index.table),
    ("deploy", "1c. One article changed: what `make deploy` uploads", site_build.deploy, site_build.deploy_table),
    ("preview", "2. Edit to preview in the devserver", preview.main, preview.table),
    ("cold_start", "3. Cold start of the API function", cold_start.main, cold_start.table),
    ("round_trips", "4. DynamoDB round trips per API operation", round_trips.main, round_trips.table),
    ("thread_read", "5. Reading a 100-comment thread: Torget against Isso", thread_read.main, thread_read.table),
    ("page_weight", "6. Page weight and Lighthouse", page_weight.main, page_weight.table),
    ("live_content", "6b. Live content after navigation, against a baseline commit", live_content.main, live_content.table),
    ("ws_latency", "7. Chat delivery latency", lambda: ws_latency.main([50, 200]), ws_latency.table),
    ("cost", "8. Monthly AWS cost", lambda: None, lambda _result: cost.table()),
    ("fresh_clone", "9. `make test` on a fresh clone, before and after DynamoDB Local", fresh_clone.main, fresh_clone.table),
    ("personal_data", "10. People's data: export and erasure", personal_data.main, personal_data.table),
    ("scale", "11. 10,000 people: scheduled work and fan-out in units", scale.main, scale.table),
]


def main(names: list[str]) -> int:
    chosen = [section for section in SECTIONS if not names or section[0] in names]
    # Sections not run this time keep the figures of their last run (bench/results/<name>.json).
    kept = [section for section in SECTIONS if section not in chosen and (RESULTS / f"{section[0]}.json").exists()]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    parts = [
        "# Benchmarks\n",
        "Written by `make bench` (`python -m bench`) on one machine; each comparison (Torget against its baseline)",
        "is measured within one run of its section. Sections not run this time keep their own last run's",
        "figures (bench/results/) and say so. Where a target is missed the table says so.",
        "Local figures run on Amazon's DynamoDB Local (a real DynamoDB engine, SQLite on disk, as under `make run`),",
        "on this one machine: the network hop to DynamoDB and Lambda's own overhead are not in them.\n",
        f"- Machine: {machine()}",
        f"- Date: {started}",
        f"- Versions: {versions('pelican', 'chalice', 'boto3', 'moto', 'pagefind_bin', 'playwright')}, "
        f"{dynamodb_local_version()}, {chromium_version()}",
        "",
    ]
    failures = 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name, title, run, table in SECTIONS:
        if (name, title, run, table) in kept:
            saved = RESULTS / f"{name}.json"
            result = json.loads(saved.read_text())
            when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(saved.stat().st_mtime))
            parts += [f"## {title}\n", table(result), f"\n_(figures from this section's last run, {when})_\n"]
            continue
        if (name, title, run, table) not in chosen:
            continue
        say(f"\n== {title}")
        section_started = time.perf_counter()
        try:
            result = run()
            (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1, default=str))
            body = table(result)
        except Exception:
            failures += 1
            body = "Not measured: the benchmark failed.\n\n```\n" + traceback.format_exc()[-1500:] + "```"
            say(body)
        parts += [f"## {title}\n", body, f"\n_(took {time.perf_counter() - section_started:.0f} s)_\n"]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(parts), encoding="utf-8")
    say(f"\nWrote BENCHMARKS.md ({len(chosen)} sections, {failures} failed)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
