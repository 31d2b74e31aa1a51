"""The ``dask`` engine: shards of papers extracted on a Dask cluster, each worker process loading
the pipeline once (``default_pipeline`` is cached per process) and writing its shard's part.

``--scheduler local:N`` starts a LocalCluster of N single-threaded worker *processes* (spaCy
holds the GIL, so threads would not help); any other value is a scheduler address
(``tcp://host:8786``), in which case the parts folder must be visible to every worker (shared
storage). At most ``2 x workers`` shards are in flight, so the client never ships the whole input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

from paperkg.engines import EngineError
from paperkg.engines.parts import part_path, write_part
from paperkg.sources.record import PaperRecord

INSTALL_HINT = "--engine dask needs Dask: pip install 'paperkg[dask]'"


def _extract_shard(index: int, rows: list[dict], out_dir: str, profile: str) -> tuple[int, int]:
    """Runs on a worker: records in, one part file out (returns its index and size)."""
    from paperkg.extract.pipeline import default_pipeline, extract_records

    records = [PaperRecord.from_dict(r) for r in rows]
    exts = extract_records(records, nlp=default_pipeline(profile))
    n = write_part(part_path(out_dir, index), zip(records, exts, strict=True))
    return index, n


def _client(scheduler: str):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError(INSTALL_HINT) from None
    spec = scheduler.strip()
    if spec == "local" or spec.startswith("local:"):
        n_txt = spec.partition(":")[2] or "2"
        if not n_txt.isdigit() or int(n_txt) < 1:
            raise EngineError(f"--scheduler local:N wants a number of processes, got {scheduler!r}")
        cluster = LocalCluster(
            n_workers=int(n_txt), threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster), cluster
    try:
        return Client(spec, timeout="20s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler {spec}: {exc}") from None


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def extract_to_parts(
    records: Iterable[PaperRecord],
    out_dir: str | Path,
    shard: int,
    scheduler: str,
    on_progress: Callable[[int], None] | None = None,
    profile: str = "accurate",
) -> list[Path]:
    try:
        from distributed import as_completed
    except ImportError:
        raise EngineError(INSTALL_HINT) from None

    client, cluster = _client(scheduler)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending = iter(records)  # read shard by shard: the client holds at most the shards in flight
        shards = iter(lambda: [r.to_dict() for r in islice(pending, shard)], [])
        index = 0

        def submit(rows: list[dict]):
            nonlocal index
            fut = client.submit(_extract_shard, index, rows, str(out_dir), profile, pure=False)
            index += 1
            return fut

        window = as_completed([submit(rows) for rows in islice(shards, 2 * n_workers)])
        for fut in window:
            _, n = fut.result()
            if on_progress:
                on_progress(n)
            nxt = next(shards, None)
            if nxt is not None:
                window.add(submit(nxt))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return [part_path(out_dir, i) for i in range(index)]

