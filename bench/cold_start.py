"""Cold start: fresh `python -c "import app"` in functions/ against a minimal Chalice app that
only creates a DynamoDB client, alternating, median of RUNS each."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, median, say

RUNS = 15
MINIMAL = """from chalice import Chalice
import boto3

app = Chalice(app_name="minimal")
dynamodb = boto3.client("dynamodb", region_name="eu-north-1")


@app.route("/")
def index():
    return {"ok": True}
"""


def once(folder: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(folder), "AWS_DEFAULT_REGION": "eu-north-1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import app"], cwd=folder, env=env, check=True)
    return (time.perf_counter() - started) * 1000


def main() -> dict:
    say(f"  … cold start, {RUNS} fresh interpreters each")
    with tempfile.TemporaryDirectory(prefix="torget-cold-") as tmp:
        minimal = Path(tmp)
        (minimal / "app.py").write_text(MINIMAL, encoding="utf-8")
        ours, theirs = [], []
        once(ROOT / "functions"), once(minimal)  # warm the file cache, as Lambda's image is
        for _ in range(RUNS):
            ours.append(once(ROOT / "functions"))
            theirs.append(once(minimal))
    python = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        python.append((time.perf_counter() - started) * 1000)
    result = {"torget_ms": median(ours), "minimal_ms": median(theirs), "python_ms": median(python), "runs": RUNS}
    result["difference_ms"] = result["torget_ms"] - result["minimal_ms"]
    say(f"    import app {result['torget_ms']:.0f} ms, minimal app {result['minimal_ms']:.0f} ms "
        f"(difference {result['difference_ms']:+.0f} ms)")
    return result


def table(result: dict) -> str:
    met = "met" if result["difference_ms"] <= 40 else "missed"
    return "\n".join([
        "| | median of {runs} (ms) |".format(**result), "|---|---|",
        f"| `import app` (Torget, functions/) | {result['torget_ms']:.0f} |",
        f"| minimal Chalice app + DynamoDB client (baseline) | {result['minimal_ms']:.0f} |",
        f"| difference (target ≤ +40 ms) | **{result['difference_ms']:+.0f}** {met} |",
        f"| ratio | {result['torget_ms'] / result['minimal_ms']:.2f}× |",
        f"| bare interpreter (`python -c pass`) | {result['python_ms']:.0f} |",
    ])


if __name__ == "__main__":
    print(table(main()))
