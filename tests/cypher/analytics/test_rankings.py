"""The rankings index: answers read from it equal the live store answers and the in-memory reference.

The hub threshold and the caps are lowered so that the tiny graph's entities are all "hubs" and some
limits exceed what the index holds (those must fall back to the live queries, still exact).
"""

import sys
from pathlib import Path

import pytest
from analytics_graphs import tiny_graph, tiny_store

from paperkg.cypher.analytics import rankings as rk
from paperkg.cypher.analytics.lookups_on_store import (
    cached,
    cites_like_on_store,
    direct_key,
    leaderboard_on_store,
    resolve_on_store,
)
from paperkg.cypher.ladybug import LadybugStore, open_store, to_networkx
from paperkg.graph.analytics import cites_like, leaderboard, resolve_entity

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import graph_gen  # noqa: E402

METHODS = ["lora", "adapter", "resnet", "qlora", "transformer", "vit"]


class Counting:
    """A store wrapper that counts statements (to show the index is what answered)."""

    def __init__(self, store):
        self.store, self.statements = store, []

    def run(self, cypher, params=None):
        self.statements.append(cypher)
        return self.store.run(cypher, params)

    @property
    def path(self):
        return self.store.path


def _indexed(path, monkeypatch, hub=0, direct=3, related=1, board=1):
    monkeypatch.setattr(rk, "HUB_PAPERS", hub)
    monkeypatch.setattr(rk, "DIRECT_CAP", direct)
    monkeypatch.setattr(rk, "RELATED_CAP", related)
    monkeypatch.setattr(rk, "BOARD_CAP", board)
    with LadybugStore(path) as store:
        return rk.refresh_rankings(store)


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tiny_store(tmp_path_factory.mktemp("rankings") / "tiny.db")
    with pytest.MonkeyPatch.context() as mp:
        report = _indexed(path, mp)
    assert report.hubs["Method"] == 6 and report.entries > 0  # llama-2 has no paper
    s = open_store(path)
    yield s
    s.close()


def test_a_store_without_index_answers_live(tmp_path, G):
    with open_store(tiny_store(tmp_path / "plain.db")) as plain:
        assert cached(plain, [direct_key("lora")]) is None
        assert cites_like_on_store(plain, "lora") == cites_like(G, "Method:lora")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("limit", "related"), [(1, 0), (2, 1), (3, 1), (4, 2), (20, 5)])
def test_indexed_cites_like_equals_memory(G, store, method, limit, related):
    assert cites_like_on_store(store, method, limit, related) == cites_like(G, f"Method:{method}", limit,
                                                                            related)


def test_the_index_answers_without_touching_the_graph(store, G):
    spy = Counting(store)
    rows = cites_like_on_store(spy, "lora", limit=3, related=1)
    assert rows == cites_like(G, "Method:lora", 3, 1)
    # one statement: the store's token of its index (the answer itself comes from the index file)
    assert len(spy.statements) == 1 and "PaperkgMeta" in spy.statements[0]


@pytest.mark.parametrize("dataset", ["glue", "imagenet"])
@pytest.mark.parametrize("metric", [None, "accuracy", "error-rate", "top-1-accuracy"])
@pytest.mark.parametrize("limit", [None, 1, 2])
def test_indexed_leaderboard_equals_memory(G, store, dataset, metric, limit):
    expected = leaderboard(G, f"Dataset:{dataset}", f"Metric:{metric}" if metric else None, limit)
    assert leaderboard_on_store(store, dataset, metric, limit) == expected


def test_leaderboard_limit_keeps_totals(G):
    board = leaderboard(G, "Dataset:glue", limit=1).boards[0]
    assert len(board.scores) == 1 and board.total_scores == 3 and board.total_apart == 1


@pytest.mark.parametrize(("typed", "label"), [
    ("LOW-RANK ADAPTATION", "Method"), ("low rank adaptation", "Method"), ("llama2", "Method"),
    ("Lora", "Method"), ("lorra", "Method"), ("imagenet-1K", "Dataset"), ("error  rate", "Metric"),
    ("Replicating LoRA", "Paper"), ("nothing like it", "Dataset"), ("vision transformer", "Method")])
def test_indexed_resolution_equals_memory(G, store, typed, label):
    assert resolve_on_store(store, typed, label) == resolve_entity(G, typed, label)


