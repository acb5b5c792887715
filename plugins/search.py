"""Full-text search: Pagefind indexes the finished site after every build.

Only elements marked `data-pagefind-body` (articles in their own language,
writers' pages) are indexed, and only the files that can hold them are read
(an article's or a writer's first page: not tag pages, listings or a writer's
later pages, which repeated the profile as a page of its own, once per page), into one index for both languages so a search
from either site finds Swedish and English articles alike. The index is static files under
`pagefind/`, so search costs no server at all.
"""

import logging
import os
import shutil
import subprocess
import sys
import time

from pelican import signals

log = logging.getLogger(__name__)


# The pages that can hold a data-pagefind-body: articles of both sites and the writers' own pages.
PAGES = "{news,blog,en/news,en/blog,people}/*/index.html"


def command(output: str, language: str) -> list[str]:
    """Pagefind, as the build runs it: one index for both languages, so either site finds every article
    (with the main language's stemming for all)."""
    return [sys.executable, "-m", "pagefind", "--site", output, "--output-subdir", "pagefind", "--glob", PAGES,
            "--force-language", language]


def index_site(pelican):
    settings = pelican.settings
    if settings.get("TORGET_SUBSITE") or not settings.get("SEARCH_INDEX", True):
        return
    started = time.perf_counter()
    # Pagefind writes its index afresh but leaves the files of earlier builds beside it (fragments and
    # chunks named by their hash): without this, every edit would leave a few for deploys to carry forever.
    shutil.rmtree(os.path.join(settings["OUTPUT_PATH"], "pagefind"), ignore_errors=True)
    result = subprocess.run(command(settings["OUTPUT_PATH"], settings.get("SEARCH_LANGUAGE", settings["DEFAULT_LANG"])),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("search: Pagefind failed:\n" + (result.stderr or result.stdout))
    counted = [line.split()[1] for line in result.stdout.splitlines() if line.strip().startswith("Indexed") and "pages" in line]
    pages = counted[0] if counted else "?"
    log.info("search: indexed %s pages in %.2f s", pages, time.perf_counter() - started)


def register():
    signals.finalized.connect(index_site)
