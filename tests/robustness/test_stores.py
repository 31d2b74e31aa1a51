"""Stores: the same build twice gives the same graph, a killed build never leaves a broken or
half-written store, and a second writer is told the store is busy.

Store-level idempotence (write_graph twice, copy vs merge) and a writer killed while idle inside a
transaction are covered in tests/cypher/ladybug/test_store.py; Neo4j's double load in
tests/cypher/neo4j/test_neo4j_loader.py. Here everything goes through real ``paperkg build`` processes; the
sample fits one batch, so these kills hit in-place updates. Updates of several batches (written
into a copy and renamed) are killed at exact points in test_atomic_update.py; the writer lock and
the copy/rename helpers are unit-tested in test_store_files.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from robustness_helpers import DEV_INPUT, PAPERKG, SAMPLE, cli, graph_hash, one_line_messages

from paperkg.cypher.ladybug import LadybugStore
from paperkg.cypher.ladybug.files import lock_path


def _build_cmd(inputs: Path, db: Path) -> list[str]:
    return [*PAPERKG, "build", str(inputs), "--db", str(db), "--quiet", "--json"]


@pytest.fixture(scope="module")
def states(dev_db, tmp_path_factory):
    """(store holding the dev build, its hash, hash after adding the sample on top, papers then)."""
    folder = tmp_path_factory.mktemp("states")
    before = folder / "before.db"
    shutil.copy(dev_db, before)
    after = folder / "after.db"
    shutil.copy(dev_db, after)
    done = subprocess.run(_build_cmd(SAMPLE, after), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with LadybugStore(after, read_only=True) as s:
        papers = s.count("Paper")
    return before, graph_hash(before), graph_hash(after), papers


def test_building_the_same_input_twice_gives_the_same_graph(dev_db, tmp_path):
    again = tmp_path / "again.db"
    shutil.copy(dev_db, again)
    r = cli("build", DEV_INPUT, "--db", again, "--quiet", "--json")
    assert r.exit_code == 0, r.output
    assert graph_hash(again) == graph_hash(dev_db)
    fresh = tmp_path / "fresh.db"  # and a second first build is the same graph as the first
    assert cli("build", DEV_INPUT, "--db", fresh, "--quiet").exit_code == 0
    assert graph_hash(fresh) == graph_hash(dev_db)


def test_the_same_update_applied_twice_gives_the_same_graph(dev_db, tmp_path):
    """Found by the atomic-update kill tests: dev store + one sample page, then the same page again,
    used to re-resolve the page's "LoRA" from ``Method:lora-2`` to a new ``Method:lora-3`` (the stored
    "LoRA" did not meet the gazetteer's canonical "LoRA" of the new papers; paperkg/graph/resolve.py)."""
    db = tmp_path / "kg.db"
    shutil.copy(dev_db, db)
    page = SAMPLE / "004_3970c943cc510221.txt"
    assert cli("build", page, "--db", db, "--quiet").exit_code == 0
    once = graph_hash(db)
    assert cli("build", page, "--db", db, "--quiet").exit_code == 0
    assert graph_hash(db) == once


def _holds_flock(pid: int, path: Path) -> bool:
    """Whether process ``pid`` holds an flock on ``path``, from Linux's /proc/locks (lines such as
    ``1: FLOCK  ADVISORY  WRITE 4242 00:2f:1234 0 EOF``; a waiter's line has ``->`` after the number)."""
    try:
        inode = str(path.stat().st_ino)
    except FileNotFoundError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        f = line.split()
        if len(f) >= 6 and f[1] == "FLOCK" and f[4] == str(pid) and f[5].rsplit(":", 1)[-1] == inode:
            return True
    return False


