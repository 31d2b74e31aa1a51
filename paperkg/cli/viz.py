"""The ``viz`` command: a static, offline HTML site of the graph."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command(help="Not built yet: Write a static HTML site of the graph.")
def viz() -> None:
    raise not_built(6)
