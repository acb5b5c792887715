"""The infra tests run in the same worker as others: what they write into the environment stays here."""

import os

import pytest


@pytest.fixture(autouse=True, scope="module")
def environment_kept():
    # The deploy step writes TABLE_NAME into os.environ (synthesis gives the environment back itself:
    # infra/synth.py); the next test file in this worker must not see it.
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)
