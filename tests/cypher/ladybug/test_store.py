"""The real LadybugDB store: DDL from the schema, idempotent and incremental writes, atomicity, locking."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from handmade import corpus

from paperkg.cypher.ladybug import (
    LadybugStore,
    StoreBusyError,
    StoreError,
    StoreVersionError,
    connection,
    ddl,
    to_networkx,
)
from paperkg.graph.build import GraphBuilder, build_graph
from paperkg.graph.schema import NODES, RELS


def content_hash(store: LadybugStore) -> str:
    g = to_networkx(store)
    nodes = sorted((k, sorted(d.items())) for k, d in g.nodes(data=True))
    edges = sorted((u, v, k, sorted(d.items())) for u, v, k, d in g.edges(keys=True, data=True))
    return hashlib.sha256(json.dumps([nodes, edges], default=str).encode()).hexdigest()


def build_into(store: LadybugStore, pairs, method="auto") -> str:
    b = GraphBuilder(store.anchors())
    for rec, ext in pairs:
        b.add(rec, ext)
    return store.write_graph(b.graph(), method=method)


def test_tables_and_columns_come_from_the_schema(tmp_path):
    with LadybugStore(tmp_path / "s.db") as s:
        assert s.tables() == {n.label for n in NODES} | {r.name for r in RELS} | {ddl.META_TABLE}
        for n in NODES:
            cols = [(r[1], r[2]) for r in s.run(f"CALL table_info('{n.label}') RETURN *").rows]
            assert cols == [(p.name, p.type) for p in n.props]
        assert s.run("MATCH (m:PaperkgMeta) RETURN m.value").rows == [[ddl.schema_version()]]


def test_ddl_is_generated_with_quoted_keywords():
    stmts = ddl.statements()
    assert "CREATE REL TABLE `IN`(FROM `Claim` TO `Metric`)" in stmts
    assert any("FROM `Paper` TO `Method`, FROM `Paper` TO `Dataset`" in s for s in stmts)
    assert any("`end` INT64" in s for s in stmts)


@pytest.mark.parametrize("first", ["copy", "merge"])
def test_writing_twice_changes_nothing(tmp_path, first):
    g = build_graph(corpus())
    with LadybugStore(tmp_path / "s.db") as s:
        assert s.write_graph(g, method=first) == first
        counts, digest = s.counts(), content_hash(s)
        assert counts["Paper"] == 5 and counts["Method"] == 7 and counts["OUTPERFORMS"] == 2
        assert build_into(s, corpus()) == "merge"
        assert s.counts() == counts
        assert content_hash(s) == digest


def test_copy_and_merge_store_the_same_content(tmp_path):
    g = build_graph(corpus())
    with LadybugStore(tmp_path / "a.db") as a, LadybugStore(tmp_path / "b.db") as b:
        a.write_graph(g, method="copy")
        b.write_graph(g, method="merge")
        assert content_hash(a) == content_hash(b)


def test_store_gives_back_the_built_graph(tmp_path):
    g = build_graph(corpus())
    with LadybugStore(tmp_path / "s.db") as s:
        s.write_graph(g)
        back = to_networkx(s)
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
    for key, d in g.nodes(data=True):
        stored = {k: v for k, v in back.nodes[key].items() if v is not None}
        assert stored == {k: v for k, v in d.items() if v is not None}


def test_incremental_build_resolves_onto_stored_entities(tmp_path):
    pairs = corpus()
    with LadybugStore(tmp_path / "s.db") as s:
        build_into(s, pairs[:1])  # p1 defines Low-Rank Adaptation (LoRA)
        assert s.run("MATCH (m:Method {id: 'low-rank-adaptation'}) RETURN m.papers").rows == [[1]]
        build_into(s, pairs[1:2])  # p2 only says "LoRA" and "low-rank adaptations"
        rows = s.run("MATCH (m:Method {id: 'low-rank-adaptation'}) RETURN m.papers, m.aliases").rows
        assert rows == [[2, ["LoRA", "low-rank adaptations"]]]
        assert s.run(
            "MATCH (p:Paper)-[:USES]->(:Method {id: 'low-rank-adaptation'}) RETURN p.id ORDER BY p.id"
        ).rows == [["p1"], ["p2"]]
        build_into(s, pairs[2:])
        assert s.count("Paper") == 5
        incremental = content_hash(s)
    with LadybugStore(tmp_path / "all.db") as s:
        build_into(s, pairs)
        assert content_hash(s) == incremental  # here the batches agree with one build


def test_adding_a_paper_again_replaces_its_old_edges(tmp_path):
    pairs = corpus()
    with LadybugStore(tmp_path / "s.db") as s:
        build_into(s, pairs)
        rec, ext = pairs[1]
        ext.results.clear()
        ext.datasets.clear()
        build_into(s, [(rec, ext)])
        assert s.run("MATCH (:Paper {id: 'p2'})-[:REPORTS]->(c) RETURN count(c)").rows == [[0]]
        assert s.run("MATCH (c:Claim {id: 'p2#1'}) RETURN count(c)").rows == [[0]]
        assert s.run("MATCH (d:Dataset {id: 'squad'}) RETURN count(d)").rows == [[0]]  # no paper names it now
        assert s.count("Paper") == 5


def test_a_failing_write_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    pairs = corpus()
    with LadybugStore(tmp_path / "s.db") as s:
        build_into(s, pairs[:2])
        before = content_hash(s)
        monkeypatch.setattr(connection, "recount", lambda: iter([("THIS IS NOT CYPHER", {})]))
        with pytest.raises(RuntimeError):
            build_into(s, pairs[2:])
        assert content_hash(s) == before
        assert s.count("Paper") == 2


def _child(code: str, path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_killed_writer_leaves_the_previous_content(tmp_path):
    path = tmp_path / "s.db"
    with LadybugStore(path) as s:
        build_into(s, corpus()[:2])
        before = content_hash(s)
    child = _child(
        """
        import sys
        sys.path.insert(0, "tests/graph")
        from handmade import corpus
        from paperkg.cypher.ladybug import LadybugStore
        from paperkg.cypher.ladybug.upsert import graph_rows, merge_nodes
        from paperkg.graph.build import build_graph
        s = LadybugStore(sys.argv[1])
        s._conn.execute("BEGIN TRANSACTION")
        for stmt, p in [*merge_nodes(graph_rows(build_graph(corpus()))[0])]:
            s._conn.execute(stmt, p)
        print("written", flush=True)
        import time; time.sleep(60)
    """,
        path,
    )
    try:
        assert child.stdout.readline().strip() == "written", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(10)
    with LadybugStore(path, read_only=True) as s:
        assert s.count("Paper") == 2
        assert content_hash(s) == before


def test_busy_store_says_so(tmp_path):
    path = tmp_path / "s.db"
    LadybugStore(path).close()
    child = _child(
        """
        import sys, time
        from paperkg.cypher.ladybug import LadybugStore
        s = LadybugStore(sys.argv[1])
        print("open", flush=True)
        time.sleep(60)
    """,
        path,
    )
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(StoreBusyError, match=r"is busy: another process \(process \d+\)"):
            LadybugStore(path)
    finally:
        child.kill()
        child.wait(10)


def test_read_only_store_refuses_writes(tmp_path):
    path = tmp_path / "s.db"
    with LadybugStore(path) as s:
        s.write_graph(build_graph(corpus()))
    with LadybugStore(path, read_only=True) as s:
        with pytest.raises(RuntimeError, match="read-only"):
            s.run("CREATE (:Paper {id: 'x'})")
        with pytest.raises(StoreError, match="read-only"):
            s.write_graph(build_graph(corpus()))
        assert s.count("Paper") == 5


def test_missing_and_outdated_stores_give_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        LadybugStore(tmp_path / "nope.db", read_only=True)
    path = tmp_path / "s.db"
    with LadybugStore(path) as s:
        s.run("MATCH (m:PaperkgMeta) SET m.value = '0:old'")
    with pytest.raises(StoreVersionError, match="rebuild it"):
        LadybugStore(path)


def test_copy_keeps_awkward_text_exactly(tmp_path):
    g = build_graph(corpus())
    awkward = 'a "quoted", comma\nnew line \\ backslash \\" and \'single\' ; semi'
    for _, _, d in g.edges(data=True):
        if "sentence" in d:
            d["sentence"] = awkward
    first = next(d for *_, d in g.edges(data=True) if "sentence" in d)
    first["sentence"], first["start"] = "", None  # '' and NULL must stay distinct
    with LadybugStore(tmp_path / "a.db") as a, LadybugStore(tmp_path / "b.db") as b:
        a.write_graph(g, method="copy")
        b.write_graph(g, method="merge")
        assert content_hash(a) == content_hash(b)
        sentences = {r[0] for r in a.run("MATCH ()-[e:USES]->() RETURN e.sentence").rows}
        assert awkward in sentences


def test_build_buffer_pool_is_a_quarter_of_ram_between_256_mb_and_2_gb():
    from paperkg.cypher.ladybug import build_buffer_pool_mb

    assert build_buffer_pool_mb(512 << 20) == 256
    assert build_buffer_pool_mb(4 << 30) == 1024
    assert build_buffer_pool_mb(64 << 30) == 2048
    assert 256 <= build_buffer_pool_mb() <= 2048
