"""Relations as extracted in a real Neo4j: the hand-made papers of tests/graph/relations_corpus.py (ids
prefixed, next to the loaded sample) keep proposes, compares, uses and mentions apart, and the named
query and `cites-like --neo4j` rank them as the embedded store does."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from neo4j_fakes import TEST_PREFIX
from neo4j_live import neo4j_counts, neo4j_env, run
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "graph"))
from relations_corpus import CITES_ORDER, RELATIONS, graph, prefixed  # noqa: E402

from paperkg.cli import app  # noqa: E402
from paperkg.cypher import library  # noqa: E402
from paperkg.cypher.ladybug import LadybugStore  # noqa: E402
from paperkg.cypher.neo4j.loader import Neo4jLoader  # noqa: E402

pytestmark = pytest.mark.neo4j
runner = CliRunner()
LORA = f"{TEST_PREFIX}lora"


@pytest.fixture(scope="module")
def relations_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("rel-neo4j") / "rel.db"
    with LadybugStore(path) as s:
        s.write_graph(prefixed(graph(), TEST_PREFIX))
    return path


@pytest.fixture(scope="module")
def loaded(live_driver, live_settings, loaded_sample):
    """The prefixed papers loaded beside the sample, removed afterwards (nothing else touched)."""
    before = neo4j_counts(live_driver)
    Neo4jLoader(live_driver, live_settings.database, batch_size=3).load_graph(prefixed(graph(), TEST_PREFIX))
    yield
    live_driver.execute_query("MATCH (n) WHERE n.id STARTS WITH $p DETACH DELETE n", {"p": TEST_PREFIX})
    assert neo4j_counts(live_driver) == before


def test_neo4j_keeps_each_relation(loaded, live_driver):
    rows = run(live_driver, "MATCH (p:Paper)-[r:PROPOSES|USES]->(m:Method {id: $id}) "
                            "RETURN p.id AS paper, type(r) AS type, r.relation AS relation", id=LORA)
    got = {r["paper"][len(TEST_PREFIX):]: (r["relation"] or "proposes") for r in rows}
    assert got == RELATIONS
    assert all((r["type"] == "PROPOSES") == (r["relation"] is None) for r in rows)


def test_the_named_query_ranks_alike_in_both_stores(loaded, live_driver, relations_db):
    nq = library.get("cites-like")
    params = nq.bind({"method": LORA})
    on_neo4j = run(live_driver, nq.text("neo4j"), **params)
    with LadybugStore(relations_db, read_only=True) as s:
        on_ladybug = s.run(nq.text("ladybug"), params).records()
    assert on_neo4j == on_ladybug
    assert [r["paper"][len(TEST_PREFIX):] for r in on_neo4j] == CITES_ORDER
    assert [r["relation"] for r in on_neo4j] == [RELATIONS[p] for p in CITES_ORDER]


def test_cites_like_neo4j_equals_embedded(loaded, relations_db):
    args = ["cites-like", LORA, "--related", "0", "--json"]
    on_neo4j = runner.invoke(app, [*args, "--neo4j"], env=neo4j_env())
    on_ladybug = runner.invoke(app, [*args, "--db", str(relations_db)])
    assert on_neo4j.exit_code == 0 and on_ladybug.exit_code == 0, (on_neo4j.output, on_ladybug.output)
    rows = json.loads(on_neo4j.stdout)
    assert rows == json.loads(on_ladybug.stdout)
    got = [(r["id"][len(TEST_PREFIX):], r["relation"]) for r in rows]
    assert got == [(p, RELATIONS[p]) for p in CITES_ORDER]


TYPED = ["low rank adaptation", "LOW-RANK ADAPTATION", "lora", "Mixture of-Experts"]


@pytest.mark.parametrize("typed", TYPED)
def test_the_named_query_resolves_names_alike_in_both_stores(typed, loaded_sample, live_driver, sample_db):
    """Name, alias and the letters-and-digits key (a regex in LadybugDB, a reduce over characters in
    Neo4j) pick the same one method, the one `paperkg cites-like` picks."""
    nq = library.get("cites-like")
    params = nq.bind({"method": typed, "limit": 50})
    with LadybugStore(sample_db, read_only=True) as s:
        on_ladybug = s.run(nq.text("ladybug"), params).records()
    assert on_ladybug and len({r["method"] for r in on_ladybug}) == 1
    assert run(live_driver, nq.text("neo4j"), **params) == on_ladybug
