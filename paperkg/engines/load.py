"""Loading parts into the embedded store in batches, with the whole input resolved first.

Two passes over the parts: the first feeds every entity to one ``Resolver(per_paper=False)``
(memory grows with the distinct names, not with the papers), the second turns each batch of
``batch_size`` papers into a graph fragment under that one resolution and writes it. Entity ids and
names therefore do not depend on the batch size or on how extraction was spread over workers.

Transactions and crash-safety: each batch is one transaction. A brand-new store is written under a
temporary name by :func:`paperkg.build.build` and renamed when complete, so a killed first build
leaves no store. An existing store is updated batch by batch: a kill leaves it at the end of the
last committed batch (those papers complete, with their edges, claims and entity ``papers``
counts); running the same build again finishes the job, because writes are idempotent upserts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from paperkg.cypher.store import LadybugStore, _q, _rows
from paperkg.engines.parts import iter_parts
from paperkg.extract.model import Extraction
from paperkg.graph.build import fragment
from paperkg.graph.resolve import Resolution, Resolver
from paperkg.graph.schema import ENTITY_LABELS
from paperkg.sources.record import PaperRecord

Progress = Callable[[int], None]
# LadybugStore.write_graph(method="copy") sends node rows in COPY statements of 50,000 rows; a
# second COPY-from-subquery into a table that already has rows can crash LadybugDB 0.22
# (segmentation fault, seen here), so the COPY path is only taken when every label fits one.
COPY_ROWS_LIMIT = 50_000


@dataclass
class LoadResult:
    added: int = 0
    batches: int = 0
    write_method: str = ""
    ambiguous: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    distinct_names: int = 0  # items the resolver held: its memory


def resolve_parts(parts: list[Path], store: LadybugStore) -> tuple[Resolution, int, int]:
    """Pass 1: the corpus-wide resolution (anchored on the store's entities), papers, resolver size."""
    resolver = Resolver(store.anchors(), per_paper=False)
    n = 0
    for rec, ext in iter_parts(parts):
        n += 1
        for ent in ext.entities():
            resolver.add(rec.id, ent)
    return resolver.resolve(), n, len(resolver)


def _batches(pairs: Iterable[tuple[PaperRecord, Extraction]], size: int) -> Iterator[list]:
    it = iter(pairs)
    while batch := list(islice(it, size)):
        yield batch


def load_parts(
    parts: list[Path],
    store: LadybugStore,
    batch_size: int,
    fresh: bool,
    res: Resolution,
    on_progress: Progress | None = None,
) -> LoadResult:
    """Pass 2. ``fresh``: the store was empty before this build (its first batch goes by COPY)."""
    out = LoadResult(ambiguous=res.ambiguous)
    methods: set[str] = set()
    for batch in _batches(iter_parts(parts), max(1, batch_size)):
        g = fragment(batch, res)
        if fresh and out.batches == 0 and _fits_one_copy(g):
            methods.add(store.write_graph(g, method="copy"))
        else:
            _merge_batch(store, g, replace_papers=not fresh)
            methods.add("merge")
        out.batches += 1
        out.added += len(batch)
        if on_progress:
            on_progress(len(batch))
    # Counts of entities touched by the batches are exact already; this also drops entities an
    # updated paper no longer names (the whole-store pass the one-shot build always made).
    store._transaction([], store._recount())
    out.write_method = "+".join(m for m in ("copy", "merge") if m in methods)
    return out


def _fits_one_copy(g) -> bool:
    per_label: dict[str, int] = {}
    for _, label in g.nodes(data="label"):
        per_label[label] = per_label.get(label, 0) + 1
    return max(per_label.values(), default=0) <= COPY_ROWS_LIMIT


def _merge_batch(store: LadybugStore, g, replace_papers: bool) -> None:
    """Nodes are upserted (entities recur across batches). Into a new store, edges are appended
    with COPY from CSV (the bulk path; exact, because every edge belongs to one of the batch's
    papers). Into an existing store they are MERGEd: LadybugDB 0.22 does not replay COPYed
    relationships from its write-ahead log, so a kill after COMMIT but before the checkpoint lost
    them (tests/robustness); a new store is checkpointed on close before it is renamed into place."""
    nodes, edges = _rows(g)
    store._merge_lists(nodes)
    paper_ids = sorted(r["id"] for r in nodes.get("Paper", ()))
    with tempfile.TemporaryDirectory(prefix="paperkg-batch-") as tmp:
        statements = [
            *(store._forget_papers(paper_ids) if replace_papers else ()),
            *store._merge_nodes(nodes),
            *(store._merge_edges(edges) if replace_papers else store._copy_edges(edges, Path(tmp))),
            # Exact counts after every batch matter only where a kill can expose them: an existing
            # store. A new one is invisible until renamed, so it is recounted once at the end
            # (per-batch recounts of popular entities grow with the store: quadratic overall).
            *(_recount_touched(nodes) if replace_papers else ()),
        ]
        store._transaction([], statements)


def _recount_touched(nodes: dict[str, list[dict]]) -> Iterator[tuple[str, dict]]:
    for label in ENTITY_LABELS:
        ids = [r["id"] for r in nodes.get(label, ())]
        if ids:
            yield (
                f"UNWIND $ids AS i MATCH (n:{_q(label)} {{id: i}}) OPTIONAL MATCH (p:Paper)-[]->(n) "
                f"WITH n, count(DISTINCT p) AS k SET n.papers = k",
                {"ids": ids},
            )
