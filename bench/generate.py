"""Generated content for measurements: N realistic articles in a content folder.

Each article has a title, a date spread over four years, one of six writers
(with their profiles), tags, several headings, paragraphs, a list, a code
block and a quote, 500-900 words, in Swedish; every tenth has an English
translation. The same seed gives the same articles.

    python -m bench.generate /tmp/content 1000
"""

import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "vindkraft turbin drift underhåll elnät projekt budget säkerhet kund leverans kvartal resultat medarbetare "
    "kontor ledning strategi hållbarhet produktion prognos service reservdelar väder isbildning rotor växellåda "
    "avtal kommun tillstånd samråd miljö fåglar ljud skugga kabel transformator ställverk effekt energi timme "
    "vecka möte beslut plan risk åtgärd uppföljning rapport mål nyckeltal kostnad investering lärdom"
).split()
ENGLISH = "wind turbine maintenance grid project budget safety customer delivery quarter result staff office".split()
AUTHORS = ["Karin Ek", "Johan Lind", "Sara Nilsson", "Ahmed Hassan", "Lars Holm", "Maria Berg"]
TAGS = ["storliden", "björkliden", "säkerhet", "ekonomi", "personal", "it", "drift", "miljö", "kontoret", "strategi"]


def sentence(rng: random.Random, words=WORDS) -> str:
    chosen = rng.choices(words, k=rng.randint(8, 18))
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random, words=WORDS) -> str:
    return " ".join(sentence(rng, words) for _ in range(rng.randint(3, 6)))


def body(rng: random.Random, words=WORDS) -> str:
    parts = [paragraph(rng, words)]
    for section in range(rng.randint(2, 4)):
        parts.append(f"## {sentence(rng, words)[:-1]}")
        parts += [paragraph(rng, words) for _ in range(rng.randint(1, 3))]
        if section == 0:
            parts.append("\n".join(f"- {sentence(rng, words)}" for _ in range(rng.randint(3, 6))))
        if section == 1:
            parts.append("```\n" + "\n".join(f"{rng.choice(words)} = {rng.randint(1, 999)}" for _ in range(4)) + "\n```")
    parts.append("> " + sentence(rng, words))
    return "\n\n".join(parts) + "\n"


def article(rng: random.Random, number: int, when: datetime, words=WORDS, lang: str = "sv") -> str:
    category = "news" if number % 3 else "blog"
    return (
        f"Title: {sentence(rng, words)[:-1][:70]}\n"
        f"Date: {when:%Y-%m-%d %H:%M}\n"
        f"Author: {AUTHORS[number % len(AUTHORS)]}\n"
        f"Category: {category}\n"
        f"Tags: {', '.join(rng.sample(TAGS, 3))}\n"
        f"Slug: artikel-{number:05d}\n"
        f"Lang: {lang}\n"
        f"Summary: {sentence(rng, words)}\n\n"
        + body(rng, words)
    )


def generate(folder: Path, count: int, seed: int = 1) -> Path:
    """Write `count` articles (and the writers' profiles and images) under `folder`."""
    rng = random.Random(seed)  # noqa: S311 - repeatable filler text, not secrets
    if folder.exists():
        shutil.rmtree(folder)
    for part in ("people", "images", "pages"):
        shutil.copytree(ROOT / "content" / part, folder / part)
    start = datetime(2023, 1, 2, 8, 0)
    for number in range(count):
        when = start + timedelta(hours=number * (4 * 365 * 24) // max(count, 1))
        kind = "news" if number % 3 else "blog"
        target = folder / kind
        target.mkdir(parents=True, exist_ok=True)
        (target / f"artikel-{number:05d}.md").write_text(article(rng, number, when), encoding="utf-8")
        if number % 10 == 0:
            (target / f"artikel-{number:05d}.en.md").write_text(
                article(rng, number, when, ENGLISH, "en"), encoding="utf-8")
    return folder


if __name__ == "__main__":
    destination, how_many = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    generate(destination, how_many)
    print(f"{how_many} articles in {destination}")
