"""The ``viz`` command: a static, offline HTML site of the graph, or one page on demand."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import typer

from paperkg.cli.app import app, fail, print_json
from paperkg.cypher.store import StoreError, open_store, to_networkx
from paperkg.graph.analytics import Match, resolve_entity
from paperkg.viz.site import DEFAULT_MAX_NODES, build_site, write_page

DEFAULT_DB = Path("paperkg.db")
DB_HELP = "The graph store written by `paperkg build`."

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
        "  paperkg viz method LoRA -o lora.html\n"
        "  paperkg viz dataset MMLU -o mmlu.html\n"
        "  paperkg viz paper 2106.09685 -o paper.html"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(viz_app, name="viz")


def _graph(db: Path) -> nx.MultiDiGraph:
    try:
        store = open_store(db)
    except StoreError as exc:
        raise fail(str(exc)) from None
    try:
        return to_networkx(store)
    finally:
        store.close()


@viz_app.callback()
def viz(
    ctx: typer.Context,
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    out: Path | None = typer.Option(None, "--out", "-o", help="Directory to write the site into."),
    max_nodes: int = typer.Option(DEFAULT_MAX_NODES, "--max-nodes", min=1,
                                  help="Most nodes in the overview graph (keeps the page fluid)."),
    json_out: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise fail("give --out DIR to write the site (or a subcommand: method, dataset, paper; see --help)")
    if out.exists() and not out.is_dir():
        raise fail(f"{out} exists and is not a directory")
    G = _graph(db)
    if G.number_of_nodes() == 0:
        raise fail(f"the store {db} is empty (build it with: paperkg build INPUT --db {db})")
    report = build_site(G, out, max_nodes=max_nodes)
    if json_out:
        print_json(report.to_dict())
        return
    d = report.to_dict()
    typer.echo(f"wrote {d['total_pages']} pages to {out}/ in {d['seconds']:.2f}s "
               f"({d['pages'].get('method', 0)} methods, {d['pages'].get('dataset', 0)} datasets, "
               f"{d['pages'].get('metric', 0)} metrics, {d['pages'].get('paper', 0)} papers; "
               f"overview: {d['overview_nodes']} nodes)")
    typer.echo(f"open {out / 'index.html'}")


def _one_page(ctx: typer.Context, label: str, name: str, out: Path, db: Path | None, json_out: bool) -> None:
    G = _graph(db or ctx.obj["db"])
    found = resolve_entity(G, name, label)
    if not isinstance(found, Match):
        raise fail(found.message())
    if out.exists() and out.is_dir():
        raise fail(f"{out} is a directory; give a file name such as {out / 'page.html'}")
    write_page(G, found.key, out)
    if json_out:
        print_json({"out": str(out), "node": found.key, "name": found.name, "matched_on": found.matched_on})
    else:
        typer.echo(f"wrote {out} ({label} {found.name})")


_OUT = typer.Option(..., "--out", "-o", help="The HTML file to write (self-contained: opens alone).")
_DB = typer.Option(None, "--db", help=DB_HELP)
_JSON = typer.Option(False, "--json", help="Print what was written as JSON.")


@viz_app.command("method", help="Write one self-contained page for a method.\n\n"
                 "Example: paperkg viz method LoRA -o lora.html")
def viz_method(ctx: typer.Context, name: str = typer.Argument(..., help="Method name, alias or id."),
               out: Path = _OUT, db: Path | None = _DB, json_out: bool = _JSON) -> None:
    _one_page(ctx, "Method", name, out, db, json_out)


@viz_app.command("dataset", help="Write one self-contained page for a dataset.\n\n"
                 "Example: paperkg viz dataset MMLU -o mmlu.html")
def viz_dataset(ctx: typer.Context, name: str = typer.Argument(..., help="Dataset name, alias or id."),
                out: Path = _OUT, db: Path | None = _DB, json_out: bool = _JSON) -> None:
    _one_page(ctx, "Dataset", name, out, db, json_out)


@viz_app.command("paper", help="Write one self-contained page for a paper.\n\n"
                 "Example: paperkg viz paper 2106.09685 -o paper.html")
def viz_paper(ctx: typer.Context, paper: str = typer.Argument(..., help="Paper id, arXiv id or title."),
              out: Path = _OUT, db: Path | None = _DB, json_out: bool = _JSON) -> None:
    _one_page(ctx, "Paper", paper, out, db, json_out)
