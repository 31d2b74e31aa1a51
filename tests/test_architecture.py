"""Imports point one way along the data flow:
util -> sources -> extract -> graph -> cypher -> viz -> engines -> build_store -> evaluate -> cli.

A module may import from its own stage or an earlier one, never a later one; the CLI and the build
orchestration sit on top, and util (small helpers: name keys and spellings, union-find, Cypher
quoting) imports no stage.
evaluate (the scorer) sits just below the CLI: it may read what the pipeline writes, and no stage of
the pipeline imports it. This keeps the stages usable (and testable) on their own.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "paperkg"
ORDER = ["util", "sources", "extract", "graph", "cypher", "viz", "engines", "build_store", "evaluate", "cli"]


def _stage(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE).parts
    name = rel[0] if len(rel) > 1 else Path(rel[0]).stem
    return name if name in ORDER else None


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("paperkg."):
            yield node.module.split(".")[1], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("paperkg."):
                    yield alias.name.split(".")[1], node.lineno


def test_imports_point_down_the_data_flow():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = _stage(path)
        if stage is None:
            continue
        for target, line in _imports(path):
            if target in ORDER and ORDER.index(target) > ORDER.index(stage):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({stage}) imports paperkg.{target}")
    assert not wrong, "\n".join(wrong)


def test_every_stage_exists():
    for stage in ("util", "sources", "extract", "graph", "cypher", "viz", "evaluate", "cli"):
        assert (PACKAGE / stage / "__init__.py").exists(), stage


# extract/results.py and graph/analytics/results.py: the extractor's result finder and the analytics'
# result types; left until extract/results.py is split (issue 24).
SHARED_NAMES = {"__init__.py", "results.py"}


def test_no_two_modules_share_a_file_name():
    """A module's file name says its job: two modules of one name would be two jobs under one name."""
    seen: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        seen.setdefault(path.name, []).append(str(path.relative_to(PACKAGE.parent)))
    twice = {name: paths for name, paths in seen.items() if len(paths) > 1 and name not in SHARED_NAMES}
    assert not twice, twice
