"""`make test` as CI runs it (`bash .ci/run`), on a fresh clone: this checkout's HEAD against a baseline
commit (BENCH_BASELINE, by default the last commit whose local stack ran on moto), one after the other.

Each clone installs its own virtualenv and npm packages from the registries, as CI does; the shared
caches of pip and npm are warm for both, so the figure is mostly the suite itself.
"""

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import ORIGINAL_ENVIRONMENT, ROOT, say

BASELINE = os.environ.get("BENCH_BASELINE", "71e164c")
CLOSING = re.compile(r"=+ (.*(passed|failed).*) in [0-9.]+s")


def run(commit: str, folder: Path) -> dict:
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    subprocess.run(["git", "checkout", "--quiet", commit], cwd=folder, check=True)
    label = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=folder, capture_output=True, text=True,
                           check=True).stdout.strip()[:80]
    say(f"  … bash .ci/run in a fresh clone of {label}")
    env = {**ORIGINAL_ENVIRONMENT, "CI": "true"}
    started = time.perf_counter()
    done = subprocess.run(["bash", ".ci/run"], cwd=folder, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    closing = CLOSING.findall(done.stdout)
    say(f"    {seconds:.0f} s, exit {done.returncode}: {closing[-1][0] if closing else '?'}")
    return {"commit": label, "seconds": round(seconds, 1), "exit": done.returncode,
            "tests": closing[-1][0] if closing else "?"}


def main() -> dict:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="torget-fresh-") as tmp:
        before = run(BASELINE, Path(tmp) / "before")
        after = run(head, Path(tmp) / "after")
    return {"before": before, "after": after}


def table(result: dict) -> str:
    before, after = result["before"], result["after"]
    return "\n".join([
        "| clone | `bash .ci/run` wall time | exit | tests |", "|---|---|---|---|",
        f"| before: `{before['commit']}` (moto) | {before['seconds'] / 60:.1f} min | {before['exit']} | {before['tests']} |",
        f"| after: `{after['commit']}` (DynamoDB Local) | {after['seconds'] / 60:.1f} min | {after['exit']} | {after['tests']} |",
        f"| ratio after/before | {after['seconds'] / before['seconds']:.2f}× | | |",
    ])


if __name__ == "__main__":
    print(table(main()))
