"""trends computed on the store: the same answers as the in-memory functions, on real LadybugDB stores.

Every answer is compared whole (``to_dict()``): months, windows, counts, per-month series, notes, and the
order of rows (ties at the ``limit`` cut included, which the store path resolves after naming them).
"""

import pytest
from analytics_graphs import tiny_graph, tiny_store
from trend_graphs import months_graph, undated_graph, write_store
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.analytics.trends_on_store import (
    best_per_month_on_store,
    entity_trend_on_store,
    monthly_papers_on_store,
    trends_on_store,
)
from paperkg.cypher.ladybug import LadybugStore, open_store, to_networkx
from paperkg.graph.analytics.trends import (
    best_per_month,
    entity_trend,
    monthly_papers,
    trends,
)
from paperkg.graph.schema import ENTITY_LABELS

runner = CliRunner()


def agree(path, G=None, windows=(1, 2, 3, 4, 5, 6), limits=(1, 3, 10)):
    """Compare every store answer with the in-memory one, on ``G`` and on the graph read back."""
    with open_store(path) as s:
        H = to_networkx(s)
        for graph in (H, G) if G is not None else (H,):
            for label in ENTITY_LABELS:
                for w in windows:
                    for k in limits:
                        got = trends_on_store(s, label, w, k).to_dict()
                        assert got == trends(graph, label, w, k).to_dict(), (label, w, k)
                assert monthly_papers_on_store(s, label).to_dict() == monthly_papers(graph, label).to_dict()
                for key in (n for n, d in graph.nodes(data=True) if d.get("label") == label):
                    ident = key.partition(":")[2]
                    series = entity_trend_on_store(s, label, ident)
                    assert series.to_dict() == entity_trend(graph, key).to_dict()
                    assert monthly_papers_on_store(s, label, [ident]).to_dict() == monthly_papers(
                        graph, label, [ident]).to_dict()
            assert best_per_month_on_store(s) == best_per_month(graph)
            datasets = [d["id"] for _, d in graph.nodes(data=True) if d.get("label") == "Dataset"]
            for ident in datasets:
                assert best_per_month_on_store(s, [ident]) == best_per_month(graph, [ident])


def test_months_graph_store_gives_the_in_memory_answers(tmp_path):
    G = months_graph()
    agree(write_store(G, tmp_path / "months.db"), G)
    with open_store(tmp_path / "months.db") as store:  # the tie at the cut: five methods at +1, total 1
        assert [r.id for r in trends_on_store(store, "Method", 2, 3).rising] == ["beta", "delta", "eta"]
        assert [r.id for r in trends_on_store(store, "Method", 2, 5).rising][-2:] == ["sam-a", "sam-b"]


def test_tiny_graph_store_gives_the_in_memory_answers(tmp_path):
    agree(tiny_store(tmp_path / "tiny.db"), tiny_graph(), windows=(1, 6, 12, 15, 16))


def test_undated_store_gives_notes_not_errors(tmp_path):
    G = undated_graph()
    agree(write_store(G, tmp_path / "undated.db"), G, windows=(1, 6), limits=(10,))
    with open_store(tmp_path / "undated.db") as store:
        t = trends_on_store(store)
        assert t.months == [] and t.dated == 0 and t.notes[0].startswith("no paper has a month")


def test_empty_store(tmp_path):
    LadybugStore(tmp_path / "empty.db").close()
    with open_store(tmp_path / "empty.db") as store:
        t = trends_on_store(store, "Dataset")
        assert (t.months, t.papers, t.dated, t.rising, t.fading, t.notes) == ([], 0, 0, [], [], [])
        assert monthly_papers_on_store(store, "Method").counts == {} and best_per_month_on_store(store) == {}
        with pytest.raises(KeyError):
            entity_trend_on_store(store, "Method", "nope")


@pytest.mark.slow
def test_sample_corpus_store_gives_the_in_memory_answers(tmp_path_factory):
    """The sample corpus: 315 papers of which few have a month (others a year only, a day without a
    year, or no date)."""
    from pathlib import Path

    db = tmp_path_factory.mktemp("sample") / "paperkg.db"
    corpus = Path(__file__).resolve().parents[3] / "examples" / "hf-daily-papers"
    result = runner.invoke(app, ["build", str(corpus), "--db", str(db), "--profile", "fast", "--quiet"])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        t = trends_on_store(store, "Method", 6, 10)
        H = to_networkx(store)
        for label in ENTITY_LABELS:
            for w in (1, 6, 12):
                assert trends_on_store(store, label, w, 10).to_dict() == trends(H, label, w, 10).to_dict()
            assert monthly_papers_on_store(store, label).to_dict() == monthly_papers(H, label).to_dict()
        assert best_per_month_on_store(store) == best_per_month(H)
    assert 0 < t.dated < t.papers == 315 and t.rising and any("have no month" in n for n in t.notes)
