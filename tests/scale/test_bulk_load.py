"""The bulk path of a new store (every batch streamed to CSV, one COPY per table) gives the graph the
batch-by-batch MERGE path gives, also for hostile text, and the store it makes survives reopening."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkg.build_store import build
from paperkg.cypher.ladybug import LadybugStore, StoreError
from paperkg.cypher.ladybug.copy_csv import LIST_SEP
from paperkg.engines import load as load_module
from paperkg.engines.digest import store_digest
from paperkg.engines.load import bulk_folder, load_parts, resolve_parts
from paperkg.engines.local import extract_to_parts
from paperkg.sources.record import PaperRecord, SourceRef

HOSTILE = [
    'a "quoted", comma\nnew line',
    "back\\slash \\\" and \\n literal",
    "\r\n crlf and \r lone cr",
    " leading and trailing ",
    "üñí — 漢字 🎉 \u2028 line separator",
    "tab\there; semi ; 'single'",
    '"',
    ",",
    "NUL \x00 inside",
    f"unit{LIST_SEP}separator",
]


def _hostile_records(gen: Path) -> list[PaperRecord]:
    """The generated corpus with hostile text in titles, abstracts, authors and sources."""
    out = []
    for i, line in enumerate(gen.read_text(encoding="utf-8").splitlines()):
        d = json.loads(line)
        h = HOSTILE[i % len(HOSTILE)]
        authors = [h, "Ada Lovelace", "A. N. Other"] if i % 3 else []
        if i % 7 == 0:
            authors.append("")  # an empty item: cannot go through CSV split, set afterwards
        out.append(
            PaperRecord(
                id=f"hostile-{i:04d}",
                title=f"{d['title']} {h}",
                abstract=f"{d['abstract']} See https://github.com/org/repo-{i % 4}. {h}",
                authors=authors,
                year=2020 + i % 5 if i % 4 else None,
                upvotes=i if i % 2 else None,
                doi="" if i % 11 == 0 else None,
                categories=["cs.LG", h] if i % 2 else [],
                sources=[SourceRef(f"dir,with\"odd'{h}", i + 1, "jsonl")],
            )
        )
    return out


@pytest.fixture(scope="module")
def hostile_parts(generated, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("parts")
    return extract_to_parts(_hostile_records(generated), folder, shard=40, workers=1)


def _load(parts, db, bulk, batch_size=40, workers=2):
    with LadybugStore(db) as store:
        res, _, _ = resolve_parts(parts, store)
        out = load_parts(parts, store, batch_size, True, res, bulk=bulk, workers=workers)
        assert not bulk_folder(store).exists()  # the CSV files are removed
    return out


def test_bulk_load_gives_the_batched_merge_graph_on_hostile_text(hostile_parts, tmp_path):
    bulk = _load(hostile_parts, tmp_path / "bulk.db", bulk=True)
    merged = _load(hostile_parts, tmp_path / "merge.db", bulk=False)
    assert bulk.write_method == "bulk" and merged.write_method == "copy+merge"
    assert bulk.added == merged.added == 150 and bulk.batches == 4
    assert store_digest(tmp_path / "bulk.db") == store_digest(tmp_path / "merge.db")
    with LadybugStore(tmp_path / "bulk.db", read_only=True) as s:  # reopened: the data is on disk
        counts = s.counts()
        assert bulk.rows == sum(counts.values())
        repos = s.run("MATCH (r:Repository) WHERE r.id STARTS WITH 'github.com/org/repo-' RETURN count(r)")
        assert repos.rows == [[4]]  # named by papers of every batch, kept once
        titles = {r[0] for r in s.run("MATCH (p:Paper) RETURN p.title").rows}
        assert all(any(t.endswith(" " + h) for t in titles) for h in HOSTILE)
        authors = s.run("MATCH (p:Paper {id: 'hostile-0007'}) RETURN p.authors").rows[0][0]
        assert sorted(authors) == sorted(["", "A. N. Other", "Ada Lovelace", HOSTILE[7]])
        empty = s.run("MATCH (p:Paper {id: 'hostile-0000'}) RETURN p.authors, p.categories, p.doi").rows
        assert empty == [[[""], [], ""]]
        sep = s.run("MATCH (p:Paper {id: 'hostile-0009'}) RETURN p.categories").rows[0][0]
        assert sorted(sep) == sorted(["cs.LG", HOSTILE[9]])
        stale = s.run(
            "MATCH (n:Method) OPTIONAL MATCH (p:Paper)-[]->(n) WITH n, count(DISTINCT p) AS k "
            "WHERE k <> n.papers RETURN count(n)"
        )
        assert stale.rows[0][0] == 0  # entity counts summed over batches are the real ones


def test_bulk_load_does_not_depend_on_the_batch_size_or_the_workers(hostile_parts, tmp_path):
    _load(hostile_parts, tmp_path / "a.db", bulk=True, batch_size=7, workers=1)
    _load(hostile_parts, tmp_path / "b.db", bulk=True, batch_size=1000, workers=2)
    assert store_digest(tmp_path / "a.db") == store_digest(tmp_path / "b.db")


def test_bulk_load_refuses_a_store_with_data(hostile_parts, tmp_path):
    db = tmp_path / "s.db"
    _load(hostile_parts[:1], db, bulk=True)
    with LadybugStore(db) as store:
        res, _, _ = resolve_parts(hostile_parts, store)
        with pytest.raises(ValueError, match="new"):
            load_parts(hostile_parts, store, 40, False, res, bulk=True)
        with pytest.raises(StoreError, match="empty store"):
            store.bulk_load(tmp_path / "csv")


def test_a_failed_bulk_load_leaves_no_store_and_no_csv_files(generated, tmp_path, monkeypatch):
    real = load_module.fragment
    doomed = json.loads(generated.read_text(encoding="utf-8").splitlines()[70])["title"]

    def dies_in_the_second_part(batch, res):  # runs in a CSV worker process (one per core)
        if any(rec.title == doomed for rec, _ in batch):
            raise RuntimeError("disk full")
        return real(batch, res)

    monkeypatch.setattr(load_module, "fragment", dies_in_the_second_part)
    with pytest.raises(RuntimeError, match="disk full"):
        build([str(generated)], tmp_path / "k.db", progress=False, batch_size=50, workers=1)
    assert list(tmp_path.iterdir()) == []


def test_relationship_tables_copied_in_pieces_give_the_same_graph(hostile_parts, tmp_path, monkeypatch):
    """Relationship CSVs are copied in pieces (appended to a table that has rows) to bound the buffer
    pool a COPY needs: with pieces of one part each, the store is the one-COPY store."""
    import paperkg.cypher.ladybug.bulk as bulk

    whole = _load(hostile_parts, tmp_path / "whole.db", bulk=True)
    copies: list[str] = []
    monkeypatch.setattr(bulk, "REL_COPY_BYTES", 1)  # every part's piece is its own COPY
    real = bulk.BulkLoad._join_chunks

    def counting(self, table, limit):
        for path in real(self, table, limit):
            copies.append(table)
            yield path

    monkeypatch.setattr(bulk.BulkLoad, "_join_chunks", counting)
    pieces = _load(hostile_parts, tmp_path / "pieces.db", bulk=True)
    assert copies.count("USES_Paper_Method") == len(hostile_parts) > 1
    assert pieces.rows == whole.rows
    assert store_digest(tmp_path / "pieces.db") == store_digest(tmp_path / "whole.db")


def test_copy_pool_fits_the_largest_copy_within_ram():
    from paperkg.cypher.ladybug.buffer_pool import COPY_POOL_SLACK_MB, copy_pool_mb

    mb = 1 << 20
    assert copy_pool_mb(100 * mb, 10 * mb, total_bytes=64 << 30) == 400 + COPY_POOL_SLACK_MB
    assert copy_pool_mb(10 * mb, 100 * mb, total_bytes=64 << 30) == 600 + COPY_POOL_SLACK_MB
    assert copy_pool_mb(10_000 * mb, 0, total_bytes=10 << 30) == 8192  # 80% of RAM at most


def test_a_bulk_load_raises_a_pool_too_small_for_its_copy(hostile_parts, tmp_path, monkeypatch):
    """The pool a build asked for is raised to what the COPYs need (a 1M-paper build failed in its
    COPY of Paper with 2 GB); the store stays usable and the graph is the same."""
    import paperkg.cypher.ladybug.buffer_pool as buffer_pool

    monkeypatch.setattr(buffer_pool, "COPY_POOL_SLACK_MB", 64)
    whole = _load(hostile_parts, tmp_path / "whole.db", bulk=True)
    db = tmp_path / "small.db"
    with LadybugStore(db, buffer_pool_mb=16) as store:
        res, _, _ = resolve_parts(hostile_parts, store)
        out = load_parts(hostile_parts, store, 40, True, res, bulk=True)
        assert out.buffer_pool_mb == store.buffer_pool_mb > 16
        assert store.count("Paper") == 150
    assert out.rows == whole.rows
    assert store_digest(db) == store_digest(tmp_path / "whole.db")
