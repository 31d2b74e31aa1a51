"""The ``eval`` command: precision, recall and F1 of an extraction against annotated gold."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command("eval", help="Not built yet (issue 3): score an extraction against annotated gold.")
def eval_() -> None:
    raise not_built(3)
