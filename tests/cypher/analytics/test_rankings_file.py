"""The rankings index lives beside the store, out of users' queries, and is used only while it is current."""

from __future__ import annotations

import json
import shutil

from analytics_graphs import tiny_graph, tiny_store
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.analytics.lookups_on_store import cached, cites_like_on_store, direct_key, name_key
from paperkg.cypher.analytics.rankings import LEGACY_TABLE, drop_rankings, refresh_rankings
from paperkg.cypher.analytics.rankings_file import (
    has_current_index,
    index_path,
    new_token,
    read_index,
    set_token,
    write_index,
)
from paperkg.cypher.ladybug import LadybugStore, open_store
from paperkg.graph.analytics import cites_like
from paperkg.graph.schema import META_TABLE, NODES

runner = CliRunner()
KEY = name_key("Method", "name", "lora")


def indexed(path):
    with LadybugStore(path) as store:
        refresh_rankings(store, hub_papers=0)
    return path


def test_match_n_returns_the_graph_and_the_meta_rows_only(tmp_path):
    path = indexed(tiny_store(tmp_path / "k.db"))
    with open_store(path) as s:
        graph_nodes = sum(s.count(n.label) for n in NODES)
        meta = s.count(META_TABLE)
        everything = s.run("MATCH (n) RETURN count(n)").rows[0][0]
        assert has_current_index(s) and cached(s, [KEY])
    assert meta == 2  # the schema version and the index's token
    assert everything == graph_nodes + meta
    assert index_path(path).is_file()


def test_an_index_whose_token_differs_is_not_read(tmp_path):
    path = indexed(tiny_store(tmp_path / "k.db"))
    write_index(path, [(KEY, json.dumps([["x", "X", 1]]))], new_token())  # another write's index
    with open_store(path) as s:
        assert not has_current_index(s) and cached(s, [KEY]) is None
        assert cites_like_on_store(s, "lora") == cites_like(tiny_graph(), "Method:lora")  # live, exact


def test_a_store_copied_without_its_index_answers_live(tmp_path):
    path = indexed(tiny_store(tmp_path / "k.db"))
    copy = tmp_path / "copy.db"
    shutil.copyfile(path, copy)
    with open_store(copy) as s:
        assert cached(s, [KEY]) is None
    shutil.copyfile(index_path(path), index_path(copy))  # with it, the tokens agree again
    with open_store(copy) as s:
        assert cached(s, [KEY]) == {KEY: [["lora", "LoRA", 6]]}


def test_drop_forgets_the_token_and_removes_the_file(tmp_path):
    path = indexed(tiny_store(tmp_path / "k.db"))
    with LadybugStore(path) as s:
        drop_rankings(s)
        assert s.count(META_TABLE) == 1 and cached(s, [KEY]) is None
    assert not index_path(path).exists()


def test_refresh_drops_the_table_older_builds_kept_the_index_in(tmp_path):
    path = tiny_store(tmp_path / "k.db")
    with LadybugStore(path) as s:
        s.run(f"CREATE NODE TABLE {LEGACY_TABLE}(key STRING, data STRING, PRIMARY KEY(key))")
        s.run(f"CREATE (:{LEGACY_TABLE} {{key: 'k', data: '{{}}'}})")
        refresh_rankings(s, hub_papers=0)
        assert LEGACY_TABLE not in s.tables() and has_current_index(s)


def test_read_index_ignores_a_file_that_is_not_an_index(tmp_path):
    store = tmp_path / "k.db"
    index_path(store).write_text("not sqlite", encoding="utf-8")
    assert read_index(store, [KEY], "t") is None
    assert read_index(tmp_path / "none.db", [KEY], "t") is None
    write_index(store, [(KEY, "1")], "t")
    assert read_index(store, [KEY, "other"], "t") == {KEY: "1"}
    assert read_index(store, [KEY], None) is None


def test_many_keys_in_one_lookup(tmp_path):
    store = tmp_path / "k.db"
    entries = [(f"k{i}", str(i)) for i in range(2500)]
    assert write_index(store, entries, "t") == 2500
    got = read_index(store, [k for k, _ in entries] + ["missing"], "t")
    assert got == dict(entries)


def test_an_update_build_replaces_store_and_index_together(tmp_path):
    db = tmp_path / "kg.db"
    args = ["build", "tests/data/dev_input.jsonl", "--db", str(db), "--profile", "fast", "--json", "--quiet"]
    assert runner.invoke(app, args).exit_code == 0
    with open_store(db) as s:
        first = s.run(f"MATCH (m:{META_TABLE} {{key: 'rankings'}}) RETURN m.value").rows[0][0]
        assert has_current_index(s)
    r = runner.invoke(app, [*args, "--batch-size", "7"])  # copy-and-rename
    assert r.exit_code == 0 and json.loads(r.stdout)["store_write"] == "copy-and-rename"
    with open_store(db) as s:
        second = s.run(f"MATCH (m:{META_TABLE} {{key: 'rankings'}}) RETURN m.value").rows[0][0]
        assert has_current_index(s) and second != first
        assert cached(s, [direct_key("x")]) == {}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.db", "kg.db.rankings"]


def test_a_token_without_a_file_answers_live(tmp_path):
    path = tiny_store(tmp_path / "k.db")
    with LadybugStore(path) as s:
        set_token(s, new_token())
        assert not has_current_index(s) and cached(s, [KEY]) is None
