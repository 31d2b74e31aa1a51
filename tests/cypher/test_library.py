"""Named query files: headers parse, every query has both dialects, parameters bind strictly."""

from __future__ import annotations

import pytest

from paperkg.cypher import library
from paperkg.cypher.guard import write_clauses

REQUIRED = {
    "schema",
    "cites-like",
    "methods-by-papers",
    "method-datasets",
    "leaderboard",
    "method-claims",
    "outperforms",
    "methods-used-together",
    "papers-with-code",
    "methods-proposed-over-time",
    "conflicting-claims",
    "paper",
    "search",
}


def test_the_required_queries_exist_with_descriptions():
    qs = library.load()
    assert REQUIRED <= set(qs)
    for q in qs.values():
        assert q.description
        for dialect in ("ladybug", "neo4j"):
            body = q.text(dialect)
            assert body.strip() and "// name:" not in body
            for p in q.params:
                assert f"${p.name}" in body, (q.name, p.name)
            assert not write_clauses(body), q.name


def test_dialect_variants_are_split():
    q = library.get("schema")
    assert "label(n)" in q.text("ladybug") and "labels(n)[0]" not in q.text("ladybug")
    assert "labels(n)[0]" in q.text("neo4j") and "type(r)" in q.text("neo4j")
    shared = library.get("outperforms")
    assert shared.text("ladybug") == shared.text("neo4j")


def test_header_parsing_and_optional_params():
    q = library.parse(
        "// name: t\n// description: d\n// param: x STRING the x\n"
        "// param: n INT64 (optional, default 5) how many\n"
        "// param: m STRING (optional) a filter\nMATCH (a) RETURN a LIMIT $n\n"
    )
    assert [(p.name, p.type, p.optional, p.default) for p in q.params] == [
        ("x", "STRING", False, None),
        ("n", "INT64", True, 5),
        ("m", "STRING", True, None),
    ]
    assert q.params[1].description == "how many"
    assert q.bind({"x": "a"}) == {"x": "a", "n": 5, "m": ""}
    assert q.bind({"x": 3, "n": "7"}) == {"x": "3", "n": 7, "m": ""}
    with pytest.raises(library.QueryError, match="needs --param x"):
        q.bind({})
    with pytest.raises(library.QueryError, match="has no parameter y"):
        q.bind({"x": "a", "y": 1})
    with pytest.raises(library.QueryError, match="must be INT64"):
        q.bind({"x": "a", "n": "many"})


def test_unknown_query_name():
    with pytest.raises(library.QueryError, match="no named query 'nope'"):
        library.get("nope")


@pytest.mark.parametrize(
    ("cypher", "found"),
    [
        ("MATCH (n) RETURN n", []),
        ("MATCH (n) WHERE n.name = 'CREATE' RETURN n", []),
        ('MATCH (n) WHERE n.name = "x\\" DELETE" RETURN n', []),
        ("MATCH (n) // DELETE it\nRETURN n", []),
        ("MATCH (n) /* SET n.x = 1 */ RETURN n.set, n.`delete`", []),
        ("MATCH (n:Method) RETURN n.create", []),
        ("MATCH (n) SET n.x = 1", ["SET"]),
        ("match (n) detach delete n", ["DETACH", "DELETE"]),
        ("CREATE (:Paper {id: 'x'})", ["CREATE"]),
        ("MERGE (a)-[:USES]->(b)", ["MERGE"]),
        ("COPY Paper FROM 'x.csv'", ["COPY"]),
        ("DROP TABLE Paper", ["DROP"]),
        ("LOAD FROM 'x.csv' RETURN *", ["LOAD"]),
        ("MATCH (n) REMOVE n.x", ["REMOVE"]),
        ("ALTER TABLE Paper ADD x INT64", ["ALTER"]),
        ("INSTALL json", ["INSTALL"]),
        ("ATTACH 'x' AS y", ["ATTACH"]),
        ("IMPORT DATABASE 'x'", ["IMPORT"]),
        ("EXPORT DATABASE 'x'", ["EXPORT"]),
    ],
)
def test_write_clause_detection_ignores_strings_comments_and_names(cypher, found):
    assert write_clauses(cypher) == found
