"""A repository on GitHub, written as a GitHub App (production).

Plain HTTPS with the standard library and PyJWT (already shipped for OIDC):
no SDK to load at cold start. The App's private key is read once from
Secrets Manager; an installation token is cached for its hour (renewed 5
minutes early, and at once when GitHub answers 401). A commit goes through
the Git Data API (blobs, tree, commit, ref) so one commit holds the
Markdown file and its images, with the person as the commit's author; the
App is the committer. A review is a branch plus a pull request; publishing
it is the pull request's merge.

Settings: GITHUB_REPOSITORY (owner/name), GITHUB_APP_ID, GITHUB_INSTALLATION_ID,
GITHUB_APP_KEY_SECRET (the Secrets Manager name of the PEM), PUBLISH_BRANCH
(default main), GITHUB_API (default https://api.github.com; the tests'
stand-in).
"""

import base64
import calendar
import json
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import quote

from chalicelib.config import _secret, github_app
from chalicelib.repository.interface import FileChanged, NotMergeable, Repository, RepositoryError

TIMEOUT = 10
RENEW_BEFORE = 300


class GitHubRepository(Repository):
    def __init__(self, repository: str, app_id: str, installation_id: str, private_key, base: str = "main",
                 api: str = "https://api.github.com"):
        self.repository, self.app_id, self.installation_id = repository, app_id, installation_id
        self._private_key = private_key  # the PEM, or a function that reads it when first needed
        self.base, self.api = base, api.rstrip("/")
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()
        self.calls = 0  # API calls made (the tests and the closing figures count them)

    @classmethod
    def from_environment(cls) -> "GitHubRepository":
        app = github_app()

        def key() -> str:
            return app["key"] or _secret(app["key_secret"])

        return cls(app["repository"], app["app_id"], app["installation"], key, app["branch"], app["api"])

    # --- HTTP ---
    def _app_jwt(self) -> str:
        import jwt

        key = self._private_key() if callable(self._private_key) else self._private_key
        now = int(time.time())
        return jwt.encode({"iat": now - 60, "exp": now + 540, "iss": str(self.app_id)}, key, algorithm="RS256")

    def _installation_token(self, renew: bool = False) -> str:
        with self._lock:
            if self._token and not renew and self._token[1] - RENEW_BEFORE > time.time():
                return self._token[0]
            status, body = self._send("POST", f"/app/installations/{self.installation_id}/access_tokens",
                                      None, f"Bearer {self._app_jwt()}")
            if status != 201:
                raise RepositoryError(f"GitHub refused an installation token ({status})")
            expires = calendar.timegm(time.strptime(body["expires_at"], "%Y-%m-%dT%H:%M:%SZ"))
            self._token = (body["token"], expires)
            return self._token[0]

    def _send(self, method: str, path: str, payload, authorization: str) -> tuple[int, dict | list | None]:
        self.calls += 1
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.api + path,  # noqa: S310 - our own API URL
                                          data=data, method=method, headers={
            "Accept": "application/vnd.github+json", "Authorization": authorization,
            "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "torget",
            **({"Content-Type": "application/json"} if data is not None else {})})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - our own API URL
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw) if raw else None
            except ValueError:
                return error.code, None
        except (urllib.error.URLError, TimeoutError) as error:
            raise RepositoryError(f"GitHub did not answer: {error}") from error

    def _call(self, method: str, path: str, payload=None, ok=(200, 201, 204)) -> tuple[int, dict | list | None]:
        status, body = self._send(method, path, payload, f"token {self._installation_token()}")
        if status == 401:  # revoked or expired early: one new token, one retry
            status, body = self._send(method, path, payload, f"token {self._installation_token(renew=True)}")
        if status not in ok:
            message = body.get("message") if isinstance(body, dict) else ""
            raise RepositoryError(f"GitHub: {method} {path} -> {status} {message}")
        return status, body

    def _repo(self, rest: str) -> str:
        return f"/repos/{self.repository}{rest}"

    # --- the interface ---
    def _tip(self, branch: str) -> str | None:
        status, body = self._call("GET", self._repo(f"/git/ref/heads/{quote(branch)}"), ok=(200, 404))
        return body["object"]["sha"] if status == 200 else None

    def file(self, path, ref=None):
        status, body = self._call("GET", self._repo(f"/contents/{quote(path)}?ref={quote(ref or self.base)}"),
                                  ok=(200, 404))
        if status == 404 or not isinstance(body, dict) or body.get("type") != "file":
            return None
        return base64.b64decode(body.get("content") or ""), body["sha"]

    def paths(self, prefix):
        _, body = self._call("GET", self._repo(f"/git/trees/{quote(self.base)}?recursive=1"))
        start = prefix.rstrip("/") + "/"
        return {entry["path"] for entry in body.get("tree", []) if entry["type"] == "blob"
                and entry["path"].startswith(start)}

    def has_branch(self, branch):
        return self._tip(branch) is not None


    def commit(self, branch, files, expected, message, author):
        self.check(expected)
        tip = self._tip(branch) if branch != self.base else None
        parent = tip or self._tip(self.base)
        _, parent_commit = self._call("GET", self._repo(f"/git/commits/{parent}"))
        entries = []
        for path, data in files.items():
            try:
                entries.append({"path": path, "mode": "100644", "type": "blob", "content": data.decode("utf-8")})
            except UnicodeDecodeError:
                _, blob = self._call("POST", self._repo("/git/blobs"),
                                     {"content": base64.b64encode(data).decode(), "encoding": "base64"})
                entries.append({"path": path, "mode": "100644", "type": "blob", "sha": blob["sha"]})
        _, tree = self._call("POST", self._repo("/git/trees"), {"base_tree": parent_commit["tree"]["sha"],
                                                                 "tree": entries})
        _, commit = self._call("POST", self._repo("/git/commits"), {
            "message": message, "tree": tree["sha"], "parents": [parent],
            "author": {"name": author.name, "email": author.email}})
        if branch == self.base or tip:
            status, _ = self._call("PATCH", self._repo(f"/git/refs/heads/{quote(branch)}"),
                                   {"sha": commit["sha"], "force": False}, ok=(200, 422))
            if status == 422:  # the branch moved meanwhile: not a fast-forward any more
                raise FileChanged(next(iter(expected), ""), None, None)
        else:
            self._call("POST", self._repo("/git/refs"), {"ref": f"refs/heads/{branch}", "sha": commit["sha"]})
            self._call("POST", self._repo("/pulls"), {"title": message.splitlines()[0], "head": branch,
                                                       "base": self.base, "body": message})
        return commit["sha"]

    def _pull(self, branch: str) -> dict | None:
        owner = self.repository.split("/")[0]
        _, pulls = self._call("GET", self._repo(f"/pulls?state=open&head={quote(owner)}:{quote(branch)}"))
        return pulls[0] if pulls else None

    def merge(self, branch, expected, message, by):
        self.check(expected)
        pull = self._pull(branch)
        if pull is None:
            raise RepositoryError(f"no open pull request for {branch}")
        status, body = self._call("PUT", self._repo(f"/pulls/{pull['number']}/merge"), {
            "merge_method": "merge", "sha": pull["head"]["sha"], "commit_title": message.splitlines()[0],
            "commit_message": f"Approved in Torget by {by.name} <{by.email}>"}, ok=(200, 405, 409))
        if status != 200:
            raise NotMergeable(branch)
        self._call("DELETE", self._repo(f"/git/refs/heads/{quote(branch)}"), ok=(204, 404, 422))
        return body["sha"]

    def review_url(self, branch):
        pull = self._pull(branch)
        return pull.get("html_url") if pull else None
