"""Pelican settings for Torget's site, as built for local preview (make run)."""

import copy
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "functions"))
from chalicelib.article_markup import SITE_MARKDOWN

SITENAME = "Torget"
COMPANY = "Fjällvind Energi AB"
SITEURL = ""
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
LOCALE = ("sv_SE.UTF-8", "C.UTF-8")

ARTICLE_PATHS = ["news", "blog"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
STATIC_LANG_URL = "{path}"
STATIC_LANG_SAVE_AS = "{path}"
ARTICLE_EXCLUDES = ["people"]
PAGE_EXCLUDES = ["people"]
USE_FOLDER_AS_CATEGORY = True
DEFAULT_CATEGORY = "news"

# Drafts are not published at all on an intranet (Pelican writes them by default).
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_URL = ""
WITH_FUTURE_DATES = False

ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
AUTHOR_URL = "people/{slug}/"
AUTHOR_SAVE_AS = "people/{slug}/index.html"
AUTHORS_SAVE_AS = "people/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = "archive/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""

# Pelican's default Markdown set without codehilite: the theme styles no highlighted code, and
# guessing each unlabelled block's language was over half of a cold build. The web editor's publish
# check renders with the same settings (chalicelib/article_markup.py), so it sees what the site shows.
MARKDOWN = copy.deepcopy(SITE_MARKDOWN)  # Pelican adds to the dict it is given

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"category": None, "tag": None, "author": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# The site's public address, for the feeds' absolute ids and links (plugins/feeds.py): PUBLIC_URL, or the
# devserver's own port.
FEED_DOMAIN = os.environ.get("PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
AUTHOR_FEED_ATOM = "feeds/people/{slug}.atom.xml"
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20

PLUGIN_PATHS = ["plugins"]
# Listing PLUGINS turns off auto-discovery, so the namespace plugin is named too.
# `sanitize` comes first: every later plugin and template sees only allowlisted HTML.
PLUGINS = ["pelican.plugins.i18n_subsites", "sanitize", "ui_translations", "threads", "authors", "assets", "search",
           "listings", "feeds", "render_cache"]
# Compiled templates are kept between builds (half of a small site's build is compiling them). The
# folder is named for the autoescape setting: Jinja's bytecode cache is keyed by the source alone, and
# code compiled without escaping must never be reused with it.
_JINJA_CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "jinja-autoescape")
os.makedirs(_JINJA_CACHE, exist_ok=True)
# Everything a template prints is escaped; only sanitised HTML (article text, bios) is marked |safe.
JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"], "trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "bytecode_cache": __import__("jinja2").FileSystemBytecodeCache(_JINJA_CACHE)}
I18N_TEMPLATES_LANG = "en"  # templates are written with English msgids
I18N_UNTRANSLATED_ARTICLES = "keep"  # the English site still lists Swedish-only news
I18N_UNTRANSLATED_PAGES = "keep"
I18N_SUBSITES = {"en": {"LOCALE": ("en_GB.UTF-8", "C.UTF-8"), "TORGET_SUBSITE": True}}

# Torget's own settings, read by the theme and plugins.
CEO = "karin-ek"
API_BASE = "/api"
LIVE_RELOAD = True  # the devserver's preview reloads open pages on rebuild
DEMO_LOGIN_HINT = True  # the login page names the local demo people
MANIFEST_SAVE_AS = "manifest.json"
SERVICE_WORKER = True  # /sw.js: pages and theme files read once can be read offline
# Files without Lang: are Swedish on every (sub)site, not the subsite's language.
DEFAULT_METADATA = {"lang": "sv"}

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"
GZIP_CACHE = False  # compressing the cache took longer than reading the bytes it saves
DELETE_OUTPUT_DIRECTORY = False
