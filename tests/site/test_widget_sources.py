"""Rules every widget's source keeps, checked on the files themselves."""

import re
from pathlib import Path

JS = Path(__file__).resolve().parents[2] / "theme" / "static" / "js"
DIRECT = re.compile(r"\.(append|prepend|replaceChildren)\(")


def test_children_are_added_only_through_dom_helpers_that_skip_nothing_values():
    """Node.append(null) writes the text "null": widgets use dom.add/addFirst/put, which leave such values out."""
    offenders = []
    for path in sorted(JS.rglob("*.js")):
        if path.name == "dom.js":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # FormData.append (the upload form in api.js) is not a DOM call.
            if DIRECT.search(line) and not (path.name == "api.js" and "form.append(" in line):
                offenders.append(f"{path.relative_to(JS)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_no_widget_shadows_a_dom_helper_it_imports():
    offenders = []
    for path in sorted(JS.rglob("*.js")):
        source = path.read_text(encoding="utf-8")
        imported = re.search(r'import \{([^}]*)\} from "\.{1,2}/dom\.js"', source)
        for name in [n.strip() for n in imported.group(1).split(",")] if imported else []:
            if re.search(rf"(function|const|let|var)\s+{name}\b", source):
                offenders.append(f"{path.relative_to(JS)}: {name}")
    assert not offenders, offenders


def function_lengths() -> list[dict]:
    """Every function in the theme's JavaScript with its length, read by acorn (tests/site/function_lengths.mjs)."""
    import json
    import subprocess

    script = Path(__file__).with_name("function_lengths.mjs")
    result = subprocess.run(["node", str(script), str(JS)], capture_output=True, text=True, check=True,
                            cwd=JS.parents[2])
    return json.loads(result.stdout)


def test_no_widget_function_is_longer_than_80_lines():
    """A widget's mount wires its parts; a part that grows past a screen is split (a message, a composer, …)."""
    functions = function_lengths()
    assert len(functions) > 300  # the parser saw the widgets
    assert {"mount", "openRoom", "composer"} <= {f["name"] for f in functions}
    long = [f"{f['file']}:{f['line']} {f['name']} ({f['lines']} lines)" for f in functions if f["lines"] > 80]
    assert long == []
