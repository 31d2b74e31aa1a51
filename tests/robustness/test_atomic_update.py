"""An update of an existing store larger than one batch is all-or-nothing: it is written into a copy
that replaces the store in one rename, under a writer lock.

Real ``paperkg build`` processes into a real store, killed at exact points by kill_driver.py (during
extraction, between batches, half-way through the copy, right before and right after the rename) or
paused mid-update to check that a second writer is told the store is busy and a reader sees the old
content. The update is one sample page (52 papers) in batches of 12 (5 transactions).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robustness_helpers import PAPERKG, SAMPLE, cli, graph_hash, one_line_messages, sub

from paperkg.cypher.ladybug import LadybugStore

UPDATE = SAMPLE / "004_3970c943cc510221.txt"
BATCH = "12"
DRIVER = Path(__file__).with_name("kill_driver.py")


def _update_args(db: Path, batch: str = BATCH) -> list[str]:
    return ["build", str(UPDATE), "--db", str(db), "--quiet", "--json", "--batch-size", batch,
            "--workers", "1"]


def _papers(db: Path) -> int:
    with LadybugStore(db, read_only=True) as s:
        return s.count("Paper")


@pytest.fixture(scope="module")
def update_states(dev_db, tmp_path_factory):
    """(the dev store, its hash, the hash after the update, papers before, papers after)."""
    folder = tmp_path_factory.mktemp("update")
    after = folder / "after.db"
    shutil.copy(dev_db, after)
    done = subprocess.run([*PAPERKG, *_update_args(after, "2000")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert '"store_write": "in-place"' in done.stdout
    return dev_db, graph_hash(dev_db), graph_hash(after), _papers(dev_db), _papers(after)


def _driven(point: str, db: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(DRIVER), point, *_update_args(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw,
    )


def _leftovers(db: Path) -> list[str]:
    """Files next to the store besides the store and its rankings index (cypher/analytics/rankings_file)."""
    return sorted(p.name for p in db.parent.iterdir() if p.name not in {db.name, db.name + ".rankings"})


# (kill point, the content it must leave: the store before the update or the complete update)
KILLS = [
    ("extracting:10", "before"),
    ("writing:1", "before"),
    ("writing:3", "before"),
    ("copy", "before"),
    ("before-rename", "before"),
    ("after-rename", "after"),
]


@pytest.mark.parametrize(("point", "leaves"), KILLS, ids=[k[0] for k in KILLS])
def test_an_update_killed_at_any_point_leaves_the_old_or_the_complete_new_store(
    update_states, tmp_path, point, leaves
):
    start, before_hash, after_hash, before_papers, after_papers = update_states
    db = tmp_path / "kg.db"
    shutil.copy(start, db)
    t0 = time.time()
    proc = _driven(point, db)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == -9, f"not killed at {point}: {err[-2000:]}"
    h = graph_hash(db)
    assert h == (before_hash if leaves == "before" else after_hash), f"killed at {point}"
    assert _papers(db) == (before_papers if leaves == "before" else after_papers)
    if leaves == "before":  # the (half-made) copy is still there, for the next build to sweep
        assert any(n.startswith(".kg.db.updating-") for n in _leftovers(db)), _leftovers(db)
    assert not Path(f"{db}.wal").exists()  # no log of either store next to the store
    # the next build (in process: the pipeline is loaded once) sweeps what the killed one left and
    # completes the update: no record lost
    done = cli(*_update_args(db))
    assert done.exit_code == 0, done.output
    assert '"store_write": "copy-and-rename"' in done.stdout
    assert _papers(db) == after_papers and _leftovers(db) == []
    if leaves == "before":  # (an update applied twice is not always the same graph: test_stores.py)
        assert graph_hash(db) == after_hash
    assert time.time() - t0 < 40


def test_an_update_interrupted_in_process_leaves_the_store_and_no_copy(update_states, tmp_path, monkeypatch):
    """A Python exception (Ctrl-C) between batches: the copy is removed, the store is untouched."""
    from paperkg.build_store import build
    from paperkg.engines import load as load_module

    start, before_hash, after_hash, _, _ = update_states
    db = tmp_path / "kg.db"
    shutil.copy(start, db)
    real, calls = load_module.fragment, []

    def dies_on_third_batch(batch, res):
        calls.append(len(batch))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(batch, res)

    monkeypatch.setattr(load_module, "fragment", dies_on_third_batch)
    with pytest.raises(KeyboardInterrupt):
        build([UPDATE], db, progress=False, batch_size=12, workers=1)
    assert len(calls) == 3
    assert graph_hash(db) == before_hash
    assert _leftovers(db) == []  # the copy, its sidecars, the parts and the lock are gone
    monkeypatch.setattr(load_module, "fragment", real)
    s = build([UPDATE], db, progress=False, batch_size=12, workers=1)
    assert s.store_write == "copy-and-rename" and s.batches == 5 and "copy" in s.timings
    assert graph_hash(db) == after_hash


def test_during_an_update_writers_are_told_busy_and_readers_see_the_old_store(update_states, tmp_path):
    start, before_hash, after_hash, before_papers, after_papers = update_states
    db = tmp_path / "kg.db"
    shutil.copy(start, db)
    holder = _driven("hold:2", db)  # pauses after two batches are committed into its copy
    try:
        deadline = time.time() + 90
        while not Path(f"{db}.holding").exists():
            assert holder.poll() is None and time.time() < deadline, holder.stderr.read()
            time.sleep(0.05)
        busy = f"error: store {db} is busy: another process (process {holder.pid}) has it open for writing"
        second = sub(*_update_args(db), timeout=120)  # another process
        assert second.returncode == 1
        assert one_line_messages(second.stderr)[-1].startswith(busy)
        write = cli("query", "MATCH (p:Paper) SET p.upvotes = 1", "--db", db, "--write")
        assert write.exit_code == 1
        assert one_line_messages(write.stderr)[-1].startswith(busy)
        read = cli("query", "MATCH (p:Paper) RETURN count(p) AS n", "--db", db, "--json")
        assert read.exit_code == 0, read.output
        assert json.loads(read.stdout) == [{"n": before_papers}]
        assert graph_hash(db) == before_hash
        reader = LadybugStore(db, read_only=True)  # stays open across the rename
        Path(f"{db}.release").touch()
        out, err = holder.communicate(timeout=120)
        assert holder.returncode == 0, err
        assert '"store_write": "copy-and-rename"' in out
        assert reader.count("Paper") == before_papers  # the file it opened is the old store
        reader.close()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert graph_hash(db) == after_hash and _papers(db) == after_papers
    os.unlink(f"{db}.holding")
    os.unlink(f"{db}.release")
    assert _leftovers(db) == []


def test_a_build_while_query_write_holds_the_store_is_told_busy(update_states, tmp_path):
    """The lock is one rule for every writer: a build while ``query --write`` holds the store."""
    from paperkg.cypher.ladybug.files import WriterLock

    db = tmp_path / "kg.db"
    shutil.copy(update_states[0], db)
    with WriterLock(db):  # as paperkg query --write holds it
        r = sub(*_update_args(db, "2000"), timeout=120)
    assert r.returncode == 1
    assert one_line_messages(r.stderr)[-1].startswith(f"error: store {db} is busy: another process (process ")
    assert graph_hash(db) == update_states[1]


_COMMIT_AND_DIE = """
import os, signal, sys
from paperkg.cypher.ladybug import LadybugStore
s = LadybugStore(sys.argv[1])
s.run("MATCH (p:Paper {id: $id}) SET p.upvotes = 4242", {"id": sys.argv[2]})
os.kill(os.getpid(), signal.SIGKILL)  # committed to the log, never checkpointed
"""


def test_an_update_keeps_what_a_killed_writer_committed_to_the_log(update_states, tmp_path):
    """The store's log is folded into its main file before the copy, so the copy holds it and no
    log of the old store is left next to the new one."""
    from paperkg.sources import ProblemLog, read_papers

    db = tmp_path / "kg.db"
    shutil.copy(update_states[0], db)
    with LadybugStore(db, read_only=True) as s:
        untouched = sorted(s.paper_ids() - {r.id for r in read_papers([UPDATE], None, ProblemLog())})[0]
    subprocess.run([sys.executable, "-c", _COMMIT_AND_DIE, str(db), untouched], timeout=120)
    assert Path(f"{db}.wal").stat().st_size > 0
    r = cli(*_update_args(db))
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["store_write"] == "copy-and-rename"
    assert _leftovers(db) == [] and not Path(f"{db}.wal").exists()
    with LadybugStore(db, read_only=True) as s:
        assert s.run("MATCH (p:Paper) WHERE p.upvotes = 4242 RETURN p.id").rows == [[untouched]]
        assert s.count("Paper") == update_states[4]
