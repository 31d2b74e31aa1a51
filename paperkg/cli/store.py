"""Commands of the graph and store stage: ``build``, ``query``, ``queries``, ``export``."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from paperkg.cli.application import app, check_profile, fail, print_json
from paperkg.cli.options import (
    DEFAULT_DB,
    JsonSummary,
    JsonWritten,
    Neo4j,
    NewStore,
    Profile,
    ReaderFormat,
    Store,
)

EXPORT_FORMATS = ("graphml", "json", "neo4j-csv")

BUILD_HELP = (
    "Build the knowledge graph from paper files into the embedded store.\n\n"
    "Papers are read, extracted (in --workers processes, or on a Dask cluster with --engine dask), "
    "resolved into one node per method/dataset/metric over the whole input, and written in batches "
    "of --batch-size papers, one transaction each; the result does not depend on the batch size, "
    "the workers or the engine. Building again with new files adds to the store, and building the "
    "same files again changes nothing. Title-only records are counted and left out.\n\n"
    "Examples:\n\n"
    "\b\n"
    "  paperkg build examples/hf-daily-papers --db paperkg.db\n"
    "  paperkg build papers.jsonl --db paperkg.db --workers 2 --json\n"
    "  paperkg build big.jsonl --db big.db --engine dask --scheduler local:2\n"
    "  paperkg build big.jsonl --db big.db --engine dask --scheduler tcp://host:8786 --parts /shared/p"
)

QUERY_HELP = (
    "Run a Cypher statement or a named query (see: paperkg queries) on the store.\n\n"
    "The store is opened read-only and write clauses are refused unless --write is given. "
    "--param values are read as JSON when they parse (numbers, lists), else as text. "
    "MATCH (n) sees the graph's nodes and the store's two PaperkgMeta rows (schema version, index "
    "token); the rankings index of hub lookups is a file beside the store, never in query results.\n\n"
    "Examples:\n\n"
    "\b\n"
    '  paperkg query "MATCH (p:Paper) RETURN count(p) AS n" --json\n'
    "  paperkg query cites-like --param method=LoRA\n"
    "  paperkg query leaderboard --param dataset=ImageNet --csv"
)

EXPORT_HELP = (
    "Export the store as GraphML, node-link JSON or neo4j-admin import CSV files.\n\n"
    "GraphML has no list type, so list properties are JSON strings. neo4j-csv writes one file "
    "per label and relationship into the --out directory and prints the neo4j-admin command.\n\n"
    "Examples:\n\n"
    "\b\n"
    "  paperkg export --format graphml --out graph.graphml\n"
    "  paperkg export --format neo4j-csv --out import/"
)


def _console() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


@app.command(help=BUILD_HELP, short_help="Build the knowledge graph into the embedded store.")
def build(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Paper files or directories."),
    db: NewStore = DEFAULT_DB,
    format: ReaderFormat = None,
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Extraction processes (default: all cores; local:N for dask)."
    ),
    batch_size: int = typer.Option(2000, "--batch-size", min=1, help="Papers per write transaction/part."),
    engine: str = typer.Option("local", "--engine", help="Where extraction runs: local or dask."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="Dask scheduler address or local:N."
    ),
    parts: str | None = typer.Option(
        None, "--parts", metavar="DIR", help="Keep the extracted part files here (shared folder for dask)."
    ),
    buffer_pool_mb: int | None = typer.Option(
        None, "--buffer-pool-mb", min=64, metavar="MB",
        help="Cap the store's page cache (default: a quarter of RAM, between 256 MB and 2 GB).",
    ),
    rankings: bool = typer.Option(
        True, "--rankings/--no-rankings",
        help="Precompute the answers of hub lookups (cites-like, leaderboard) after writing.",
    ),
    profile: Profile = "accurate",
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: JsonSummary = False,
) -> None:
    from paperkg.build_store import build as run_build
    from paperkg.cypher.ladybug import StoreError
    from paperkg.engines import ENGINES, EngineError
    from paperkg.extract.pipeline import PipelineError
    from paperkg.sources import FORMATS, ProblemLog

    check_profile(profile)
    if format is not None and format not in FORMATS:
        raise fail(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}", code=2)
    if engine not in ENGINES:
        raise fail(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}", code=2)
    if scheduler is not None and engine != "dask":
        raise fail("--scheduler is for --engine dask", code=2)
    if not any(Path(p).exists() for p in inputs):
        raise fail(f"no such file or directory: {', '.join(inputs)}")
    progress = not quiet and not as_json and sys.stderr.isatty()
    try:
        summary = run_build(
            inputs, db, format=format, workers=workers, progress=progress, problems=ProblemLog(),
            batch_size=batch_size, engine=engine, scheduler=scheduler, parts_dir=parts,
            buffer_pool_mb=buffer_pool_mb, rankings=rankings, profile=profile,
        )
    except (StoreError, EngineError) as exc:
        raise fail(str(exc)) from None
    except PipelineError as exc:
        raise fail(f"the extractor could not start: {exc}") from None
    if as_json:
        print_json(summary.to_dict())
    else:
        _print_build(summary)
    if not summary.ok:
        raise fail("nothing was built: no paper with an abstract could be read")


def _print_build(s) -> None:
    table = Table(title=f"paperkg build -> {s.db}", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("papers read", str(s.records))
    table.add_row("papers added", str(s.added))
    if not s.new_store:
        table.add_row("papers updated", str(s.updated))
        table.add_row("papers unchanged", str(s.unchanged))
    for label in ("Paper", "Method", "Dataset", "Metric", "Claim", "Repository"):
        table.add_row(f"  {label} nodes in store", str(s.counts.get(label, 0)))
    table.add_row("edges in store", str(s.edges))
    table.add_row("skipped", str(sum(s.skipped.values())))
    for reason, n in sorted(s.skipped.items()):
        table.add_row(f"  {reason}", str(n))
    n_amb = sum(len(v) for v in s.ambiguous_acronyms.values())
    if n_amb:
        table.add_row("ambiguous acronyms kept apart", str(n_amb))
    table.add_row("seconds", f"{s.seconds:.1f}")
    _console().print(table)


def _parse_params(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise fail(f"--param wants key=value, got {item!r}", code=2)
        try:
            out[key.strip()] = json.loads(value)
        except ValueError:
            out[key.strip()] = value
    return out


def _open_backend(db: Path, write: bool, neo4j: bool):
    if neo4j:
        try:
            from paperkg.cypher.neo4j.client import Neo4jBackend  # written with the Neo4j loader
        except ImportError:
            raise fail(
                "the Neo4j backend is not available in this installation "
                "(paperkg.cypher.neo4j.client is missing)"
            ) from None
        try:
            return Neo4jBackend.from_env(write=write)
        except Exception as exc:  # the Neo4j helper's errors are one explained line
            raise fail(f"Neo4j: {_first_line(exc)}") from None
    from paperkg.cypher.ladybug import LadybugStore, StoreError

    if not write and not Path(db).exists():
        raise fail(f"no store at {db} (create it with: paperkg build INPUT --db {db})")
    try:
        return LadybugStore(db, read_only=not write)
    except StoreError as exc:
        raise fail(str(exc)) from None


@contextmanager
def _writer_lock(db: Path, needed: bool) -> Iterator[None]:
    """A writing query takes the store's writer lock, as ``build`` does: a build's rename of its
    updated copy would otherwise drop the query's write, or the query write into a store that is
    about to be replaced."""
    if not needed:
        yield
        return
    from paperkg.cypher.ladybug import StoreError
    from paperkg.cypher.ladybug.files import WriterLock

    lock = WriterLock(db)
    try:
        lock.acquire()
    except StoreError as exc:
        raise fail(str(exc)) from None
    try:
        yield
    finally:
        lock.release()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):  # a LadybugDB node or rel: keep its label (as the Neo4j backend does)
        out = {"_label": v["_LABEL"]} if "_LABEL" in v else {}
        out.update({k: _jsonable(x) for k, x in v.items() if not k.startswith("_")})
        return out
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(_jsonable(v), ensure_ascii=False, default=str)
    return str(v)


@app.command(help=QUERY_HELP, short_help="Run a Cypher statement or a named query.")
def query(
    statement: str = typer.Argument(..., metavar="CYPHER_OR_NAME", help="Cypher text or a named query."),
    param: list[str] = typer.Option([], "--param", "-p", metavar="KEY=VALUE", help="A query parameter."),
    db: Store = DEFAULT_DB,
    as_json: bool = typer.Option(False, "--json", help="Print rows as a JSON list of objects."),
    as_csv: bool = typer.Option(False, "--csv", help="Print rows as CSV with a header line."),
    write: bool = typer.Option(False, "--write", help="Allow write clauses (opens the store writable)."),
    neo4j: Neo4j = False,
) -> None:
    from paperkg.cypher import library
    from paperkg.cypher.guard import write_clauses
    from paperkg.cypher.ladybug.dialect_hints import hint_for

    if as_json and as_csv:
        raise fail("--json and --csv are alternatives; choose one", code=2)
    params = _parse_params(param)
    named = library.load().get(statement.strip())
    if named is None:
        found = write_clauses(statement)
        if found and not write:
            raise fail(f"{', '.join(found)} would change the store; add --write to allow it", code=2)
        if " " not in statement.strip() and not statement.strip().upper().startswith(
            ("MATCH", "CALL", "RETURN")
        ):
            raise fail(f"no named query {statement.strip()!r} (see: paperkg queries)", code=2)
    with _writer_lock(db, write and not neo4j):
        backend = _open_backend(db, write, neo4j)
        try:
            if named is not None:
                result = backend.run(named.text(backend.name), named.bind(params))
            else:
                result = backend.run(statement, params)
                if write and not neo4j and write_clauses(statement):
                    # the hub-lookup index answers for the graph before this write: lookups go live
                    from paperkg.cypher.analytics.rankings import drop_rankings

                    drop_rankings(backend)
        except library.QueryError as exc:
            raise fail(str(exc), code=2) from None
        except Exception as exc:
            if not (isinstance(exc, RuntimeError) or neo4j):
                raise
            hint = None if neo4j or named is not None else hint_for(statement, str(exc))
            raise fail(f"query failed: {_first_line(exc)}" + (f" ({hint})" if hint else "")) from None
        finally:
            backend.close()
    if as_json:
        print_json([_jsonable(r) for r in result.records()])
    elif as_csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(result.columns)
        for row in result.rows:
            w.writerow([_cell(v) for v in row])
    else:
        table = Table(*result.columns, title_justify="left")
        for row in result.rows:
            table.add_row(*(_cell(v) for v in row))
        _console().print(table)
        typer.echo(f"{len(result.rows)} row(s)", err=True)


@app.command(
    help="List the named Cypher queries and their parameters.\n\nExamples:\n\n\b\n"
    "  paperkg queries\n  paperkg queries --json",
    short_help="List the named Cypher queries.",
)
def queries(as_json: bool = typer.Option(False, "--json", help="Print them as a JSON list.")) -> None:
    from paperkg.cypher import library

    items = [q.to_dict() for q in library.load().values()]
    if as_json:
        print_json(items)
        return
    table = Table("name", "params", "description", title_justify="left")
    for q in items:
        params = " ".join(f"{p['name']}=<{p['type']}>" + ("?" if p["optional"] else "") for p in q["params"])
        table.add_row(q["name"], params, q["description"])
    _console().print(table)


@app.command(help=EXPORT_HELP, short_help="Export the store to GraphML, JSON or neo4j-admin CSV.")
def export(
    db: Store = DEFAULT_DB,
    format: str = typer.Option(..., "--format", "-f", metavar="FORMAT", help="graphml, json or neo4j-csv."),
    out: str = typer.Option(..., "--out", "-o", help="Output file (a directory for neo4j-csv)."),
    as_json: JsonWritten = False,
) -> None:
    from paperkg.cypher.ladybug import LadybugStore, StoreError, build_buffer_pool_mb, to_networkx
    from paperkg.cypher.neo4j.import_csv import store_to_csv
    from paperkg.graph import export as ex

    if format not in EXPORT_FORMATS:
        raise fail(f"unknown export format {format!r}; choose one of: {', '.join(EXPORT_FORMATS)}", code=2)
    if not Path(db).exists():
        raise fail(f"no store at {db} (create it with: paperkg build INPUT --db {db})")
    info: dict[str, Any] = {"format": format}
    try:
        # streamed in pieces, the graph is never held in memory: a capped page cache is plenty
        pool = build_buffer_pool_mb() if format == "neo4j-csv" else None
        with LadybugStore(db, read_only=True, buffer_pool_mb=pool) as store:
            if format == "neo4j-csv":
                csvs, info["nodes"], info["edges"] = store_to_csv(store, out)
                info["files"] = [str(p) for p in (*csvs.node_files, *csvs.rel_files)]
                info["command"] = csvs.command()
            else:
                g = to_networkx(store)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if format != "neo4j-csv":
        info.update(nodes=g.number_of_nodes(), edges=g.number_of_edges())
        info["files"] = [str(ex.write_graphml(g, out) if format == "graphml" else ex.write_json(g, out))]
    if as_json:
        print_json(info)
        return
    typer.echo(f"wrote {info['nodes']} nodes and {info['edges']} edges to {len(info['files'])} file(s):")
    for f in info["files"]:
        typer.echo(f"  {f}")
    if "command" in info:
        typer.echo("import into a stopped Neo4j 5 with:")
        typer.echo(f"  {info['command']}")
