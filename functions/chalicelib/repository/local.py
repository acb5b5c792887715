"""The checkout on this machine as the article repository (`make run`).

Commits are made with git's plumbing in a temporary index, so the person's
own index and unrelated work in the working tree are never touched; a
branch moves only by compare-and-swap (`update-ref new old`). When the
base branch is the one checked out, the files a commit changed are then
checked out too, so the devserver sees them and rebuilds. A file with
uncommitted changes in the working tree is never overwritten.
"""

import os
import subprocess
import tempfile
import threading

from chalicelib.repository.interface import NotMergeable, Person, Repository, RepositoryError, blob_sha

COMMITTER = Person("Torget", "torget@localhost")


class LocalGit(Repository):
    def __init__(self, root: str, base: str | None = None):
        self.root = os.path.abspath(root)
        self._lock = threading.Lock()  # one write at a time in this process; refs are CAS'd anyway
        self.base = base or self._git("symbolic-ref", "--short", "HEAD").strip()

    def _git(self, *args: str, data: bytes | None = None, env: dict | None = None, check: bool = True) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, input=data, capture_output=True,
                                env={**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})})
        if check and result.returncode != 0:
            raise RepositoryError(f"git {args[0]}: {result.stderr.decode(errors='replace').strip()}")
        return result.stdout.decode()

    def _tip(self, branch: str) -> str | None:
        out = self._git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}", check=False).strip()
        return out or None

    def file(self, path, ref=None):
        ref = ref or self.base
        sha = self._git("rev-parse", "--verify", "--quiet", f"refs/heads/{ref}:{path}", check=False).strip()
        if not sha:
            return None
        data = subprocess.run(["git", "cat-file", "blob", sha], cwd=self.root, capture_output=True, check=True).stdout
        return data, sha

    def paths(self, prefix):
        out = self._git("ls-tree", "-r", "--name-only", f"refs/heads/{self.base}", "--", prefix)
        return set(out.splitlines())

    def has_branch(self, branch):
        return self._tip(branch) is not None


    def _identity(self, author: Person, committer: Person) -> dict:
        return {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
                "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email}

    def commit(self, branch, files, expected, message, author):
        with self._lock:
            self.check(expected)
            parent = self._tip(branch) or self._tip(self.base)
            with tempfile.TemporaryDirectory() as scratch:
                env = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
                self._git("read-tree", parent, env=env)
                for path, data in files.items():
                    sha = self._git("hash-object", "-w", "--stdin", data=data).strip()
                    self._git("update-index", "--add", "--cacheinfo", f"100644,{sha},{path}", env=env)
                tree = self._git("write-tree", env=env).strip()
            commit = self._git("commit-tree", tree, "-p", parent, "-F", "-", data=message.encode(),
                               env=self._identity(author, COMMITTER)).strip()
            self._move(branch, commit, self._tip(branch))
            return commit

    def merge(self, branch, expected, message, by):
        with self._lock:
            self.check(expected)
            tip, base = self._tip(branch), self._tip(self.base)
            if tip is None:
                raise RepositoryError(f"no branch {branch}")
            is_ancestor = subprocess.run(["git", "merge-base", "--is-ancestor", base, tip], cwd=self.root).returncode == 0
            if is_ancestor:
                result = tip  # fast-forward: the author's own commit lands as it is
            else:
                merged = subprocess.run(["git", "merge-tree", "--write-tree", base, tip], cwd=self.root,
                                        capture_output=True)
                if merged.returncode != 0:
                    raise NotMergeable(branch)
                tree = merged.stdout.decode().split()[0]
                result = self._git("commit-tree", tree, "-p", base, "-p", tip, "-F", "-", data=message.encode(),
                                   env=self._identity(by, COMMITTER)).strip()
            self._move(self.base, result, base)
            self._git("update-ref", "-d", f"refs/heads/{branch}", tip)
            return result

    def _move(self, branch: str, new: str, old: str | None) -> None:
        """Move a branch from `old` to `new` (refused when it moved meanwhile); refresh the checkout."""
        changed = []
        checked_out = branch == self._git("symbolic-ref", "--short", "-q", "HEAD", check=False).strip()
        if checked_out and old:
            changed = self._git("diff", "--name-only", "--no-renames", old, new).splitlines()
            dirty = self._git("status", "--porcelain", "--", *changed).strip() if changed else ""
            if dirty:
                raise RepositoryError(f"uncommitted changes in the checkout: {dirty.splitlines()[0][3:]}")
        self._git("update-ref", f"refs/heads/{branch}", new, old or "0" * 40)
        if changed:
            present = [path for path in changed if self.file(path, branch) is not None]
            if present:
                self._git("checkout", new, "--", *present)


__all__ = ["LocalGit", "blob_sha"]
