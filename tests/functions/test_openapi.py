"""The OpenAPI document and the app agree: every route is documented, every documented route exists."""

import re
from pathlib import Path

import yaml

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
METHODS = {"get", "post", "put", "patch", "delete"}


def shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_every_route_is_documented_and_every_documented_route_exists(client):
    from app import app

    document = yaml.safe_load(DOC.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    documented = {(shape("/api" + path), method.upper())
                  for path, item in document["paths"].items() for method in item if method in METHODS}
    served = {(shape(path), method) for path, methods in app.routes.items() for method in methods}
    assert served - documented == set(), "routes missing from docs/openapi.yaml"
    assert documented - served == set(), "documented routes the app does not serve"


def test_the_document_is_valid_openapi_3_1():
    # A standard validator (openapi-spec-validator), not our own reading: YAML flow mappings with unquoted
    # commas once split descriptions into keys that no tool accepts.
    from openapi_spec_validator import OpenAPIV31SpecValidator

    document = yaml.safe_load(DOC.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message[:120]}"
              for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_every_operation_documents_the_errors_every_route_can_answer():
    # Bad input (400) anywhere, no session (401) where one is needed, CSRF (403) and rate limits (429) on every
    # write, a missing item (404) under an id, and a busy table (503): each in the error envelope.
    document = yaml.safe_load(DOC.read_text(encoding="utf-8"))
    missing = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS or path.startswith("/auth/"):
                continue
            codes = {str(code) for code in operation["responses"]}
            need = {"503"} | ({"400"} if path != "/health" else set())
            need |= {"401"} if operation.get("security") != [] else set()
            need |= {"403", "429"} if method != "get" else set()
            need |= {"404"} if "{" in path else set()
            missing += [f"{method.upper()} {path} {code}" for code in sorted(need - codes)]
    assert missing == []
