"""A store on disk: LadybugDB's main file and sidecars, the writer lock beside it, and replacing a
whole store at once.

Why this exists: an update larger than one transaction is written into a copy of the store that is
then renamed over it (paperkg/build_store.py), so a killed update leaves the store exactly as it was. A
rename moves one file, and LadybugDB keeps committed-but-not-checkpointed data in sidecar files
(``NAME.wal``, and ``NAME.shadow`` / ``NAME.wal.checkpoint`` while checkpointing) that it replays
into whatever main file sits next to them, without checking that they belong to it. So a store is
only copied, or renamed into place, when it has no sidecar: checkpointed into its main file. The
writer lock keeps two paperkg writers (``build``, ``query --write``) from racing that rename:
LadybugDB's own lock covers a store only while it is open, not the copy that will replace it.
Readers take no lock; they keep seeing the old file until the rename, and the inode they opened
after it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from paperkg.cypher.analytics.rankings_file import move_index, remove_index
from paperkg.cypher.ladybug.connection import StoreBusyError, StoreError

# Sidecars that hold store content (seen next to a store during and after writes and kills).
DATA_SIDECARS = (".wal", ".shadow", ".wal.checkpoint")
# Lock files LadybugDB creates while checkpointing; empty, left behind by a kill.
CHECKPOINT_LOCKS = (".checkpoint.intent.lock", ".checkpoint.apply.lock")

_held: set[int] = set()  # lock descriptors of this process, closed in forked children


def _close_in_child() -> None:
    # flock belongs to the open file description, which forked extraction workers would share:
    # a worker outliving a killed build would keep the store "busy". Children drop their copy.
    for fd in _held:
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


def sidecars(store: Path) -> list[Path]:
    """The content-holding sidecar files that exist next to ``store``."""
    return [p for p in (store.with_name(store.name + s) for s in DATA_SIDECARS) if p.exists()]


def lock_path(store: Path) -> Path:
    return store.with_name(f".{store.name}.lock")


def busy_message(store: Path, pid: int | None) -> str:
    who = f" (process {pid})" if pid else ""
    return (
        f"store {store} is busy: another process{who} has it open for writing; "
        "wait for it to finish or use another --db"
    )


class WriterLock:
    """Exclusive, non-blocking lock on ``.NAME.lock`` next to the store, held by every paperkg writer.

    The file holds the owner's pid (for the busy message) and is removed on release, so nothing is
    left next to the store. Removing a lock file is racy unless the winner checks that the file it
    locked is still the one at the path (a releaser may have unlinked it in between): it does.
    """

    def __init__(self, store: str | Path) -> None:
        self.store = Path(store)
        self.path = lock_path(self.store)
        self._fd: int | None = None

    def acquire(self) -> WriterLock:
        if self._fd is not None:
            raise RuntimeError("lock already held")
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:
                where = self.store.parent
                raise StoreError(f"cannot open store {self.store}: no such directory {where}") from None
            except OSError as exc:
                raise StoreError(f"cannot lock store {self.store}: {exc.strerror} ({self.path})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                pid = int(owner) if owner.isdigit() else None
                raise StoreBusyError(busy_message(self.store, pid)) from None
            try:
                here = os.stat(self.path)
                mine = os.fstat(fd)
                same = (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # locked a file its previous owner had just removed: take the new one
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        _held.add(fd)
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        self.path.unlink(missing_ok=True)  # while still locked: see the class docstring
        _held.discard(fd)
        os.close(fd)

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def remove_store(path: Path) -> None:
    """A temporary store, everything LadybugDB put next to it, and its rankings index."""
    for suffix in ("", *DATA_SIDECARS, *CHECKPOINT_LOCKS):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    remove_index(path)
    for torn in path.parent.glob(f"{path.name}.wal.torn-*"):
        torn.unlink(missing_ok=True)


def copy_store(src: Path, dst: Path) -> None:
    """Copy a checkpointed store (no sidecars) to ``dst``, replacing whatever was there.

    ``shutil.copyfile`` copies in the kernel (``sendfile``) on Linux. A failed copy (a full disk) is
    removed and reported in one line; the source is never touched."""
    left = sidecars(src)
    if left:
        raise StoreError(f"store {src} has an unfinished write ({left[0].name}); open it once and retry")
    remove_store(dst)
    try:
        shutil.copyfile(src, dst)
    except OSError as exc:
        remove_store(dst)
        raise StoreError(f"cannot copy store {src} for the update: {exc.strerror or exc}") from None


def fsync_path(path: Path) -> None:
    """Flush a file's (or a directory's entries') data to the disk."""
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_store(new: Path, store: Path) -> None:
    """Rename the closed store ``new`` over ``store``, durably.

    Both must be free of sidecars: a log left next to ``store`` would be replayed into ``new``'s
    file, and one of ``new`` would stay behind under its temporary name. Order for power loss: the
    new file's data reaches the disk before the rename, and the rename before this returns.
    """
    for path in (new, store):
        left = sidecars(path)
        if left:
            raise StoreError(
                f"store {store} was not replaced: {left[0].name} is next to it "
                "(written to without paperkg's lock, or not checkpointed); the store is unchanged"
            )
    fsync_path(new)
    move_index(new, store)  # first: until the store follows, the tokens differ and lookups go live
    os.replace(new, store)
    fsync_path(store.parent)
    for suffix in CHECKPOINT_LOCKS:
        new.with_name(new.name + suffix).unlink(missing_ok=True)
