"""Listing pages without Pelican's quadratic step.

For every tag, category and writer page Pelican picks that listing's articles out of all
articles in date order with `article in articles`, a list scan: tags × articles × their
articles comparisons (at 5,000 articles and two sites, 5.5 s of a profiled build, cold or
warm, whatever changed). Once the contexts are made, each listing's articles become a list
that answers `in` from a set of the articles' identities (Pelican's articles compare by
identity, so the answer is the same); everything else about them is a plain list.
"""

from pelican import signals
from pelican.generators import ArticlesGenerator


class Listing(list):
    """A list of items that compare by identity, whose `in` is a set lookup (made again should the
    list grow or shrink)."""

    def __init__(self, items=()):
        super().__init__(items)
        self._members, self._length = {id(item) for item in self}, len(self)

    def __contains__(self, item) -> bool:
        if self._length != len(self):
            self._members, self._length = {id(member) for member in self}, len(self)
        return id(item) in self._members


def index_listings(generators) -> None:
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        for tag, articles in generator.tags.items():
            generator.tags[tag] = Listing(articles)
        generator.categories = [(category, Listing(articles)) for category, articles in generator.categories]
        generator.authors = [(author, Listing(articles)) for author, articles in generator.authors]
        # The templates see the same pairs the writing uses, as Pelican's own context update would give them.
        generator.context.update(tags=list(generator.tags.items()), categories=generator.categories,
                                 authors=generator.authors)


def register():
    signals.all_generators_finalized.connect(index_listings)