def test_index_text_round_trips_hostile_sentences(tmp_path, monkeypatch):
    G = tiny_graph()
    hostile = 'He said "LoRA, \\n really"; 10% \\ better, naïve — ok'
    for _, _, d in G.in_edges("Method:lora", data=True):
        if d.get("type") == "PROPOSES":
            d["sentence"] = hostile
    path = tmp_path / "hostile.db"
    with LadybugStore(path) as s:
        s.write_graph(G)
    _indexed(path, monkeypatch)
    with open_store(path) as s:
        assert cites_like_on_store(s, "lora")[0].evidence == hostile
        assert cites_like_on_store(s, "lora") == cites_like(G, "Method:lora")


def test_synthetic_graph_hubs_agree_with_memory(tmp_path, monkeypatch):
    path = tmp_path / "synthetic.db"
    graph_gen.write_store(600, path)
    report = _indexed(path, monkeypatch, hub=40, direct=10, related=3, board=5)
    assert report.hubs["Method"] >= 3
    with open_store(path) as s:
        G = to_networkx(s)
        for i in (0, 1, 2, 5, 60, 150):
            node = f"Method:method-{i}"
            if node in G:
                for limit, related in ((5, 2), (10, 3), (12, 4)):
                    assert cites_like_on_store(s, f"method-{i}", limit, related) == cites_like(G, node, limit,
                                                                                               related)
        for d in ("dataset-0", "dataset-1", "dataset-7"):
            for limit in (3, 5, None):
                assert leaderboard_on_store(s, d, None, limit) == leaderboard(G, f"Dataset:{d}", None, limit)


def test_streamed_store_equals_the_networkx_graph(tmp_path):
    """bench/graph_gen.py: the CSV/COPY store holds exactly the graph generate() builds (same seed)."""
    path = tmp_path / "streamed.db"
    rows = graph_gen.write_store(300, path, seed=11)
    G = graph_gen.generate(300, seed=11)
    with open_store(path) as s:
        H = to_networkx(s)
    assert rows["Paper"] == 300
    assert sorted(G.nodes) == sorted(H.nodes)
    for n, d in G.nodes(data=True):
        assert {k: v for k, v in H.nodes[n].items() if v not in (None, [])} == {
            k: v for k, v in d.items() if v not in (None, [])}, n
    def edges(g):
        return sorted((u, v, k, tuple(sorted((a, b) for a, b in d.items() if b is not None)))
                      for u, v, k, d in g.edges(keys=True, data=True))
    assert edges(G) == edges(H)


def test_first_papers_of_every_entity_equal_the_live_query(tmp_path, monkeypatch):
    """One scan per label gives each entity's first papers by id, as ``ORDER BY ... LIMIT`` does, also
    for hubs whose lists were cut many times while streaming (caps far below their paper counts)."""
    from paperkg.cypher.analytics.lookups_on_store import _papers_of
    from paperkg.graph.analytics.projection import key_of, split_key

    path = tmp_path / "synthetic.db"
    graph_gen.write_store(400, path, seed=5)
    with open_store(path) as s:
        for label in ("Method", "Dataset", "Metric"):
            got = rk.first_papers(s, label, lambda e: 3 if e.endswith("-0") else 7)
            assert got, label
            for entity, papers in got.items():
                cap = 3 if entity.endswith("-0") else 7
                assert papers == [split_key(p)[1] for p in _papers_of(s, key_of(label, entity), cap)]
            busiest = max(got, key=lambda e: s.run(f"MATCH (x:{label} {{id: $id}}) RETURN x.papers",
                                                   {"id": e}).rows[0][0])
            assert s.run(f"MATCH (x:{label} {{id: $id}}) RETURN x.papers", {"id": busiest}).rows[0][0] > 20


def test_a_small_method_reads_ring_three_from_the_index(tmp_path, monkeypatch):
    """A method below the hub threshold is ranked live, but its ring-2 entities' first papers come from
    the index in one lookup, not one ``ORDER BY ... LIMIT`` statement per entity; same answer as memory."""
    path = tmp_path / "synthetic.db"
    graph_gen.write_store(600, path)
    _indexed(path, monkeypatch, hub=40, direct=10, related=3, board=5)
    with open_store(path) as s:
        G = to_networkx(s)
        small = [r[0] for r in s.run("MATCH (m:Method) WHERE m.papers > 5 AND m.papers <= 40 "
                                     "RETURN m.id ORDER BY m.id LIMIT 3").rows]
        assert len(small) == 3
        for method in small:
            spy = Counting(s)
            assert cites_like_on_store(spy, method, 20, 5) == cites_like(G, f"Method:{method}", 20, 5)
            per_entity = [c for c in spy.statements if "ORDER BY paper LIMIT" in c]
            assert per_entity == [], per_entity
            assert len(spy.statements) <= 16, spy.statements
