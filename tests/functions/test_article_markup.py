"""One allowlist for articles: the web editor's preview (CommonMark) and the site (Python-Markdown, as
Pelican renders it) keep the same elements and attributes, and drop the same dangerous ones."""

from html.parser import HTMLParser

import pytest
from chalicelib.article_markup import clean, removed_by_site, render, render_site

ARTICLE = """## Rubrik

Text med **fet**, *kursiv*, `kod`, ~~struken~~ och [en länk](https://example.com/ "Titel") och [intern](/news/julbord/).

![Kontoret]({static}/images/kontoret.svg)

| Vänster | Mitten | Höger |
|:--|:-:|--:|
| a | b | c |

- ett
- två

> citat

```
kod
```

### Mindre rubrik

---
"""


def elements(markup: str) -> list[tuple]:
    found = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, tuple(sorted(attrs))))

    Reader().feed(markup)
    return found


def test_preview_and_site_keep_the_same_elements():
    site = elements(clean(render_site(ARTICLE), resolve=True))
    assert elements(render(ARTICLE)) == site
    assert ("img", (("alt", "Kontoret"), ("src", "/images/kontoret.svg"))) in site
    assert ("th", (("style", "text-align:center"),)) in site


def leaves(value: str) -> bool:
    """A URL a browser would follow off the site or into script (tabs and line breaks removed, spaces trimmed)."""
    url = "".join(ch for ch in value if ch not in "\t\n\r").strip().lower()
    return url.startswith(("javascript:", "vbscript:", "data:", "//", "/\\", "\\", "https://tracker"))


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](<java\tscript:alert(1)>)",
    "[x](data:text/html,<script>alert(1)</script>)", "[x](//attacker.example/x)", "[x](/\\attacker.example/x)",
    "[x]( //attacker.example/x)", "![x](https://tracker.example/p.gif)", "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "[x][1]\n\n[1]: javascript:alert(1)",
])
def test_links_and_images_leave_the_site_only_as_allowed(text):
    for rendered in (render(text), clean(render_site(text)), clean(render_site(text), resolve=True)):
        values = [value or "" for _, attributes in elements(rendered) for name, value in attributes if name in ("href", "src")]
        assert not [value for value in values if leaves(value)], rendered


def test_the_site_drops_attributes_outside_the_list_but_keeps_footnotes():
    text = "## Rubrik {: #om-oss }\n\nText[^1]\n{: onclick=\"alert(1)\" class=\"button\" id=\"x\" }\n\n[^1]: Fotnot."
    html = clean(render_site(text))
    assert "onclick" not in html and "button" not in html
    assert 'class="footnote-ref"' in html and 'href="#fn:1"' in html and 'id="fn:1"' in html
    assert '<h2 id="om-oss">' in html and 'id="x"' not in html  # a heading's anchor links within the page


def test_what_the_site_would_remove_is_named_with_its_line():
    text = "Title: X\n\nHej\n\n[klicka](javascript:alert(1))\n\nStycke\n{: onmouseover=\"alert(1)\" }\n\n<script>x</script>\n"
    assert removed_by_site(text) == [{"what": 'href="javascript:alert(1)"', "line": 5},
                                     {"what": "onmouseover", "line": 8}, {"what": "<script>", "line": 10}]
    assert removed_by_site("Title: X\n\nHej [länk](https://example.com/) och ![bild]({static}/images/a.png)\n") == []
