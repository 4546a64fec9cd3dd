"""The layers and the absence of import cycles, as contracts (``lint-imports``, also run by
``make test``) and as a module-level cycle check with grimp, import-linter's graph library.

The known cycles that other branches remove are listed in ONE place: ``ignore_imports`` of the
"acyclic" contract in pyproject.toml. This file reads them from there.
"""

from __future__ import annotations

import ast
import tomllib
from functools import cache
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tenants", "cms", "registry", "partnerships", "api", "config")
DOMAIN = ("cms", "registry", "partnerships", "api", "config")


@cache
def _importlinter_config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["tool"]["importlinter"]


def _contract(contract_id: str) -> dict:
    return next(c for c in _importlinter_config()["contracts"] if c["id"] == contract_id)


def known_cycle_imports() -> list[tuple[str, str]]:
    pairs = []
    for line in _contract("acyclic").get("ignore_imports", []):
        importer, imported = (part.strip() for part in line.split("->"))
        pairs.append((importer, imported))
    return pairs


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)


def test_import_contracts_are_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    exit_code = lint_imports(no_cache=True, no_logo=True)
    output = capsys.readouterr().out
    assert exit_code == 0, output
    assert "Contracts: 2 kept, 0 broken." in output


def test_the_layers_are_the_documented_ones():
    layers = _contract("layers")
    assert layers["type"] == "layers"
    assert layers["layers"] == ["config", "api", "partnerships", "registry", "cms", "tenants"]
    assert _importlinter_config()["root_packages"] == list(PACKAGES)


def test_tenants_imports_no_domain_app():
    graph = _graph()
    upward = sorted(
        (module, imported)
        for module in graph.find_children("tenants") | graph.find_descendants("tenants")
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.split(".")[0] in DOMAIN
    )
    assert upward == []


def test_seed_demo_names_no_app():
    """Not even as a string (an importlib path): the apps register their demo content."""
    source = (ROOT / "tenants/management/commands/seed_demo.py").read_text()
    named = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.split(".")[0] in DOMAIN
    ]
    assert named == []


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    modules = sorted(m for m in graph.modules if m.split(".")[0] in PACKAGES)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def test_no_module_level_import_cycles_besides_the_known_ones():
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    for importer, imported in known_cycle_imports():
        assert graph.direct_import_exists(importer=importer, imported=imported), (
            f"{importer} -> {imported} is gone: delete it from ignore_imports in pyproject.toml"
        )
        graph.remove_import(importer=importer, imported=imported)

    cycles = _cycles(graph)

    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("cms", "cms.a", "cms.b", "cms.c", "cms.d"):
        graph.add_module(module)
    graph.add_import(importer="cms.a", imported="cms.b")
    graph.add_import(importer="cms.b", imported="cms.c")
    graph.add_import(importer="cms.c", imported="cms.a")
    graph.add_import(importer="cms.d", imported="cms.a")

    assert _cycles(graph) == [["cms.a", "cms.b", "cms.c"]]


def test_no_known_cycle_exception_is_left():
    """Issue 10: the known cycles (partnerships models <-> pages, registry importers <-> tasks)
    are broken, so the list of exceptions in pyproject.toml is empty and must stay so: an
    exception would only be a licence for a new cycle."""
    assert known_cycle_imports() == []
