"""Neo4j's own Cypher parser, offline, over every statement we would send to a Neo4j server.

tools/lint-cypher.mjs runs @neo4j-cypher/language-support (pinned in tools/package.json): the
parser and semantic analysis of Neo4j 5, so syntax errors, undefined variables or parameters,
unknown functions (LadybugDB's ``label()``, APOC) and unknown labels, types or properties of our
schema are caught without a server. Needs node and ``make tools``; CI installs both.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from neo4j_fakes import small_graph

from paperkg.cypher import library
from paperkg.cypher.neo4j.loader import node_query, plan_load, rel_query, rel_target
from paperkg.graph.schema import NODES, RELS

ROOT = Path(__file__).resolve().parents[3]
TOOLS = ROOT / "tools"
SCRIPT = TOOLS / "lint-cypher.mjs"
PACKAGE = TOOLS / "node_modules" / "@neo4j-cypher" / "language-support"
SAMPLE = {"STRING": "lora", "INT64": 3, "DOUBLE": 0.5, "BOOLEAN": True, "STRING[]": ["lora"]}


def _why_not_runnable() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (CI installs nodejs; locally: apt-get install nodejs npm)"
    if not PACKAGE.exists():
        return "Neo4j's Cypher parser is not installed: run `make tools` (cd tools && npm ci)"
    version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout
    major = int(re.match(r"v(\d+)", version).group(1)) if re.match(r"v(\d+)", version) else 0
    if major < 20:  # the package declares node >= 24; it runs on 20 (checked), older is untested
        return f"node {version.strip() or '?'} is too old for Neo4j's Cypher parser (needs 20 or newer)"
    return None


pytestmark = pytest.mark.skipif(_why_not_runnable() is not None, reason=str(_why_not_runnable()))


# Keys of the loader's row maps: the parser cannot tell ``row.src`` from a graph property access.
ROW_KEYS = {"id", "src", "dst", "props", "claim_id"}


def _schema() -> dict[str, list[str]]:
    props = {p.name for n in NODES for p in n.props} | {p.name for r in RELS for p in r.props} | ROW_KEYS
    return {"labels": [n.label for n in NODES], "relationshipTypes": [r.name for r in RELS],
            "propertyKeys": sorted(props)}


def lint(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    payload = json.dumps({"schema": _schema(), "statements": statements}, default=str)
    proc = subprocess.run(["node", str(SCRIPT)], input=payload, capture_output=True, text=True,
                          cwd=TOOLS, timeout=120, check=False)
    assert proc.returncode == 0, f"lint-cypher failed: {proc.stderr.strip()}"
    return json.loads(proc.stdout)


def _loader_statements() -> list[dict[str, Any]]:
    """Every statement shape the loader can send: all DDL, every label, every (type, from, to)."""
    seen: dict[str, dict[str, Any]] = {}
    for s in plan_load(small_graph(), batch_size=2).statements:
        # one row is enough to show the parameter's shape
        params = {k: v[:1] if isinstance(v, list) else v for k, v in s.params.items()}
        name = f"loader {s.kind} {s.target}"
        seen.setdefault(s.query, {"name": name, "query": s.query, "parameters": params})
    for node in NODES:  # shapes the small graph does not have get a synthetic row
        q = node_query(node.label)
        seen.setdefault(q, {"name": f"loader nodes {node.label}", "query": q,
                            "parameters": {"rows": [{"id": "x", "props": {}}]}})
    for rt in RELS:
        for src, dst in rt.ends:
            q = rel_query(rt.name, src, dst)
            row = {"src": "a", "dst": "b", "claim_id": "c", "props": {}}
            seen.setdefault(q, {"name": f"loader rels {rel_target(rt.name, src, dst)}", "query": q,
                                "parameters": {"rows": [row]}})
    return list(seen.values())


def _named_statements() -> list[dict[str, Any]]:
    out = []
    for name, nq in sorted(library.load().items()):
        params = {p.name: SAMPLE.get(p.type, "x") for p in nq.params}
        out.append({"name": f"named query {name}", "query": nq.text("neo4j"), "parameters": params})
    return out


def _analytics_statements() -> list[dict[str, Any]]:
    """cites-like, leaderboard and name resolution as they run on a Neo4j backend
    (cypher/analytics/lookups_on_store.py)."""
    from paperkg.cypher.analytics.lookups_on_store import neo4j_statements

    return [{"name": f"analytics {name}", "query": cypher, "parameters": params}
            for name, cypher, params in neo4j_statements()]


DOCS = [ROOT / "docs" / "neo4j.md", ROOT / "docker" / "README.md"]
CYPHER_BLOCK = re.compile(r"```cypher\n(.*?)```", re.S)


def _doc_statements() -> list[dict[str, Any]]:
    out = []
    for path in DOCS:
        for i, block in enumerate(CYPHER_BLOCK.findall(path.read_text(encoding="utf-8")), 1):
            name = f"{path.relative_to(ROOT)} cypher block {i}"
            out.append({"name": name, "query": block, "parameters": {}})
    return out


# Each is a real mistake Neo4j would reject or warn about: proof that the oracle can fail.
BAD = [
    {"name": "bad: ladybug label()", "query": "MATCH (n) RETURN label(n)", "parameters": {}},
    {"name": "bad: syntax", "query": "MATCH (a RETURN a", "parameters": {}},
    {"name": "bad: undefined param", "query": "MATCH (m:Method) WHERE m.name = $nme RETURN m",
     "parameters": {"name": 1}},
    {"name": "bad: undefined variable", "query": "MATCH (m:Method) RETURN x", "parameters": {}},
    {"name": "bad: apoc", "query": "RETURN apoc.coll.sum([1, 2])", "parameters": {}},
    {"name": "bad: typo label", "query": "MATCH (m:Methd) RETURN m", "parameters": {}},
    {"name": "bad: typo type", "query": "MATCH ()-[r:USE]->() RETURN r", "parameters": {}},
    {"name": "bad: typo property", "query": "MATCH (m:Method) RETURN m.nmae", "parameters": {}},
]


@cache
def _all_diagnostics() -> dict[str, list[dict[str, Any]]]:
    """One node process for everything: its start-up and warm-up cost more than the linting."""
    statements = (_loader_statements() + _named_statements() + _doc_statements() + _analytics_statements()
                  + BAD)
    found: dict[str, list[dict[str, Any]]] = {s["name"]: [] for s in statements}
    for d in lint(statements):
        found[d["name"]].append(d)
    return found


def _explain(diags: list[dict[str, Any]]) -> str:
    return "; ".join(f"{d['severity']} at line {d['line']} col {d['column']}: {d['message']} "
                     f"[...{d['excerpt']}...]" for d in diags)


@pytest.mark.parametrize("name", [b["name"] for b in BAD])
def test_the_parser_rejects_what_neo4j_would_reject(name):
    assert _all_diagnostics()[name], f"{name} was not reported"


@pytest.mark.parametrize("name", [s["name"] for s in _loader_statements()])
def test_every_loader_statement_parses_cleanly(name):
    diags = _all_diagnostics()[name]
    assert not diags, f"{name}: {_explain(diags)}"


@pytest.mark.parametrize("name", [s["name"] for s in _named_statements()])
def test_every_named_query_neo4j_variant_parses_cleanly(name):
    diags = _all_diagnostics()[name]
    assert not diags, f"{name} (neo4j variant): {_explain(diags)}"


@pytest.mark.parametrize("name", [s["name"] for s in _analytics_statements()])
def test_every_analytics_statement_for_neo4j_parses_cleanly(name):
    diags = _all_diagnostics()[name]
    assert not diags, f"{name}: {_explain(diags)}"


def test_the_docs_have_cypher_examples():
    assert len(_doc_statements()) >= 2


@pytest.mark.parametrize("name", [s["name"] for s in _doc_statements()])
def test_every_cypher_example_in_the_docs_parses_cleanly(name):
    diags = _all_diagnostics()[name]
    assert not diags, f"{name}: {_explain(diags)}"
