"""The ``load-neo4j`` command: the graph into a Neo4j server."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import typer

from paperkg.cli.application import app, fail, print_json
from paperkg.cli.options import JsonSummary, OptionalStore
from paperkg.cypher.neo4j import client as neo4j_client
from paperkg.cypher.neo4j.config import load_config
from paperkg.cypher.neo4j.errors import Neo4jProblem
from paperkg.cypher.neo4j.loader import DEFAULT_BATCH_SIZE, LoadPlan, Neo4jLoader, plan_load

HELP = """Load the knowledge graph into a Neo4j 5 server (idempotent: MERGE on every key).

The graph comes from an embedded store (--db), a node-link JSON export (--graph) or input files
(built on the fly). Connection settings: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE,
or a 0600 TOML file (~/.config/paperkg/neo4j.toml or --config). --schema-only creates just the
constraints and indexes (after a neo4j-admin import). See docs/neo4j.md.

Examples:

\b
  paperkg load-neo4j --db paperkg.db
  paperkg load-neo4j --db paperkg.db --dry-run
  paperkg load-neo4j --schema-only
  NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=... paperkg load-neo4j examples/hf-daily-papers --json
"""


def _graph_from_store(db: Path) -> Any:
    if not db.exists():
        raise fail(f"{db}: no such store (build one with: paperkg build INPUT... --db {db})")
    from paperkg.cypher.ladybug import StoreError, open_store, to_networkx

    try:
        with open_store(db, read_only=True) as store:
            return to_networkx(store)
    except StoreError as exc:
        raise fail(f"{db}: {exc}") from None


def _graph_from_inputs(inputs: list[str]) -> Any:
    """Build into a throw-away store with ``paperkg build``'s own code, then read the graph back."""
    import tempfile

    from paperkg.build_store import build
    from paperkg.sources import ProblemLog

    with tempfile.TemporaryDirectory(prefix="paperkg-neo4j-") as tmp:
        summary = build(inputs, Path(tmp) / "graph.db", progress=False, problems=ProblemLog())
        for reason, n in sorted(summary.skipped.items()):
            typer.echo(f"warning: skipped {n} input record(s): {reason}", err=True)
        if not summary.ok:
            raise fail("no paper with an abstract was read from the inputs; nothing to load")
        return _graph_from_store(Path(tmp) / "graph.db")


def _source_graph(db: Path | None, graph: Path | None, inputs: list[str]) -> Any:
    given = sum(bool(x) for x in (db, graph, inputs))
    if given != 1:
        raise fail("give exactly one graph source: --db PATH, --graph FILE.json or INPUT files")
    if db:
        return _graph_from_store(db)
    if graph:
        if not graph.exists():
            raise fail(f"{graph}: no such file")
        from paperkg.graph.export import read_json
        try:
            return read_json(graph)
        except (ValueError, KeyError, TypeError) as exc:
            raise fail(f"{graph}: not a node-link graph JSON ({type(exc).__name__}: {exc})") from None
    return _graph_from_inputs(inputs)


def _warn(plan_skipped: dict[str, int], missing: dict[str, int]) -> None:
    for reason, n in plan_skipped.items():
        typer.echo(f"warning: skipped {n} {reason}", err=True)
    for target, n in missing.items():
        typer.echo(f"warning: {n} {target} row(s) found no end node in Neo4j and were not loaded", err=True)


def _print_plan(plan: LoadPlan, batch_size: int, as_json: bool) -> None:
    data: dict[str, Any] = {
        "dry_run": True,
        "statements": len(plan.statements),
        "batches": plan.batches(),
        "batch_size": batch_size,
        "nodes": plan.rows_by_target("nodes"),
        "rels": plan.rows_by_target("rels"),
        "skipped": plan.skipped,
        "groups": plan.groups(),
    }
    if as_json:
        print_json(data)
        return
    typer.echo(f"dry run: {data['statements']} statements ({data['batches']} data batches of at most "
               f"{batch_size} rows); nothing was sent to Neo4j")
    for g in data["groups"]:
        if g["kind"] == "schema":
            typer.echo(f"-- schema {g['target']}\n{g['query']};")
        else:
            typer.echo(f"-- {g['kind']} {g['target']}: {g['rows']} rows in {g['batches']} batch(es)")
            typer.echo(f"{g['query']};")


@app.command("load-neo4j", help=HELP)
def load_neo4j(
    inputs: list[str] = typer.Argument(None, help="Input files or folders to build the graph from."),
    db: OptionalStore = None,
    graph: Path | None = typer.Option(None, "--graph", help="A node-link JSON graph (`paperkg export`)."),
    batch_size: int = typer.Option(DEFAULT_BATCH_SIZE, "--batch-size", min=1,
                                   help="Rows per UNWIND batch (one transaction each)."),
    database: str | None = typer.Option(None, "--database", help="Neo4j database (default: the server's)."),
    config: Path | None = typer.Option(None, "--config", help="TOML settings file (mode 0600)."),
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="Print the statements and batch counts; do not connect."),
    as_json: JsonSummary = False,
    schema_only: bool = typer.Option(False, "--schema-only",
                                     help="Only create constraints and indexes (after neo4j-admin import)."),
) -> None:
    if schema_only:
        if db or graph or inputs:
            raise fail("--schema-only takes no graph source")
        import networkx as nx

        g: nx.MultiDiGraph = nx.MultiDiGraph()
    else:
        g = _source_graph(db, graph, inputs or [])
    plan = plan_load(g, batch_size)
    if dry_run:
        _print_plan(plan, batch_size, as_json)
        _warn(plan.skipped, {})
        return
    try:
        settings = load_config(config)
        if database:
            settings = replace(settings, database=database)
        driver = neo4j_client.open_driver(settings)
    except Neo4jProblem as exc:
        raise fail(str(exc)) from None
    try:
        loader = Neo4jLoader(driver, settings.database, batch_size, target=settings.describe())

        def started(i: int, total: int, stmt: Any) -> None:
            # said once the first statement went through, so a stopped server, a wrong password or an
            # unknown database is its one error line and nothing before it
            if i == 1 and not as_json:
                typer.echo(f"loading {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships "
                           f"into {settings.describe()}", err=True)

        summary = loader.load_plan(plan, progress=started)
    except Neo4jProblem as exc:
        raise fail(str(exc)) from None
    finally:
        driver.close()
    _warn(summary.skipped, summary.missing_endpoints)
    if as_json:
        print_json(summary.to_dict())
        return
    typer.echo(f"loaded {sum(summary.nodes.values())} nodes and {sum(summary.rels.values())} relationships "
               f"in {summary.statements} statements ({summary.batches} batches) in {summary.seconds:.2f}s")
    for label, n in summary.nodes.items():
        typer.echo(f"  {label:<12} {n:>7} nodes")
    for target, n in summary.rels.items():
        typer.echo(f"  {target:<28} {n:>7} relationships")
