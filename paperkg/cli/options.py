"""The options several commands share, each declared once (Typer's ``Annotated`` form).

A command names the alias and gives the default in its signature (``db: Store = DEFAULT_DB``); Typer
reads the option's name, metavar and help from the alias. An option whose help speaks of one command
only (each ``--limit``, the ``--json`` of ``query`` or ``eval``) stays with that command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from paperkg.sources import FORMATS

DEFAULT_DB = Path("paperkg.db")
STORE_HELP = "The graph store written by `paperkg build`."
NEO4J_HELP = "Ask the Neo4j server of NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD) instead of --db."
PROFILE_HELP = (
    "Extraction pipeline: accurate (trained on annotated abstracts; the default) or fast "
    "(rules only, several times quicker, for very large corpora)."
)

_STORE = typer.Option("--db", help=STORE_HELP)
# --db of the commands that read a store (default DEFAULT_DB)
Store = Annotated[Path, _STORE]
# --db where the store is optional: one graph source of several (load-neo4j), or the one given to the
# group when left out (viz method|dataset|paper: viz's --db)
OptionalStore = Annotated[Path | None, _STORE]
# --db of build, which creates the store
NewStore = Annotated[Path, typer.Option("--db", help="The store file (created when missing).")]

# --neo4j: the same lookups on a Neo4j server instead of the store
Neo4j = Annotated[bool, typer.Option("--neo4j", help=NEO4J_HELP)]

# --json of the commands that print tables
JsonTables = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
# --json of the commands that print a summary of what they read or loaded
JsonSummary = Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")]
# --json of the commands that write files
JsonWritten = Annotated[bool, typer.Option("--json", help="Print what was written as JSON.")]

# --profile of every command that extracts (checked by paperkg.cli.application.check_profile)
Profile = Annotated[str, typer.Option("--profile", metavar="accurate|fast", help=PROFILE_HELP)]
# --format of every command that reads paper files (default None: detected per file)
FORMAT_HELP = f"Force the reader: {', '.join(FORMATS)}."
ReaderFormat = Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP)]
