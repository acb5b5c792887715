"""Schemathesis against the local stack: generated requests for every operation in
docs/openapi.yaml, sent to a devserver of its own. No response may be a server error,
every response must match the document (its status code listed), and every request the document calls valid
must be accepted."""

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
# Login, callback and logout redirect to the provider or end the session the fuzzer needs.
schema = schemathesis.openapi.from_path(ROOT / "docs" / "openapi.yaml").exclude(path_regex="^/auth/")


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    from bench.common import log_in
    from tests.conftest import Devserver

    server = Devserver(tmp_path_factory.mktemp("fuzz"))
    try:
        yield server.url, log_in(server.url, "karin.ek")  # an admin and editor: the most routes open
    finally:
        server.stop()


# What a schema cannot tell valid: signed values (a page cursor, an unsubscribe or erasure token), references
# that must name something of the caller's (an upload, a published file or slug), and a time relative to now
# (publishAt, at most a year ahead). A made-up one is refused, as it must be. Every other request the
# document calls valid must be accepted (no 400 or 422).
SIGNED = {"cursor", "t"}
STATEFUL = {"token", "images", "photo", "source", "translationOf", "publishAt"}


def accepts_valid_requests(ctx, response, case):
    if SIGNED & set(case.query or {}) or (isinstance(case.body, dict) and STATEFUL & set(case.body)):
        return None
    return positive_data_acceptance(ctx, response, case)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_responses_match_the_document(case, fuzzed):
    url, token = fuzzed
    case.call_and_validate(base_url=url + "/api", headers={"Cookie": f"torget_session={token}",
                                                          "X-Requested-With": "torget"},
                           checks=[not_a_server_error, response_schema_conformance, status_code_conformance,
                                   accepts_valid_requests])
