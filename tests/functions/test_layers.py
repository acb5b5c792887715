"""The domain layer's shape, read from the source with `ast`: modules import each other in one direction
only (no circle), and an in-house import inside a function says why it is lazy (a comment on its line or
the line above)."""

import ast
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
