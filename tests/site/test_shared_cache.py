"""The English subsite reads the Markdown the main site parsed (one content cache): the site it builds is
the same, page for page, as with a cache of its own."""

import filecmp
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = """
import sys
sys.path[:0] = ["plugins", "."]
if sys.argv[1] == "own-cache":
    import ui_translations
    ui_translations.share_content_cache = lambda pelican: None
from pelican import main
sys.argv = ["pelican", "content", "-s", "pelicanconf.py", "-o", sys.argv[2], "-q", "-e", "SEARCH_INDEX=false",
            "LIVE_RELOAD=false", f'CACHE_PATH="{sys.argv[3]}"']
main()
"""


def build(how: str, tmp: Path) -> tuple[Path, Path]:
    output, cache = tmp / f"out-{how}", tmp / f"cache-{how}"
    subprocess.run([sys.executable, "-c", BUILD, how, str(output), str(cache)], cwd=ROOT, check=True,
                   capture_output=True)
    return output, cache


def differing(left: Path, right: Path) -> list[str]:
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, "")]
    while stack:
        node, prefix = stack.pop()
        found += [prefix + name for name in node.diff_files + node.left_only + node.right_only]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(found)


def test_the_english_site_is_the_same_with_the_shared_cache(tmp_path):
    shared, shared_cache = build("shared", tmp_path)
    own, own_cache = build("own-cache", tmp_path)
    assert (own_cache / "en").is_dir() and not (shared_cache / "en").exists()  # each way really ran
    assert len(list((shared / "en").rglob("*.html"))) > 20
    assert differing(shared, own) == []
