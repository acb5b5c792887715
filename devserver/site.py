"""Building the Pelican site, and noticing when its sources change."""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Other content and output folders (the benchmarks preview 1,000 generated articles).
CONTENT = os.environ.get("TORGET_CONTENT") or os.path.join(ROOT, "content")
OUTPUT = os.environ.get("TORGET_OUTPUT") or os.path.join(ROOT, "output")
SOURCES = (CONTENT, "theme", "plugins", "pelicanconf.py")
STAMP = os.path.join(OUTPUT, ".built")


def newest_source_mtime() -> float:
    newest = 0.0
    for source in SOURCES:
        path = os.path.join(ROOT, source)
        if os.path.isfile(path):
            newest = max(newest, os.path.getmtime(path))
            continue
        for folder, _dirs, files in os.walk(path):
            newest = max(newest, os.path.getmtime(folder))
            for name in files:
                newest = max(newest, os.path.getmtime(os.path.join(folder, name)))
    return newest


def is_current() -> bool:
    return os.path.exists(STAMP) and os.path.getmtime(STAMP) >= newest_source_mtime()


def build(settings: str = "pelicanconf.py") -> tuple[bool, float, str]:
    """Run Pelican; return (ok, seconds, its error output)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pelican", CONTENT, "-o", OUTPUT, "-s", settings, "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    ok = result.returncode == 0
    if ok:
        with open(STAMP, "w") as stamp:
            stamp.write(str(time.time()))
    return ok, seconds, (result.stderr or result.stdout).strip()
