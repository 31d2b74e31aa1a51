"""Streaming builds: the store's content does not depend on batch size, workers or engine; a rebuild
changes nothing; an interrupted update leaves whole batches and is finished by running it again."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperkg.build_store import build
from paperkg.cli import app
from paperkg.cypher.ladybug import LadybugStore
from paperkg.engines import load as load_module
from paperkg.engines.digest import store_digest

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hf-daily-papers"


def _build(inputs, db, **kw):
    return build([str(inputs)], db, progress=False, **kw)


def test_generated_corpus_same_graph_for_batch_25_worker_1_and_batch_2000_workers_2(generated, tmp_path):
    a = _build(generated, tmp_path / "a.db", batch_size=25, workers=1)
    b = _build(generated, tmp_path / "b.db", batch_size=2000, workers=2)
    assert a.added == b.added == 150
    assert a.batches == 6 and b.batches == 1
    assert a.write_method == b.write_method == "bulk"
    assert a.counts == b.counts and a.counts["Method"] > 200
    assert store_digest(tmp_path / "a.db") == store_digest(tmp_path / "b.db")


@pytest.mark.slow
def test_sample_corpus_same_graph_whatever_the_batches_and_workers(tmp_path):
    a = _build(SAMPLE, tmp_path / "a.db", batch_size=7, workers=2)
    b = _build(SAMPLE, tmp_path / "b.db", batch_size=2000, workers=1)
    assert a.added == b.added == 315 and a.counts["Paper"] == 315
    assert store_digest(tmp_path / "a.db") == store_digest(tmp_path / "b.db")


def test_building_the_same_input_again_changes_nothing(generated, tmp_path):
    db = tmp_path / "s.db"
    _build(generated, db, batch_size=100, workers=1)
    before = store_digest(db)
    again = _build(generated, db, batch_size=64, workers=1)
    assert again.write_method == "merge" and (again.added, again.updated, again.unchanged) == (0, 0, 150)
    assert store_digest(db) == before


def test_interrupted_update_leaves_the_store_as_it_was_and_a_rerun_finishes_it(
    generated, tmp_path, monkeypatch
):
    db = tmp_path / "upd.db"
    first = _build(SAMPLE, db, batch_size=2000, workers=1)  # an existing store the update goes into
    before = store_digest(db)

    real, calls = load_module.fragment, []

    def dies_on_third_batch(batch, res):
        calls.append(len(batch))
        if len(calls) == 3:
            raise KeyboardInterrupt  # as if killed between two batches
        return real(batch, res)

    monkeypatch.setattr(load_module, "fragment", dies_on_third_batch)
    with pytest.raises(KeyboardInterrupt):
        _build(generated, db, batch_size=40, workers=1)
    monkeypatch.setattr(load_module, "fragment", real)
    # an update larger than one batch is written into a copy renamed over the store (paperkg/build_store.py)
    assert store_digest(db) == before
    assert not [p.name for p in tmp_path.iterdir() if ".updating-" in p.name or ".parts-" in p.name]
    done = _build(generated, db, batch_size=40, workers=1)
    assert done.added == 150 and done.counts["Paper"] == first.counts["Paper"] + 150
    with LadybugStore(db, read_only=True) as s:
        orphans = s.run("MATCH (c:Claim) WHERE NOT EXISTS { MATCH (:Paper)-[:REPORTS]->(c) } RETURN count(c)")
        assert orphans.rows[0][0] == 0
        stale = s.run(
            "MATCH (n:Method) OPTIONAL MATCH (p:Paper)-[]->(n) WITH n, count(DISTINCT p) AS k "
            "WHERE k <> n.papers RETURN count(n)"
        )
        assert stale.rows[0][0] == 0  # entity counts are exact


def test_cli_build_with_batches_and_workers_prints_no_progress_when_not_a_terminal(generated, tmp_path):
    db = str(tmp_path / "c.db")
    args = ["build", str(generated), "--db", db, "--batch-size", "100", "--workers", "2"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "papers added" in r.stdout and "papers updated" not in r.stdout  # a new store: all added
    assert "ETA" not in r.output and "papers/s" not in r.output


def test_dask_engine_without_dask_is_one_line_telling_how_to_install(generated, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    r = CliRunner().invoke(app, ["build", str(generated), "--db", str(tmp_path / "d.db"), "--engine", "dask"])
    assert r.exit_code == 1
    assert r.stderr.strip() == "error: --engine dask needs Dask: pip install 'paperkg[dask]'"
    assert not (tmp_path / "d.db").exists()


def test_unknown_engine_and_misplaced_scheduler_are_usage_errors(generated, tmp_path):
    db = str(tmp_path / "e.db")
    r = CliRunner().invoke(app, ["build", str(generated), "--db", db, "--engine", "ray"])
    assert r.exit_code == 2 and "unknown engine 'ray'" in r.stderr
    r = CliRunner().invoke(app, ["build", str(generated), "--db", db, "--scheduler", "local:2"])
    assert r.exit_code == 2 and "--scheduler is for --engine dask" in r.stderr


def test_a_build_sweeps_what_killed_builds_left_next_to_the_store(generated, tmp_path):
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that no longer runs
    db = tmp_path / "k.db"
    stale_store = tmp_path / f".k.db.building-{dead.pid}"
    stale_store.write_text("half a store")
    (tmp_path / f".k.db.building-{dead.pid}.wal").write_text("log")
    (tmp_path / f".k.db.rankings-{dead.pid}").write_text("half an index")
    (tmp_path / f".k.db.parts-{dead.pid}").mkdir()
    (tmp_path / f".k.db.parts-{dead.pid}" / "part-00000.jsonl").write_text("{}\n")
    live = tmp_path / f".k.db.parts-{os.getppid()}"  # a running process: left alone
    live.mkdir()
    _build(generated, db, batch_size=2000, workers=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["k.db", "k.db.rankings", live.name])
