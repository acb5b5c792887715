"""Schemathesis against the local stack: generated requests for every operation in
docs/openapi.yaml, sent to a devserver of its own. No response may be a server error,
and every response must match the document."""

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

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


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_responses_match_the_document(case, fuzzed):
    url, token = fuzzed
    case.call_and_validate(base_url=url + "/api", headers={"Cookie": f"torget_session={token}",
                                                          "X-Requested-With": "torget"},
                           checks=[not_a_server_error, response_schema_conformance, status_code_conformance])
