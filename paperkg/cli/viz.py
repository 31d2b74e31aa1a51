"""The ``viz`` command: a static, offline HTML site of the graph, or one page on demand."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from paperkg.cli.application import app, fail, print_json
from paperkg.cli.options import DEFAULT_DB, JsonWritten, OptionalStore, Store
from paperkg.cypher.analytics.lookups_on_store import resolve_on_store
from paperkg.cypher.ladybug import StoreError, open_store, to_networkx
from paperkg.graph.analytics import Match, resolve_entity
from paperkg.viz.partial import DEFAULT_TOP, FULL_SITE_MAX, select_from_store, site_size
from paperkg.viz.site import DEFAULT_MAX_NODES, SiteReport, build_site, write_page
from paperkg.viz.site_trends import trend_source_on_store
from paperkg.viz.views import MAX_ROWS

viz_app = typer.Typer(
    name="viz",
    help=(
        "Write a static HTML site of the graph: search, top entities, one page per method, dataset, "
        "metric and paper with its graph, results and evidence, and an overview graph. "
        "It opens from disk or any static server and never contacts another host.\n\n"
        "Examples:\n\n"
        "\b\n"
        "  paperkg viz --db paperkg.db --out site\n"
        "  paperkg viz --out site --max-nodes 150 --json\n"
        "  paperkg viz --out site --top 25\n"
        "  paperkg viz --out site --all\n"
        "  paperkg viz method LoRA -o lora.html\n"
        "  paperkg viz dataset MMLU -o mmlu.html\n"
        "  paperkg viz paper \"FLoRA: Low-Rank Core Space for N-dimension\" -o paper.html"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(viz_app, name="viz")


def _open(db: Path):
    try:
        return open_store(db)
    except StoreError as exc:
        raise fail(str(exc)) from None


def _site(db: Path, out: Path, max_nodes: int, top: int | None, everything: bool) -> SiteReport:
    """The whole site when it is small or ``--all`` is given; otherwise the top pages (partial.py)."""
    store = _open(db)
    try:
        size = site_size(store)
        if size == 0:
            raise fail(f"the store {db} is empty (build it with: paperkg build INPUT --db {db})")
        if everything or (top is None and size <= FULL_SITE_MAX):
            started = time.perf_counter()
            trends = trend_source_on_store(store)  # every chart's monthly counts: one aggregate per label
            read = time.perf_counter()
            G = to_networkx(store)
            loaded = time.perf_counter()
            store.close()
            report = build_site(G, out, max_nodes=max_nodes, trends=trends)
            report.timings = {"store: trends": read - started, "store: graph": loaded - read,
                              **report.timings}
            return report
        G, selection, timings = select_from_store(store, top=DEFAULT_TOP if top is None else top,
                                                  max_nodes=max_nodes)
    finally:
        store.close()
    report = build_site(G, out, max_nodes=max_nodes, selection=selection)
    report.timings = {**{f"store: {k}": v for k, v in timings.items()}, **report.timings}
    return report


@viz_app.callback()
def viz(
    ctx: typer.Context,
    db: Store = DEFAULT_DB,
    out: Path | None = typer.Option(None, "--out", "-o", help="Directory to write the site into."),
    max_nodes: int = typer.Option(DEFAULT_MAX_NODES, "--max-nodes", min=1,
                                  help="Most nodes in the overview graph (keeps the page fluid)."),
    top: int | None = typer.Option(
        None, "--top", min=0,
        help=f"Write the pages of only the N methods, datasets and metrics with the most papers (and of the "
             f"papers they link to). Default: every page up to {FULL_SITE_MAX} papers + entities, the top "
             f"{DEFAULT_TOP} above."),
    everything: bool = typer.Option(False, "--all",
                                    help="Write every page, however big the graph (slow at scale)."),
    json_out: JsonWritten = False,
) -> None:
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise fail("give --out DIR to write the site (or a subcommand: method, dataset, paper; see --help)")
    if out.exists() and not out.is_dir():
        raise fail(f"{out} exists and is not a directory")
    if everything and top is not None:
        raise fail("give --top N or --all, not both")
    started = time.perf_counter()
    report = _site(db, out, max_nodes, top, everything)
    report.seconds = time.perf_counter() - started  # wall time, reading the store included
    if json_out:
        print_json(report.to_dict())
        return
    d = report.to_dict()
    typer.echo(f"wrote {d['total_pages']} pages to {out}/ in {d['seconds']:.2f}s "
               f"({d['pages'].get('method', 0)} methods, {d['pages'].get('dataset', 0)} datasets, "
               f"{d['pages'].get('metric', 0)} metrics, {d['pages'].get('paper', 0)} papers; "
               f"overview: {d['overview_nodes']} nodes)")
    if not report.complete:
        n = top if top is not None else DEFAULT_TOP
        typer.echo(f"partial site: the top {n} entities per type and the papers they link to "
                   "(--all writes every page)")
    if report.removed:
        typer.echo(f"removed {report.removed} pages of an earlier run that the graph no longer has")
    typer.echo(f"open {out / 'index.html'}")


def _one_page(ctx: typer.Context, label: str, name: str, out: Path, db: Path | None, json_out: bool) -> None:
    """Small store: the page from the whole graph. Big store: only the page's neighbourhood is read
    (partial.py), so one page of a 100k-paper store takes seconds, not a whole-graph load."""
    if out.exists() and out.is_dir():
        raise fail(f"{out} is a directory; give a file name such as {out / 'page.html'}")
    store = _open(db or ctx.obj["db"])
    try:
        if site_size(store) <= FULL_SITE_MAX:
            G, src = to_networkx(store), None
            found = resolve_entity(G, name, label)
        else:
            found = resolve_on_store(store, name, label)
            if isinstance(found, Match):
                G, selection, _ = select_from_store(store, max_nodes=0, rows=MAX_ROWS, chosen=[found.key],
                                                    cites=True)
                src = selection.src
    finally:
        store.close()
    if not isinstance(found, Match):
        raise fail(found.message())
    write_page(G, found.key, out, src=src)
    if json_out:
        print_json({"out": str(out), "node": found.key, "name": found.name, "matched_on": found.matched_on})
    else:
        typer.echo(f"wrote {out} ({label} {found.name})")


_OUT = typer.Option(..., "--out", "-o", help="The HTML file to write (self-contained: opens alone).")


@viz_app.command("method", help="Write one self-contained page for a method.\n\n"
                 "Example: paperkg viz method LoRA -o lora.html")
def viz_method(ctx: typer.Context, name: str = typer.Argument(..., help="Method name, alias or id."),
               out: Path = _OUT, db: OptionalStore = None, json_out: JsonWritten = False) -> None:
    _one_page(ctx, "Method", name, out, db, json_out)


@viz_app.command("dataset", help="Write one self-contained page for a dataset.\n\n"
                 "Example: paperkg viz dataset MMLU -o mmlu.html")
def viz_dataset(ctx: typer.Context, name: str = typer.Argument(..., help="Dataset name, alias or id."),
                out: Path = _OUT, db: OptionalStore = None, json_out: JsonWritten = False) -> None:
    _one_page(ctx, "Dataset", name, out, db, json_out)


@viz_app.command("paper", help="Write one self-contained page for a paper.\n\n"
                 "Example: paperkg viz paper \"FLoRA: Low-Rank Core Space for N-dimension\" -o paper.html")
def viz_paper(ctx: typer.Context, paper: str = typer.Argument(..., help="Paper id, arXiv id or title."),
              out: Path = _OUT, db: OptionalStore = None, json_out: JsonWritten = False) -> None:
    _one_page(ctx, "Paper", paper, out, db, json_out)
