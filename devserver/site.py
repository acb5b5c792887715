"""Building the Pelican site, and noticing when its sources change."""

import json
import os
import shutil
import subprocess
import sys
import threading
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


class WarmBuilder:
    """Pelican kept loaded in one child process: a rebuild after a save skips Python's start and
    Pelican's imports (about half of a small site's rebuild). Falls back to `build()` when the
    child is gone; the child exits with the devserver (its stdin closes)."""

    def __init__(self, settings: str = "pelicanconf.py"):
        self.settings = settings
        self._process = None
        self._lock = threading.Lock()

    def start(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "devserver.site", self.settings, CONTENT, OUTPUT, CACHE], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def build(self) -> tuple[bool, float, str]:
        with self._lock:
            started = time.perf_counter()
            try:
                if self._process is None or self._process.poll() is not None:
                    self.start()
                self._process.stdin.write("build\n")
                self._process.stdin.flush()
                answer = json.loads(self._process.stdout.readline() or "null")
            except (OSError, ValueError):
                answer = None
            if answer is None:  # the child died: a build of its own, as before
                self.stop()
                return build(self.settings)
            if answer["ok"]:
                with open(STAMP, "w") as stamp:
                    stamp.write(str(time.time()))
            return answer["ok"], time.perf_counter() - started, answer["errors"]

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


def serve_builds(settings_file: str, content: str, output: str, cache: str) -> None:
    """The child's loop: one line "build" in, one JSON line {ok, errors} out."""
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    sys.stdout = sys.stderr  # Pelican's own output never mixes with the answers
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    class Errors(logging.Handler):
        def __init__(self):
            super().__init__(logging.ERROR)
            self.lines = []

        def emit(self, record):
            self.lines.append(record.getMessage())

    for line in sys.stdin:
        if line.strip() != "build":
            continue
        errors = Errors()
        logging.getLogger().addHandler(errors)
        import gettext

        gettext._translations.clear()  # a catalogue recompiled since (theme/translations) is read again
        ok = True
        try:
            settings = read_settings(settings_file, override={"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache})
            Pelican(settings).run()
        except Exception as error:  # reported to the devserver, which shows it
            ok = False
            errors.lines.append(f"{type(error).__name__}: {error}")
            if "cache" in repr(error).lower():
                shutil.rmtree(cache, ignore_errors=True)
        finally:
            logging.getLogger().removeHandler(errors)
        answers.write(json.dumps({"ok": ok, "errors": "\n".join(errors.lines)}) + "\n")


if __name__ == "__main__":
    serve_builds(*sys.argv[1:5])
