"""Every body and summary the site shows passes one allowlist, whatever wrote it.

Markdown may hold raw HTML and `attr_list` attributes, and links may name any scheme: an article
pushed with git, or a web edit, could otherwise put `<script>`, `onclick=` or a `javascript:` link
on every page that shows it (the article, listings, feeds, the search index). Each article's and
page's text and its `Summary:` go through `chalicelib.article_markup.clean`, the allowlist the web
editor's preview uses, as soon as Pelican has read them and before anything renders, copies or
indexes them. Pelican's `{static}` and `{filename}` links are kept for Pelican to resolve.
Templates autoescape everything else (titles, tags, names); only this HTML is marked safe.
"""

import os
import sys

from pelican import signals
from pelican.contents import Article, Page

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "functions"))
from chalicelib.article_markup import clean


def sanitise(content) -> None:
    if not isinstance(content, (Article, Page)):
        return
    content._content = clean(content._content or "")
    if "summary" in content.metadata:
        summary = clean(str(content.metadata["summary"] or ""))
        content.metadata["summary"] = summary
        content._summary = summary


def register():
    signals.content_object_init.connect(sanitise)
