"""Cypher over the graph: the embedded LadybugDB store, named queries, and the Backend seam."""

from paperkg.cypher.backend import Backend, QueryResult
from paperkg.cypher.store import (
    LadybugStore,
    StoreBusyError,
    StoreError,
    StoreMissingError,
    StoreVersionError,
    open_store,
    to_networkx,
)

__all__ = [
    "Backend",
    "LadybugStore",
    "QueryResult",
    "StoreBusyError",
    "StoreError",
    "StoreMissingError",
    "StoreVersionError",
    "open_store",
    "to_networkx",
]
