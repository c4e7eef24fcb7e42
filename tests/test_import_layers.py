"""Modules and apps depend one way: {reporting, documents} → {legal_aid → petitions, hardship, outreach} → jobs → directory.

`rights_office` (settings, urls) may import any app; no app imports it. The
import graph is read from the source with `ast`, and an import inside a
function counts like one at the top: a cycle hidden in a function is still a
cycle, and it is how cycles usually come back.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "rights_office"
APPS = ["directory", "jobs", "petitions", "legal_aid", "hardship", "outreach", "reporting", "documents", "ledger"]
# The apps each app may import (besides itself).
MAY_IMPORT = {
    "directory": set(),
    # Background jobs: the machinery every app above may use to run long work.
    "jobs": {"directory"},
    "petitions": {"directory", "jobs"},
    "hardship": {"directory", "jobs"},
    "outreach": {"directory", "jobs"},
    "legal_aid": {"directory", "jobs", "petitions"},
    "reporting": {"directory", "jobs", "petitions", "legal_aid", "hardship", "outreach"},
    # Official documents are issued on petitions, legal-aid cases and events, and printed with the
    # report's fonts and layout; the records' pages show them through `directory.record_panels`.
    "documents": {"directory", "jobs", "petitions", "legal_aid", "outreach", "reporting"},
    # Ledger import writes through the apps' services; large files run as jobs.
    "ledger": {"directory", "jobs", "petitions", "legal_aid", "hardship", "outreach"},
    PROJECT: set(APPS),
}


def _modules():
    """{dotted name: path} of every first-party module but migrations."""
    found = {}
    for package in [*APPS, PROJECT]:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imported(name, path, modules):
    """First-party modules that `name` imports, anywhere in its source."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod.
            candidates = [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module for alias in node.names
            ]
        else:
            continue
        for candidate in candidates:
            while candidate not in modules and "." in candidate:
                candidate = candidate.rsplit(".", 1)[0]
            if candidate in modules and candidate != name:
                targets.add(candidate)
    return targets


def _graph():
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
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
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return cycles


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    graph = _graph()
    assert "legal_aid.models" in graph["legal_aid.services"]  # from .models import …
    assert "directory.models" in graph["petitions.models"]  # from directory.models import …
    assert "directory.roles" in graph["directory.apps"]  # imported inside AppConfig.ready
    assert "petitions.workflow_views" in graph["petitions.urls"]  # the second name of from . import views, …


def test_no_first_party_modules_import_each_other_in_a_cycle():
    assert _cycles(_graph()) == []


def test_apps_import_only_the_apps_below_them():
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in _graph().items()
        for target in targets
        if target.split(".")[0] != name.split(".")[0] and target.split(".")[0] not in MAY_IMPORT[name.split(".")[0]]
    )
    assert wrong == []
