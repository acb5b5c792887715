"""Listing pages without Pelican's quadratic step.

For every tag, category and writer page Pelican picks that listing's articles out of all
articles in date order with `article in articles`, a list scan: tags × articles × their
articles comparisons (at 5,000 articles and two sites, about 6 s of every build, cold or
warm, whatever changed). Once the contexts are made, each listing's articles become a list
that answers `in` from a set of the articles' identities (Pelican's articles compare by
identity, so the answer is the same); everything else about them is a plain list.
"""

from pelican import signals


class Listing(list):
    """A list whose `in` is a set lookup (made again should the list grow or shrink)."""

    def __init__(self, items=()):
        super().__init__(items)
        self._members, self._length = {id(item) for item in self}, len(self)

    def __contains__(self, item) -> bool:
        if self._length != len(self):
            self._members, self._length = {id(member) for member in self}, len(self)
        return id(item) in self._members or (type(item).__eq__ is not object.__eq__ and list.__contains__(self, item))


def index_listings(generators) -> None:
    for generator in generators:
        if not hasattr(generator, "dates") or not hasattr(generator, "tags"):
            continue  # not the articles generator
        for tag, articles in list(generator.tags.items()):
            generator.tags[tag] = Listing(articles)
        for name in ("categories", "authors"):
            old = getattr(generator, name)
            new = [(wrapper, Listing(articles)) for wrapper, articles in old]
            setattr(generator, name, new)
            if generator.context.get(name) is old:
                generator.context[name] = new


def register():
    signals.all_generators_finalized.connect(index_listings)
