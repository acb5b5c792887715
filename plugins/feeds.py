"""Atom feeds as the standard has them: absolute, stable ids and links for each language's own feed.

Pelican takes entry ids from SITEURL, which is empty on a site served from its own root (`tag:None,…`,
the same for every Torget anywhere), gives the feed a relative `<id>`, and points every subsite's
`rel="self"` at the main site's feed. Here, as each feed is made, everything is made absolute from
FEED_DOMAIN (the site's public address: `PUBLIC_URL`, or the devserver's own port) and the subsite's
path: entry ids are tag URIs on that host (RFC 4151), the feed's id and links are its own.

The feeds are as private as the rest of the site (behind the login, like every page), so no page
advertises them with a `<link>`: a feed reader without the session cookie would get the login page.
"""

from feedgenerator import get_tag_uri
from pelican import signals


def _absolute(domain: str, url: str) -> str:
    return url if url.startswith(("http://", "https://")) else domain + "/" + url.lstrip("/")


def make_absolute(context, feed) -> None:
    domain = str(context.get("FEED_DOMAIN") or "").rstrip("/")
    if not domain:
        return
    site = str(context.get("SITEURL") or "")
    base = site.rstrip("/") if site.startswith(("http://", "https://")) else domain + site.rstrip("/")
    self_url = str(feed.feed.get("feed_url") or "")
    if self_url.startswith(domain):  # Pelican joins FEED_DOMAIN and the path inside this (sub)site's output
        path = self_url[len(domain):]
        self_url = base + (path if path.startswith("/") else "/" + path)
    feed.feed.update({"feed_url": self_url, "link": base + "/", "id": self_url or base + "/"})
    for item in feed.items:
        item["link"] = _absolute(domain, item["link"])
        item["unique_id"] = get_tag_uri(item["link"], item.get("pubdate"))


def register():
    signals.feed_generated.connect(make_absolute)