def test_two_builds_at_once_one_is_told_the_store_is_busy(states, tmp_path):
    start, _, after_hash, _ = states
    db = tmp_path / "kg.db"
    shutil.copy(start, db)
    first = subprocess.Popen(_build_cmd(SAMPLE, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    busy = []
    try:
        # Stop the first build once it holds the writer lock, so the second one meets it however
        # fast the first would have finished (a fixed sleep did not overlap on a fast machine).
        deadline = time.time() + 120
        while not _holds_flock(first.pid, lock_path(db)):
            assert first.poll() is None, f"the first build ended unlocked: {first.stderr.read()}"
            assert time.time() < deadline, "the first build never locked the store"
            time.sleep(0.005)
        os.kill(first.pid, signal.SIGSTOP)
        try:
            second = subprocess.run(_build_cmd(SAMPLE, db), capture_output=True, text=True, timeout=120)
        finally:
            os.kill(first.pid, signal.SIGCONT)
        if second.returncode == 1:
            busy = one_line_messages(second.stderr)
        out, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, err
    assert busy, "the second build never overlapped the first"
    assert busy[-1].startswith(f"error: store {db} is busy: another process (process {first.pid}) has it")
    assert graph_hash(db) == after_hash


# ----- SIGKILL at several points of a real build into a store that holds a previous build -----

WAL, SHADOW = ".wal", ".shadow"
# (what to wait for, seconds after it): before any write: reading, loading the extractor, extracting
# into the parts folder.
KILL_POINTS = [("start", 0.5), ("start", 1.5), ("parts", 0.2), ("parts", 1.0), ("parts", 2.0)]
# As the write-ahead log appears (the commit), and as the checkpoint starts and during it.
WRITE_KILL_POINTS = [(WAL, 0.0), (WAL, 0.05), (SHADOW, 0.0), (SHADOW, 0.5)]


def _fresh(path: Path, since: float) -> bool:
    try:
        return path.stat().st_mtime >= since
    except FileNotFoundError:
        return False


def _run_and_kill(db: Path, event: str, delay: float) -> tuple[bool, float]:
    """Start a build; SIGKILL it ``delay`` s after ``event`` (``start``, a fresh ``.wal``/``.shadow``
    file of the store, or a ``.<db>.parts-*`` folder). Returns (killed, seconds it ran)."""
    t0 = time.time()
    proc = subprocess.Popen(_build_cmd(SAMPLE, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = t0 if event == "start" else None
    try:
        while proc.poll() is None:
            now = time.time()
            if seen is None and (
                _fresh(Path(f"{db}{event}"), t0) if event.startswith(".")
                else any(db.parent.glob(f".{db.name}.{event}-*"))
            ):
                seen = now
            if seen is not None and now - seen >= delay:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(30)
                return True, time.time() - t0
            time.sleep(0.002)
        return False, time.time() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)


@pytest.mark.slow
def test_killed_builds_leave_the_old_or_the_new_store_and_the_next_build_completes(states, tmp_path, capsys):
    start, before_hash, after_hash, papers = states
    db = tmp_path / "kg.db"
    shutil.copy(start, db)
    killed = recovered = 0
    for event, delay in KILL_POINTS:
        was_killed, seconds = _run_and_kill(db, event, delay)
        killed += was_killed
        h = graph_hash(db)  # opens read-only: recovers a torn log or finishes a checkpoint if needed
        assert h in (before_hash, after_hash), f"killed {delay}s after {event} ({seconds:.1f}s in)"
        recovered += was_killed
    done = subprocess.run(_build_cmd(SAMPLE, db), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert graph_hash(db) == after_hash
    with LadybugStore(db, read_only=True) as s:
        assert s.count("Paper") == papers  # no record lost
    assert killed >= 4, "the build finished before most kill points: they test nothing"
    with capsys.disabled():
        print(f"\ncrash-safety: {killed} builds killed, {recovered} recovered, 0 records lost")


@pytest.mark.slow
def test_a_build_killed_while_writing_leaves_the_old_or_the_new_store(states, tmp_path):
    start, before_hash, after_hash, _ = states
    db = tmp_path / "kg.db"
    shutil.copy(start, db)
    for event, delay in WRITE_KILL_POINTS:
        was_killed, seconds = _run_and_kill(db, event, delay)
        assert graph_hash(db) in (before_hash, after_hash), f"killed {delay}s after {event} ({seconds:.1f}s)"


def test_a_killed_first_build_leaves_no_store(tmp_path):
    db = tmp_path / "new.db"
    was_killed, _ = _run_and_kill(db, "start", 2.0)
    assert was_killed
    assert not db.exists()  # built under a temporary name: nothing half-made at the real one
    r = cli("build", DEV_INPUT, "--db", db, "--quiet")
    assert r.exit_code == 0 and db.exists()


def test_a_killed_build_leaves_no_temporary_files_once_the_next_build_ran(tmp_path):
    db = tmp_path / "new.db"
    assert _run_and_kill(db, "parts", 0.5)[0]  # killed while extracting into its parts folder
    assert cli("build", DEV_INPUT, "--db", db, "--quiet").exit_code == 0
    left = sorted(p.name for p in tmp_path.iterdir() if p.name not in {"new.db", "new.db.rankings"})
    assert left == []


_COMMIT_AND_DIE = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from handmade import corpus
from paperkg.cypher.ladybug import LadybugStore
from paperkg.graph.build import GraphBuilder
s = LadybugStore(sys.argv[1])
b = GraphBuilder(s.anchors())
for rec, ext in corpus()[2:]:
    b.add(rec, ext)
s.write_graph(b.graph(), method="merge")
os.kill(os.getpid(), signal.SIGKILL)  # committed to the log, never checkpointed
"""


@pytest.mark.parametrize("damage", ["cut", "flip"])
def test_a_torn_log_opens_at_the_last_checkpoint_with_a_warning(tmp_path, damage):
    """A log whose last record is cut short or garbled (the writer died mid-append) made LadybugDB
    refuse the store for every command; it now opens at its last checkpoint, and says so."""
    import sys

    from robustness_helpers import ROOT

    sys.path.insert(0, str(ROOT / "tests" / "graph"))
    from handmade import corpus

    from paperkg.graph.build import GraphBuilder

    db = tmp_path / "s.db"
    with LadybugStore(db) as s:
        b = GraphBuilder(s.anchors())
        for rec, ext in corpus()[:2]:
            b.add(rec, ext)
        s.write_graph(b.graph())
    before = graph_hash(db)
    graph_dir = str(ROOT / "tests" / "graph")
    subprocess.run([sys.executable, "-c", _COMMIT_AND_DIE, str(db), graph_dir], timeout=120)
    wal = Path(f"{db}.wal")
    assert wal.stat().st_size > 100
    with wal.open("r+b") as f:
        size = f.seek(0, 2)
        if damage == "cut":
            f.truncate(size - 7)
        else:
            f.seek(size - 7)
            f.write(b"\xff\x00\xff")
    r = cli("query", "MATCH (p:Paper) RETURN count(p) AS n", "--db", db, "--json")
    assert r.exit_code == 0, r.output
    assert graph_hash(db) == before
    warning = [ln for ln in r.stderr.splitlines() if ln.startswith("warning: store")]
    assert warning and "went back to the last complete state" in warning[0]
    assert [p.name for p in tmp_path.glob("s.db.wal.torn-*")]  # kept for inspection
    if damage == "cut":  # and the next build writes into it as usual
        assert cli("build", ROOT / "tests" / "data" / "dev_input.jsonl", "--db", db, "--quiet").exit_code == 0


def test_an_in_place_update_is_one_transaction_counts_included(tmp_path, monkeypatch):
    """An update that fits one batch is written in place: the papers, the entities they drop and the
    recount of every entity's ``papers`` must commit together, so a kill leaves old or new, never new
    papers with stale counts (docs/reliability.md)."""
    import json

    first = [{"id": "a", "title": "Paper A", "abstract": "We fine-tune BERT with LoRA on GLUE."},
             {"id": "b", "title": "Paper B", "abstract": "We fine-tune BERT on SQuAD."}]
    src = tmp_path / "v1.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in first))
    db = tmp_path / "kg.db"
    assert cli("build", src, "--db", db, "--quiet").exit_code == 0
    with LadybugStore(db, read_only=True) as s:
        before = {r[0]: r[1] for r in s.run("MATCH (m:Method) RETURN m.name, m.papers").rows}
    assert before.get("LoRA") == 1 and before.get("BERT") == 2, before

    second = tmp_path / "v2.jsonl"  # paper A re-extracted: it no longer names LoRA
    second.write_text(json.dumps({**first[0], "abstract": "We fine-tune BERT on GLUE."}) + "\n")
    commits: list[list[str]] = []
    real = LadybugStore._transaction

    def recording(self, statements, batches):
        batches = list(batches)
        commits.append([*statements, *(s for s, _ in batches)])
        return real(self, statements, batches)

    monkeypatch.setattr(LadybugStore, "_transaction", recording)
    r = cli("build", second, "--db", db, "--quiet", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["store_write"] == "in-place"
    writes = [c for c in commits if any("Paper" in s for s in c)]
    assert len(writes) == 1, [len(c) for c in commits]
    assert any("n.papers = 0 DETACH DELETE" in s for s in writes[0])  # the recount rode along
    assert len(commits) == 1
    with LadybugStore(db, read_only=True) as s:
        after = {r[0]: r[1] for r in s.run("MATCH (m:Method) RETURN m.name, m.papers").rows}
    assert "LoRA" not in after and after["BERT"] == 2, after
