"""Every third-party module paperkg imports is declared in pyproject.toml, and one declared only in an
extra (``pip install 'paperkg[dask]'``) is imported behind a guard (``try: ... except ImportError``)
so that a plain install still runs and says which extra to install.

Import names are mapped to distributions with ``importlib.metadata.packages_distributions()`` (the
module ``yaml`` is the distribution ``PyYAML``); imports under ``if TYPE_CHECKING:`` are left out
(they never run)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "paperkg"
# extras that only the project's own tests, lint and benchmarks use: paperkg/ may not import them
DEV_EXTRAS = {"dev"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normalise(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", r).group(1)) for r in requirements}


def _declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional = project.get("optional-dependencies", {})
    extras = {name: _requirement_names(reqs) for name, reqs in optional.items()}
    return _requirement_names(project.get("dependencies", [])), extras


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _catches_import_error(node: ast.Try) -> bool:
    names = set()
    for handler in node.handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        names.update(k.id for k in kinds if isinstance(k, ast.Name))
    return bool(names & {"ImportError", "ModuleNotFoundError"})


def _imports(tree: ast.AST):
    """(top-level module, line, guarded) of every absolute import that can run."""

    def walk(node: ast.AST, guarded: bool):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from walk(child, guarded)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno, guarded
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno, guarded
        if isinstance(node, ast.Try) and _catches_import_error(node):
            for child in node.body:
                yield from walk(child, True)
            for child in [*node.handlers, *node.orelse, *node.finalbody]:
                yield from walk(child, guarded)
            return
        for child in ast.iter_child_nodes(node):
            yield from walk(child, guarded)

    yield from walk(tree, False)


def _third_party_imports():
    for path in sorted(PACKAGE.rglob("*.py")):
        for module, line, guarded in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if module != "paperkg" and module not in sys.stdlib_module_names:
                yield module, f"{path.relative_to(ROOT)}:{line}", guarded


def test_every_third_party_import_is_declared():
    core, extras = _declared()
    runtime_extras = set().union(*(names for extra, names in extras.items() if extra not in DEV_EXTRAS))
    dists = packages_distributions()
    undeclared, unguarded = [], []
    for module, where, guarded in _third_party_imports():
        names = {_normalise(d) for d in dists.get(module, [module])}
        if names & core:
            continue
        if names & runtime_extras:
            if not guarded:
                unguarded.append(f"{where}: {module} (an extra) outside try/except ImportError")
            continue
        undeclared.append(f"{where}: {module} (distribution {', '.join(sorted(names))})")
    assert not undeclared, "imported but not in pyproject.toml's dependencies or extras:\n" + "\n".join(
        undeclared
    )
    assert not unguarded, "\n".join(unguarded)


def test_the_scan_sees_the_imports():
    """The scan finds what paperkg is known to import, guarded where it is."""
    found = {(m, g) for m, _, g in _third_party_imports()}
    assert {("spacy", False), ("networkx", False), ("typer", False), ("distributed", True)} <= found
    assert not any(m == "_typeshed" for m, _ in found)  # under TYPE_CHECKING only
