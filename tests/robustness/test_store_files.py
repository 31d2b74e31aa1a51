"""paperkg/cypher/ladybug/files.py: the writer lock, copying a store and renaming it over another, on
real files and real LadybugDB stores (whole builds are in test_atomic_update.py)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from robustness_helpers import graph_hash

from paperkg.cypher.ladybug import LadybugStore, StoreBusyError, StoreError
from paperkg.cypher.ladybug.files import (
    WriterLock,
    copy_store,
    lock_path,
    remove_store,
    replace_store,
    sidecars,
)

# ----- the writer lock -----


def test_a_second_lock_is_refused_with_the_owners_pid_and_released_locks_leave_no_file(tmp_path):
    db = tmp_path / "kg.db"
    with WriterLock(db):
        assert lock_path(db).read_text() == f"{os.getpid()}\n"
        with pytest.raises(StoreBusyError) as busy:
            WriterLock(db).acquire()  # another open file description: flock refuses it too
        assert str(busy.value) == (
            f"store {db} is busy: another process (process {os.getpid()}) has it open for writing; "
            "wait for it to finish or use another --db"
        )
    assert list(tmp_path.iterdir()) == []
    with WriterLock(db):  # and it can be taken again
        pass


_HOLD_AND_DIE = """
import os, signal, sys, time
from paperkg.cypher.ladybug.files import WriterLock
lock = WriterLock(sys.argv[1]).acquire()
child = os.fork()
if child == 0:  # a forked worker (as the extraction pool's) outlives its parent
    time.sleep(60)
    os._exit(0)
with open(sys.argv[1] + ".worker", "w") as f:
    f.write(str(child))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_holders_lock_is_free_even_while_its_forked_workers_live(tmp_path):
    db = tmp_path / "kg.db"
    p = subprocess.run([sys.executable, "-c", _HOLD_AND_DIE, str(db)], timeout=60)
    assert p.returncode == -signal.SIGKILL
    assert lock_path(db).exists()  # left behind by the kill, but not locked
    worker = int(Path(f"{db}.worker").read_text())
    try:
        os.kill(worker, 0)  # still running
        with WriterLock(db):
            assert lock_path(db).read_text() == f"{os.getpid()}\n"
    finally:
        os.kill(worker, signal.SIGKILL)
    assert not lock_path(db).exists()


def test_a_lock_in_a_missing_directory_is_a_one_line_store_error(tmp_path):
    with pytest.raises(StoreError, match=r"^cannot open store .*kg\.db: no such directory .*nowhere$"):
        WriterLock(tmp_path / "nowhere" / "kg.db").acquire()


