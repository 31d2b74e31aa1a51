"""How big LadybugDB's page cache (its buffer pool, fixed when a store is opened) should be: for builds
and reads (:func:`build_buffer_pool_mb`), and for the COPYs of a bulk load (:func:`copy_pool_mb`)."""

from __future__ import annotations

import os


def ram_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 << 30


# LadybugDB 0.22's COPY holds a table's new pages in the buffer pool until it commits. Measured here:
# a 114 MB Paper CSV (160k papers with abstracts) needed between 400 and 512 MB of pool; a 64 MB
# USES CSV needed between 256 and 512 MB in one COPY, and 192 MB sufficed in four COPYs of 16 MB; a
# 1M-paper build's COPY of Paper failed with a 2 GB pool ("Buffer manager exception: Unable to
# allocate memory") and completed with 8 GB at 3.8 GB peak RSS. A second COPY into a node table
# commits but its checkpoint fails the same way, so node tables are copied whole (the pool is
# raised to fit them) and relationship tables in pieces (``paperkg.cypher.ladybug.bulk.REL_COPY_BYTES``).
NODE_COPY_FACTOR = 4
REL_COPY_FACTOR = 6
COPY_POOL_SLACK_MB = 256


def copy_pool_mb(node_bytes: int, rel_bytes: int, total_bytes: int | None = None) -> int:
    """The buffer pool a bulk load needs for its largest node CSV and its largest relationship piece:
    the measured factors above plus slack, at most 80% of RAM (LadybugDB's own default cap)."""
    need = max(NODE_COPY_FACTOR * node_bytes, REL_COPY_FACTOR * rel_bytes) // (1 << 20) + COPY_POOL_SLACK_MB
    ram = total_bytes if total_bytes is not None else ram_bytes()
    return int(min(need, ram * 4 // 5 // (1 << 20)))


def build_buffer_pool_mb(total_bytes: int | None = None) -> int:
    """The page-cache cap for builds: a quarter of RAM, between 256 MB and 2 GB. LadybugDB's own
    default (80% of RAM) lets one build hold most of the machine while extraction workers and the
    CSV writers need memory too; a bulk load of 100k papers peaked at 0.6 GB with a 1 GB cap."""
    if total_bytes is None:
        total_bytes = ram_bytes()
    return int(min(2048, max(256, total_bytes // 4 // (1 << 20))))

