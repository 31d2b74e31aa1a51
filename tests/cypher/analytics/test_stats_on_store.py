"""stats computed on the store: the same answers as stats(G) on the graph read back from that store.

PageRank sums in another order on the store (nodes numbered by table row, not sorted by key), so the raw
ranks may differ in the last bits; both paths round them to 6 places and the answers are compared whole
(``to_dict()``), exactly.
"""

import itertools
import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from analytics_graphs import tiny_graph, tiny_store
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.analytics.stats_on_store import co_use_pairs, stats_on_store
from paperkg.cypher.ladybug import LadybugStore, open_store, to_networkx
from paperkg.graph.analytics import stats

ROOT = Path(__file__).resolve().parents[3]
runner = CliRunner()


def _store_of(G, path, method="auto"):
    with LadybugStore(path) as s:
        s.write_graph(G, method=method)
    return path


def _both(path, **kw):
    with open_store(path) as store:
        return stats_on_store(store, **kw), stats(to_networkx(store), top=kw.get("top", 10))


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory):
    return tiny_store(tmp_path_factory.mktemp("stats") / "tiny.db")


@pytest.mark.parametrize("top", [10, 2, 1])
def test_tiny_store_gives_the_in_memory_answers(tiny_db, top):
    on_store, in_memory = _both(tiny_db, top=top)
    assert on_store.to_dict() == in_memory.to_dict()
    assert on_store.to_dict() == stats(tiny_graph(), top=top).to_dict()  # the graph before the store, too
    assert on_store.top_by_papers["Method"][0].name == "LoRA" and len(on_store.communities) == 2
    assert on_store.notes == []


def test_a_pair_linked_twice_is_one_projection_edge(tmp_path):
    G = tiny_graph()
    G.add_edge("Paper:p1", "Method:lora", key="USES", type="USES", mentions=1, paper_id="p1",
               sentence="p1 uses lora.", field="abstract", start=0, end=1)  # p1 also proposes LoRA
    on_store, in_memory = _both(_store_of(G, tmp_path / "twice.db"))
    assert on_store.to_dict() == in_memory.to_dict()
    assert on_store.top_by_papers["Method"][0].papers == 6 and on_store.edges["USES"] == 11


def test_rows_left_by_deletes_are_skipped(tmp_path):
    # MERGE writes recount papers and delete entities no paper names (Llama 2): a hole in the row numbers
    path = _store_of(tiny_graph(), tmp_path / "merged.db", method="merge")
    with open_store(path) as store:
        assert store.count("Method") == 6
    on_store, in_memory = _both(path)
    assert on_store.to_dict() == in_memory.to_dict()


def test_papers_without_years_skip_rising_with_a_note(tmp_path):
    G = tiny_graph()
    for _, d in G.nodes(data=True):
        d.pop("year", None)
    on_store, in_memory = _both(_store_of(G, tmp_path / "noyears.db"))
    assert on_store.to_dict() == in_memory.to_dict()
    assert on_store.rising == [] and on_store.years == [] and on_store.notes


def test_community_cap_keeps_the_methods_with_most_papers_and_says_so(tiny_db):
    # papers per method: LoRA 6, Adapter/ResNet/Transformer 2, QLoRA/ViT 1 -> the first three: LoRA,
    # then the ties at 2 by id (adapter, resnet); only LoRA and Adapter are co-used among them
    with open_store(tiny_db) as store:
        capped = stats_on_store(store, community_methods=3)
        exact = stats_on_store(store, community_methods=6)
    assert [c.members for c in capped.communities] == [["LoRA", "Adapter"]]
    assert {m for c in capped.communities for m in c.members} <= {"LoRA", "Adapter", "ResNet"}
    assert len(capped.notes) == 1 and "3 methods" in capped.notes[0] and "of 6 " in capped.notes[0]
    assert exact.notes == [] and exact.communities == stats(tiny_graph()).communities
    # everything but the communities is untouched by the cap
    assert {**capped.to_dict(), "communities": [], "notes": []} == {**exact.to_dict(), "communities": []}


def test_empty_store_gives_zeros(tmp_path):
    LadybugStore(tmp_path / "empty.db").close()
    on_store, in_memory = _both(tmp_path / "empty.db")
    assert on_store.to_dict() == in_memory.to_dict() == stats(nx.MultiDiGraph()).to_dict()
    assert on_store.nodes == {} and on_store.edges == {} and on_store.communities == []
    assert on_store.top_by_papers == {"Method": [], "Dataset": [], "Metric": []}


def test_co_use_pairs_count_each_paper_once_per_pair():
    rng = random.Random(7)
    papers = {p: sorted(rng.sample(range(30), rng.randint(0, 12))) for p in range(200)}
    expected: dict[tuple[int, int], int] = {}
    for ms in papers.values():
        for pair in itertools.combinations(ms, 2):
            expected[pair] = expected.get(pair, 0) + 1
    paper = np.array([p for p, ms in papers.items() for _ in ms], dtype=np.int64)
    method = np.array([m for ms in papers.values() for m in ms], dtype=np.int64)
    keys, weights = co_use_pairs(paper, method, 30)
    assert {(int(k) // 30, int(k) % 30): int(w) for k, w in zip(keys, weights, strict=True)} == expected
    assert [len(a) for a in co_use_pairs(paper[:0], method[:0], 30)] == [0, 0]


@pytest.mark.slow
def test_sample_corpus_store_gives_the_in_memory_answers(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "paperkg.db"
    result = runner.invoke(app, ["build", str(ROOT / "examples" / "hf-daily-papers"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    on_store, in_memory = _both(db)
    assert on_store.to_dict() == in_memory.to_dict()
    assert on_store.communities and on_store.rising and on_store.nodes["Paper"] == 315
    with open_store(db) as store:  # the stored papers property is the projection degree here too
        for label, rels in (("Method", "PROPOSES|USES"), ("Dataset", "PROPOSES|EVALUATES_ON"),
                            ("Metric", "MEASURES")):
            rows = store.run(f"MATCH (p:Paper)-[:{rels}]->(n:{label}) WITH n, count(DISTINCT p) AS k "
                             "WHERE k <> n.papers RETURN count(*)").rows
            assert rows == [[0]], label
