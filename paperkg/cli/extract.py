"""The ``extract`` command: methods, datasets, metrics and results of each paper as JSONL."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import typer

from paperkg.cli.application import app, check_profile, fail, print_json
from paperkg.cli.options import Profile, ReaderFormat
from paperkg.extract.pipeline import PipelineError, default_pipeline, extract_records, load_pipeline
from paperkg.sources import FORMATS, KEPT_REASONS, ProblemLog, read_papers
from paperkg.sources.problems import one_line

HELP = (
    "Extract methods, datasets, metrics, proposed contributions and quantitative results from "
    "each paper's title and abstract, as JSON Lines (one object per paper, in input order; "
    "format in docs/extraction-format.md).\n\n"
    "Papers without an abstract still get a line (title-only extraction). Progress and a "
    "summary go to stderr.\n\n"
    "Examples:\n\n"
    "\b\n"
    "  paperkg extract tests/data/dev_input.jsonl -o extractions.jsonl --json\n"
    "  paperkg extract examples/hf-daily-papers > extractions.jsonl\n"
    "  paperkg extract tests/data/dev_input.jsonl -o out.jsonl --workers 2\n"
    "  paperkg extract examples/hf-daily-papers --profile fast -o out.jsonl\n"
    "  paperkg extract papers.jsonl --config my_pipeline.cfg -o out.jsonl\n"
    "  paperkg extract papers.jsonl --spacy-model ./my_spacy_pipeline -o out.jsonl"
)


@app.command(help=HELP, short_help="Extract methods, datasets, metrics and results to JSONL.")
def extract(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Paper files or directories."),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="OUT.jsonl", help="Write the JSONL here instead of stdout."
    ),
    format: ReaderFormat = None,
    spacy_model: str | None = typer.Option(
        None,
        "--spacy-model",
        metavar="NAME",
        help="Add the components to this installed spaCy pipeline "
        "(package name or path) instead of a blank English one.",
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        metavar="PIPELINE.cfg",
        help="A spaCy config describing the pipeline (instead of --profile; the fast profile's is "
        "paperkg/extract/pipeline.cfg).",
    ),
    profile: Profile = "accurate",
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Papers per nlp.pipe batch."),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Worker processes (default: all cores, one per --batch-size papers)."
    ),
    as_json: bool = typer.Option(False, "--json", help="With -o: print the run summary as JSON on stdout."),
) -> None:
    check_profile(profile)
    if format is not None and format not in FORMATS:
        raise fail(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}", code=2)
    if as_json and output is None:
        raise fail(
            "--json prints the summary on stdout, which carries the JSONL without -o; add -o OUT.jsonl",
            code=2,
        )
    missing = [p for p in inputs if not Path(p).exists()]
    if len(missing) == len(inputs):
        raise fail(f"no such file or directory: {', '.join(missing)}")
    for p in missing:
        typer.echo(f"warning: {one_line(p)}: no such file or directory, skipped", err=True)

    problems = ProblemLog()
    records = read_papers(inputs, format, problems)
    if not records:
        raise fail(f"no paper records found in {', '.join(inputs)} ({problems.summary()})")

    try:  # also with --workers: a bad config fails here, once, before any worker starts
        nlp = (
            default_pipeline(profile)
            if config is None and spacy_model is None
            else load_pipeline(config, spacy_model, profile)
        )
    except PipelineError as exc:
        raise fail(str(exc)) from None

    if workers is None:
        workers = min(os.cpu_count() or 1, max(1, len(records) // batch_size))
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        for n, ex in enumerate(
            extract_records(
                records,
                nlp=nlp if workers == 1 else None,
                batch_size=batch_size,
                n_process=workers,
                config_path=config,
                spacy_model=spacy_model,
                profile=profile,
            ),
            start=1,
        ):
            out.write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
            counts["methods"] += len(ex.methods)
            counts["datasets"] += len(ex.datasets)
            counts["metrics"] += len(ex.metrics)
            counts["results"] += len(ex.results)
            counts["proposed"] += len(ex.proposed)
            if n % 500 == 0:
                typer.echo(f"extract: {n}/{len(records)} papers", err=True)
    finally:
        if output:
            out.close()
    seconds = time.perf_counter() - started
    summary = {
        "papers": len(records),
        "title_only": sum(1 for r in records if not r.has_abstract),
        **{k: counts[k] for k in ("methods", "datasets", "metrics", "proposed", "results")},
        "skipped": sum(n for reason, n in problems.counts.items() if reason not in KEPT_REASONS),
        "problems": dict(sorted(problems.counts.items())),
        "seconds": round(seconds, 3),
        "output": str(output) if output else None,
    }
    listed = ", ".join(f"{n} {r}" for r, n in sorted(problems.counts.items()))
    typer.echo(
        f"extract: {summary['papers']} papers ({summary['title_only']} title only), "
        f"{summary['methods']} methods, {summary['datasets']} datasets, {summary['metrics']} metrics, "
        f"{summary['results']} results in {seconds:.1f}s; {summary['skipped']} skipped"
        + (f" ({listed})" if problems.counts else ""),
        err=True,
    )
    if as_json:
        print_json(summary)
