"""Imports point one way along the data flow:
util -> sources -> extract -> graph -> cypher -> viz -> engines -> build_store -> evaluate -> cli.

A module may import from its own stage or an earlier one, never a later one; the CLI and the build
orchestration sit on top, and util (small helpers: name keys and spellings, union-find, Cypher
quoting) imports no stage.
evaluate (the scorer) sits just below the CLI: it may read what the pipeline writes, and no stage of
the pipeline imports it. This keeps the stages usable (and testable) on their own.

Also: no two modules share a file name, and Cypher text is written only under paperkg/cypher/.
"""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "paperkg"
ORDER = ["util", "sources", "extract", "graph", "cypher", "viz", "engines", "build_store", "evaluate", "cli"]


def _stage(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE).parts
    name = rel[0] if len(rel) > 1 else Path(rel[0]).stem
    return name if name in ORDER else None


def _imports(path: Path, package_dir: Path = PACKAGE):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:  # relative: resolved from the file's package
            package = path.relative_to(package_dir.parent).parent.parts  # ("paperkg", "cypher", ...)
            module = node.module.split(".") if node.module else []
            parts = [*package[: len(package) - node.level + 1], *module]
            names = parts[1:2] or [alias.name for alias in node.names]
            yield from ((name, node.lineno) for name in names)
        elif isinstance(node, ast.ImportFrom) and node.module == "paperkg":  # from paperkg import cypher
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("paperkg."):
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


def test_the_import_scan_sees_every_form(tmp_path):
    """Absolute, ``from paperkg import ...``, relative and in-function imports are all seen."""
    pkg = tmp_path / "paperkg" / "graph" / "analytics"
    pkg.mkdir(parents=True)
    probe = pkg / "probe.py"
    probe.write_text(
        "import paperkg.viz.site\n"
        "from paperkg.cli import app\n"
        "from paperkg import cypher\n"
        "from ...engines import load\n"
        "from .. import schema\n"
        "def f():\n"
        "    from ...cypher.analytics import rankings\n",
        encoding="utf-8",
    )
    found = sorted(target for target, _ in _imports(probe, tmp_path / "paperkg"))
    assert found == ["cli", "cypher", "cypher", "engines", "graph", "viz"]


def test_graph_imports_no_store_and_the_store_no_viz_or_cli():
    """The rule of issue 24 spelled out: graph/ knows nothing of Cypher, cypher/ nothing of pages or
    commands (the order above implies it; this names the rule)."""
    wrong = []
    for stage, banned in (("graph", {"cypher", "viz", "cli"}), ("cypher", {"viz", "cli"})):
        for path in sorted((PACKAGE / stage).rglob("*.py")):
            wrong += [f"{path.relative_to(PACKAGE.parent)}:{line} imports paperkg.{target}"
                      for target, line in _imports(path) if target in banned]
    assert not wrong, "\n".join(wrong)


def test_every_stage_exists():
    for stage in ("util", "sources", "extract", "graph", "cypher", "viz", "evaluate", "cli"):
        assert (PACKAGE / stage / "__init__.py").exists(), stage


SHARED_NAMES = {"__init__.py"}


def test_no_two_modules_share_a_file_name():
    """A module's file name says its job: two modules of one name would be two jobs under one name."""
    seen: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        seen.setdefault(path.name, []).append(str(path.relative_to(PACKAGE.parent)))
    twice = {name: paths for name, paths in seen.items() if len(paths) > 1 and name not in SHARED_NAMES}
    assert not twice, twice


# -- Cypher text lives under paperkg/cypher/ only ------------------------------------------------------

# What a Cypher statement (or a piece of one) looks like, and prose does not: a reading or writing
# clause with a pattern and a later clause (or a labelled node: the head of a statement), an UNWIND of
# a list, a procedure call, or a RETURN/SET/DELETE of expressions. Clause words alone ("MERGE on every
# key", ("MATCH", "CALL", "RETURN")) and a pattern named in prose ("MATCH (n) sees the graph's nodes")
# are not statements.
CYPHER = re.compile(
    r"\b(?:OPTIONAL\s+MATCH|MATCH|MERGE|CREATE)\s*\(.*?\b(?:RETURN|SET|DELETE|WITH|WHERE|MERGE|CREATE|YIELD)\b"
    r"|\b(?:OPTIONAL\s+MATCH|MATCH|MERGE|CREATE)\s*\(\w*:[\w`{]"  # the head of one: MATCH (n:Paper
    r"|\bUNWIND\s+\$?\w+\s+AS\s+\w"  # UNWIND $ids AS i
    r"|\bCALL\s+(?:\{|\w+(?:\.\w+)*\s*\()"  # CALL { ... } / CALL db.labels()
    r"|\bRETURN\s+(?:DISTINCT\s+)?(?:\w+\.\w|\w+\(|\*)"  # RETURN p.id / count(x) / *
    r"|\bSET\s+\w+\.\w+\s*="  # SET n.papers = k
    r"|\b(?:DETACH\s+)?DELETE\s+\w+\s*(?:$|,|\))",  # DETACH DELETE n
    re.S,
)
# the statement of a ``paperkg query "..."`` example in a help text is what a user types, not what
# paperkg sends
USER_EXAMPLE = re.compile(r"paperkg query (?:\"[^\"]*\"|'[^']*')")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _strings(tree: ast.AST):
    """(line, text) of every string literal but docstrings; an f-string's text has ``{}`` where its
    values go (so ``f"MATCH (n:{q(label)}) RETURN n.id"`` is read as ``MATCH (n:{}) RETURN n.id``)."""
    skip = _docstrings(tree)
    inside = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            yield node.lineno, text
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in skip and id(node) not in inside:
                yield node.lineno, node.value


