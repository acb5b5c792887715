"""A local HTTP stand-in for the GitHub endpoints Torget's GitHubRepository calls: App installation
tokens (the App's JWT checked with its public key; tokens can be expired on demand), refs,
contents, trees, blobs, commits and pull requests. Objects get git's own SHA-1 ids for blobs,
so blob-SHA conflicts behave as on GitHub."""

import base64
import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jwt


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's object id


class GitHub:
    def __init__(self, repository: str, app_id: str, public_key, content: Path):
        self.repository, self.app_id, self.public_key = repository, app_id, public_key
        self.blobs, self.trees, self.commits, self.refs, self.pulls = {}, {}, {}, {}, []
        self.tokens: dict[str, float] = {}
        self.calls: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        files = {f"content/{path.relative_to(content).as_posix()}": path.read_bytes()
                 for path in sorted(content.rglob("*")) if path.is_file()}
        tree = self._tree({path: self._blob(data) for path, data in files.items()})
        self.refs["main"] = self._commit(tree, [], {"name": "Editor", "email": "editor@x.example"}, "Content")

    # --- objects ---
    def _blob(self, data: bytes) -> str:
        sha = blob_id(data)
        self.blobs[sha] = data
        return sha

    def _tree(self, entries: dict) -> str:
        sha = hashlib.sha1(json.dumps(sorted(entries.items())).encode()).hexdigest()  # noqa: S324
        self.trees[sha] = dict(entries)
        return sha

    def _commit(self, tree: str, parents: list, author: dict, message: str) -> str:
        body = json.dumps([tree, parents, author, message, time.time_ns()])
        sha = hashlib.sha1(body.encode()).hexdigest()  # noqa: S324
        self.commits[sha] = {"tree": tree, "parents": parents, "author": author, "message": message}
        return sha

    def ancestors(self, sha: str) -> set:
        seen, todo = set(), [sha]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += self.commits[current]["parents"]
        return seen

    def files_at(self, ref: str) -> dict:
        sha = self.refs.get(ref, ref)
        return self.trees[self.commits[sha]["tree"]] if sha in self.commits else {}

    def change_on_main(self, path: str, data: bytes, author: str = "Other") -> None:
        """Someone else commits to main (as an editor's git push would)."""
        files = {**self.files_at("main"), path: self._blob(data)}
        self.refs["main"] = self._commit(self._tree(files), [self.refs["main"]],
                                         {"name": author, "email": "o@x.example"}, "Other change")

    def expire_tokens(self) -> None:
        self.tokens = dict.fromkeys(self.tokens, 0.0)

    # --- HTTP ---
    def handle(self, method: str, url: str, headers, payload):
        parts = urlsplit(url)
        path, query = unquote(parts.path), parse_qs(parts.query)
        self.calls.append((method, parts.path))
        auth = headers.get("Authorization", "")
        match = re.fullmatch(r"/app/installations/(\d+)/access_tokens", path)
        if match and method == "POST":
            try:
                claims = jwt.decode(auth.removeprefix("Bearer "), self.public_key, algorithms=["RS256"])
            except jwt.PyJWTError:
                return 401, {"message": "A JSON web token could not be decoded"}
            if claims.get("iss") != self.app_id:
                return 401, {"message": "wrong app"}
            token = "ghs_" + hashlib.sha256(str(time.time_ns()).encode()).hexdigest()[:36]
            expires = time.time() + 3600
            self.tokens[token] = expires
            return 201, {"token": token, "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires))}
        token = auth.removeprefix("token ")
        if self.tokens.get(token, 0) < time.time():
            return 401, {"message": "Bad credentials"}
        prefix = f"/repos/{self.repository}"
        if not path.startswith(prefix):
            return 404, {"message": "Not Found"}
        rest = path[len(prefix):]
        return self.route(method, rest, query, payload)

    def route(self, method, rest, query, payload):  # one endpoint per branch, as in GitHub's own table
        if method == "GET" and (m := re.fullmatch(r"/git/ref/heads/(.+)", rest)):
            sha = self.refs.get(m.group(1))
            return (200, {"object": {"sha": sha}}) if sha else (404, {"message": "Not Found"})
        if method == "GET" and (m := re.fullmatch(r"/contents/(.+)", rest)):
            ref = query.get("ref", ["main"])[0]
            blob = self.files_at(ref).get(m.group(1))
            if blob is None:
                return 404, {"message": "Not Found"}
            return 200, {"type": "file", "sha": blob, "content": base64.encodebytes(self.blobs[blob]).decode()}
        if method == "GET" and (m := re.fullmatch(r"/git/trees/(.+)", rest)):
            files = self.files_at(m.group(1))
            return 200, {"tree": [{"path": p, "type": "blob", "sha": s} for p, s in sorted(files.items())]}
        if method == "GET" and (m := re.fullmatch(r"/git/commits/([0-9a-f]{40})", rest)):
            commit = self.commits.get(m.group(1))
            return (200, {"sha": m.group(1), "tree": {"sha": commit["tree"]}}) if commit else (404, {})
        if method == "POST" and rest == "/git/blobs":
            return 201, {"sha": self._blob(base64.b64decode(payload["content"]))}
        if method == "POST" and rest == "/git/trees":
            files = dict(self.trees[payload["base_tree"]])
            for entry in payload["tree"]:
                files[entry["path"]] = entry.get("sha") or self._blob(entry["content"].encode("utf-8"))
            return 201, {"sha": self._tree(files)}
        if method == "POST" and rest == "/git/commits":
            return 201, {"sha": self._commit(payload["tree"], payload["parents"], payload["author"], payload["message"])}
        if method == "PATCH" and (m := re.fullmatch(r"/git/refs/heads/(.+)", rest)):
            branch = m.group(1)
            if branch not in self.refs:
                return 422, {"message": "Reference does not exist"}
            if not payload.get("force") and self.refs[branch] not in self.ancestors(payload["sha"]):
                return 422, {"message": "Update is not a fast forward"}
            self.refs[branch] = payload["sha"]
            return 200, {"object": {"sha": payload["sha"]}}
        if method == "POST" and rest == "/git/refs":
            branch = payload["ref"].removeprefix("refs/heads/")
            if branch in self.refs:
                return 422, {"message": "Reference already exists"}
            self.refs[branch] = payload["sha"]
            return 201, {"ref": payload["ref"]}
        if method == "DELETE" and (m := re.fullmatch(r"/git/refs/heads/(.+)", rest)):
            return (204, None) if self.refs.pop(m.group(1), None) else (422, {"message": "Reference does not exist"})
        if method == "GET" and rest == "/pulls":
            head = query.get("head", [""])[0].split(":")[-1]
            return 200, [self._pull_json(p) for p in self.pulls if p["state"] == "open" and p["head"] == head]
        if method == "POST" and rest == "/pulls":
            pull = {"number": len(self.pulls) + 1, "head": payload["head"], "base": payload["base"], "state": "open",
                    "title": payload["title"]}
            self.pulls.append(pull)
            return 201, self._pull_json(pull)
        if method == "PUT" and (m := re.fullmatch(r"/pulls/(\d+)/merge", rest)):
            pull = self.pulls[int(m.group(1)) - 1]
            head_sha, base_sha = self.refs[pull["head"]], self.refs[pull["base"]]
            if payload.get("sha") and payload["sha"] != head_sha:
                return 409, {"message": "Head branch was modified"}
            fork = next(sha for sha in self._line(head_sha) if sha in self.ancestors(base_sha))
            ours, theirs, before = self.files_at(base_sha), self.files_at(head_sha), self.files_at(fork)
            merged = dict(ours)
            for path in set(theirs) | set(before):
                if theirs.get(path) != before.get(path):
                    if ours.get(path) != before.get(path) and ours.get(path) != theirs.get(path):
                        return 405, {"message": "Pull Request is not mergeable"}
                    merged[path] = theirs[path]
            sha = self._commit(self._tree(merged), [base_sha, head_sha], {"name": "torget[bot]", "email": "bot@x"},
                               payload.get("commit_title", "Merge"))
            self.refs[pull["base"]] = sha
            pull["state"] = "closed"
            return 200, {"sha": sha, "merged": True}
        return 404, {"message": "Not Found"}

    def _line(self, sha: str):
        """A commit and its first parents, newest first."""
        while sha:
            yield sha
            parents = self.commits[sha]["parents"]
            sha = parents[0] if parents else None

    def _pull_json(self, pull: dict) -> dict:
        return {"number": pull["number"], "state": pull["state"], "title": pull["title"],
                "html_url": f"https://github.example/{self.repository}/pull/{pull['number']}",
                "head": {"ref": pull["head"], "sha": self.refs.get(pull["head"])}}


def serve(github: GitHub) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length)) if length else None
            with github.lock:
                status, body = github.handle(self.command, self.path, self.headers, payload)
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
