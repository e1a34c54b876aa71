"""Services send notifications, jobs call services: the imports never run in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import quartier.inquiries

PACKAGE = "quartier.inquiries"


def _imports() -> dict[str, set[str]]:
    """Which modules of the package each module imports (at the top or inside a function)."""
    root = Path(quartier.inquiries.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in root.glob("*.py"):
        module = f"{PACKAGE}.{path.stem}"
        found = graph.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == PACKAGE:
                found.update(f"{PACKAGE}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE + "."):
                found.add(".".join(node.module.split(".")[:3]))
            elif isinstance(node, ast.Import):
                found.update(".".join(a.name.split(".")[:3]) for a in node.names if a.name.startswith(PACKAGE + "."))
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for module in graph.get(todo.pop(), set()) - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_services_never_reach_the_jobs_that_call_them():
    graph = _imports()
    assert f"{PACKAGE}.services" in _reachable(graph, f"{PACKAGE}.tasks")
    assert f"{PACKAGE}.tasks" not in _reachable(graph, f"{PACKAGE}.services")
    assert f"{PACKAGE}.notifications" in _reachable(graph, f"{PACKAGE}.services")
