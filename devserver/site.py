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


def article_mtimes() -> dict[str, float]:
    """Each article source's mtime (content/news, content/blog), to know which files a save changed."""
    found = {}
    for folder in ("news", "blog"):
        base = os.path.join(CONTENT, folder)
        for name in os.listdir(base) if os.path.isdir(base) else ():
            if name.endswith(".md"):
                path = os.path.join(base, name)
                try:
                    found[path] = os.path.getmtime(path)
                except FileNotFoundError:
                    pass
    return found


def page_hashes(output: str | None = None, only: list[str] | None = None) -> dict[str, str]:
    """A digest of every HTML page (or `only` these URL paths), by URL path: after a full build, only the
    pages that really changed reload."""
    import hashlib

    root = output or OUTPUT
    if only is not None:
        files = [os.path.join(root, url.strip("/"), "index.html") for url in only]
    else:
        files = [os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names
                 if name.endswith(".html")]
    hashes = {}
    for path in files:
        try:
            with open(path, "rb") as page:
                digest = hashlib.blake2b(page.read(), digest_size=16).hexdigest()
        except FileNotFoundError:
            continue
        url = "/" + os.path.relpath(path, root).replace(os.sep, "/")
        hashes[url.removesuffix("index.html")] = digest
    return hashes


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

    def __init__(self, settings: str = "pelicanconf.py", content: str | None = None, output: str | None = None,
                 cache: str | None = None, target: str | None = None):
        self.settings = settings
        self.content, self.output, self.cache = content or CONTENT, output or OUTPUT, cache or CACHE
        self.target = target  # where quick renders write, when the builder builds its context elsewhere
        self._process = None
        self._lock = threading.Lock()

    def start(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "devserver.site", self.settings, self.content, self.output, self.cache,
             *([self.target] if self.target else [])], cwd=ROOT,
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
            if answer is None and self.output == OUTPUT:  # the child died: a build of its own, as before
                self.stop()
                return build(self.settings)
            if answer is None:
                self.stop()
                return False, time.perf_counter() - started, "the builder stopped"
            if answer["ok"]:
                with open(os.path.join(self.output, ".built"), "w") as stamp:
                    stamp.write(str(time.time()))
            return answer["ok"], time.perf_counter() - started, answer["errors"]

    def quick(self, paths: list[str]) -> tuple[list[str] | None, float, str]:
        """Re-render only the pages of these article sources: (URL paths, seconds, why not) ."""
        with self._lock:
            started = time.perf_counter()
            try:
                if self._process is None or self._process.poll() is not None:
                    return None, 0.0, "no builder"
                self._process.stdin.write("quick " + json.dumps(paths) + "\n")
                self._process.stdin.flush()
                answer = json.loads(self._process.stdout.readline() or "null")
            except (OSError, ValueError):
                answer = None
            if not answer:
                self.stop()
                return None, time.perf_counter() - started, "the builder stopped"
            return answer.get("pages") if answer["ok"] else None, time.perf_counter() - started, answer["errors"]

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


# What must be the same for an article to be re-rendered alone: anything else changes other pages.
SAME_FOR_QUICK = ("slug", "lang", "status", "title", "date", "summary", "tags", "category", "author", "save_as", "url",
                  "pinned", "acknowledge_required", "comments_enabled", "template")


def _same(old, new) -> bool:
    def look(article, name):
        value = getattr(article, name, None)
        return [str(tag) for tag in value] if name == "tags" and value else str(value)

    return all(look(old, name) == look(new, name) for name in SAME_FOR_QUICK)


