"""An article's Markdown as its page will show it, for the web editor's live preview.

The site itself is built by Pelican (Python-Markdown); the preview uses the
same CommonMark parser as comments, with what articles have and comments
do not: headings (from h2; the title is the h1), tables and images. Images
may only come from the site itself: `{static}/images/...` (as the site
will serve them) or an upload of the writer's (`/uploads/...`), so a
preview never fetches anything from elsewhere. Raw HTML is not rendered.
"""

import re

TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr", "del", "h2", "h3",
        "h4", "h5", "h6", "img", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
SITE_IMAGE = re.compile(r"^/(?:uploads/u/[a-z0-9._-]+/[0-9A-HJKMNP-TV-Z]{26}\.(?:jpg|png|webp|gif)|images/[A-Za-z0-9._/-]+)$")
_parser = None


def _parser_instance():
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "maxNesting": 20})
        parser.enable("table").enable("strikethrough")
        _parser = parser
    return _parser


def _site_path(url: str) -> str:
    url = url.replace("%7B", "{").replace("%7D", "}")
    for marker in ("{static}", "{filename}", "{attach}"):
        if url.startswith(marker):
            return url[len(marker):] if url[len(marker):].startswith("/") else "/" + url[len(marker):]
    return url


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        path = _site_path(value)
        return path if SITE_IMAGE.match(path) else None
    if element == "a" and attribute == "href":
        return _site_path(value)
    if attribute == "style":
        return value if value in ("text-align:left", "text-align:center", "text-align:right") else None
    return value


def render(text: str) -> str:
    import nh3

    tokens = _parser_instance().parse(text)
    for token in tokens:
        if token.type == "heading_open" and token.tag == "h1":  # the title is the page's h1
            token.tag = "h2"
        if token.type == "heading_close" and token.tag == "h1":
            token.tag = "h2"
    raw = _parser_instance().renderer.render(tokens, _parser_instance().options, {})
    return nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener", strip_comments=True, attribute_filter=_attribute_filter).strip()
