from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from graphs import make_graph  # noqa: E402

from paperkg.viz.site import build_site  # noqa: E402


@pytest.fixture(scope="session")
def graph():
    return make_graph()


@pytest.fixture(scope="session")
def site(graph, tmp_path_factory):
    """The fixture graph's site, written once: (directory, SiteReport)."""
    out = tmp_path_factory.mktemp("site")
    report = build_site(graph, out)
    return out, report


@pytest.fixture(scope="session")
def store_path(graph, tmp_path_factory):
    """The fixture graph written into a real LadybugDB store, as `paperkg build` would leave it."""
    from paperkg.cypher.ladybug import LadybugStore

    path = tmp_path_factory.mktemp("store") / "fixture.db"
    store = LadybugStore(path)
    try:
        store.write_graph(graph)
    finally:
        store.close()
    return path
