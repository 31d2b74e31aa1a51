"""Commands of the graph and store stage: ``build``, ``query``, ``queries``, ``load-neo4j``."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command(help="Build the knowledge graph into the embedded store. (Not built yet.)")
def build() -> None:
    raise not_built(4)


@app.command(help="Run a Cypher statement or a named query. (Not built yet.)")
def query() -> None:
    raise not_built(4)


@app.command(help="List the named Cypher queries. (Not built yet.)")
def queries() -> None:
    raise not_built(4)


@app.command("load-neo4j", help="Load the graph into Neo4j. (Not built yet.)")
def load_neo4j() -> None:
    raise not_built(4)
