"""Cypher over the graph: the Backend seam, named queries, and the two backends.

``ladybug/`` is the embedded LadybugDB store, ``neo4j/`` the optional Neo4j server; the modules here
serve both (backend.py, library.py and queries/, guard.py) or the builds (footprint.py).
"""

from paperkg.cypher.backend import Backend, QueryResult

__all__ = ["Backend", "QueryResult"]