def render_quickly(generators: dict, paths: list[str], output: str, target: str | None = None) -> tuple[list[str] | None, str]:
    """Re-render only the article pages made from these sources, with each site's (language's) context
    of the last full build. (None, why) when that would not be enough (a new file, a changed title,
    date, tag, address …): listings would change too, so the full build must come first."""
    from pelican import signals
    from pelican.contents import Article
    from pelican.writers import Writer

    written = []
    for path in paths:
        found = False
        for generator in generators.values():
            everything = [*generator.articles, *generator.translations, *getattr(generator, "hidden_articles", []),
                          *getattr(generator, "hidden_translations", [])]
            old = next((article for article in everything if article.source_path == path), None)
            if old is None:
                continue
            found = True
            new = generator.readers.read_file(
                base_path=generator.path, path=os.path.relpath(path, generator.path), content_class=Article,
                context=generator.context, preread_signal=signals.article_generator_preread, preread_sender=generator,
                context_signal=signals.article_generator_context, context_sender=generator)
            if not _same(old, new):
                return None, f"{os.path.basename(path)}: more than its text changed"
            for name in ("translations", "in_default_lang", "author"):
                if hasattr(old, name):
                    setattr(new, name, getattr(old, name))
            # A builder of its own (the devserver's fast path) built its context elsewhere: pages go to the site.
            site_path = os.path.join(target or output, os.path.relpath(generator.output_path, output))
            writer = Writer(os.path.normpath(site_path), settings=generator.settings)
            writer.write_file(new.save_as, generator.get_template(new.template), generator.context, article=new,
                              category=getattr(new, "category", None), relative_urls=generator.settings["RELATIVE_URLS"],
                              override_output=hasattr(new, "override_save_as"), url=new.url, blog=True)
            # Later quick renders start from this version.
            for collection in (generator.articles, generator.translations):
                for index, article in enumerate(collection):
                    if article is old:
                        collection[index] = new
            page = os.path.normpath(os.path.join(os.path.relpath(generator.output_path, output), new.save_as))
            written.append("/" + page.replace(os.sep, "/").removesuffix("index.html"))
        if not found:
            return None, f"{os.path.basename(path)}: not an article of the last build"
    return written, ""


def serve_builds(settings_file: str, content: str, output: str, cache: str, target: str | None = None) -> None:
    """The child's loop: a line "build" (everything) or "quick <paths as JSON>" (only those articles'
    pages) in, one JSON line {ok, errors[, pages]} out."""
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    sys.stdout = sys.stderr  # Pelican's own output never mixes with the answers
    import logging

    from pelican import Pelican, signals
    from pelican.settings import read_settings

    class Errors(logging.Handler):
        def __init__(self):
            super().__init__(logging.ERROR)
            self.lines = []

        def emit(self, record):
            self.lines.append(record.getMessage())

    generators: dict = {}  # each site's article generator of the last full build, by language

    def remember(generator):
        generators[generator.settings["DEFAULT_LANG"]] = generator

    signals.article_generator_finalized.connect(remember, weak=False)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command not in ("build", "quick"):
            continue
        errors = Errors()
        logging.getLogger().addHandler(errors)
        import gettext

        gettext._translations.clear()  # a catalogue recompiled since (theme/translations) is read again
        ok, pages = True, None
        try:
            if command == "quick":
                pages, why = render_quickly(generators, json.loads(argument), output, target) if generators \
                    else (None, "no build yet")
                ok = pages is not None
                if not ok:
                    errors.lines.append(why)
            else:
                generators.clear()
                settings = read_settings(settings_file, override={"PATH": content, "OUTPUT_PATH": output,
                                                                  "CACHE_PATH": cache})
                Pelican(settings).run()
        except Exception as error:  # reported to the devserver, which shows it
            ok = False
            errors.lines.append(f"{type(error).__name__}: {error}")
            if command == "build" and "cache" in repr(error).lower():
                shutil.rmtree(cache, ignore_errors=True)
        finally:
            logging.getLogger().removeHandler(errors)
        answers.write(json.dumps({"ok": ok, "errors": "\n".join(errors.lines), "pages": pages}) + "\n")


if __name__ == "__main__":
    serve_builds(*sys.argv[1:6])
