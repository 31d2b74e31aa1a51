"""``paperkg`` command line: a thin layer; each module registers the commands of one stage.

``main`` imports only the module of the command it runs: ``paperkg extract`` or ``paperkg query``
need not import the site builder, the analytics or Neo4j's driver, which took half a second of
every start. ``--help``, no command, or a command not listed below imports them all. The package's
``app`` attribute (tests, and whoever embeds the CLI) is the application with every command.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = ["COMMAND_MODULES", "MODULES", "app", "main"]

MODULES = ("analytics", "evaluate", "extract", "neo4j", "read", "store", "viz")
# the module under paperkg/cli/ that registers each command (tests/test_cli_lazy.py checks it)
COMMAND_MODULES = {
    "read": "read",
    "extract": "extract",
    "eval": "evaluate",
    "build": "store",
    "query": "store",
    "queries": "store",
    "export": "store",
    "load-neo4j": "neo4j",
    "viz": "viz",
    **{name: "analytics" for name in ("cites-like", "similar", "leaderboard", "stats", "trends", "path",
                                      "conflicts")},
}


def load_commands(modules: tuple[str, ...] = MODULES) -> None:
    for name in modules:
        importlib.import_module(f"paperkg.cli.{name}")


def __getattr__(name: str) -> Any:
    if name == "app":  # (the Typer object lives in application.py, so no submodule shadows it)
        load_commands()
        from paperkg.cli.application import app

        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _command(argv: list[str]) -> str | None:
    """The command a command line names: its first word that is not an option (the root's own
    options, --debug and --version, take no value)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main() -> None:
    module = COMMAND_MODULES.get(_command(sys.argv[1:]) or "")
    load_commands((module,) if module else MODULES)
    from paperkg.cli.application import app, state

    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line unless --debug
        if state.get("debug"):
            raise
        from paperkg.sources.problems import one_line

        print(f"error: {type(exc).__name__}: {one_line(str(exc))} (run with --debug for the traceback)",
              file=sys.stderr)
        sys.exit(1)
