"""The infra tests run in the same worker as others: what they write into the environment stays here."""

import os

import pytest


@pytest.fixture(autouse=True, scope="module")
def environment_kept():
    # Synthesis (chalice's packager applies the stack's settings, UPLOADS_BUCKET a CDK token among them) and
    # the deploy step (TABLE_NAME) write into os.environ; the next test file in this worker must not see them.
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)
