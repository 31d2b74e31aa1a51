"""``paperkg`` command line: a thin layer; each module registers the commands of one stage."""

from __future__ import annotations

import sys

from paperkg.cli import analytics, evaluate, extract, neo4j, read, store, viz  # noqa: F401  (registers commands)
from paperkg.cli.app import app, state

__all__ = ["app", "main"]


def main() -> None:
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
