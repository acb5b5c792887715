"""The stylesheet is one design system: tokens in one place, each class styled by one component."""

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CSS = ROOT / "theme" / "static" / "css" / "torget.css"
SECTION = re.compile(r"/\*\s*@section\s+([\w-]+)")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
FUNCTIONAL = re.compile(r":(?:not|is|where|has)\(")


def sections(text: str) -> list[tuple[str, str]]:
    """(section name, its CSS without comments), in file order."""
    marks = list(SECTION.finditer(text))
    return [(m.group(1), COMMENT.sub("", text[m.end():marks[i + 1].start() if i + 1 < len(marks) else len(text)]))
            for i, m in enumerate(marks)]


def selectors(css: str) -> list[str]:
    """Every selector of every rule, inside media queries too (keyframe steps and at-rules left out)."""
    found = []
    for prelude in re.findall(r"([^{}]+)\{", css):
        prelude = prelude.strip()
        if prelude.startswith("@") or re.fullmatch(r"(from|to|\d+%)(\s*,\s*(from|to|\d+%))*", prelude):
            continue
        found += split_top_level(prelude)
    return found


def split_top_level(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    return [*parts, prelude[start:].strip()]


def styled_classes(selector: str) -> set[str]:
    """The classes the rule styles: those of its last compound (what it targets), not of its ancestors and
    not inside :not()/:is()/:where()/:has(), and not pseudo-elements' hosts' states."""
    compound = re.split(r"\s+|>|\+|~", selector.strip())[-1]
    while (match := FUNCTIONAL.search(compound)):
        depth, i = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(compound[i], 0)
            i += 1
        compound = compound[:match.start()] + compound[i:]
    return set(re.findall(r"\.([\w-]+)", compound))


def owners(text: str) -> dict[str, set[str]]:
    owned = defaultdict(set)
    for name, css in sections(text):
        for selector in selectors(css):
            for cls in styled_classes(selector):
                owned[cls].add(name)
    return owned


def test_each_class_is_styled_by_one_component():
    shared = {cls: sorted(names) for cls, names in owners(CSS.read_text()).items() if len(names) > 1}
    assert not shared, f"classes styled by more than one component: {shared}"


def test_the_check_finds_a_class_styled_twice():
    text = "/* @section a */ .card { color: red; } /* @section b */ @media (min-width: 1px) { .x .card:hover { color: blue; } }"
    assert owners(text)["card"] == {"a", "b"}
    assert "panel" not in owners("/* @section a */ .panel a { } .x:not(.panel) { }")


def test_colours_are_tokens():
    """A colour value outside the tokens section is a colour the dark theme cannot change."""
    stray = []
    for name, css in sections(CSS.read_text()):
        if name in ("tokens", "notice"):  # the devserver's build error keeps its own red in both themes
            continue
        stray += [f"{name}: {value}" for value in re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)", css)]
    assert not stray, stray


def test_the_dark_theme_sets_every_colour_token():
    text = CSS.read_text()
    light = re.search(r":root\s*\{(.*?)\n\}", text, re.S).group(1)
    dark = re.search(r"prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{(.*?)\}", text, re.S).group(1)
    colours = {m for m in re.findall(r"(--[\w-]+):\s*(?:#|rgb)", light)}
    assert colours - set(re.findall(r"(--[\w-]+):", dark)) == set()
