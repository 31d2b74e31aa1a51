"""Commands of the graph and store stage: ``build``, ``query``, ``queries``, ``export``."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command(help="Not built yet: Build the knowledge graph into the embedded store.")
def build() -> None:
    raise not_built(4)


@app.command(help="Not built yet: Run a Cypher statement or a named query.")
def query() -> None:
    raise not_built(4)


@app.command(help="Not built yet: List the named Cypher queries.")
def queries() -> None:
    raise not_built(4)
