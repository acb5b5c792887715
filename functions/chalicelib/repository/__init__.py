"""Where published articles live: a git repository, written through one small interface.

Two implementations, chosen by settings, never by the caller:
- `local.LocalGit`: the checkout on this machine (`make run`), with git's own plumbing;
- `github.GitHubRepository`: a repository on GitHub, as a GitHub App (production).

Every write names the blob SHA each file had when the writer started
(`expected`, None for a file that must not exist yet); when the file is
different on the base branch now, nothing is written and `FileChanged`
carries the other version.
"""

from functools import lru_cache

from chalicelib import config
from chalicelib.repository.interface import (  # noqa: F401 - the package's names, used as repository.X
    FileChanged,
    NotMergeable,
    Person,
    Repository,
    RepositoryError,
    blob_sha,
)


@lru_cache(maxsize=1)
def current() -> Repository:
    """The repository the settings name: PUBLISH_REPOSITORY=<path of a checkout> or github."""
    where, branch = config.publish_repository()
    if where == "github":
        # Lazy: the GitHub client brings urllib.request (~30 ms), and only a publish needs it.
        from chalicelib.repository.github import GitHubRepository

        return GitHubRepository.from_environment()
    if not where:
        raise RepositoryError("Publishing is not set up here (PUBLISH_REPOSITORY).")
    # Lazy: git through subprocess, for a checkout on this machine (the devserver) only.
    from chalicelib.repository.local import LocalGit

    return LocalGit(where, branch)
