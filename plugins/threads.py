"""Thread ids, page flags and the article manifest.

Every article gets a stable `thread_id` (`article:<slug>`, or its `Thread:`
metadata so a renamed article keeps its comments) and the flags the theme
and the API need: `comments_enabled`, `acknowledge_required`, `pinned`, and
a hash of the text that read confirmations belong to (`Minor-Edit: true`
keeps the confirmed version through a typo fix), and who it is for (`Audience:`, chalicelib/audiences.py).
After the build, `manifest.json` lists every published article once per
thread, with its translations: the API uses it to validate comment targets
and to announce new articles in the feed.
"""

import hashlib
import html
import json
import logging
import os
import re

from chalicelib import audiences
from chalicelib.errors import ValidationFailed
from pelican import signals
from pelican.contents import Article

log = logging.getLogger(__name__)

THREAD_ID = re.compile(r"^article:[a-z0-9][a-z0-9-]{0,120}$")
_collected: dict[str, dict] = {}


def _flag(metadata: dict, name: str, truthy: tuple[str, ...]) -> bool:
    return str(metadata.get(name, "")).strip().lower() in truthy


def annotate(content):
    if not isinstance(content, Article):
        return
    metadata = content.metadata
    thread_id = str(metadata.get("thread") or f"article:{content.slug}").strip().lower()
    if not THREAD_ID.match(thread_id):
        log.error("threads: %s has an invalid thread id %r; using article:%s", content.source_path, thread_id, content.slug)
        thread_id = f"article:{content.slug}"
    content.thread_id = thread_id
    content.comments_enabled = not _flag(metadata, "comments", ("off", "no", "false", "closed"))
    content.acknowledge_required = _flag(metadata, "acknowledge", ("required", "yes", "true"))
    content.pinned = _flag(metadata, "pinned", ("true", "yes", "1"))
    content.minor_edit = _flag(metadata, "minor-edit", ("true", "yes", "1"))
    # Who it is for (the directory's department, office, division, group or role); `make check-content` names
    # a rule it cannot read, the build leaves such an article for everyone.
    try:
        rules = audiences.parse(metadata.get("audience"))
    except ValidationFailed as error:
        log.error("threads: %s: %s", content.source_path, error.message)
        rules = ()
    content.audience = audiences.text(rules)
    content.audience_tokens = " ".join(f"{key}={value}".replace(" ", "_") for key, value in rules)
    # As the writer spelled it, for the label readers see ("För: Storliden").
    content.audience_shown = ", ".join(part.split("=", 1)[1].strip() for part in str(metadata["audience"]).split(",")) \
        if rules else ""


def text_version(article) -> str:
    """A hash of what a reader reads (title and text, markup and spacing ignored): a new one asks for new confirmations."""
    text = re.sub(r"<[^>]+>", " ", f"{article.title}\n{article._content}")
    return hashlib.sha256(" ".join(html.unescape(text).split()).encode()).hexdigest()[:16]


def source_sha(path: str) -> str:
    """The file's git blob SHA (what `git hash-object` prints), without running git."""
    with open(path, "rb") as source:
        data = source.read()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's object id


def start_build(pelican):
    if not pelican.settings.get("TORGET_SUBSITE"):
        _collected.clear()


def collect(generator):
    siteurl = generator.settings.get("SITEURL", "")
    lang = generator.settings["DEFAULT_LANG"]
    profiles = generator.context.get("author_profiles", {})
    for article in list(generator.articles) + list(generator.translations):
        # Each site (sv, en) reports the articles written in its own language.
        if article.status != "published" or article.lang != lang:
            continue
        entry = _collected.setdefault(article.thread_id, {"id": article.thread_id, "versions": {}})
        entry["versions"][article.lang] = {
            "lang": article.lang,
            "title": article.title,
            "url": f"{siteurl}/{article.url}",
            # Plain text: the feed shows it with textContent, so entities are decoded here, not shown.
            "summary": " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(getattr(article, "summary", "")))).split()),
            "author": article.author.name if getattr(article, "author", None) else "",
            "authorSlug": article.author.slug if getattr(article, "author", None) else "",
            # The writer's id among the people (content/people/<slug>.md `Person:`): they hear of comments.
            "authorPerson": profiles.get(article.author.slug, {}).get("person", "") if getattr(article, "author", None) else "",
            "category": article.category.slug,
            "date": article.date.isoformat(),
            "comments": article.comments_enabled,
            "acknowledge": article.acknowledge_required,
            "ackVersion": text_version(article),
            "minorEdit": article.minor_edit,
            "audience": article.audience,
            "pinned": article.pinned,
            # The source file and its git blob SHA: the web editor shows "Live" once the deployed site has it.
            "source": os.path.relpath(article.source_path, generator.path).replace(os.sep, "/"),
            "sourceSha": source_sha(article.source_path),
        }


def write_manifest(pelican):
    settings = pelican.settings
    if settings.get("TORGET_SUBSITE") or not settings.get("MANIFEST_SAVE_AS"):
        return
    default_lang = settings["DEFAULT_LANG"]
    articles = []
    for entry in _collected.values():
        versions = entry["versions"]
        main = versions.get(default_lang) or next(iter(versions.values()))
        articles.append({"id": entry["id"], **main, "translations": sorted(
            (v for lang, v in versions.items() if v is not main), key=lambda v: v["lang"])})
    articles.sort(key=lambda a: a["date"], reverse=True)
    path = os.path.join(settings["OUTPUT_PATH"], settings["MANIFEST_SAVE_AS"])
    with open(path, "w", encoding="utf-8") as manifest:
        json.dump({"articles": articles}, manifest, ensure_ascii=False, indent=1)
    log.info("threads: wrote %d articles to %s", len(articles), path)


def register():
    signals.initialized.connect(start_build)
    signals.content_object_init.connect(annotate)
    signals.article_generator_finalized.connect(collect)
    signals.finalized.connect(write_manifest)
