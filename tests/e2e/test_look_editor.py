"""The look-at-it test (test_look.py) as an editor: a file of its own, so parallel test workers share the roles."""

import pytest

from tests.e2e.test_look import look

pytestmark = pytest.mark.browser


def test_every_page_looks_right_for_editor_in_every_language_and_viewport(browser, devserver):
    look(browser, devserver, "editor")
