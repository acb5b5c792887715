"""Author profiles: photo, title, bio and blog name for author pages.

Each person who writes has `content/people/<slug>.md`: metadata `Name`,
`Title`, `Photo`, `Email`, `Person` (their id at the identity provider),
optionally `Blog` (the CEO's is "VD-bloggen"), `Title_en`, `Blog_en`, and
the Swedish bio as the body; an English bio can follow a line `---en---`.
Templates get `author_profiles`, a dict from author slug to profile.
"""

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


def register():
    signals.article_generator_init.connect(load_profiles)
