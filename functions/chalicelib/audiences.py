"""Audiences: who an article is for, in its front matter (`Audience: office=Storliden, group=Ledningsgruppen`).

Rules are `key=value` over what the company's directory says (department, office, division, a directory group,
or a role), separated by commas; an article is for someone when any rule holds for them. Targeting decides
relevance only: what is for me leads, what is for others is left out of my listings, feed and digests, and
stays readable by its link and in search, marked with its audience.
"""

import re

from chalicelib.errors import ValidationFailed

KEYS = ("department", "office", "division", "group", "role")
RULE = re.compile(r"^\s*([A-Za-z]+)\s*=\s*(\S(?:.{0,78}\S)?)\s*$")
MAX_RULES = 10


def parse(text) -> tuple[tuple[str, str], ...]:
    """The rules of an Audience line, values folded; () for none. Raises ValidationFailed naming the bad part."""
    if text is None or not str(text).strip():
        return ()
    rules = []
    for part in str(text).split(","):
        match = RULE.match(part)
        if not match or match.group(1).lower() not in KEYS:
            raise ValidationFailed(f"Audience: “{part.strip()[:40]}” is not key=value with a key of {', '.join(KEYS)}",
                                   field="audience")
        rules.append((match.group(1).lower(), match.group(2).casefold()))
    if len(rules) > MAX_RULES:
        raise ValidationFailed(f"Audience: at most {MAX_RULES} rules", field="audience")
    return tuple(dict.fromkeys(rules))


def text(rules) -> str:
    """The rules written back as an Audience line (what the build hands the API)."""
    return ", ".join(f"{key}={value}" for key, value in rules)


def facts(person: dict, group_names=()) -> set[tuple[str, str]]:
    """What the directory says of a person, as (key, folded value) pairs the rules are compared with."""
    found = {(key, str(person[key]).casefold()) for key in ("department", "office", "division") if person.get(key)}
    found |= {("role", role.casefold()) for role in person.get("roles") or []}
    found |= {("group", name.casefold()) for name in group_names if name}
    return found


def matches(rules, known: set) -> bool:
    """Whether content with these rules is for someone with these facts (no rules: for everyone)."""
    return not rules or any(rule in known for rule in rules)