def cypher_outside(package: Path) -> list[str]:
    """``path:line: text`` of every string literal that looks like Cypher in a module of ``package``
    outside its ``cypher/`` folder."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] == "cypher":
            continue
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if CYPHER.search(USER_EXAMPLE.sub("", text)):
                found.append(f"{path.relative_to(package.parent)}:{line}: {' '.join(text.split())[:90]}")
    return found


def test_cypher_text_lives_under_paperkg_cypher():
    """Every statement paperkg sends is written in paperkg/cypher/ (the named queries in queries/, the
    store's own in ladybug/ and neo4j/, the analytics on a store in analytics/); the other stages call
    functions there. Prose that names a clause, and docstrings with examples, are not statements."""
    found = cypher_outside(PACKAGE)
    assert not found, "Cypher outside paperkg/cypher/:\n" + "\n".join(found)


@pytest.mark.parametrize("text", [
    "MATCH (m:Method {id: $id})<-[r:USES]-(p:Paper) RETURN p.id AS paper",
    "UNWIND $ids AS i MATCH (n:`Paper` {id: i}) RETURN offset(id(n))",
    "RETURN n.id AS id, {name} AS name",  # pieces of a statement, put together elsewhere
    "MATCH (m:Method {id: $id})<-[r:USES]-(p:Paper) ",
    "MATCH (e:{} {id: $id})",
    "WITH n, count(DISTINCT p) AS k SET n.papers = k",
    "MATCH (m:PaperkgMeta {key: 'rankings'}) DELETE m",
    "MERGE (m:PaperkgMeta {key: 'rankings'}) SET m.value = $t",
    "CALL db.labels() YIELD label",
])
def test_what_reads_as_cypher(text):
    assert CYPHER.search(text)


@pytest.mark.parametrize("text", [
    "Load the knowledge graph into a Neo4j 5 server (idempotent: MERGE on every key).",
    "Rows per UNWIND batch (one transaction each).",
    "MATCH", "CALL", "RETURN",
    "MATCH (n) sees the graph's nodes and the store's two PaperkgMeta rows (schema version, index token)",
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",  # SQL (SQLite), not Cypher
    "{} would change the store; add --write to allow it",
    "a named query or a Cypher statement: MATCH, RETURN and the rest",
    USER_EXAMPLE.sub("", 'Examples:\n  paperkg query "MATCH (p:Paper) RETURN count(p) AS n" --json\n'),
])
def test_what_reads_as_prose(text):
    assert not CYPHER.search(text)


def test_the_cypher_scan_finds_every_kind_of_literal(tmp_path):
    """Plain, implicitly joined and f-strings outside cypher/ are found; docstrings and cypher/ are not."""
    for folder in ("viz", "cypher"):
        (tmp_path / "paperkg" / folder).mkdir(parents=True)
    (tmp_path / "paperkg" / "viz" / "probe.py").write_text(
        '"""A module that runs MATCH (n) RETURN n.id in its docstring only."""\n'
        "def f(label):\n"
        '    """And MATCH (n) RETURN count(n) here."""\n'
        '    a = "MATCH (n:Paper) " "RETURN n.id"\n'
        '    b = f"MATCH (n:{label}) RETURN count(n)"\n'
        '    return a, b, "no statement here"\n',
        encoding="utf-8",
    )
    (tmp_path / "paperkg" / "cypher" / "home.py").write_text('Q = "MATCH (n) RETURN n"\n', encoding="utf-8")
    found = cypher_outside(tmp_path / "paperkg")
    assert [f.split(": ", 1)[0] for f in found] == ["paperkg/viz/probe.py:4", "paperkg/viz/probe.py:5"]
