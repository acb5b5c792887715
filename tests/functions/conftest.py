"""People most API tests act as: logged in, with the demo articles registered."""

import json

import pytest

SCIM_TOKEN = "scim-test-token-0123456789abcdef"


class Scim:
    """The company's provisioning service: SCIM requests with the bearer token."""

    def __init__(self, client, token=SCIM_TOKEN):
        self.client, self.token = client, token

    def __call__(self, method, path, payload=None, token=None, **headers):
        sent = {"authorization": f"Bearer {token or self.token}", "content-type": "application/scim+json", **headers}
        data = json.dumps(payload).encode() if payload is not None and not isinstance(payload, bytes) else payload or b""
        return self.client.http.request(method, "/api/scim/v2" + path, headers=sent, body=data)


@pytest.fixture
def scim(client, settings_env, articles):
    settings_env(SCIM_TOKEN=SCIM_TOKEN)
    return Scim(client)


@pytest.fixture
def sara(people, articles):
    return people("sara.nilsson", "Sara Nilsson")


@pytest.fixture
def karin(people, articles):
    return people("karin.ek", "Karin Ek", ("employee", "editor", "admin"))


@pytest.fixture
def content_repo(tmp_path, monkeypatch):
    """A git repository holding a copy of the project's content/, for publishing into (never the project's own)."""
    import shutil
    import subprocess
    from pathlib import Path

    from chalicelib import repository

    root = tmp_path / "site"
    shutil.copytree(Path(__file__).parents[2] / "content", root / "content")
    git = lambda *args: subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout  # noqa: E731
    git("init", "-q", "-b", "main")
    git("add", "content")
    git("-c", "user.name=Editor", "-c", "user.email=editor@x.example", "commit", "-q", "-m", "Content")
    monkeypatch.setenv("PUBLISH_REPOSITORY", str(root))
    repository.current.cache_clear()
    yield root, git
    repository.current.cache_clear()


@pytest.fixture
def writers(people, articles, content_repo):
    """Karin (admin, editor: publishes directly), Johan (editor), Ahmed (author: submits for review), Sara."""
    return {
        "karin": people("karin.ek", "Karin Ek", ("employee", "editor", "admin")),
        "johan": people("johan.lind", "Johan Lind", ("employee", "editor")),
        "ahmed": people("ahmed.hassan", "Ahmed Hassan", ("employee", "author", "moderator")),
        "sara": people("sara.nilsson", "Sara Nilsson"),
    }
