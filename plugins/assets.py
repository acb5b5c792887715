"""Smaller JavaScript and CSS: the theme's files are minified in the output.

The sources stay readable in theme/static; only the copies Pelican wrote to
the output are rewritten (rjsmin understands ES modules and template
literals, rcssmin plain CSS). Minifying an already minified file changes
nothing, so it is safe on every rebuild.
"""

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


def register():
    signals.finalized.connect(minify)
