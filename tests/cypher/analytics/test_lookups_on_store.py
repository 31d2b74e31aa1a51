"""The lookups on a store (lookups_on_store): cites-like, leaderboards and name resolution give the
in-memory answers, on the tiny graph and on the hand-made leaderboard graph, with and without the
rankings index."""

import json
import sqlite3

import pytest
from analytics_graphs import tiny_graph, tiny_store
from leaderboard_graphs import board_graph, board_store

from paperkg.cypher.analytics.lookups_on_store import (
    board_key,
    cites_like_on_store,
    leaderboard_on_store,
    resolve_on_store,
)
from paperkg.cypher.analytics.rankings_file import index_path
from paperkg.cypher.ladybug import open_store
from paperkg.graph.analytics import cites_like
from paperkg.graph.analytics.leaderboard import leaderboard
from paperkg.graph.analytics.lookup import resolve_entity


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


@pytest.fixture(scope="module")
def B():
    return board_graph()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(tiny_store(tmp_path_factory.mktemp("store") / "tiny.db"))
    yield s
    s.close()


@pytest.mark.parametrize("method", ["lora", "adapter", "resnet", "qlora", "transformer", "vit"])
def test_store_path_agrees_with_memory(G, store, method):
    assert cites_like_on_store(store, method) == cites_like(G, f"Method:{method}")


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 6])
def test_store_path_agrees_when_the_limit_cuts_the_list(G, store, limit):
    # the store ranks mention-only papers in the engine and fetches just enough of them
    assert cites_like_on_store(store, "lora", limit=limit) == cites_like(G, "Method:lora", limit=limit)


@pytest.mark.parametrize("dataset", ["glue", "imagenet"])
def test_store_leaderboard_agrees_with_memory(G, store, dataset):
    assert leaderboard_on_store(store, dataset) == leaderboard(G, f"Dataset:{dataset}")
    assert leaderboard_on_store(store, dataset, "accuracy") == leaderboard(
        G, f"Dataset:{dataset}", "Metric:accuracy"
    )


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("LOW-RANK ADAPTATION", "Method"),
        ("low rank adaptation", "Method"),
        ("llama2", "Method"),
        ("lorra", "Method"),
        ("imagenet-1K", "Dataset"),
        ("error  rate", "Metric"),
        ("Replicating LoRA", "Paper"),
        ("nothing like it", "Dataset"),
    ],
)
def test_store_resolution_agrees_with_memory(G, store, typed, label):
    assert resolve_on_store(store, typed, label) == resolve_entity(G, typed, label)


# -- leaderboards of the hand-made graph, from the store and from the rankings index ------------------


@pytest.mark.parametrize("indexed", [False, True])
@pytest.mark.parametrize("limit", [None, 1, 3])
def test_store_answers_equal_memory(tmp_path, B, indexed, limit):
    path = board_store(tmp_path / "b.db", rankings=indexed)
    with open_store(path) as s:
        for d in ("bench", "other", "solo"):
            assert leaderboard_on_store(s, d, None, limit) == leaderboard(B, f"Dataset:{d}", None, limit)
        assert leaderboard_on_store(s, "bench", "fid", limit) == leaderboard(
            B, "Dataset:bench", "Metric:fid", limit
        )


OLD_ENTRY = {
    "limit": 20,
    "board": {
        "dataset": "Bench",
        "dataset_id": "bench",
        "boards": [  # an older build's
            {
                "metric": "accuracy",
                "metric_id": "accuracy",
                "direction": "higher",
                "ranked": True,
                "scores": [],
                "deltas": [],
                "total_scores": 0,
                "total_deltas": 0,
            }
        ],
    },
}
OTHER_RULES = {
    "limit": 20,
    "format": "2:0123456789abcdef",  # today's shape, other rules: an empty answer
    "board": {"dataset": "Bench", "dataset_id": "bench", "boards": []},
}


@pytest.mark.parametrize("entry", [OLD_ENTRY, OTHER_RULES], ids=["older-shape", "other-rules"])
def test_an_index_written_under_other_rules_is_not_used(tmp_path, B, entry):
    path = board_store(tmp_path / "old.db", rankings=True)
    with open_store(path) as s:  # the index answers while it is the current one
        assert leaderboard_on_store(s, "bench", None, 5) == leaderboard(B, "Dataset:bench", None, 5)
    with sqlite3.connect(index_path(path)) as con:  # the entry as an older build would have written it
        con.execute("UPDATE entries SET data = ? WHERE key = ?", (json.dumps(entry), board_key("bench")))
    with open_store(path) as s:
        assert leaderboard_on_store(s, "bench", None, 5) == leaderboard(B, "Dataset:bench", None, 5)
