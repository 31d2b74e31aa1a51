"""The Typer application object and the conventions every command shares."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from paperkg import __version__

app = typer.Typer(
    name="paperkg",
    help=(
        "Turn research-paper abstracts into a knowledge graph of papers, methods, datasets, "
        "metrics and reported results, and ask it questions.\n\n"
        "Examples:\n\n"
        "  paperkg read examples/hf-daily-papers --jsonl\n\n"
        "  paperkg build examples/hf-daily-papers --db paperkg.db\n\n"
        "  paperkg cites-like LoRA --json"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

state: dict[str, Any] = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"paperkg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
) -> None:
    state["debug"] = debug


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear line to stderr and return the Exit to raise (``raise fail(...)``).

    Messages often echo what the user typed or names read from the store; line breaks and control
    characters in them are shown as escapes, so the message stays one line and cannot drive the terminal.
    """
    from paperkg.sources.problems import one_line

    typer.echo(f"error: {one_line(message)}", err=True)
    return typer.Exit(code)


def check_profile(profile: str) -> None:
    from paperkg.extract.pipeline import PROFILES  # spaCy loads only when extracting

    if profile not in PROFILES:
        raise fail(f"unknown profile {profile!r}; choose one of: {', '.join(PROFILES)}", code=2)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")
