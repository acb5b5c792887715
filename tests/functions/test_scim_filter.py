"""SCIM filters and paths, checked against a second parser of the same grammar (scim2-filter-parser, used by
the tests only): both accept and refuse the same filters, and matching gives what RFC 7644's examples mean."""

import pytest
from chalicelib import scim_filter
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser

# RFC 7644 §3.4.2.2's examples, what providers send, and broken ones.
FILTERS = [
    'userName eq "bjensen"', 'name.familyName co "O\'Malley"', 'userName sw "J"',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', "title pr", 'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified ge "2011-05-13T04:42:34Z"', 'meta.lastModified lt "2011-05-13T04:42:34Z"',
    'title pr and userType eq "Employee"', 'title pr or userType eq "Intern"',
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    'externalId eq "00u1abcd"', 'emails.value eq "sara@x.se"', 'displayName eq "Ledningsgruppen"', "active eq true",
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "karin.ek"', "x eq null", "count gt 5",
    "userName eq", 'userName xx "a"', '(userName eq "a"', 'userName eq "a" b', 'userName eq "a', "and", "", "   ",
    'userName eq "a" and', 'not userName eq "a"', '[type eq "work"]', 'emails[type eq "work"', "userName eq 'single'",
]


def second_parser_accepts(text: str) -> bool:
    try:
        SCIMParser().parse(SCIMLexer().tokenize(text))
        return True
    except Exception:
        return False


@pytest.mark.parametrize("text", FILTERS)
def test_the_filter_grammar_accepts_and_refuses_what_a_second_parser_does(text):
    try:
        scim_filter.parse(text)
        ours = True
    except scim_filter.InvalidFilter:
        ours = False
    assert ours == second_parser_accepts(text) or not text.strip(), text


def test_strings_are_json_strings_with_escapes_as_rfc_7644_says_though_the_second_parser_refuses_them():
    assert scim_filter.parse('userName eq "a \\"quoted\\" name"') == ("eq", ("username",), 'a "quoted" name')
    assert not second_parser_accepts('userName eq "a \\"quoted\\" name"')


BJENSEN = {
    "userName": "bjensen", "name": {"familyName": "Jensen", "givenName": "Barbara"}, "title": "Tour Guide",
    "userType": "Employee", "active": True,
    "emails": [{"value": "bjensen@example.com", "type": "work"}, {"value": "babs@jensen.org", "type": "home"}],
    "meta": {"lastModified": "2011-05-13T04:42:34Z"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Tour Operations",
                                                                    "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}},
}


@pytest.mark.parametrize("text, expected", [
    ('userName eq "BJensen"', True), ('name.familyName co "ens"', True), ('userName sw "J"', False),
    ("title pr", True), ("nickName pr", False), ('meta.lastModified gt "2011-05-13T04:42:33Z"', True),
    ('meta.lastModified gt "2011-05-13T04:42:34Z"', False), ('title pr and userType eq "Employee"', True),
    ('userType eq "Employee" and (emails co "example.org" or emails.value co "jensen.org")', True),
    ('userType ne "Employee" and not (emails co "example.com")', False),
    ('emails[type eq "work" and value co "@example.com"]', True), ('emails[type eq "home" and value co "@example.com"]', False),
    ('department eq "tour operations"', True), ('manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"', True),
    ("active eq true", True), ("active eq false", False), ("nickName eq null", True),
])
def test_matching_means_what_the_rfc_examples_mean(text, expected):
    assert scim_filter.matches(scim_filter.parse(text), BJENSEN) is expected


def test_paths_name_an_attribute_a_filtered_value_and_a_sub_attribute():
    assert scim_filter.parse_path('members[value eq "2819c223"]') == (("members",), ("eq", ("value",), "2819c223"), None)
    assert scim_filter.parse_path('emails[type eq "work"].value') == (("emails",), ("eq", ("type",), "work"), "value")
    assert scim_filter.parse_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager") == (
        ("manager",), None, None)
    for bad in ("", "members[", "members[value eq]", "a b", "emails[type eq \"work\"].value.x"):
        with pytest.raises(scim_filter.InvalidPath):
            scim_filter.parse_path(bad)


def test_deep_or_long_filters_are_refused_not_a_crash():
    with pytest.raises(scim_filter.InvalidFilter):
        scim_filter.parse("(" * 50 + 'a eq "b"' + ")" * 50)
    with pytest.raises(scim_filter.InvalidFilter):
        scim_filter.parse('a eq "' + "x" * 3000 + '"')
