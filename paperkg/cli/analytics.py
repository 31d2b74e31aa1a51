"""Commands that answer questions with graph analytics."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command("cites-like", help="Not built yet: Papers that cite-like a method, with reasons.")
def cites_like() -> None:
    raise not_built(5)