def test_a_lock_file_removed_under_a_waiter_is_not_shared(tmp_path):
    """The race removal of lock files has: B opens the file, A unlinks and releases it, B locks the
    unlinked inode while C locks a new file. B must notice and lock the file at the path."""
    db = tmp_path / "kg.db"
    a = WriterLock(db).acquire()
    stale_fd = os.open(lock_path(db), os.O_RDWR)  # B's open, before A lets go
    a.release()
    import fcntl

    fcntl.flock(stale_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # B got a lock, on a file nobody sees
    c = WriterLock(db).acquire()  # C creates and locks the file at the path
    with pytest.raises(StoreBusyError):
        WriterLock(db).acquire()
    c.release()
    os.close(stale_fd)


# ----- copying and replacing stores -----


@pytest.fixture()
def two_stores(dev_db, tmp_path):
    """A copy of the dev store, and a different store (one paper more)."""
    old = tmp_path / "kg.db"
    shutil.copy(dev_db, old)
    new = tmp_path / ".kg.db.updating-1"
    shutil.copy(dev_db, new)
    with LadybugStore(new) as s:
        s.run("CREATE (:Paper {id: 'extra', title: 'Extra'})")
    return old, new


def test_replace_puts_the_new_store_in_place_and_leaves_nothing_else(two_stores):
    old, new = two_stores
    want = graph_hash(new)
    replace_store(new, old)
    assert graph_hash(old) == want
    assert sorted(p.name for p in old.parent.iterdir()) == ["kg.db"]


def test_replace_refuses_when_a_log_would_end_up_next_to_the_other_store(two_stores):
    old, new = two_stores
    before = graph_hash(old)
    Path(f"{old}.wal").write_bytes(b"a log of the old store")
    with pytest.raises(StoreError, match=r"was not replaced: kg\.db\.wal is next to it"):
        replace_store(new, old)
    assert new.exists()
    Path(f"{old}.wal").unlink()
    assert graph_hash(old) == before
    Path(f"{new}.wal").write_bytes(b"a log of the new store")
    with pytest.raises(StoreError, match=r"was not replaced: \.kg\.db\.updating-1\.wal"):
        replace_store(new, old)
    assert graph_hash(old) == before


def test_copy_replaces_a_stale_copy_and_its_log(two_stores):
    old, stale = two_stores
    Path(f"{stale}.wal").write_bytes(b"the log of a killed update")
    copy_store(old, stale)
    assert sidecars(stale) == []
    assert graph_hash(stale) == graph_hash(old)


def test_copy_refuses_a_store_with_an_unfinished_write(two_stores):
    old, new = two_stores
    Path(f"{old}.wal").write_bytes(b"x")
    with pytest.raises(StoreError, match="has an unfinished write"):
        copy_store(old, new)


def test_a_failed_copy_full_disk_leaves_nothing_and_says_why(two_stores, monkeypatch):
    old, new = two_stores
    new.unlink()

    def full_disk(src, dst, *a, **k):
        Path(dst).write_bytes(b"half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(shutil, "copyfile", full_disk)
    with pytest.raises(StoreError, match=r"cannot copy store .*kg\.db for the update: No space left on dev"):
        copy_store(old, new)
    assert not new.exists()


def test_remove_store_takes_the_sidecars_and_nothing_that_only_shares_the_prefix(tmp_path):
    store = tmp_path / ".kg.db.updating-7"
    names = ["", ".wal", ".shadow", ".wal.checkpoint", ".checkpoint.intent.lock", ".wal.torn-20260101T000000"]
    for suffix in names:
        Path(f"{store}{suffix}").write_text("x")
    other = tmp_path / ".kg.db.updating-71"
    other.write_text("another process's copy")
    remove_store(store)
    assert [p.name for p in tmp_path.iterdir()] == [other.name]


def test_the_sweep_takes_dead_and_own_pid_leftovers_and_keeps_live_ones(tmp_path):
    from paperkg.build_store import _sweep_stale

    dead = subprocess.Popen(["true"])
    dead.wait()
    db = tmp_path / "kg.db"
    db.write_text("the store")
    mine, live = os.getpid(), os.getppid()
    for name in (f".kg.db.updating-{dead.pid}", f".kg.db.updating-{dead.pid}.wal",
                 f".kg.db.updating-{dead.pid}.shadow", f".kg.db.building-{mine}", f".kg.db.updating-{live}",
                 ".kg.db.lock", ".kg.db.other-1"):
        (tmp_path / name).write_text("x")
    (tmp_path / f".kg.db.parts-{dead.pid}").mkdir()
    _sweep_stale(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["kg.db", f".kg.db.updating-{live}", ".kg.db.lock", ".kg.db.other-1"]
    )


def test_a_new_store_is_not_built_next_to_the_log_of_a_deleted_one(tmp_path):
    from robustness_helpers import DEV_INPUT, cli, one_line_messages

    db = tmp_path / "kg.db"
    Path(f"{db}.wal").write_bytes(b"the log of a store someone deleted")
    r = cli("build", DEV_INPUT, "--db", db, "--quiet")
    assert r.exit_code == 1
    assert one_line_messages(r.stderr) == [
        f"error: {db}.wal is left from a deleted store kg.db; move it away to build a new store there"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.db.wal"]
