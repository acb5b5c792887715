"""User Markdown to safe HTML, once, at write time.

CommonMark (markdown-it-py) with raw HTML off and a nesting limit, then an
allowlist sanitiser (nh3): links http/https/mailto with
rel="nofollow noopener ugc", no images (an image shows as its alt text, so
no reader's browser ever fetches a tracker), no headings (the page owns
those). Mentions (@person.id) become links to the person.
"""

import html
import re
import unicodedata

from chalicelib.errors import ValidationFailed

MAX_CHARS = 10_000
MAX_BYTES = 40_000
MAX_COMBINING = 8
MAX_MENTIONS = 50
ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "class", "data-person"}, "ol": {"start"}}
MENTION = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9._-]{0,62}[a-z0-9])", re.IGNORECASE)
# C0 controls except tab and newline, DEL, C1 controls: never meaningful in text.
CONTROL = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]")
_parser = None


def clean_text(value: object, field: str = "text", max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES) -> str:
    """User text as stored: a string, controls stripped, within limits; raises ValidationFailed."""
    if not isinstance(value, str):
        raise ValidationFailed(f"{field}: must be text", field=field)
    text = CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise ValidationFailed(f"{field}: must not be empty", field=field)
    if len(text) > max_chars or len(text.encode("utf-8")) > max_bytes:
        raise ValidationFailed(f"{field}: must be at most {max_chars} characters", field=field, code="too_long")
    run = 0
    for char in text:
        run = run + 1 if unicodedata.combining(char) else 0
        if run > MAX_COMBINING:
            raise ValidationFailed(f"{field}: too many combining marks on one letter", field=field)
    return text


def mentioned_ids(text: str) -> list[str]:
    """The person ids @-mentioned in a text (lower-cased, unique, in order)."""
    seen = []
    for match in MENTION.finditer(text):
        person_id = match.group(1).lower()
        if person_id not in seen:
            seen.append(person_id)
    return seen[:MAX_MENTIONS]


def _parser_instance():
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "maxNesting": 20})
        parser.disable(["heading", "lheading"])
        parser.renderer.rules["image"] = _image_as_text
        parser.core.ruler.push("mentions", _mentions_rule)
        _parser = parser
    return _parser


def _image_as_text(tokens, idx, options, env):
    return html.escape(tokens[idx].content or "")


def _mentions_rule(state):
    people = state.env.get("people") or {}
    if not people:
        return
    from markdown_it.token import Token

    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children, in_link = [], 0
        for token in block.children:
            if token.type == "link_open":
                in_link += 1
            elif token.type == "link_close":
                in_link -= 1
            if token.type != "text" or in_link or "@" not in token.content:
                children.append(token)
                continue
            position = 0
            for match in MENTION.finditer(token.content):
                person = people.get(match.group(1).lower())
                if person is None:
                    continue
                if match.start() > position:
                    children.append(_text(Token, token.content[position:match.start()]))
                link = Token("link_open", "a", 1)
                link.attrs = {"href": f"/people/person/?id={person['id']}", "class": "mention", "data-person": person["id"]}
                children += [link, _text(Token, "@" + person["name"]), Token("link_close", "a", -1)]
                position = match.end()
            if position < len(token.content):
                children.append(_text(Token, token.content[position:]))
        block.children = children


def _text(token_class, content):
    token = token_class("text", "", 0)
    token.content = content
    return token


def render(text: str, people: dict | None = None) -> str:
    """Sanitised HTML for Markdown text; `people` maps mentionable ids to {id, name}."""
    import nh3

    raw = _parser_instance().render(text, {"people": people or {}})
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    ).strip()


BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|hr|blockquote|pre)\b[^>]*>")


def plain_text(text: str) -> str:
    """Markdown as the words a reader sees, on one line: no markup, entities decoded (titles, subjects)."""
    rendered = BLOCK_TAG.sub(" ", render(text))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())
