"""The embedded LadybugDB store, one module per concern.

* connection.py: :class:`LadybugStore` (open, repair after a kill, schema check, queries, transactions)
  and its errors;
* ddl.py: the tables generated from the graph schema, and the schema version kept in the store;
* upsert.py: a graph as schema-shaped rows, and the MERGE/COPY statements that write them;
* bulk.py: a new store loaded in bulk from CSV files (copy_csv.py: their format and COPY statements;
  buffer_pool.py: the page cache a build and a COPY need);
* readback.py: the whole store back as a NetworkX graph; partial_readback.py: the part a partial site
  shows (paperkg.viz.partial chooses it);
* files.py: the store on disk (sidecar files, the writer lock, replacing a store atomically);
* dialect_hints.py: what to write instead when Cypher in Neo4j's dialect fails here.
"""

from paperkg.cypher.ladybug.buffer_pool import build_buffer_pool_mb
from paperkg.cypher.ladybug.connection import (
    LadybugStore,
    StoreBusyError,
    StoreError,
    StoreMissingError,
    StoreVersionError,
    open_store,
)
from paperkg.cypher.ladybug.readback import to_networkx

__all__ = [
    "LadybugStore",
    "StoreBusyError",
    "StoreError",
    "StoreMissingError",
    "StoreVersionError",
    "build_buffer_pool_mb",
    "open_store",
    "to_networkx",
]
