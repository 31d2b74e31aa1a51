"""Neo4jBackend: read mode by default, plain values out, one-line errors."""

from __future__ import annotations

import pytest
from neo4j import EagerResult, Record
from neo4j.exceptions import ServiceUnavailable
from neo4j.graph import Graph, Node, Relationship
from neo4j.time import Date
from neo4j_fakes import RecordingDriver

from paperkg.cypher.backend import Backend, QueryResult
from paperkg.cypher.neo4j.client import Neo4jBackend, plain
from paperkg.cypher.neo4j.errors import Neo4jUnavailable


def _answer(keys, *rows):
    return lambda q, p: EagerResult([Record(dict(zip(keys, r, strict=True))) for r in rows], None, list(keys))


def test_it_is_a_backend_named_neo4j():
    backend: Backend = Neo4jBackend(RecordingDriver())
    assert backend.name == "neo4j"
    assert callable(backend.run) and callable(backend.close)


def test_queries_run_in_read_mode_with_parameters_and_database():
    driver = RecordingDriver(respond=_answer(["name", "papers"], ["LoRA", 2], ["BERT", 1]))
    backend = Neo4jBackend(driver, database="kg")
    query = "MATCH (m:Method) WHERE m.papers >= $n RETURN m.name AS name, m.papers AS papers"
    result = backend.run(query, {"n": 1})
    assert isinstance(result, QueryResult)
    assert result.columns == ["name", "papers"]
    assert result.rows == [["LoRA", 2], ["BERT", 1]]
    assert result.records()[0] == {"name": "LoRA", "papers": 2}
    (call,) = driver.calls
    assert call.routing == "r" and call.database == "kg" and call.params == {"n": 1}


def test_writes_only_when_asked():
    driver = RecordingDriver(respond=_answer([]))
    Neo4jBackend(driver, write=True).run("MERGE (n:Method {id: 'x'})")
    assert driver.calls[0].routing == "w"


def test_graph_values_become_plain_python():
    g = Graph()
    lora = Node(g, "4:a:1", 1, ["Method"], {"name": "LoRA", "aliases": ["Low-Rank Adaptation"]})
    bert = Node(g, "4:a:2", 2, ["Method"], {"name": "BERT"})
    rel_cls = g.relationship_type("OUTPERFORMS")
    rel = rel_cls(g, "5:a:3", 3, {"claim_id": "p#1"})
    rel._start_node, rel._end_node = lora, bert
    assert isinstance(rel, Relationship)
    assert plain(lora) == {"_label": "Method", "name": "LoRA", "aliases": ["Low-Rank Adaptation"]}
    assert plain(rel) == {"_label": "OUTPERFORMS", "claim_id": "p#1"}
    expected = ["2024-01-15", {"m": {"_label": "Method", "name": "BERT"}}]
    assert plain([Date(2024, 1, 15), {"m": bert}]) == expected


def test_errors_are_one_line_and_name_the_target():
    driver = RecordingDriver(error=ServiceUnavailable("Unable to retrieve routing information"))
    backend = Neo4jBackend(driver, target="neo4j://nowhere:7687 as neo4j (default database)")
    with pytest.raises(Neo4jUnavailable, match="cannot reach Neo4j at neo4j://nowhere:7687"):
        backend.run("RETURN 1")


def test_close_closes_an_owned_driver_only():
    owned, shared = RecordingDriver(), RecordingDriver()
    with Neo4jBackend(owned):
        pass
    Neo4jBackend(shared, owns_driver=False).close()
    assert owned.closed and not shared.closed


def test_from_env_builds_a_real_driver_without_connecting(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-not-shown")
    backend = Neo4jBackend.from_env()
    try:
        assert backend.target == "bolt://127.0.0.1:1 as neo4j (default database)"
        with pytest.raises(Neo4jUnavailable, match="cannot reach Neo4j at bolt://127.0.0.1:1"):
            backend.run("RETURN 1")  # nothing listens on port 1: the real driver's ServiceUnavailable
    finally:
        backend.close()


def test_a_bad_uri_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "http://localhost:7474")
    with pytest.raises(Neo4jUnavailable, match="bad Neo4j URI 'http://localhost:7474'.*not the browser"):
        Neo4jBackend.from_env()


def test_the_connection_is_checked_once_before_the_first_query():
    driver = RecordingDriver(respond=_answer(["x"], [1]))
    backend = Neo4jBackend(driver)
    backend.run("RETURN 1 AS x")
    backend.run("RETURN 1 AS x")
    assert driver.verified == 1
    down = RecordingDriver(connect_error=ServiceUnavailable("Connection refused"))
    with pytest.raises(Neo4jUnavailable, match="cannot reach Neo4j .* while connecting"):
        Neo4jBackend(down).run("RETURN 1")
    assert down.calls == []
