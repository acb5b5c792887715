"""Pages are rendered again only when something they show has changed.

Pelican renders every page of every site (language) on each build: after one
article's text changed, 3,000 pages at 1,000 articles, for the handful that
show that text. This writer keys each page by a digest of exactly what its
template can read: the template variables it and the templates it extends,
includes and imports use (Jinja's own analysis of their source), the values of
those variables for this page (an article's text and metadata, a listing's
articles, with where the content they link to now is), the settings,
and the theme's, plugins' and libraries' code. When a page's key and its file
in the output are as the last build left them (its size and modification
time), that file is the page and is not even read; else it is rendered. A
page whose template the analysis cannot follow (an include by a variable's
value), or whose variables hold a value it cannot digest, is always rendered,
so the cache can only ever skip work, never change a page: a site
test builds incrementally after edits of every kind and compares with a cold
build, file by file. Files whose text is unchanged are not rewritten either.

The keys live in CACHE_PATH/render/; deleting the cache (a cold build) or the
output renders everything.
"""

import datetime
import hashlib
import io
import json
import logging
import os
import re
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

log = logging.getLogger(__name__)

FORMAT = 2  # bump when the digest's meaning changes
ABSENT = object()
LIBRARIES = ("pelican", "jinja2", "markdown", "markupsafe", "babel", "feedgenerator")


class Undigestible(Exception):
    """A value whose effect on a page cannot be told from what the digest sees."""


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=-")
    return ",".join(found)


def code_digest(settings: dict) -> str:
    """The theme's templates and translations, the plugins and the libraries that render pages."""
    digest = hashlib.blake2b(f"{FORMAT}|{_versions()}".encode(), digest_size=16)
    folders = [Path(settings["THEME"]) / "templates", Path(settings["THEME"]) / "translations"]
    folders += [Path(folder) for folder in settings.get("PLUGIN_PATHS", [])]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


_READS: dict[bytes, tuple[frozenset, tuple]] = {}  # a template source's own variables and the templates it names


def _reads(environment, name: str) -> tuple[frozenset, tuple]:
    from jinja2 import meta

    source = environment.loader.get_source(environment, name)[0]
    known = hashlib.blake2b(source.encode(), digest_size=16).digest()
    if known not in _READS:
        tree = environment.parse(source)
        _READS[known] = (frozenset(meta.find_undeclared_variables(tree)), tuple(meta.find_referenced_templates(tree)))
    return _READS[known]


def template_variables(environment, name: str) -> set | None:
    """Every variable the template and those it extends, includes or imports read; None when one of
    them is chosen at render time (then nothing tells which variables matter)."""
    names, seen, waiting = set(), {name}, [name]
    while waiting:
        variables, referenced = _reads(environment, waiting.pop())
        names |= variables
        for other in referenced:
            if other is None:
                return None
            if other not in seen:
                seen.add(other)
                waiting.append(other)
    return names


