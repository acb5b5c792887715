"""The repository interface and what it speaks in: the people commits credit, its errors, git's blob ids.
The implementations (local, github) import this module, and the package picks one of them."""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """Whom a commit credits (name and e-mail from the identity provider)."""

    name: str
    email: str


class RepositoryError(Exception):
    """The repository could not be read or written (not a conflict)."""


class FileChanged(Exception):
    """A file is not at the version the writer started from."""

    def __init__(self, path: str, sha: str | None, text: bytes | None):
        super().__init__(path)
        self.path, self.sha, self.text = path, sha, text


class NotMergeable(Exception):
    """The review branch and the base branch changed the same lines."""


def blob_sha(data: bytes) -> str:
    """Git's id of a file's content (the blob SHA), as `git hash-object` computes it."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's object id, not a secret


class Repository:
    """The interface; both implementations keep its promises (tests/functions/test_repository.py)."""

    base: str  # the branch the site is built from

    def file(self, path: str, ref: str | None = None) -> tuple[bytes, str] | None:
        """A file's bytes and blob SHA on `ref` (default the base branch), or None."""
        raise NotImplementedError

    def paths(self, prefix: str) -> set[str]:
        """Every file path under `prefix` on the base branch."""
        raise NotImplementedError

    def commit(self, branch: str, files: dict[str, bytes], expected: dict[str, str | None], message: str,
               author: Person) -> str:
        """One commit of `files` on `branch` (made from the base branch when it does not exist);
        `expected` is checked against the base branch. Returns the commit's SHA."""
        raise NotImplementedError

    def merge(self, branch: str, expected: dict[str, str | None], message: str, by: Person) -> str:
        """Bring `branch` into the base branch (fast-forward when the base has not moved), delete it."""
        raise NotImplementedError

    def has_branch(self, branch: str) -> bool:
        raise NotImplementedError

    def check(self, expected: dict[str, str | None]) -> None:
        """Each file still at the blob SHA the writer started from on the base branch; else FileChanged."""
        for path, sha in expected.items():
            found = self.file(path)
            if (found[1] if found else None) != sha:
                raise FileChanged(path, found[1] if found else None, found[0] if found else None)

    def review_url(self, branch: str) -> str | None:
        """Where a person can see the review outside Torget (a pull request), if anywhere."""
        return None
