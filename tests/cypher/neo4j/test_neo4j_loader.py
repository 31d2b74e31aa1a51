"""The loader's statements, through a recording driver, against reviewed snapshots."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from neo4j import EagerResult, Record
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, TransientError
from neo4j_fakes import RecordingDriver, check_snapshot, small_graph

from paperkg.cypher.neo4j.errors import Neo4jUnavailable
from paperkg.cypher.neo4j.indexes import schema_statements
from paperkg.cypher.neo4j.loader import Neo4jLoader, plan_load
from paperkg.graph.schema import NODES, RELS


def _load(graph: nx.MultiDiGraph, batch_size: int = 2, **driver_kw) -> tuple[RecordingDriver, object]:
    driver = RecordingDriver(**driver_kw)
    summary = Neo4jLoader(driver, "neo4j", batch_size).load_graph(graph)
    return driver, summary


def test_statements_match_the_reviewed_snapshot():
    driver, summary = _load(small_graph(), batch_size=2)
    check_snapshot("load_small_graph", [c.as_json() for c in driver.calls])
    assert {c.database for c in driver.calls} == {"neo4j"}
    assert {c.routing for c in driver.calls} == {"w"}


def test_summary_counts_rows_per_label_and_type():
    g = small_graph()
    _, summary = _load(g, batch_size=2)
    assert summary.nodes == {"Paper": 2, "Method": 3, "Dataset": 1, "Metric": 1, "Claim": 2, "Repository": 1}
    assert sum(summary.nodes.values()) == g.number_of_nodes()
    assert sum(summary.rels.values()) == g.number_of_edges()
    assert summary.rels["OUTPERFORMS(Method->Method)"] == 2  # two claims, one method pair
    assert summary.rels["USES(Paper->Method)"] == 3
    assert summary.statements == len(schema_statements()) + summary.batches
    assert summary.missing_endpoints == {} and summary.skipped == {}


def test_schema_comes_first_and_covers_every_node_type():
    driver, _ = _load(small_graph())
    n_ddl = len(schema_statements())
    ddl = [c.query for c in driver.calls[:n_ddl]]
    assert all(q.startswith("CREATE ") and "IF NOT EXISTS" in q for q in ddl)
    assert not any(c.query.startswith("CREATE ") for c in driver.calls[n_ddl:])
    for node in NODES:
        assert f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE" in " ".join(ddl)
    assert any(q.startswith("CREATE FULLTEXT INDEX entity_names") for q in ddl)


def test_data_statements_only_merge_on_keys():
    driver, _ = _load(small_graph())
    for c in driver.calls[len(schema_statements()):]:
        assert c.query.startswith("UNWIND $rows AS row ")
        assert " CREATE " not in c.query and " DELETE " not in c.query
        assert "MERGE (n:" in c.query or "MERGE (a)-[r:" in c.query
    outperforms = [c for c in driver.calls if ":OUTPERFORMS" in c.query and c.query.startswith("UNWIND")]
    assert outperforms and all("{claim_id: row.claim_id}" in c.query for c in outperforms)
    claim_ids = sorted(r["claim_id"] for c in outperforms for r in c.params["rows"])
    assert claim_ids == ["2402.00002#0", "2402.00002#1"]


def test_loading_twice_sends_the_same_statements():
    g = small_graph()
    first, _ = _load(g)
    second, _ = _load(g)
    assert [c.as_json() for c in first.calls] == [c.as_json() for c in second.calls]


def test_statement_order_does_not_depend_on_insertion_order():
    g = small_graph()
    nodes, edges = list(g.nodes(data=True)), list(g.edges(keys=True, data=True))
    rng = random.Random(7)
    rng.shuffle(nodes)
    rng.shuffle(edges)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(nodes)
    for u, v, k, d in edges:
        shuffled.add_edge(u, v, key=k, **d)
    assert [c.as_json() for c in _load(g)[0].calls] == [c.as_json() for c in _load(shuffled)[0].calls]


@pytest.mark.parametrize("batch_size", [1, 2, 3, 1000])
def test_rows_are_split_by_batch_size(batch_size):
    g = nx.MultiDiGraph()
    for i in range(7):
        g.add_node(f"Paper:p{i}", label="Paper", id=f"p{i}", title=f"T{i}")
        g.add_node(f"Method:m{i}", label="Method", id=f"m{i}", name=f"M{i}")
        g.add_edge(f"Paper:p{i}", f"Method:m{i}", key="USES", type="USES", mentions=1)
    driver, summary = _load(g, batch_size)
    paper_batches = [c.params["rows"] for c in driver.calls if "MERGE (n:Paper" in c.query]
    uses_batches = [c.params["rows"] for c in driver.calls if "[r:USES]" in c.query]
    expected = -(-7 // batch_size)
    assert len(paper_batches) == len(uses_batches) == expected
    assert all(len(b) <= batch_size for b in paper_batches + uses_batches)
    assert [r["id"] for b in paper_batches for r in b] == [f"p{i}" for i in range(7)]
    assert summary.batches == 3 * expected  # Paper, Method, USES


def test_a_bad_batch_size_is_refused():
    with pytest.raises(ValueError):
        Neo4jLoader(RecordingDriver(), batch_size=0)


def test_session_factory_path_sends_the_same_statements():
    g = small_graph()
    via_driver, _ = _load(g)
    recorder = RecordingDriver()
    Neo4jLoader(lambda: recorder.session(database="neo4j"), "neo4j", 2).load_graph(g)
    assert [c.as_json() for c in recorder.calls] == [c.as_json() for c in via_driver.calls]


def test_missing_properties_are_sent_as_null_and_only_schema_properties_are_sent():
    g = nx.MultiDiGraph()
    g.add_node("Paper:x", label="Paper", id="x", title="X", not_in_schema="dropped", categories=("b", "a"))
    driver, _ = _load(g)
    (row,) = next(c for c in driver.calls if "MERGE (n:Paper" in c.query).params["rows"]
    assert row["id"] == "x" and "id" not in row["props"]
    assert row["props"]["title"] == "X" and row["props"]["abstract"] is None
    assert row["props"]["categories"] == ["b", "a"]  # tuples become lists, order kept
    assert "not_in_schema" not in row["props"]


def test_nodes_and_edges_outside_the_schema_are_skipped_and_counted():
    g = small_graph()
    g.add_node("Author:x", label="Author", id="x")
    g.add_edge("Paper:2401.00001", "Author:x", key="WROTE", type="WROTE")
    g.add_edge("Paper:2401.00001", "Author:x", key="USES", type="USES")  # end node skipped
    g.add_edge("Method:lora", "Paper:2401.00001", key="USES", type="USES")  # wrong direction
    g.add_edge("Method:lora", "Method:bert", key="OUTPERFORMS:", type="OUTPERFORMS")  # no claim id
    plan = plan_load(g)
    assert plan.skipped == {
        "OUTPERFORMS relationship without claim_id": 1,
        "USES relationship from Method to Paper (not in the schema)": 1,
        "USES relationship whose end node was skipped": 1,
        "node with unknown label 'Author'": 1,
        "relationship with unknown type 'WROTE'": 1,
    }
    assert not any("Author" in s.query or "WROTE" in s.query for s in plan.statements)


def test_rows_whose_end_nodes_are_missing_in_neo4j_are_reported():
    def respond(query, params):
        merged = len(params.get("rows", [])) - (1 if "[r:HAS_CODE]" in query else 0)
        return EagerResult([Record({"merged": merged})], None, ["merged"])

    _, summary = _load(small_graph(), respond=respond)
    assert summary.missing_endpoints == {"HAS_CODE(Paper->Repository)": 1}


@pytest.mark.parametrize(("error", "expected"), [
    (ServiceUnavailable("Couldn't connect to localhost:7687"), "cannot reach Neo4j at bolt://h:7687"),
    (Neo4jError._hydrate_neo4j(code="Neo.ClientError.Security.Unauthorized",
                               message="The client is unauthorized due to authentication failure."),
     "Neo4j at bolt://h:7687 rejected the login"),
    (Neo4jError._hydrate_neo4j(code="Neo.TransientError.Transaction.DeadlockDetected",
                               message="deadlock\nfound"),
     "transient error"),
    (Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="Invalid input 'X'"),
     "Neo4j refused a statement"),
])
def test_driver_errors_become_one_line_messages(error, expected):
    assert isinstance(error, ServiceUnavailable | AuthError | TransientError | Neo4jError)
    driver = RecordingDriver(error=error, fail_at=15)
    loader = Neo4jLoader(driver, "neo4j", 2, target="bolt://h:7687")
    with pytest.raises(Neo4jUnavailable) as info:
        loader.load_graph(small_graph())
    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    assert "statement 15 of" in message  # says where it stopped
    assert len(driver.calls) == 15


def test_an_interrupted_load_rerun_sends_every_statement_again():
    g = small_graph()
    full, _ = _load(g)
    broken = RecordingDriver(error=ServiceUnavailable("connection reset"), fail_at=20)
    with pytest.raises(Neo4jUnavailable):
        Neo4jLoader(broken, "neo4j", 2).load_graph(g)
    rerun, _ = _load(g)
    # the first attempt sent a prefix; the re-run sends the whole plan, MERGE-only, so it converges
    assert [c.as_json() for c in broken.calls] == [c.as_json() for c in full.calls[:20]]
    assert [c.as_json() for c in rerun.calls] == [c.as_json() for c in full.calls]


def test_every_relationship_type_has_a_statement_shape():
    for rt in RELS:
        for src, dst in rt.ends:
            from paperkg.cypher.neo4j.loader import rel_query

            q = rel_query(rt.name, src, dst)
            assert f"MATCH (a:{src} {{id: row.src}}) MATCH (b:{dst} {{id: row.dst}})" in q
            assert ("SET r += row.props" in q) == any(p.name != "claim_id" for p in rt.props)


def test_a_dead_server_fails_before_any_statement():
    driver = RecordingDriver(connect_error=ServiceUnavailable("Connection refused"))
    with pytest.raises(Neo4jUnavailable, match="cannot reach Neo4j at bolt://h:7687 while connecting"):
        Neo4jLoader(driver, target="bolt://h:7687").load_graph(small_graph())
    assert driver.calls == [] and driver.verified == 1
