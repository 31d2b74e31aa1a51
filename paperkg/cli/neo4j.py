"""The ``load-neo4j`` command: the graph into a Neo4j server."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command("load-neo4j", help="Not built yet (issue 4): load the graph into Neo4j.")
def load_neo4j() -> None:
    raise not_built(4)
