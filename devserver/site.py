"""Building the Pelican site, and noticing when its sources change."""

import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Other content and output folders (the benchmarks preview 1,000 generated articles).
CONTENT = os.environ.get("TORGET_CONTENT") or os.path.join(ROOT, "content")
OUTPUT = os.environ.get("TORGET_OUTPUT") or os.path.join(ROOT, "output")
# Another output gets its own content cache: two sites must never share one.
CACHE = os.path.join(ROOT, ".cache", "pelican") if not os.environ.get("TORGET_OUTPUT") else OUTPUT + "-pelican-cache"
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
    command = [sys.executable, "-m", "pelican", CONTENT, "-o", OUTPUT, "-s", settings, "-q", "-e", f'CACHE_PATH="{CACHE}"']
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0 and "cache.py" in (result.stderr + result.stdout):
        # A cache cut short (a build killed mid-write) stops Pelican: start it afresh, once.
        shutil.rmtree(CACHE, ignore_errors=True)
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    ok = result.returncode == 0
    if ok:
        with open(STAMP, "w") as stamp:
            stamp.write(str(time.time()))
    return ok, seconds, (result.stderr or result.stdout).strip()
