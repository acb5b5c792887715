"""Article HTML: one allowlist for every article, page and profile body and summary, whatever wrote it.

The site is built by Pelican with Python-Markdown (`SITE_MARKDOWN`, which `pelicanconf.py` uses), and
the `sanitize` plugin passes every body and summary it renders through `clean()` here, whether the file
came from the web editor or a `git push`. The web editor's live preview renders with the CommonMark
parser comments use (headings from h2, tables, images) and passes the same `clean()`, so preview and
site keep the same elements. Links go only to http(s), mailto or the site itself; images come only
from the site (`{static}/images/...` as the site will serve them, or an upload of the writer's), so no
reader's browser fetches anything from elsewhere; no attribute outside the list survives (`attr_list`'s
`{: onclick=... }` included). Before a web edit is committed, `removed_by_site()` runs the site's own
renderer on the text and says what the sanitiser would take out, beside its line.
"""

import re

# Python-Markdown as the site renders articles (Pelican's default set without codehilite).
SITE_MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.meta": {}},
    "output_format": "html5",
}
TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr", "del", "ins",
        "s", "sub", "sup", "h1", "h2", "h3", "h4", "h5", "h6", "img", "table", "thead", "tbody", "tfoot", "tr", "th",
        "td", "caption", "dl", "dt", "dd", "abbr", "div", "span", "kbd", "mark", "small", "figure", "figcaption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}, "ol": {"start"},
              "th": {"style"}, "td": {"style"}, "abbr": {"title"}, "sup": {"id"}, "li": {"id"},
              **{heading: {"id"} for heading in HEADINGS}}
# Footnotes (Python-Markdown's `extra`) are the only classes an article's HTML carries.
CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
URL_SCHEMES = {"http", "https", "mailto"}
SITE_IMAGE = re.compile(r"^/(?:uploads/u/[a-z0-9._-]+/[0-9A-HJKMNP-TV-Z]{26}\.(?:jpg|png|webp|gif)|images/[A-Za-z0-9._/-]+)$")
PLACEHOLDERS = ("{static}", "{filename}", "{attach}")
ANCHOR_ID = re.compile(r"^[A-Za-z][A-Za-z0-9:._-]{0,79}$")
ALIGN = re.compile(r"^\s*text-align\s*:\s*(left|center|right)\s*;?\s*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_parser = None


def _parser_instance():
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "maxNesting": 20})
        parser.enable("table")  # not strikethrough: the site's Markdown (`extra`) has none, so ~~ stays text
        _parser = parser
    return _parser


def _site_path(url: str) -> str:
    url = url.replace("%7B", "{").replace("%7D", "}")
    for marker in PLACEHOLDERS:
        if url.startswith(marker):
            return url[len(marker):] if url[len(marker):].startswith("/") else "/" + url[len(marker):]
    return url


def _url(value: str) -> str:
    """A URL as a browser reads it: tabs and line breaks anywhere and spaces and controls around are ignored."""
    return re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13"
                                                "\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")


def _off_site(url: str) -> bool:
    """`//host/x` and `/\\host/x` leave the site although they carry no scheme."""
    return bool(re.match(r"^[/\\]{2}|^/?\\", url))


def _filter(resolve: bool):
    """nh3's attribute filter: site images, on-site or http(s)/mailto links, footnote ids, table alignment."""

    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        if attribute == "src":  # only <img> has one
            url = _url(value)
            if resolve:
                path = _site_path(url)
                return path if SITE_IMAGE.match(path) else None
            # The site keeps Pelican's placeholders and site paths for Pelican to resolve; nothing with a scheme.
            return value if url and not SCHEME.match(url) and not _off_site(url) else None
        if attribute == "href":
            url = _url(value)
            if _off_site(url):
                return None
            return _site_path(url) if resolve else value
        if attribute == "id":
            return value if ANCHOR_ID.match(value) else None
        if attribute == "style":
            match = ALIGN.match(value)
            return f"text-align:{match.group(1)}" if match else None
        return value

    return attribute_filter


_SITE_FILTER = _filter(resolve=False)
_PREVIEW_FILTER = _filter(resolve=True)


def clean(raw: str, resolve: bool = False) -> str:
    """Rendered article HTML through the allowlist. `resolve`: show Pelican's `{static}` links as the
    site will serve them (the preview); the site keeps them for Pelican to resolve."""
    import nh3  # a compiled extension of ~2 ms; only previews and builds need it

    return nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, allowed_classes=CLASSES, url_schemes=URL_SCHEMES,
                     link_rel="noopener", strip_comments=True,
                     attribute_filter=_PREVIEW_FILTER if resolve else _SITE_FILTER).strip()


def render(text: str) -> str:
    """The web editor's preview: CommonMark with the article's headings (from h2), tables and images."""
    tokens = _parser_instance().parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":  # the title is the page's h1
            token.tag = "h2"
    return clean(_parser_instance().renderer.render(tokens, _parser_instance().options, {}), resolve=True)


def render_site(text: str) -> str:
    """The text as the site's own renderer (Python-Markdown, as Pelican runs it) makes it, before cleaning."""
    import markdown  # ~32 ms: only the publish check renders as the site does

    options = SITE_MARKDOWN["extension_configs"]
    return markdown.Markdown(extensions=list(options), extension_configs=options,
                             output_format=SITE_MARKDOWN["output_format"]).convert(text)


def removed_by_site(text: str) -> list[dict]:
    """What the site's sanitiser would take out of this Markdown: [{what, line}], `what` saying the element,
    attribute or link, `line` the first line of the text that holds it (1-based; None when no line does)."""
    from html.parser import HTMLParser

    found: list[dict] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in TAGS:
                found.append({"what": f"<{tag}>", "needle": f"<{tag}"})
                return
            for name, value in attrs:
                value = value or ""
                kept = clean(f"<{tag} {name}=\"{_escape(value)}\">x</{tag}>")
                if f" {name}=" in kept or (name == "class" and "class=" in kept):
                    continue
                if name in ("href", "src"):
                    found.append({"what": f"{name}=\"{value[:60]}\"", "needle": _url(value)[:40] or name})
                else:
                    what = name if name.startswith("on") else f"{name}=\"{value[:40]}\""
                    found.append({"what": what, "needle": name})

    Reader(convert_charrefs=True).feed(render_site(text))
    lines = text.lower().splitlines()
    removed, seen = [], set()
    for item in found:
        if item["what"] in seen:
            continue
        seen.add(item["what"])
        needle = item["needle"].lower()
        line = next((number for number, content in enumerate(lines, start=1) if needle in content), None)
        removed.append({"what": item["what"], "line": line})
    return removed


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;")
