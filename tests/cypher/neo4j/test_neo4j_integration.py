"""Against a real Neo4j 5 server, whenever NEO4J_URI is set: ``make test-neo4j`` starts one (Neo4j 5.26
Community from Maven Central, docker/neo4j-local) and runs these with the other live tests; or point
NEO4J_URI/NEO4J_PASSWORD at your own server (``make neo4j``, ``docker compose -f docker/compose.yml up -d
neo4j``).

Writes only nodes whose id starts with ``paperkg-test-`` and deletes them afterwards, so it is safe
to point at a database that holds a real graph (the constraints and indexes it creates are the
loader's own, ``IF NOT EXISTS``).
"""

from __future__ import annotations

import os

import pytest
from neo4j_fakes import TEST_PREFIX, small_graph

from paperkg.cypher import library
from paperkg.cypher.neo4j.client import Neo4jBackend, open_driver
from paperkg.cypher.neo4j.config import load_config
from paperkg.cypher.neo4j.loader import Neo4jLoader
from paperkg.graph.schema import NODES

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not os.environ.get("NEO4J_URI"),
                       reason="NEO4J_URI is not set: no Neo4j server to test against"),
]
SAMPLE = {"STRING": "lora", "INT64": 3, "DOUBLE": 0.5, "BOOLEAN": True, "STRING[]": ["lora"]}
MINE = "n.id STARTS WITH $prefix"


@pytest.fixture(scope="module")
def settings():
    return load_config()


@pytest.fixture
def driver(settings):
    drv = open_driver(settings)
    drv.verify_connectivity()  # a wrong NEO4J_URI fails here at once, not after 30 s of retries
    _cleanup(drv, settings.database)
    yield drv
    _cleanup(drv, settings.database)
    drv.close()


def _cleanup(drv, database):
    drv.execute_query(f"MATCH (n) WHERE {MINE} DETACH DELETE n", {"prefix": TEST_PREFIX}, database_=database)


def _counts(drv, database) -> dict[str, int]:
    out = {}
    for node in NODES:
        records, _, _ = drv.execute_query(f"MATCH (n:{node.label}) WHERE {MINE} RETURN count(n) AS c",
                                          {"prefix": TEST_PREFIX}, database_=database)
        out[node.label] = records[0]["c"]
    records, _, _ = drv.execute_query(
        f"MATCH (n)-[r]->() WHERE {MINE} RETURN type(r) AS t, count(r) AS c ORDER BY t",
        {"prefix": TEST_PREFIX}, database_=database)
    out.update({rec["t"]: rec["c"] for rec in records})
    return out


def test_load_is_complete_and_idempotent(driver, settings):
    g = small_graph(TEST_PREFIX)
    loader = Neo4jLoader(driver, settings.database, batch_size=2, target=settings.describe())
    first = loader.load_graph(g)
    assert first.missing_endpoints == {}
    counts = _counts(driver, settings.database)
    assert sum(counts[n.label] for n in NODES) == g.number_of_nodes()
    assert counts["OUTPERFORMS"] == 2 and counts["USES"] == 3
    loader.load_graph(g)  # a second load (or a re-run after an interruption) adds nothing
    assert _counts(driver, settings.database) == counts
    records, _, _ = driver.execute_query(
        "MATCH (m:Method {id: $id}) RETURN m.name AS name, m.aliases AS aliases",
        {"id": f"{TEST_PREFIX}lora"}, database_=settings.database)
    assert records[0]["name"] == "LoRA" and records[0]["aliases"] == ["Low-Rank Adaptation"]


def test_constraints_and_fulltext_index_exist(driver, settings):
    Neo4jLoader(driver, settings.database).load_graph(small_graph(TEST_PREFIX))
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names",
                                         database_=settings.database)
    assert {f"{n.label.lower()}_id" for n in NODES} <= set(records[0]["names"])
    records, _, _ = driver.execute_query("SHOW FULLTEXT INDEXES YIELD name RETURN collect(name) AS names",
                                         database_=settings.database)
    assert "entity_names" in records[0]["names"]


@pytest.mark.parametrize("name", sorted(library.load()))
def test_every_named_query_runs_on_neo4j(driver, settings, name):
    Neo4jLoader(driver, settings.database).load_graph(small_graph(TEST_PREFIX))
    nq = library.get(name)
    params = nq.bind({p.name: SAMPLE.get(p.type, "x") for p in nq.params if not p.optional})
    backend = Neo4jBackend(driver, settings.database, owns_driver=False, target=settings.describe())
    result = backend.run(nq.text("neo4j"), params)
    assert isinstance(result.columns, list)
