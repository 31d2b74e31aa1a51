"""Cypher over the graph: the Backend seam, named queries, the two backends, and the analytics on a store.

``ladybug/`` is the embedded LadybugDB store, ``neo4j/`` the optional Neo4j server; the modules here
serve both (backend.py, library.py and queries/, guard.py) or the builds (footprint.py);
``analytics/`` runs the analytics of ``paperkg.graph.analytics`` as Cypher against a store. Every
Cypher statement paperkg sends is written in this package (tests/test_architecture.py checks it).
"""

from paperkg.cypher.backend import Backend, QueryResult

__all__ = ["Backend", "QueryResult"]
