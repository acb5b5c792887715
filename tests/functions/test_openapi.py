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
