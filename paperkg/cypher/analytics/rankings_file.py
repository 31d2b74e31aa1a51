"""Where the rankings index lives: a SQLite file beside the store (``NAME.rankings``), not in the graph.

Why not a table of the store: LadybugDB's ``MATCH (n)`` returns the rows of every node table, so an index
of cached answers stored as nodes showed up in users' queries (a 1,709-node graph counted 5,687 nodes).
A key/value file next to the store keeps the graph what the user built, and SQLite (Python's standard
library) answers a primary-key lookup in microseconds and writes a million entries in seconds.

Why it cannot go stale: the store and the file are two files, renamed one after the other, so each write
of the index draws a random *token*, stored in the index file and in the store's meta table (in the
store's own transaction). A reader uses the file only when both tokens agree; any other pairing (a
build killed between the two renames, a store copied without its index, a write that dropped the index)
is answered live, which is slower but never wrong.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from paperkg.graph.schema import META_TABLE

SUFFIX = ".rankings"


def index_path(store: str | Path) -> Path:
    store = Path(store)
    return store.with_name(store.name + SUFFIX)


def new_token() -> str:
    return secrets.token_hex(16)


def write_index(store: str | Path, entries: Iterable[tuple[str, str]], token: str) -> int:
    """Write ``(key, data)`` entries as the index of ``store``, replacing any previous one in one rename.
    Returns the number of entries."""
    final = index_path(store)
    store = Path(store)
    tmp = store.with_name(f".{store.name}.rankings-{os.getpid()}")  # swept by the next build if left
    tmp.unlink(missing_ok=True)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")  # a half-written temporary file is simply deleted
            con.execute("PRAGMA synchronous=OFF")
            con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
            con.execute("CREATE TABLE entries(key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID")
            con.execute("INSERT INTO meta VALUES ('token', ?)", (token,))
            n = con.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", entries).rowcount
            con.commit()
        finally:
            con.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return max(n, 0)


def read_index(store: str | Path, keys: list[str], token: str | None) -> dict[str, str] | None:
    """``{key: data}`` of the entries present among ``keys``, or None when ``store`` has no index whose
    token is ``token`` (then every lookup is answered live)."""
    path = index_path(store)
    if not token or not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()
        if row is None or row[0] != token:
            return None
        out: dict[str, str] = {}
        for i in range(0, len(keys), 500):  # SQLite's default limit on bound variables is 999+
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(con.execute(f"SELECT key, data FROM entries WHERE key IN ({marks})", chunk).fetchall())
        return out
    except sqlite3.Error:  # not an index file (a user's file of that name): answer live
        return None
    finally:
        con.close()


def move_index(src_store: Path, dst_store: Path) -> None:
    """Give ``dst_store`` the index of ``src_store`` (before ``src_store`` is renamed over it), or none."""
    src, dst = index_path(src_store), index_path(dst_store)
    if src.exists():
        os.replace(src, dst)
    else:
        dst.unlink(missing_ok=True)


def remove_index(store: str | Path) -> None:
    index_path(store).unlink(missing_ok=True)


# --------------------------------------------------------------------------- the store's half of the token

_Q_TOKEN = f"MATCH (m:{META_TABLE} {{key: 'rankings'}}) RETURN m.value"


class _Runs(Protocol):
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> Any: ...


def stored_token(store: _Runs) -> str | None:
    """The token of the index the store's content was ranked into (None: no current index)."""
    rows = store.run(_Q_TOKEN).rows
    return rows[0][0] if rows else None


def set_token(store: _Runs, token: str | None) -> None:
    """Record (or, with None, forget) the token of the store's current index."""
    if token is None:
        store.run(f"MATCH (m:{META_TABLE} {{key: 'rankings'}}) DELETE m")
    else:
        store.run(f"MERGE (m:{META_TABLE} {{key: 'rankings'}}) SET m.value = $t", {"t": token})


def current_entries(store: _Runs, keys: list[str]) -> dict[str, str] | None:
    """``{key: data}`` of ``keys`` in the index of ``store`` (a LadybugStore: it has a ``path``), or
    None when the store has no current index (no file, another write's file, no meta table)."""
    path = getattr(store, "path", None)
    if path is None:
        return None
    try:
        token = stored_token(store)
    except RuntimeError:  # not a paperkg store (no meta table)
        return None
    return read_index(path, keys, token)


def has_current_index(store: _Runs) -> bool:
    """Whether lookups on ``store`` are answered from its rankings index."""
    return current_entries(store, []) is not None
