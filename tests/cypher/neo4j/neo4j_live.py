"""Helpers for the live Neo4j tests: the local server launcher, counts, hashes, a wipe, the CLI's env.

The live tests run against the server of ``NEO4J_URI``; ``make test-neo4j`` starts a throw-away one
(docker/neo4j-local/neo4j_local.py) and sets ``PAPERKG_NEO4J_DISPOSABLE=1``. Tests that empty the
whole database first (to compare it with the embedded store) require that flag, so pointing
``NEO4J_URI`` at a server that holds a real graph can never wipe it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from paperkg.cypher.ladybug import LadybugStore
from paperkg.graph.schema import NODES, RELS

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "docker" / "neo4j-local"))
import neo4j_local  # noqa: E402  (the launcher's Python side: start/stop, used by make test-neo4j)

DISPOSABLE = "PAPERKG_NEO4J_DISPOSABLE"
NOT_RUNNING = ("NEO4J_URI is not set: no Neo4j server to test against "
               "(make test-neo4j starts one and runs these tests)")


def require_server() -> None:
    if not os.environ.get("NEO4J_URI"):
        pytest.skip(NOT_RUNNING)


def require_disposable() -> None:
    require_server()
    if os.environ.get(DISPOSABLE) != "1":
        pytest.skip(f"these tests empty the database at NEO4J_URI; run them through make test-neo4j "
                    f"(a throw-away server), or set {DISPOSABLE}=1 if that server may be wiped")


def require_launcher() -> None:
    if not neo4j_local.built():
        pytest.skip(f"the local Neo4j launcher is not built ({neo4j_local.JAR}); make test-neo4j builds it")


def run(driver: Any, cypher: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(cypher, params)
    return [r.data() for r in records]


def wipe(driver: Any) -> None:
    """Empty the database: data, constraints and indexes (not the built-in token lookup indexes)."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for row in run(driver, "SHOW CONSTRAINTS YIELD name RETURN name"):
        driver.execute_query(f"DROP CONSTRAINT `{row['name']}` IF EXISTS")
    for row in run(driver, "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"):
        driver.execute_query(f"DROP INDEX `{row['name']}` IF EXISTS")


def neo4j_counts(driver: Any) -> dict[str, int]:
    """Nodes per label and relationships per type, as Neo4j counts them."""
    out = {f"node {n.label}": 0 for n in NODES} | {f"rel {r.name}": 0 for r in RELS}
    for row in run(driver, "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS c"):
        out[f"node {row['label']}"] = row["c"]
    for row in run(driver, "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c"):
        out[f"rel {row['t']}"] = row["c"]
    return out


def store_counts(store: LadybugStore) -> dict[str, int]:
    """The same counts from the embedded store, by its own Cypher (not through the loader's graph)."""
    out: dict[str, int] = {}
    for n in NODES:
        out[f"node {n.label}"] = int(store.run(f"MATCH (n:`{n.label}`) RETURN count(*)").rows[0][0])
    for r in RELS:
        out[f"rel {r.name}"] = int(store.run(f"MATCH ()-[r:`{r.name}`]->() RETURN count(*)").rows[0][0])
    return out


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def graph_dump(driver: Any) -> tuple[list[str], list[str]]:
    """Every node and relationship with all its properties, canonical and sorted."""
    nodes = sorted(_canon([sorted(r["labels"]), r["props"]]) for r in run(
        driver, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"))
    rels = sorted(_canon([r["t"], r["a"], r["b"], r["props"]]) for r in run(
        driver, "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS props"))
    return nodes, rels


def graph_hash(driver: Any) -> str:
    """A hash of every node and relationship with its properties: equal hashes, equal graphs."""
    nodes, rels = graph_dump(driver)
    h = hashlib.sha256()
    for line in (*nodes, "--", *rels):
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


def duplicates(driver: Any) -> dict[str, int]:
    """Nodes sharing a label and id, and relationships sharing ends, type (and claim id): both 0 after a
    correct load, however often it ran or was interrupted."""
    nodes = run(driver, "MATCH (n) WITH labels(n) AS l, n.id AS id, count(*) AS c WHERE c > 1 "
                        "RETURN count(*) AS dup")[0]["dup"]
    rels = run(driver, "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.claim_id AS k, count(*) AS c "
                       "WHERE c > 1 RETURN count(*) AS dup")[0]["dup"]
    return {"nodes": nodes, "rels": rels}


def neo4j_env(server: neo4j_local.LocalNeo4j | None = None, **overrides: str) -> dict[str, str]:
    """NEO4J_* for a CLI run: the given server's, else the environment's, then ``overrides``."""
    env = server.env() if server is not None else {
        k: os.environ[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}
    env.setdefault("NEO4J_DATABASE", "")
    env.setdefault("NEO4J_USERNAME", "")
    return {**env, **overrides}


def one_line_error(result: Any) -> str:
    """The CLI failed with exit code 1 and exactly one line on stderr, no traceback; that line."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and lines[0].startswith("error: ")
    return lines[0]
