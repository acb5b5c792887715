"""Publishing through the GitHub App path, against a local stand-in of the GitHub endpoints it uses:
one commit with the writer as author, review as a branch and pull request, a blob-SHA conflict,
an installation token that expired early, and how many API calls one publish makes."""

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import body
from tests.functions.github_standin import GitHub, blob_id, serve
from tests.functions.test_articles import PNG, new_draft, publish, upload

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def github(monkeypatch, people, articles):
    from chalicelib import repository

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    standin = GitHub("fjallvind/intranet", "123456", key.public_key(), CONTENT)
    server, url = serve(standin)
    for name, value in {"PUBLISH_REPOSITORY": "github", "GITHUB_REPOSITORY": "fjallvind/intranet",
                        "GITHUB_APP_ID": "123456", "GITHUB_INSTALLATION_ID": "42", "GITHUB_APP_KEY": pem,
                        "GITHUB_API": url, "PUBLISH_BRANCH": "main"}.items():
        monkeypatch.setenv(name, value)
    repository.current.cache_clear()
    yield standin
    server.shutdown()
    repository.current.cache_clear()


@pytest.fixture
def karin(people, github):
    return people("karin.ek", "Karin Ek", ("employee", "editor", "admin"))


def added_by(standin: GitHub, ref: str = "main") -> dict:
    """The files the ref's newest commit changed against its first parent."""
    commit = standin.commits[standin.refs[ref]]
    before = standin.files_at(commit["parents"][0])
    return {path: sha for path, sha in standin.files_at(ref).items() if before.get(path) != sha}


def test_one_publish_is_one_commit_by_the_writer_with_the_file_and_its_image(karin, github):
    key = upload(karin)
    draft = new_draft(karin, text=f"Kallt.\n\n![Vindkraftverk i snö](/uploads/{key})\n")
    github.calls.clear()
    response = publish(karin, draft)
    assert response.status_code == 200, response.body
    commit = github.commits[github.refs["main"]]
    assert commit["author"] == {"name": "Karin Ek", "email": "karin.ek@x.example"}
    image = f"content/images/blog/vintern-i-storliden/{key.rsplit('/', 1)[1].lower()}"
    changed = added_by(github)
    assert sorted(changed) == sorted(["content/blog/vintern-i-storliden.md", image])
    assert github.blobs[changed[image]] == PNG
    text = github.blobs[changed["content/blog/vintern-i-storliden.md"]].decode()
    assert text.startswith("Title: Vintern i Storliden\n") and "Author: Karin Ek\n" in text
    # The figure for the closing note: calls to GitHub for one publish with one image, token included.
    calls = [f"{method} {path.split('/repos/fjallvind/intranet')[-1]}" for method, path in github.calls]
    print(f"\nGitHub API calls for one publish with one image: {len(calls)}: {calls}")
    writes = [call for call in calls if not call.startswith("GET")]
    assert writes == ["POST /app/installations/42/access_tokens", "POST /git/blobs", "POST /git/trees", "POST /git/commits",
                      "PATCH /git/refs/heads/main"]
    assert len(calls) <= 11


def test_a_changed_file_is_refused_with_both_versions_and_nothing_is_committed(people, github):
    johan = people("johan.lind", "Johan Lind", ("employee", "editor"))
    draft = body(johan.send("POST", "/api/articles", json.dumps({"source": "news/julbord.md"})))
    mine = body(johan.send("PATCH", f"/api/articles/{draft['id']}",
                           json.dumps({"version": draft["version"], "text": draft["text"] + "\nMin rad.\n"})))
    original = github.blobs[github.files_at("main")["content/news/julbord.md"]]
    github.change_on_main("content/news/julbord.md", original + b"\nDeras rad.\n")
    head = github.refs["main"]
    response = publish(johan, mine)
    assert response.status_code == 409
    error = body(response)["error"]
    assert error["code"] == "edit_conflict" and "Deras rad." in error["theirs"] and "Min rad." in error["mine"]
    assert error["theirsSha"] == blob_id(original + b"\nDeras rad.\n")
    assert github.refs["main"] == head


def test_an_installation_token_that_expired_early_is_renewed_once(karin, github):
    first = new_draft(karin, title="Första")
    assert publish(karin, first).status_code == 200
    github.expire_tokens()  # revoked, or the hour ran out early: GitHub answers 401
    github.calls.clear()
    second = new_draft(karin, title="Andra")
    assert publish(karin, second).status_code == 200
    token_calls = [call for call in github.calls if call[1].endswith("/access_tokens")]
    assert len(token_calls) == 1
    assert "content/blog/andra.md" in github.files_at("main")


def test_a_token_is_reused_for_its_hour(karin, github):
    for title in ("Ett", "Två"):
        assert publish(karin, new_draft(karin, title=title)).status_code == 200
    assert len([call for call in github.calls if call[1].endswith("/access_tokens")]) == 1


def test_review_is_a_branch_and_a_pull_request_and_publishing_is_its_merge(people, github):
    ahmed = people("ahmed.hassan", "Ahmed Hassan", ("employee", "author"))
    johan = people("johan.lind", "Johan Lind", ("employee", "editor"))
    draft = new_draft(ahmed, category="news", title="Ny portal", text="Från januari.\n")
    github.calls.clear()
    submitted = body(publish(ahmed, draft))
    submit_calls = len(github.calls)
    assert submitted["state"] == "review"
    assert submitted["reviewUrl"] == "https://github.example/fjallvind/intranet/pull/1"
    assert "content/news/ny-portal.md" not in github.files_at("main")
    assert github.commits[github.refs["torget/ny-portal"]]["author"]["name"] == "Ahmed Hassan"
    github.calls.clear()
    approved = johan.send("POST", f"/api/articles/{draft['id']}/approve")
    print(f"\nGitHub API calls: submitting for review {submit_calls}, approving {len(github.calls)}")
    assert approved.status_code == 200 and body(approved)["state"] == "publishing"
    assert "content/news/ny-portal.md" in github.files_at("main")
    assert "torget/ny-portal" not in github.refs and github.pulls[0]["state"] == "closed"
    merge = github.commits[github.refs["main"]]
    assert github.commits[merge["parents"][1]]["author"]["name"] == "Ahmed Hassan"
