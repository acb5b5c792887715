"""The domain layer's shape, read from the source with `ast`: modules import each other in one direction
only (no circle), and an in-house import inside a function says why it is lazy (a comment on its line or
the line above)."""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "functions" / "chalicelib"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(node: ast.ImportFrom | ast.Import, known: set) -> set:
    """The in-house modules an import statement loads (`from chalicelib import x` loads chalicelib.x)."""
    found = set()
    if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chalicelib"):
        for alias in node.names:
            candidate = f"{node.module}.{alias.name}"
            found.add(candidate if candidate in known else node.module)
    elif isinstance(node, ast.Import):
        found |= {alias.name for alias in node.names if alias.name.startswith("chalicelib")}
    return found & known - {"chalicelib"}


def import_graph() -> dict[str, set]:
    """Who imports whom, wherever in the module the import stands (a lazy import is an arrow too)."""
    known = set(modules())
    graph = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set().union(*(imported(node, known) for node in ast.walk(tree)
                                    if isinstance(node, (ast.Import, ast.ImportFrom)))) - {name}
    return graph


def circles(graph: dict[str, set]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_domain_layer_has_no_import_circle():
    graph = import_graph()
    assert len(graph) > 40
    assert circles(graph) == []


def test_the_circle_finder_finds_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_lazy_in_house_import_says_why():
    known = set(modules())
    unexplained = []
    for name, path in modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and imported(node, known):
                    here, above = lines[node.lineno - 1], lines[node.lineno - 2] if node.lineno > 1 else ""
                    if "#" not in here and not above.strip().startswith("#"):
                        unexplained.append(f"{name}:{node.lineno}: {here.strip()}")
    assert unexplained == []


# --- rules in one place -------------------------------------------------------------------------------

# A DynamoDB key string: a prefix such as "ROOM#" or "M#", a "#R#" inside one, or a whole constant partition.
KEY_STRING = re.compile(r"^[A-Z]{1,12}#|#[A-Z]{1,4}#|^(ARTICLES|PEOPLE|GROUPS|FEED|REVIEWS|SCHEDULED|MAILQ|MAILHELD|REPORTS|"
                        r"AUDIT|ERASURES|UPLOADGONE|SITE|BANNERS|MODERATORS|PROFILE|META|DRAFT|JOB|SESSION)$")


def key_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals (f-string parts included) that spell a key, docstrings left out."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and KEY_STRING.search(node.value)]


def test_key_strings_are_built_in_keys_py_only():
    outside = [f"{name}:{line}: {text!r}" for name, path in modules().items() if name != "chalicelib.keys"
               for line, text in key_strings(ast.parse(path.read_text(encoding="utf-8")))]
    assert outside == []


def test_the_key_finder_finds_them():
    found = key_strings(ast.parse('"""PEOPLE"""\nx = store.query(f"ROOM#{r}", "MSG#", 5)\ny = {"SK": "META"}\n'))
    assert sorted(found) == [(2, "MSG#"), (2, "ROOM#"), (3, "META")]


def environment_reads(tree: ast.AST) -> list[int]:
    """Lines that read os.environ or os.getenv; handing the whole environment on to a child process
    (`{**os.environ, …}`) is not a setting and is left alone."""
    passed_on = {id(value) for node in ast.walk(tree) if isinstance(node, ast.Dict)
                 for key, value in zip(node.keys, node.values, strict=True) if key is None}
    return sorted(node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os"
            and node.attr in ("environ", "getenv") and id(node) not in passed_on)


def test_settings_are_read_in_config_py_only():
    outside = [f"{name}:{line}" for name, path in modules().items() if name != "chalicelib.config"
               for line in environment_reads(ast.parse(path.read_text(encoding="utf-8")))]
    assert outside == []


def test_the_setting_finder_finds_them():
    tree = ast.parse('a = os.environ.get("X")\nb = os.getenv("Y")\nrun(env={**os.environ, "Z": "1"})\n')
    assert environment_reads(tree) == [1, 2]
