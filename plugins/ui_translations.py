"""Interface strings and dates in the page's language.

The templates are written with English msgids; `theme/translations/<lang>.po`
holds the other languages. This plugin compiles those catalogues into the
build cache (no compiled files in git) for pelican-i18n-subsites to install,
and adds a `localdate` filter that formats dates with Babel's CLDR data, so
month names are Swedish on Swedish pages whatever the machine's locales.
It also points each language's subsite at the main site's content cache, so
the subsite reuses the Markdown the main site has just parsed instead of
parsing every file a second time (half of a cold build's reading).
"""

import functools
import logging
import os
import posixpath
import re

from pelican import signals

log = logging.getLogger(__name__)


def compile_catalogues(pelican):
    settings = pelican.settings
    if settings.get("TORGET_SUBSITE"):
        return
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = os.path.join(settings["THEME"], "translations")
    target = os.path.join(settings["CACHE_PATH"], "locale")
    settings["I18N_GETTEXT_LOCALEDIR"] = os.path.abspath(target)
    if not os.path.isdir(source):
        log.warning("ui_translations: no %s folder; interface strings stay English", source)
        return
    for name in sorted(os.listdir(source)):
        if not name.endswith(".po"):
            continue
        lang = name[:-3]
        po_path = os.path.join(source, name)
        mo_dir = os.path.join(target, lang, "LC_MESSAGES")
        mo_path = os.path.join(mo_dir, "messages.mo")
        if os.path.exists(mo_path) and os.path.getmtime(mo_path) >= os.path.getmtime(po_path):
            continue
        os.makedirs(mo_dir, exist_ok=True)
        with open(po_path, "rb") as po_file:
            catalogue = read_po(po_file, locale=lang)
        with open(mo_path, "wb") as mo_file:
            write_mo(mo_file, catalogue)


def share_content_cache(pelican):
    settings = pelican.settings
    if settings.get("TORGET_SUBSITE"):
        return
    for overrides in settings.get("I18N_SUBSITES", {}).values():
        # The readers' output depends on the file alone, not on the subsite's language. The main
        # site has saved the cache by the time a subsite reads it, so the subsite need not save it again.
        overrides["CACHE_PATH"] = settings["CACHE_PATH"]
        overrides["CACHE_CONTENT"] = False


@functools.lru_cache(maxsize=65536)  # each article's date is shown on its page and in a dozen listings
def localdate(value, lang="sv", form="long"):
    from babel.dates import format_date

    return format_date(value, format=form, locale=lang)


def localdatetime(value, lang="sv"):
    from babel.dates import format_datetime

    return format_datetime(value, format="d MMM y HH:mm", locale=lang)


def site_path(url, siteurl=""):
    """An absolute path for a content URL, resolving the "../" that subsites use."""
    joined = posixpath.normpath(posixpath.join("/", siteurl.strip("/"), url))
    return joined + "/" if url.endswith("/") and joined != "/" else joined


IMAGE = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", re.I)


def card_image(article):
    """The picture a listing shows for an article: its `Image:` header, else the first image in its text."""
    chosen = getattr(article, "image", None)
    if chosen:
        return chosen.replace("{static}", "")
    found = IMAGE.search(getattr(article, "content", "") or "")
    return found.group(1) if found else None


def add_filters(generator):
    generator.env.filters["card_image"] = card_image
    generator.env.filters["site_path"] = site_path
    generator.env.filters["localdate"] = localdate
    generator.env.filters["localdatetime"] = localdatetime


def register():
    signals.initialized.connect(compile_catalogues)
    signals.initialized.connect(share_content_cache)
    signals.generator_init.connect(add_filters)
