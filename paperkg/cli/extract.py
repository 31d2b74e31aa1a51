"""The ``extract`` command: methods, datasets, metrics and results of each paper as JSONL."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command(help="Not built yet (issue 3): extract methods, datasets, metrics and results to JSONL.")
def extract() -> None:
    raise not_built(3)
