"""Smaller JavaScript and CSS: the theme's files are minified in the output; and the service worker.

The sources stay readable in theme/static; only the copies Pelican wrote to
the output are rewritten (rjsmin understands ES modules and template
literals, rcssmin plain CSS). Minifying an already minified file changes
nothing, so it is safe on every rebuild.

The service worker must live at the site's root to serve every page, so its
source (theme/static/js/sw.js) is written to /sw.js with the build's version:
a hash of every theme file, so a build that changes any of them replaces the
worker and its caches, and one that changes none leaves it byte for byte.
"""

import hashlib
import logging
import os

from pelican import signals

log = logging.getLogger(__name__)


def minify(pelican):
    settings = pelican.settings
    if settings.get("TORGET_SUBSITE") or not settings.get("MINIFY_ASSETS", True):
        return
    import rcssmin
    import rjsmin

    folder = os.path.join(settings["OUTPUT_PATH"], settings.get("THEME_STATIC_DIR", "theme"))
    before = after = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if not name.endswith((".js", ".css")):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as source:
                text = source.read()
            small = rjsmin.jsmin(text) if name.endswith(".js") else rcssmin.cssmin(text)
            before, after = before + len(text), after + len(small)
            if small != text:
                with open(path, "w", encoding="utf-8") as target:
                    target.write(small)
    log.info("assets: theme JS and CSS %d -> %d bytes", before, after)
    write_service_worker(settings["OUTPUT_PATH"], folder)


def theme_version(folder: str) -> str:
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            with open(path, "rb") as data:
                digest.update(data.read())
    return digest.hexdigest()[:16]


def write_service_worker(output: str, folder: str) -> None:
    source = os.path.join(folder, "js", "sw.js")
    if not os.path.exists(source):
        log.warning("assets: no %s; the site has no service worker", source)
        return
    with open(source, encoding="utf-8") as worker:
        text = f'const VERSION="{theme_version(folder)}";\n' + worker.read()
    target = os.path.join(output, "sw.js")
    if os.path.exists(target):
        with open(target, encoding="utf-8") as current:
            if current.read() == text:
                return
    with open(target, "w", encoding="utf-8") as out:
        out.write(text)


def register():
    signals.finalized.connect(minify)
