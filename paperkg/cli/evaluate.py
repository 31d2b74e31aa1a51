"""The ``eval`` command: precision, recall and F1 of an extraction against annotated gold."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console, JustifyMethod
from rich.table import Table

from paperkg.cli.application import app, check_profile, fail, print_json
from paperkg.cli.options import Profile
from paperkg.evaluate import scierc
from paperkg.evaluate.scoring import (
    CATEGORIES,
    ENTITY_CATEGORIES,
    Counts,
    load_jsonl_by_id,
    paper_errors,
    score,
)
from paperkg.sources import ProblemLog, iter_records
from paperkg.sources.record import PaperRecord

HELP = (
    "Score an extraction against annotated gold: precision, recall and F1 per category "
    "(methods, datasets, metrics, proposed, results, results_tuple), with the matching rules of "
    "docs/extraction-guide.md's reference scorer.\n\n"
    "Give either --input (paper records; the extractor runs on them) or --pred (an extraction "
    "JSONL as written by `paperkg extract`). With --format scierc, GOLD is a SciERC JSON-lines file "
    "(Method, Metric and Material score METHOD, METRIC and DATASET) and the extractor runs on its text.\n\n"
    "Examples:\n\n"
    "  paperkg eval tests/data/dev_gold.jsonl --input tests/data/dev_input.jsonl\n\n"
    "  paperkg eval tests/data/dev_gold.jsonl --pred extractions.jsonl --json\n\n"
    "  paperkg eval tests/data/dev_gold.jsonl --input tests/data/dev_input.jsonl --errors\n\n"
    "  paperkg eval tests/data/scierc_sample.json --format scierc"
)


def _extract(records: Iterable[PaperRecord], profile: str) -> dict[str, dict[str, Any]]:
    """Run the pipeline of ``profile``; imported here so that scoring a --pred file never loads spaCy."""
    from paperkg.extract.pipeline import PipelineError, extract_records, load_pipeline

    try:
        nlp = load_pipeline(profile=profile)
    except PipelineError as exc:
        raise fail(str(exc)) from None
    return {x.id: x.to_dict() for x in extract_records(records, nlp=nlp)}


def _table(scores: dict[str, Counts], title: str) -> None:
    console = Console(file=sys.stdout, highlight=False)
    table = Table(title=title, title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("category", "left"),
        ("P", "right"),
        ("R", "right"),
        ("F1", "right"),
        ("gold", "right"),
        ("pred", "right"),
        ("hit", "right"),
    )
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for k, c in scores.items():
        table.add_row(
            k, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.gold), str(c.pred), str(c.hit)
        )
    console.print(table)


def _print_errors(errors: list[dict[str, Any]]) -> None:
    for e in errors:
        typer.echo(f"== {e['id']}")
        for label, key in (("FP", "false_positives"), ("FN", "false_negatives")):
            for cat, items in e[key].items():
                if items:
                    typer.echo(f"  {label} {cat}: " + "; ".join(items))


@app.command("eval", help=HELP, short_help="Score an extraction against annotated gold (P/R/F1).")
def eval_(
    gold: Path = typer.Argument(
        ..., metavar="GOLD", help="Gold JSONL (the guide's format) or SciERC JSON lines."
    ),
    input: Path | None = typer.Option(
        None, "--input", "-i", metavar="INPUT", help="Paper records to run the extractor on."
    ),
    pred: Path | None = typer.Option(
        None, "--pred", "-p", metavar="PRED", help="An existing extraction JSONL (`paperkg extract` output)."
    ),
    format: str = typer.Option(
        "guide", "--format", "-f", metavar="FORMAT", help="Gold format: guide (default) or scierc."
    ),
    json_: bool = typer.Option(
        False,
        "--json",
        help="Print {category: {p, r, f1, gold, pred, hit}} as JSON (with --errors: {scores, errors}).",
    ),
    errors: bool = typer.Option(False, "--errors", help="Also list false positives/negatives per paper."),
    profile: Profile = "accurate",
) -> None:
    check_profile(profile)
    if format not in ("guide", "scierc"):
        raise fail(f"unknown --format {format!r} (expected guide or scierc)")
    if not gold.is_file():
        raise fail(f"gold file not found: {gold}")
    if input is not None and pred is not None:
        raise fail("give --input or --pred, not both")
    problems = ProblemLog()
    predicted: dict[str, dict[str, Any]] = {}
    categories: tuple[str, ...] = CATEGORIES
    if format == "scierc":
        docs = scierc.read(gold, problems)
        gold_by_id = {d.id: d.gold for d in docs}
        categories = ENTITY_CATEGORIES
        if not gold_by_id:
            raise fail(f"{gold}: no SciERC documents could be read")
        if pred is None:
            if input is not None:
                raise fail("--input is not used with --format scierc (the text comes from the gold file)")
            predicted = _extract((PaperRecord(id=d.id, title="", abstract=d.text) for d in docs), profile)
    else:
        if input is None and pred is None:
            raise fail("give --input INPUT.jsonl (run the extractor) or --pred PRED.jsonl")
        gold_by_id = load_jsonl_by_id(gold, problems)
        if not gold_by_id:
            raise fail(f"{gold}: no gold records could be read")
        if input is not None:
            if not input.exists():
                raise fail(f"input not found: {input}")
            predicted = _extract(iter_records([input], problems=problems), profile)
    if pred is not None:
        if not pred.is_file():
            raise fail(f"prediction file not found: {pred}")
        predicted = load_jsonl_by_id(pred, problems)
    missing = [pid for pid in gold_by_id if pid not in predicted]
    if missing:
        typer.echo(
            f"warning: {len(missing)} of {len(gold_by_id)} gold papers have no prediction "
            f"(counted as predicting nothing), e.g. {missing[0]}",
            err=True,
        )
    scores = score(gold_by_id, predicted, categories)
    error_list = []
    if errors:
        for pid, g in gold_by_id.items():
            e = paper_errors(pid, g, predicted.get(pid, {}), categories)
            if not e.empty:
                error_list.append(e.to_dict())
    if json_:
        as_dict = {k: c.to_dict() for k, c in scores.items()}
        print_json({"scores": as_dict, "errors": error_list} if errors else as_dict)
    else:
        if errors:
            _print_errors(error_list)
        _table(scores, f"paperkg eval: {len(gold_by_id)} gold papers")
    if problems.skipped:
        typer.echo(f"warning: {problems.summary()}", err=True)
