"""similar on a store (similar_on_store): the in-memory answer for the hand-made graph (similar_graph.py)."""

import pytest
from similar_graph import similar_graph, similar_store

from paperkg.cypher.analytics.similar_on_store import similar_on_store
from paperkg.cypher.ladybug import open_store
from paperkg.graph.analytics import similar_methods


@pytest.fixture(scope="module")
def rows():
    return similar_methods(similar_graph(), "Method:bert", limit=100)


def test_the_store_gives_the_same_answer(tmp_path, rows):
    path = similar_store(tmp_path / "similar.db")
    with open_store(path) as store:
        on_store = similar_on_store(store, "bert", limit=100)
        assert [r.to_dict() for r in on_store] == [r.to_dict() for r in rows]
        with pytest.raises(KeyError):
            similar_on_store(store, "no-such-method")
