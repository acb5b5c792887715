"""Author profiles: photo, title, bio and blog name for author pages.

Each person who writes has `content/people/<slug>.md`: metadata `Name`,
`Title`, `Photo`, `Email`, `Person` (their id at the identity provider),
optionally `Blog` (the CEO's is "VD-bloggen"), `Title_en`, `Blog_en`, and
the Swedish bio as the body; an English bio can follow a line `---en---`.
Templates get `author_profiles`, a dict from author slug to profile. Each
language's build also writes `people/writers.json` (person id → their blog's
address and newest articles), which the one profile page per person reads.
"""

import json
import logging
import os
import sys

import markdown
from pelican import signals
from pelican.utils import slugify

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "functions"))
from chalicelib.article_markup import clean

log = logging.getLogger(__name__)
SPLIT = "---en---"


def _read(path: str) -> dict:
    with open(path, encoding="utf-8") as source:
        text = source.read()
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    bio_sv, _, bio_en = body.partition(SPLIT)
    renderer = markdown.Markdown(extensions=[])
    # A bio is Markdown like an article's text, and passes the same allowlist (see sanitize.py).
    meta["bio"] = {"sv": clean(renderer.convert(bio_sv.strip())),
                   "en": clean(renderer.reset().convert((bio_en or bio_sv).strip()))}
    return meta


def load_profiles(generator):
    folder = os.path.join(generator.path, "people")
    profiles = {}
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".md"):
                continue
            try:
                meta = _read(os.path.join(folder, name))
            except OSError as error:
                log.error("authors: cannot read %s: %s", name, error)
                continue
            if "name" not in meta:
                log.error("authors: %s has no Name; skipped", name)
                continue
            profiles[slugify(meta["name"], regex_subs=generator.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))] = meta
    generator.context["author_profiles"] = profiles


NEWEST = 10


def write_writers(generator, writer):
    """person id → {"blog": its address, "articles": the newest [{title, url, date}]}, for this language's build."""
    profiles = generator.context.get("author_profiles", {})
    siteurl = generator.settings.get("SITEURL", "")
    found = {}
    for author, articles in generator.authors:
        person = (profiles.get(author.slug) or {}).get("person")
        if not person:
            continue
        newest = sorted(articles, key=lambda article: article.date, reverse=True)[:NEWEST]
        found[person] = {"blog": f"{siteurl}/{author.url}", "articles": [
            {"title": article.title, "url": f"{siteurl}/{article.url}", "date": article.date.isoformat()} for article in newest]}
    folder = os.path.join(generator.output_path, "people")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "writers.json"), "w", encoding="utf-8") as out:
        json.dump(found, out, ensure_ascii=False, sort_keys=True)


def register():
    signals.article_generator_init.connect(load_profiles)
    signals.article_writer_finalized.connect(write_writers)
