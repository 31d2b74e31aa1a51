"""The sample corpus in a real Neo4j 5.26, compared with the embedded store it came from.

Runs against the throw-away server of ``make test-neo4j`` (NEO4J_URI, NEO4J_PASSWORD, and
PAPERKG_NEO4J_DISPOSABLE=1 because the database is emptied first). Every answer Neo4j gives is
compared with LadybugDB's on the same graph: counts per label and type, every property, every named
query's rows, and the ``--neo4j`` variants of ``query``, ``cites-like`` and ``leaderboard``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from neo4j_fakes import TEST_PREFIX
from neo4j_live import (
    duplicates,
    graph_hash,
    neo4j_counts,
    neo4j_env,
    one_line_error,
    run,
    store_counts,
)
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher import guard, library
from paperkg.cypher.ladybug import LadybugStore
from paperkg.cypher.neo4j.client import Neo4jBackend
from paperkg.cypher.neo4j.indexes import FULLTEXT_INDEX, LOOKUP_PROPS, REL_MERGE_KEYS
from paperkg.cypher.neo4j.loader import Neo4jLoader, _value
from paperkg.graph.schema import ENTITY_LABELS, NODE_BY_LABEL, NODES, REL_BY_NAME

pytestmark = pytest.mark.neo4j
runner = CliRunner()

# Each named query's example parameters: names that exist in examples/hf-daily-papers, so most answers
# are not empty. A new named query must get a line here (test_every_named_query_has_an_example).
EXAMPLES: dict[str, dict[str, Any]] = {
    "cites-like": {"method": "LoRA"},
    "conflicting-claims": {},
    "leaderboard": {"dataset": "ImageNet"},
    "method-claims": {"method": "BatchPrompt"},
    "method-datasets": {"method": "Transformer"},
    "methods-by-papers": {"limit": 25},
    "methods-proposed-over-time": {},
    "methods-used-together": {"limit": 25},
    "outperforms": {"method": "single-data prompting"},
    "paper": {"paper": "ptmtorrent-a-dataset-for-mining-open-source-pre-trained-model-packages"},
    "papers-with-code": {},
    "schema": {},
    "search": {"q": "lora"},
}
# Columns built by collect(): the order of their items is not defined in either store.
COLLECTED = {"outperforms": {"claim_ids"}, "papers-with-code": {"proposes"}}


@pytest.fixture(scope="module")
def store(sample_db):
    with LadybugStore(sample_db, read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def neo(live_driver, live_settings, loaded_sample):
    return Neo4jBackend(live_driver, live_settings.database, owns_driver=False,
                        target=live_settings.describe())


# -- schema -------------------------------------------------------------------------------------------


def test_constraints_created_and_listed(live_driver, loaded_sample):
    rows = run(live_driver, "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties "
                            "RETURN name, type, entityType, labelsOrTypes, properties")
    got = {r["name"]: r for r in rows}
    for node in NODES:
        c = got[f"{node.label.lower()}_{node.key}"]
        assert (c["type"], c["entityType"]) == ("UNIQUENESS", "NODE")
        assert (c["labelsOrTypes"], c["properties"]) == ([node.label], [node.key])
    assert len(rows) == len(NODES)


def test_indexes_created_online_and_listed(live_driver, loaded_sample):
    rows = run(live_driver, "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, "
                            "owningConstraint WHERE type <> 'LOOKUP' RETURN *")
    assert all(r["state"] == "ONLINE" for r in rows), rows
    plain = {(tuple(r["labelsOrTypes"]), tuple(r["properties"])): r for r in rows
             if r["type"] == "RANGE" and r["owningConstraint"] is None}
    for node in NODES:
        for prop in LOOKUP_PROPS:
            if prop != node.key and prop in {p.name for p in node.props}:
                assert plain[((node.label,), (prop,))]["entityType"] == "NODE"
    for rel, prop in REL_MERGE_KEYS.items():
        assert plain[((rel,), (prop,))]["entityType"] == "RELATIONSHIP"
    backing = {r["owningConstraint"] for r in rows if r["owningConstraint"]}
    assert backing == {f"{n.label.lower()}_{n.key}" for n in NODES}  # each uniqueness constraint's index
    fulltext = [r for r in rows if r["type"] == "FULLTEXT"]
    assert [r["name"] for r in fulltext] == [FULLTEXT_INDEX]
    assert sorted(fulltext[0]["labelsOrTypes"]) == sorted(ENTITY_LABELS)
    assert fulltext[0]["properties"] == ["name", "aliases"]


# -- the sample corpus, loaded ------------------------------------------------------------------------


def test_sample_counts_equal_the_embedded_store(live_driver, loaded_sample, store, sample_graph):
    expected = store_counts(store)
    assert neo4j_counts(live_driver) == expected
    assert sum(v for k, v in expected.items() if k.startswith("node")) == sample_graph.number_of_nodes()
    assert sum(v for k, v in expected.items() if k.startswith("rel")) == sample_graph.number_of_edges()
    assert loaded_sample["missing_endpoints"] == {} and loaded_sample["skipped"] == {}


def test_every_property_equals_the_embedded_store(live_driver, loaded_sample, sample_graph):
    """Values Neo4j might store differently (lists, floats, empty strings, nulls) come back as sent;
    a null is an absent property in Neo4j."""
    want_nodes = {}
    for _, attrs in sample_graph.nodes(data=True):
        node = NODE_BY_LABEL[attrs["label"]]
        props = {p.name: _value(attrs.get(p.name)) for p in node.props}
        want_nodes[(node.label, props[node.key])] = {k: v for k, v in props.items() if v is not None}
    got_nodes = {(r["label"], r["props"]["id"]): r["props"] for r in run(
        live_driver, "MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS props")}
    assert got_nodes == want_nodes
    want_rels = []
    for u, v, attrs in sample_graph.edges(data=True):
        props = {p.name: _value(attrs.get(p.name)) for p in REL_BY_NAME[attrs["type"]].props}
        ends = [sample_graph.nodes[u]["id"], sample_graph.nodes[v]["id"]]
        want_rels.append(json.dumps([attrs["type"], *ends, {k: x for k, x in props.items() if x is not None}],
                                    sort_keys=True))
    want_rels.sort()
    got_rels = sorted(json.dumps([r["t"], r["a"], r["b"], r["props"]], sort_keys=True) for r in run(
        live_driver, "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS props"))
    assert got_rels == want_rels


def test_loading_twice_changes_nothing(live_driver, loaded_sample, sample_db):
    counts, digest = neo4j_counts(live_driver), graph_hash(live_driver)
    again = runner.invoke(app, ["load-neo4j", "--db", str(sample_db), "--json", "--batch-size", "97"],
                          env=neo4j_env())
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["missing_endpoints"] == {}
    assert neo4j_counts(live_driver) == counts
    assert graph_hash(live_driver) == digest
    assert duplicates(live_driver) == {"nodes": 0, "rels": 0}


# -- connection problems: one line each ---------------------------------------------------------------


def test_wrong_password_is_one_line(loaded_sample, sample_db):
    wrong = "not-the-password-123"
    for args in (["load-neo4j", "--db", str(sample_db)], ["query", "schema", "--neo4j"]):
        r = runner.invoke(app, args, env=neo4j_env(NEO4J_PASSWORD=wrong))
        line = one_line_error(r)
        assert "rejected the login" in line and "NEO4J_PASSWORD" in line, line
        assert wrong not in r.output


def test_unknown_database_is_one_line(loaded_sample, sample_db):
    for args, env in ((["query", "schema", "--neo4j"], neo4j_env(NEO4J_DATABASE="nosuchdb")),
                      (["cites-like", "LoRA", "--neo4j"], neo4j_env(NEO4J_DATABASE="nosuchdb")),
                      (["load-neo4j", "--db", str(sample_db), "--database", "nosuchdb"], neo4j_env())):
        line = one_line_error(runner.invoke(app, args, env=env))
        assert "has no such database" in line and "nosuchdb" in line, line


# -- named queries: the same rows in both stores ------------------------------------------------------


def test_every_named_query_has_an_example():
    assert set(EXAMPLES) == set(library.load())


def _rows(result, collected: set[str]) -> list[str]:
    """Rows as canonical JSON, sorted: a stable order for rows whose ORDER BY leaves ties."""
    out = []
    for row in result.records():
        row = {k: sorted(v) if k in collected and isinstance(v, list) else v for k, v in row.items()}
        out.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return sorted(out)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_named_query_gives_the_embedded_rows(name, neo, store):
    nq = library.get(name)
    params = nq.bind(EXAMPLES[name])
    on_neo4j = neo.run(nq.text("neo4j"), params)
    on_ladybug = store.run(nq.text("ladybug"), params)
    assert on_neo4j.columns == on_ladybug.columns
    assert _rows(on_neo4j, COLLECTED.get(name, set())) == _rows(on_ladybug, COLLECTED.get(name, set()))
    if name != "conflicting-claims":  # the sample has no conflicting claims
        assert on_neo4j.rows, f"{name} answered nothing on the sample: pick an example that finds rows"


# -- the CLI's --neo4j paths give the embedded answers -----------------------------------------------


@pytest.mark.parametrize("args", [
    ["query", "cites-like", "-p", "method=LoRA", "--json"],
    ["query", "leaderboard", "-p", "dataset=ImageNet", "-p", "metric=accuracy", "--json"],
    ["query", "MATCH (m:Method)<-[:USES]-(p:Paper) RETURN m.name AS method, count(p) AS papers "
              "ORDER BY papers DESC, method LIMIT 10", "--json"],
], ids=["named-cites-like", "named-leaderboard", "cypher"])
def test_query_neo4j_equals_embedded(args, loaded_sample, sample_db):
    on_neo4j = runner.invoke(app, [*args, "--neo4j"], env=neo4j_env())
    on_ladybug = runner.invoke(app, [*args, "--db", str(sample_db)])
    assert on_neo4j.exit_code == 0 and on_ladybug.exit_code == 0, (on_neo4j.output, on_ladybug.output)
    assert json.loads(on_neo4j.stdout) == json.loads(on_ladybug.stdout) != []


@pytest.mark.parametrize("method", ["LoRA", "Transformer", "mixture of experts", "BatchPrompt"])
def test_cites_like_neo4j_equals_embedded(method, loaded_sample, sample_db):
    args = ["cites-like", method, "--limit", "8", "--related", "3", "--json"]
    on_neo4j = runner.invoke(app, [*args, "--neo4j"], env=neo4j_env())
    on_ladybug = runner.invoke(app, [*args, "--db", str(sample_db)])
    assert on_neo4j.exit_code == 0 and on_ladybug.exit_code == 0, (on_neo4j.output, on_ladybug.output)
    assert json.loads(on_neo4j.stdout) == json.loads(on_ladybug.stdout) != []


@pytest.mark.parametrize("args", [["ImageNet"], ["ImageNet", "--metric", "FLOPs"], ["RTE", "--limit", "0"],
                                  ["Ego4D-v2"]])
def test_leaderboard_neo4j_equals_embedded(args, loaded_sample, sample_db):
    on_neo4j = runner.invoke(app, ["leaderboard", *args, "--json", "--neo4j"], env=neo4j_env())
    on_ladybug = runner.invoke(app, ["leaderboard", *args, "--json", "--db", str(sample_db)])
    assert on_neo4j.exit_code == 0 and on_ladybug.exit_code == 0, (on_neo4j.output, on_ladybug.output)
    board = json.loads(on_neo4j.stdout)
    assert board == json.loads(on_ladybug.stdout) and board["boards"]


def test_no_server_notifications_on_stderr(loaded_sample):
    """Neo4j warns about a property no node has yet (a graph whose claims name no baseline makes every
    leaderboard do that); the driver would print each warning on stderr. paperkg asks for none."""
    r = runner.invoke(app, ["query", "MATCH (c:Claim) RETURN c.no_such_property AS x LIMIT 1", "--neo4j",
                            "--json"], env=neo4j_env())
    assert r.exit_code == 0 and json.loads(r.stdout) == [{"x": None}], r.output
    assert r.stderr == "", r.stderr


# -- full-text search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "found"), [("lorra~", "LoRA"), ("transformr~", "Transformer"),
                                              ("mixtur~ AND expert~", "mixture of experts")])
def test_fulltext_index_answers_a_fuzzy_name_search(typed, found, neo):
    rows = neo.run(f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $q) YIELD node, score "
                   "RETURN node.name AS name, labels(node)[0] AS label, score ORDER BY score DESC LIMIT 10",
                   {"q": typed}).records()
    assert found in [r["name"] for r in rows], rows
    assert {r["label"] for r in rows} <= set(ENTITY_LABELS)


# -- hostile names ---------------------------------------------------------------------------------------

HOSTILE = {
    "quotes": "O'Brien's \"quoted\" `ticked` method",
    "braces": "{a: 1} ${param} $p {{x}}",
    "comment": "net // not a comment /* nor this */ -- nor SQL",
    "keywords": "MATCH (n) DETACH DELETE n; RETURN 1 UNION CALL db.labels()",
    "escapes": "back\\slash \\' \\u0041 new\nline\ttab",
    "unicode": "Ünïcödé 模型 🚀 zero\u200bwidth",
}
SCRIPT_TITLE = "<script>alert('x')</script> & <b>bold</b> \"title\""


@pytest.fixture
def hostile(live_driver, live_settings, loaded_sample):
    """Methods with hostile names, proposed by a paper with a <script> title; removed afterwards."""
    import networkx as nx

    g = nx.MultiDiGraph()
    paper = f"{TEST_PREFIX}hostile-paper"
    g.add_node(f"Paper:{paper}", label="Paper", id=paper, title=SCRIPT_TITLE, abstract=SCRIPT_TITLE,
               year=2024, authors=["Robert'); DROP TABLE papers;--"], categories=["cs.CL"])
    for key, name in HOSTILE.items():
        mid = f"{TEST_PREFIX}{key}"
        g.add_node(f"Method:{mid}", label="Method", id=mid, name=name, aliases=[name.upper(), "}{"], papers=1)
        g.add_edge(f"Paper:{paper}", f"Method:{mid}", key="PROPOSES", type="PROPOSES", paper_id=paper,
                   sentence=f"We propose {name}.", field="abstract", start=11, end=11 + len(name))
    before = neo4j_counts(live_driver)
    Neo4jLoader(live_driver, live_settings.database, batch_size=2).load_graph(g)
    yield g
    live_driver.execute_query("MATCH (n) WHERE n.id STARTS WITH $p DETACH DELETE n", {"p": TEST_PREFIX})
    assert neo4j_counts(live_driver) == before  # nothing else was touched


def test_hostile_names_are_stored_and_read_back_exactly(hostile, live_driver, neo):
    rows = run(live_driver, "MATCH (p:Paper)-[r:PROPOSES]->(m:Method) WHERE p.id STARTS WITH $p "
                            "RETURN m.id AS id, m.name AS name, m.aliases AS aliases, "
                            "r.sentence AS sentence, p.title AS title, p.authors AS authors", p=TEST_PREFIX)
    assert {r["id"][len(TEST_PREFIX):]: r["name"] for r in rows} == HOSTILE
    for r in rows:
        assert r["aliases"] == [r["name"].upper(), "}{"] and r["sentence"] == f"We propose {r['name']}."
        assert r["title"] == SCRIPT_TITLE and r["authors"] == ["Robert'); DROP TABLE papers;--"]
    found = neo.run("MATCH (m:Method) WHERE m.name = $name RETURN m.id AS id",
                    {"name": HOSTILE["keywords"]}).rows
    assert found == [[f"{TEST_PREFIX}keywords"]]


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_hostile_names_through_the_cli(hostile, key):
    name = HOSTILE[key]
    r = runner.invoke(app, ["query", "MATCH (m:Method {id: $id}) RETURN m.name AS name, m.aliases AS aliases",
                            "-p", f"id={TEST_PREFIX}{key}", "--neo4j", "--json"], env=neo4j_env())
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"name": name, "aliases": [name.upper(), "}{"]}]
    r = runner.invoke(app, ["cites-like", f"{TEST_PREFIX}{key}", "--neo4j", "--json"], env=neo4j_env())
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [(x["title"], x["relation"], x["evidence"]) for x in rows] == [
        (SCRIPT_TITLE, "proposes", f"We propose {name}.")]


# -- read mode is enforced by the server ---------------------------------------------------------------


def test_server_refuses_a_write_sent_without_write(loaded_sample, live_driver, monkeypatch):
    """``query`` refuses write clauses itself; with that guard blinded, the server's read mode still
    refuses, so a statement the guard cannot recognise cannot change the graph either."""
    monkeypatch.setattr(guard, "write_clauses", lambda statement: [])
    mid = f"{TEST_PREFIX}written"
    statement = f"CREATE (m:Method {{id: '{mid}', name: 'written'}}) RETURN m.id AS id"
    try:
        r = runner.invoke(app, ["query", statement, "--neo4j"], env=neo4j_env())
        line = one_line_error(r)
        assert "refused to write" in line and "Neo.ClientError.Statement.AccessMode" in line, line
        assert "--write" in line
        assert run(live_driver, "MATCH (m:Method {id: $id}) RETURN count(m) AS c", id=mid) == [{"c": 0}]
        r = runner.invoke(app, ["query", statement, "--neo4j", "--write", "--json"], env=neo4j_env())
        assert r.exit_code == 0 and json.loads(r.stdout) == [{"id": mid}], r.output
        assert run(live_driver, "MATCH (m:Method {id: $id}) RETURN count(m) AS c", id=mid) == [{"c": 1}]
    finally:
        live_driver.execute_query("MATCH (m:Method {id: $id}) DETACH DELETE m", {"id": mid})
