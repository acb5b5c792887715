"""The GitHub Actions template: tests on every push, deploys from main only, with OIDC and no stored keys."""

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "deploy.yml"


def test_the_workflow_tests_then_deploys_main_through_oidc():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    test, deploy = workflow["jobs"]["test"], workflow["jobs"]["deploy"]
    assert any(step.get("run") == "make test" for step in test["steps"])
    assert any(step.get("run") == "make check-content" for step in test["steps"])
    assert deploy["needs"] == "test" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"]["id-token"] == "write" and workflow["permissions"] == {"contents": "read"}
    [credentials] = [step for step in deploy["steps"] if "configure-aws-credentials" in step.get("uses", "")]
    assert "role-to-assume" in credentials["with"]
    assert "aws-access-key-id" not in credentials["with"] and "secrets." not in WORKFLOW.read_text()
    assert deploy["steps"][-1]["run"] == "make deploy"
