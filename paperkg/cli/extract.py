"""Commands of the extraction stage: ``extract`` and ``eval``."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command(help="Extract methods, datasets, metrics and results to JSONL. (Not built yet.)")
def extract() -> None:
    raise not_built(3)


@app.command("eval", help="Score an extraction against annotated gold. (Not built yet.)")
def eval_() -> None:
    raise not_built(3)
