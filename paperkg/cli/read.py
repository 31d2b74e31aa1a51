"""The ``read`` command: normalised paper records from any supported input."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from paperkg.cli.application import app, fail, print_json
from paperkg.cli.options import JsonSummary, ReaderFormat
from paperkg.sources import FORMATS, KEPT_REASONS, ProblemLog, iter_records
from paperkg.sources.dedupe import Deduper

HELP = (
    "Read paper records from files or directories and print them normalised.\n\n"
    f"Formats are detected from content and extension; --format forces one of: {', '.join(FORMATS)}. "
    "Directories are read recursively; .gz files are decompressed on the fly. "
    "Warnings about bad records go to stderr; the rest is still read.\n\n"
    "Examples:\n\n"
    "\b\n"
    "  paperkg read examples/hf-daily-papers\n"
    "  paperkg read examples/hf-daily-papers --jsonl > papers.jsonl\n"
    "  paperkg read snapshot.json.gz --format arxiv --no-dedupe --jsonl\n"
    "  paperkg read works.json feed.xml --json"
)


def _emit(rec) -> None:
    sys.stdout.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")


def _table(summary: dict) -> None:
    console = Console(file=sys.stdout, highlight=False)
    table = Table(title="paperkg read", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("files read", str(summary["files"]))
    table.add_row("entries read", str(summary["entries"]))
    for fmt, n in summary["by_format"].items():
        table.add_row(f"  {fmt}", str(n))
    table.add_row("duplicates merged", str(summary["duplicates_merged"]))
    table.add_row("papers", str(summary["papers"]))
    table.add_row("  with abstract", str(summary["with_abstract"]))
    table.add_row("  title only", str(summary["title_only"]))
    table.add_row("files ignored (not paper files)", str(summary["ignored_files"]))
    table.add_row("records or files skipped", str(summary["skipped"]))
    for reason, n in summary["problems"].items():
        table.add_row(f"  {reason}", str(n))
    console.print(table)


@app.command(help=HELP, short_help="Read paper records and print them normalised.")
def read(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Paper files or directories."),
    format: ReaderFormat = None,
    jsonl: bool = typer.Option(False, "--jsonl", help="Print the records as JSON Lines (one per paper)."),
    as_json: JsonSummary = False,
    no_dedupe: bool = typer.Option(False, "--no-dedupe",
                                   help="Keep every entry as read; stream without merging duplicates."),
) -> None:
    if format is not None and format not in FORMATS:
        raise fail(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}", code=2)
    if jsonl and as_json:
        raise fail("--jsonl and --json are alternatives; choose one", code=2)
    missing = [p for p in inputs if not Path(p).exists()]
    if len(missing) == len(inputs):
        raise fail(f"no such file or directory: {', '.join(missing)}")

    problems = ProblemLog()
    ignored: list[str] = []
    deduper = Deduper(problems)
    by_format: Counter[str] = Counter()
    files: set[str] = set()
    with_abstract = title_only = 0
    for rec in iter_records(inputs, format, problems, ignored):
        src = rec.sources[0]
        by_format[src.format] += 1
        files.add(src.path)
        if no_dedupe:
            with_abstract += rec.has_abstract
            title_only += not rec.has_abstract
            if jsonl:
                _emit(rec)
        else:
            deduper.add(rec)
    entries = sum(by_format.values())
    if not no_dedupe:
        papers = deduper.records()
        with_abstract = sum(r.has_abstract for r in papers)
        title_only = len(papers) - with_abstract
        if jsonl:
            for rec in papers:
                _emit(rec)
    if entries == 0:
        raise fail(f"no paper records could be read from {', '.join(inputs)} ({problems.summary()})")
    if jsonl:
        return
    summary = {
        "inputs": inputs,
        "files": len(files),
        "ignored_files": len(ignored),
        "entries": entries,
        "by_format": dict(sorted(by_format.items())),
        "papers": with_abstract + title_only,
        "with_abstract": with_abstract,
        "title_only": title_only,
        "duplicates_merged": deduper.merged,
        "skipped": sum(n for reason, n in problems.counts.items() if reason not in KEPT_REASONS),
        "problems": dict(sorted(problems.counts.items())),
    }
    if as_json:
        print_json(summary)
    else:
        _table(summary)
