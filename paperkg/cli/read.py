"""The ``read`` command: normalised paper records from any supported input."""

from __future__ import annotations

from paperkg.cli.app import app, not_built


@app.command(help="Not built yet: Read paper records and print them normalised.")
def read() -> None:
    raise not_built(2)