class Digester:
    """Canonical bytes for template values; content objects are digested once per build."""

    SKIPPED = frozenset(("settings", "_context", "translations", "metadata"))

    def __init__(self):
        self._contents: dict[int, bytes] = {}
        self._link = None

    def digest(self, value) -> bytes:
        parts: list[bytes] = []
        self._feed(parts, value)
        return hashlib.blake2b(b"".join(parts), digest_size=16).digest()

    def _feed(self, parts: list, value) -> None:
        kind = type(value)
        if kind is str:
            parts.append(b"s%d:" % len(value) + value.encode("utf-8", "surrogatepass"))
        elif kind is list or kind is tuple:
            parts.append(b"[")
            for item in value:
                self._feed(parts, item)
            parts.append(b"]")
        elif value is None or kind is bool or kind is int or kind is float:
            parts.append(f"{kind.__name__}:{value!r};".encode())
        elif isinstance(value, Content):
            parts.append(b"c" + self._content(value))
        elif isinstance(value, URLWrapper):
            parts.append(f"u:{kind.__name__}|{value.name}|{value.slug};".encode())
        elif isinstance(value, dict):
            parts.append(b"(")
            for key in sorted(value, key=repr):
                self._feed(parts, key)
                self._feed(parts, value[key])
            parts.append(b")")
        elif isinstance(value, (str, Markup)):
            parts.append(b"s%d:" % len(value) + value.encode("utf-8", "surrogatepass"))
        elif isinstance(value, (bool, int, float)):
            parts.append(f"{kind.__name__}:{value!r};".encode())
        elif isinstance(value, (list, tuple)):
            self._feed(parts, list(value))
        elif isinstance(value, bytes):
            parts.append(b"b%d:" % len(value) + value)
        elif isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
            parts.append(f"t:{value.isoformat()}|{getattr(value, 'tzinfo', None)};".encode())
        elif isinstance(value, datetime.tzinfo):
            parts.append(f"z:{value};".encode())
        elif isinstance(value, (set, frozenset)):
            parts.append(b"{" + b"".join(sorted(self.digest(item) for item in value)) + b"}")
        elif isinstance(value, Page):
            parts.append(f"p:{value.name}|{value.url}|{value.save_as}|{value.number};".encode())
            self._feed(parts, value.paginator)
            self._feed(parts, list(value.object_list))
        elif isinstance(value, Paginator):
            parts.append(f"P:{value.name}|{value.url}|{value.num_pages}|{value.count}|{value.per_page};".encode())
        elif callable(value) and hasattr(value, "__qualname__"):
            parts.append(f"f:{getattr(value, '__module__', '')}.{value.__qualname__};".encode())
        else:
            raise Undigestible(kind.__name__)

    def _content(self, content) -> bytes:
        known = self._contents.get(id(content))
        if known is not None:
            return known
        self._contents[id(content)] = b"cycle:" + content.source_path.encode()  # translations name each other
        metadata = content.metadata
        # Its metadata, and what plugins and Pelican set beside it (the text, the summary, flags).
        fields = {name: value for name, value in vars(content).items()
                  if name not in self.SKIPPED and name not in metadata and not name.startswith("__")}
        translations = [[item.source_path, item.url, item.lang, getattr(item, "title", ""), item.status]
                        for item in getattr(content, "translations", [])]
        # No URL of its own: Pelican makes it from the metadata and the settings, both digested.
        whole = [type(content).__name__, content.source_path, self._links(content),
                 sorted(metadata.items(), key=lambda item: item[0]), sorted(fields.items(), key=lambda item: item[0]),
                 translations]
        # The values a reader makes (strings, dates, tags, flags) say all they hold in their repr, which is
        # many times faster than walking them; anything whose repr is its memory address is walked instead.
        text = repr(whole)
        if " at 0x" in text:
            parts: list[bytes] = []
            self._feed(parts, whole)
            known = hashlib.blake2b(b"".join(parts), digest_size=16).digest()
        else:
            known = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        self._contents[id(content)] = known
        return known

    def _links(self, content) -> str:
        """The text as the page shows it when it links to other content ({filename}, {static} …): where
        those now are is part of it. Pelican works it out once per content and keeps it."""
        raw = getattr(content, "_content", None) or ""
        summary = getattr(content, "_summary", None) or ""
        if self._link is None:
            self._link = re.compile(content.settings["INTRASITE_LINK_REGEX"])
        if not (self._link.search(raw) or self._link.search(summary)):
            return ""
        return content.content + (content.summary if summary else "")


def _loose(digester: Digester, value) -> bytes:
    """Settings hold objects that only configure (a bytecode cache, signal handlers): their kind is enough."""
    try:
        return digester.digest(value)
    except Undigestible as kind:
        return f"kind:{kind}".encode()


class _Template:
    """Stands in for the template Pelican hands the writer: rendering goes through the cache."""

    def __init__(self, writer: "RenderCachingWriter", template):
        self._writer, self._template = writer, template

    def render(self, localcontext: dict) -> str:
        return self._writer.render(self._template, localcontext)

    def __getattr__(self, name):
        return getattr(self._template, name)


class _Kept(str):
    """What rendering returns for a page kept as it is: the writer leaves its file alone."""


KEPT = _Kept()


class _UnlessSame(io.StringIO):
    """A file to write to that touches the disk only when its text differs from what is there."""

    def __init__(self, path: str, encoding: str, written):
        super().__init__()
        self._path, self._encoding, self._written, self._kept = path, encoding, written, False

    def write(self, text: str) -> int:
        if text is KEPT:
            self._kept = True
            return 0
        return super().write(text)

    def close(self) -> None:
        if not self.closed and not self._kept:
            data = self.getvalue().encode(self._encoding)
            try:
                with open(self._path, "rb") as existing:
                    same = existing.read() == data
            except OSError:
                same = False
            if not same:
                with open(self._path, "wb") as target:
                    target.write(data)
            self._written(self._path)
        super().close()


_WRITERS: list = []


class RenderCachingWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.rendered = self.reused = self.uncached = 0
        self._digester = Digester()
        self._variables: dict[str, set | None] = {}
        self._site: bytes | None = None
        self._shared: dict[str, tuple] = {}
        self._store = Path(settings["CACHE_PATH"]) / "render" / (
            hashlib.blake2b(os.path.abspath(output_path).encode(), digest_size=8).hexdigest() + ".json")
        try:
            last = json.loads(self._store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            last = {}
        if not isinstance(last, dict) or last.get("format") != FORMAT:
            last = {}
        self._keys: dict[str, list] = last.get("pages", {})  # page → [its key, its file's size and time]
        self._last_files: set[str] = set(last.get("files", []))
        self._next: dict[str, list] = {}
        self._pending: dict[str, str] = {}  # rendered pages waiting for their file
        self._files: set[str] = set()
        _WRITERS[:] = [writer for writer in _WRITERS if writer.output_path != self.output_path]  # a failed build's
        _WRITERS.append(self)

    def write_file(self, name, template, context, *args, **kwargs):
        self._context = context
        return super().write_file(name, _Template(self, template), context, *args, **kwargs)

    def _site_digest(self) -> bytes:
        """What every page depends on without naming it: the code and the settings (a page's links to
        other content are in that content's digest; listings name their articles)."""
        if self._site is None:
            settings = sorted((name, _loose(self._digester, value)) for name, value in self.settings.items())
            self._site = hashlib.blake2b(code_digest(self.settings).encode() + repr(settings).encode(),
                                         digest_size=16).digest()
        return self._site

    def _key(self, template, localcontext: dict) -> str | None:
        name = template.name
        if name not in self._variables:
            self._variables[name] = template_variables(template.environment, name)
        variables = self._variables[name]
        if variables is None:
            return None
        try:
            digests = [self._value(variable, localcontext.get(variable, ABSENT)) for variable in sorted(variables)]
            digests.append(self._digester.digest([localcontext.get("localsiteurl"), localcontext.get("output_file")]))
        except Undigestible as kind:
            log.debug("render_cache: %s reads a %s; always rendered", name, kind)
            return None
        return hashlib.blake2b(self._site_digest() + name.encode() + b"".join(digests), digest_size=16).hexdigest()

    def _value(self, variable: str, value) -> bytes:
        if value is ABSENT:
            return b"-"
        if value is not self._context.get(variable, ABSENT):  # this page's own value
            return self._digester.digest(value)
        shared = self._shared.get(variable)  # the site's: the same object on every page of this build
        if shared is None or shared[0] is not value:
            shared = self._shared[variable] = (value, self._digester.digest(value))
        return shared[1]

    def render(self, template, localcontext: dict) -> str:
        output = os.path.normpath(localcontext["output_file"])
        key = self._key(template, localcontext)
        if key is None:
            self.uncached += 1
            return template.render(localcontext)
        known = self._keys.get(output)
        if known and known[0] == key:
            try:
                found = os.stat(sanitised_join(self.output_path, output))
            except OSError:
                found = None
            # The file as this cache left it (its size and time): nothing else has written it since.
            if found is not None and [found.st_size, found.st_mtime_ns] == known[1:]:
                self.reused += 1
                self._next[output] = known
                return KEPT
        text = template.render(localcontext)
        self.rendered += 1
        self._pending[output] = key
        return text

    def _written(self, path: str) -> None:
        """A page's file is as it should be: its key goes with its size and time."""
        name = os.path.normpath(os.path.relpath(path, self.output_path))
        key = self._pending.pop(name, None)
        if key is not None:
            found = os.stat(path)
            self._next[name] = [key, found.st_size, found.st_mtime_ns]

    def _open_w(self, filename, encoding, override=False):
        # Pelican's own bookkeeping (one write per file unless overridden), without truncating the file.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}": already written in this build')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        self._files.add(os.path.relpath(filename, self.output_path))
        return _UnlessSame(filename, encoding, self._written)

    def remove_stale(self) -> int:
        """Pages and feeds this writer wrote last time and not now (a deleted article, a tag no one
        uses any more) go, as a cold build would not have them; nothing else in the output is touched."""
        removed = 0
        for name in sorted(self._last_files - self._files):
            path = sanitised_join(self.output_path, name)
            if os.path.isfile(path):
                os.remove(path)
                removed += 1
                folder = os.path.dirname(path)
                while folder != os.path.abspath(self.output_path) and os.path.isdir(folder) and not os.listdir(folder):
                    os.rmdir(folder)
                    folder = os.path.dirname(folder)
        return removed

    def save(self) -> None:
        removed = self.remove_stale() if self._last_files else 0
        self._store.parent.mkdir(parents=True, exist_ok=True)
        partial = self._store.with_suffix(".tmp")
        partial.write_text(json.dumps({"format": FORMAT, "pages": self._next, "files": sorted(self._files)}),
                           encoding="utf-8")
        partial.replace(self._store)
        log.info("render_cache: %s: %d pages rendered, %d unchanged, %d without a key, %d no longer built removed",
                 self.output_path, self.rendered, self.reused, self.uncached, removed)


def writer_class(pelican):
    return RenderCachingWriter


def save_keys(pelican):
    for writer in list(_WRITERS):
        if os.path.abspath(writer.output_path) == os.path.abspath(pelican.output_path):
            writer.save()
            _WRITERS.remove(writer)


def register():
    signals.get_writer.connect(writer_class)
    signals.finalized.connect(save_keys)
