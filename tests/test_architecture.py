"""The direction of imports, checked on the source: every `import` and `from ... import`
wherever it is (module level, inside functions, under TYPE_CHECKING) and every
`importlib.import_module("...")` with a literal name.

cli may import app, render and the pure modules; app imports store and the pure modules;
render imports only the pure modules; store imports only the pure modules; the pure modules
import only each other; nothing imports cli but the entry point. No cycles at all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # about the source, not a journal

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "rapport"

# layer -> the layers it may import (its own always allowed)
ALLOWED = {
    "entry": {"cli", "pure"},
    "cli": {"app", "render", "pure"},
    "app": {"store", "pure"},
    "render": {"pure"},
    "store": {"pure"},
    "pure": set(),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    if module == "rapport.__main__":
        return "entry"
    second = module.split(".")[1] if module.count(".") else ""
    return second if second in ("cli", "app", "render", "store") else "pure"


def _target(name: str) -> str | None:
    """The rapport module `name` refers to (a module, or the module holding an attribute)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    is_package = MODULES[module].name == "__init__.py"
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> set[str]:
    """Every rapport module `module` imports, however it does it."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            names += [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and _is_import_module(node.func):
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                names.append(arg.value)
            else:
                names.append("<dynamic>")
    found = {_target(n) if n != "<dynamic>" else n for n in names if n.startswith(("rapport", "<"))}
    found.discard(None)
    found.discard(module)
    return found  # type: ignore[return-value]


def _is_import_module(func: ast.expr) -> bool:
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id == "import_module"


GRAPH = {m: imports_of(m) for m in MODULES}


def test_the_walk_sees_imports_inside_functions():
    # rapport.cli.journal imports rapport.app.journal only inside its commands
    assert "rapport.app.journal" in GRAPH["rapport.cli.journal"]


def test_no_module_is_imported_by_a_name_computed_at_run_time():
    dynamic = sorted(m for m, found in GRAPH.items() if "<dynamic>" in found)
    assert not dynamic, f"importlib with a computed name in {dynamic}: import plainly instead"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_the_allowed_way(module):
    mine = layer(module)
    wrong = sorted(
        f"{module} ({mine}) imports {other} ({layer(other)})"
        for other in GRAPH[module] - {"<dynamic>"}
        if layer(other) != mine and layer(other) not in ALLOWED[mine]
    )
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    cycles = _cycles({m: GRAPH[m] - {"<dynamic>"} for m in GRAPH})
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component) + [sorted(component)[0]])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]


def test_the_layer_rules_reject_render_reading_the_store():
    assert "store" not in ALLOWED["render"] and "cli" not in ALLOWED["app"]
    assert layer("rapport.render.due") == "render" and layer("rapport.verdicts") == "pure"
