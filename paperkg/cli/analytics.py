"""Commands that answer questions with graph analytics.

cites-like, similar, leaderboard, stats, trends, path and conflicts.

``cites-like`` and ``leaderboard`` query the store (or a Neo4j server, ``--neo4j``) directly: they
must stay fast on a large graph. ``stats`` is computed on the store too
(:func:`paperkg.cypher.analytics.stats_on_store.stats_on_store`: Cypher counts and aggregates, PageRank
and co-use counts on NumPy arrays of streamed integer pairs), so it runs at a million papers, and so is
``trends`` (:mod:`paperkg.cypher.analytics.trends_on_store`: Cypher aggregates per entity and month) and
``similar`` (:mod:`paperkg.cypher.analytics.similar_on_store`: statements anchored at the method). The
others load the graph into memory with :func:`paperkg.cypher.ladybug.to_networkx`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import typer
from rich.console import Console, JustifyMethod
from rich.table import Table

from paperkg.cli.application import app, fail, print_json
from paperkg.cli.options import DEFAULT_DB, JsonTables, Neo4j, Store
from paperkg.cypher.analytics.lookups_on_store import (
    cites_like_on_store,
    leaderboard_on_store,
    resolve_on_store,
)
from paperkg.cypher.analytics.similar_on_store import similar_on_store
from paperkg.cypher.analytics.stats_on_store import COMMUNITY_CAP, stats_on_store
from paperkg.cypher.analytics.trends_on_store import entity_trend_on_store, trends_on_store
from paperkg.cypher.backend import Backend
from paperkg.cypher.ladybug import LadybugStore, StoreError, open_store, to_networkx
from paperkg.graph.analytics import (
    Match,
    conflicts,
    evidence_path,
    resolve_entity,
)
from paperkg.graph.analytics.answers import MonthSeries, Trend, Trends
from paperkg.graph.analytics.leaderboard import STANDINGS, as_extracted, unit_label
from paperkg.graph.analytics.trends import DEFAULT_LIMIT, DEFAULT_WINDOW

_ORDER = {"higher": "higher is better", "lower": "lower is better"}


@contextmanager
def _store(db: Path) -> Iterator[LadybugStore]:
    try:
        store = open_store(db)
    except StoreError as exc:
        raise fail(str(exc)) from None
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _backend(db: Path, neo4j: bool) -> Iterator[Backend]:
    """The embedded store, or a Neo4j server (read routing) with the same lookups in Neo4j's dialect."""
    if not neo4j:
        with _store(db) as store:
            yield store
        return
    from paperkg.cypher.neo4j.client import Neo4jBackend

    try:
        backend = Neo4jBackend.from_env()
    except Exception as exc:  # the Neo4j layer's errors are one explained line
        raise fail(f"Neo4j: {_first_line(exc)}") from None
    try:
        yield backend
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise fail(f"Neo4j: {_first_line(exc)}") from None
    finally:
        backend.close()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _graph(db: Path) -> nx.MultiDiGraph:
    with _store(db) as store:
        return to_networkx(store)


def _need(found, what: str) -> Match:
    if isinstance(found, Match):
        return found
    raise fail(found.message())


def _console() -> Console:
    """The terminal's width on a terminal; 160 columns into a pipe or file (rich would assume 80)."""
    console = Console(soft_wrap=False)
    if not console.is_terminal:
        console = Console(width=160, soft_wrap=False)
    return console


def _clip(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def within_limit(rows: list, limit: int, related: int) -> list:
    """At most ``limit`` rows: the papers that name the method first, then at most ``related`` papers
    that only share its neighbourhood, in the room the first leave (``--limit 5`` prints 5 rows)."""
    direct = [r for r in rows if r.direct][:limit]
    room = max(0, min(related, limit - len(direct)))
    return direct + [r for r in rows if not r.direct][:room]


@app.command("cites-like", help=(
    "Papers about a method, best first: those that propose it, compare with it, use it, mention it, "
    "then, in the room left under --limit, related papers that share its neighbourhood without "
    "naming it.\n\n"
    "Example: paperkg cites-like LoRA --db paperkg.db --limit 10 --json"))
def cites_like_cmd(
    method: str = typer.Argument(..., help="Method name or alias (case and punctuation are ignored)."),
    db: Store = DEFAULT_DB,
    limit: int = typer.Option(20, "--limit", min=1, help="Most papers to list, related ones included."),
    related: int = typer.Option(
        5, "--related", min=0,
        help="Most related papers (sharing its neighbourhood, not naming it) to add when the papers "
             "naming it leave room under --limit; 0 for none."),
    as_json: JsonTables = False,
    neo4j: Neo4j = False,
) -> None:
    with _backend(db, neo4j) as store:
        found = _need(resolve_on_store(store, method, "Method"), "method")
        rows = within_limit(cites_like_on_store(store, found.id, limit=limit, related=min(related, limit)),
                            limit, related)
    if as_json:
        print_json([r.to_dict() for r in rows])
        return
    table = Table(title=f"Papers about {found.name}", title_justify="left")
    for col in ("score", "relation", "paper", "title", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(f"{r.score:.3f}", r.relation, r.id, _clip(r.title, 60), _clip(r.evidence))
    _console().print(table if rows else f"no papers mention {found.name}")


@app.command("similar", help=(
    "Methods most like a method: shared papers weighted by how few methods each names, comparisons "
    "(claims of one against the other), shared datasets and metrics; generic terms and methods named "
    "everywhere count less. Ties: more papers of evidence, then name. Answered from the store.\n\n"
    "Example: paperkg similar LoRA --db paperkg.db --json"))
def similar_cmd(
    method: str = typer.Argument(..., help="Method name or alias."),
    db: Store = DEFAULT_DB,
    limit: int = typer.Option(10, "--limit", min=1, help="Most methods to list."),
    as_json: JsonTables = False,
) -> None:
    with _store(db) as store:
        found = _need(resolve_on_store(store, method, "Method"), "method")
        rows = similar_on_store(store, found.id, limit=limit)
    if as_json:
        print_json([{**r.to_dict(), "reasons": r.reasons} for r in rows])
        return
    table = Table(title=f"Methods like {found.name}", title_justify="left")
    for col in ("score", "method", "papers", "shared", "compared", "datasets", "metrics", "why"):
        table.add_column(col, overflow="fold")
    for r in rows:
        why = [*r.shared_datasets[:3], *r.shared_metrics[:3]] + (["generic term"] if r.generic else [])
        table.add_row(f"{r.score:.4f}", r.name, str(r.papers), str(len(r.shared_papers)),
                      str(len(r.compared_papers)), str(len(r.shared_datasets)), str(len(r.shared_metrics)),
                      _clip(", ".join(why), 70))
    _console().print(table if rows else f"no method shares a paper or a comparison with {found.name}")


@app.command("leaderboard", help=(
    "Reported results on a dataset: one board per metric and unit. Only absolute values of one metric "
    "in one unit are ranked (best first by the metric's direction; equal values share a rank; one result "
    "is not a ranking); gains, reductions, ratios and values without a unit or a metric are listed apart "
    "with why (the first --limit of each). Each row shows the claim's kind, metric and dataset as "
    "extracted, and its sentence.\n\n"
    "Example: paperkg leaderboard ImageNet --metric accuracy --db paperkg.db"))
def leaderboard_cmd(
    dataset: str = typer.Argument(..., help="Dataset name or alias."),
    metric: str = typer.Option(None, "--metric", help="Only this metric (name or alias)."),
    db: Store = DEFAULT_DB,
    limit: int = typer.Option(20, "--limit", min=0,
                              help="Rows per board for scores and for rows listed apart (0: all of them)."),
    as_json: JsonTables = False,
    neo4j: Neo4j = False,
) -> None:
    with _backend(db, neo4j) as store:
        found = _need(resolve_on_store(store, dataset, "Dataset"), "dataset")
        metric_id = _need(resolve_on_store(store, metric, "Metric"), "metric").id if metric else None
        board = leaderboard_on_store(store, found.id, metric_id, limit or None)
    if as_json:
        print_json(board.to_dict())
        return
    console = _console()
    if not board.boards:
        console.print(f"no results reported on {board.dataset}")
    for b in board.boards:
        name = f"{b.metric} ({unit_label(b.unit)})" if b.scores else b.metric
        ranked = b.note or f"ranked, {_ORDER[b.direction]}"
        apart = "listed apart, not ranked" if b.scores else f"{b.note}; listed apart"
        for part, rows, first in ((ranked, b.scores, "#"), (apart, b.apart, "why apart")):
            if not rows:
                continue
            table = Table(title=f"{board.dataset} · {name} · {part}", title_justify="left")
            table.add_column(first, no_wrap=True)
            for col in ("method", "value", "as extracted (kind · metric · dataset)", "baseline", "paper",
                        "sentence"):
                table.add_column(col, overflow="fold")
            for r in rows:
                lead = (str(r.rank) if r.rank else "") if rows is b.scores else STANDINGS[r.standing]
                table.add_row(lead, r.method or "?", r.value, as_extracted(r), r.baseline or "", r.paper_id,
                              _clip(r.sentence, 80))
            console.print(table)
            total = b.total_scores if rows is b.scores else b.total_apart
            if total > len(rows):
                console.print(f"(first {len(rows)} of {total}; --limit 0 lists all)")


@app.command("stats", help=(
    "What the graph holds: counts, top methods/datasets/metrics by papers and PageRank, method "
    "communities and rising methods. Computed on the store (counts and aggregates in Cypher, PageRank "
    "on the streamed paper-entity pairs), without loading the graph into memory; communities are "
    "found among the --communities methods with the most papers."
    "\n\nExample: paperkg stats --db paperkg.db --json"))
def stats_cmd(
    db: Store = DEFAULT_DB,
    top: int = typer.Option(10, "--top", min=1, help="How many top entities per type."),
    community_methods: int = typer.Option(
        COMMUNITY_CAP, "--communities", min=1,
        help="Louvain runs on this many methods with the most papers (a note says when it left some out)."),
    as_json: JsonTables = False,
) -> None:
    with _store(db) as store:
        s = stats_on_store(store, top=top, community_methods=community_methods)
    if as_json:
        print_json(s.to_dict())
        return
    console = _console()
    counts = Table(title="Counts", title_justify="left")
    counts.add_column("type")
    counts.add_column("count", justify="right")
    for name, n in [*s.nodes.items(), *s.edges.items()]:
        counts.add_row(name, str(n))
    console.print(counts)
    for label, items in s.top_by_papers.items():
        t = Table(title=f"Top {label.lower()}s", title_justify="left")
        for col in ("name", "papers", "pagerank"):
            t.add_column(col)
        for it in items:
            t.add_row(it.name, str(it.papers), f"{it.pagerank:.4f}")
        console.print(t)
    if s.communities:
        t = Table(title="Method communities (Louvain, seed 42)", title_justify="left")
        t.add_column("size", justify="right")
        t.add_column("top members", overflow="fold")
        for c in s.communities:
            t.add_row(str(c.size), ", ".join(c.members))
        console.print(t)
    if s.rising:
        t = Table(title=f"Rising methods ({s.years[-2]} → {s.years[-1]})", title_justify="left")
        for col in ("method", "growth", "papers per year"):
            t.add_column(col)
        for r in s.rising:
            t.add_row(r.name, f"+{r.growth}", ", ".join(f"{y}: {n}" for y, n in r.per_year.items()))
        console.print(t)
    for note in s.notes:
        console.print(note)


KINDS = {"method": "Method", "dataset": "Dataset", "metric": "Metric"}
_SPARK = "▁▂▃▄▅▆▇█"


def _spark(values: list[int]) -> str:
    """A row of block characters, one per month (``·`` for none), scaled to the row's largest value."""
    top, n = max(values, default=0), len(_SPARK)
    return "".join("·" if not v else _SPARK[min(n - 1, (v * n - 1) // top)] for v in values)


def _trend_table(title: str, rows: list[Trend], months: int) -> Table:
    table = Table(title=title, title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("name", "left"), ("before", "right"), ("last", "right"), ("growth", "right"), ("papers", "right"),
        (f"per month, last {months}", "left"),
    )
    for col, justify in columns:
        table.add_column(col, justify=justify, overflow="fold")
    for r in rows:
        table.add_row(r.name, str(r.previous), str(r.last), f"{r.growth:+d}", str(r.total),
                      _spark(r.per_month[-months:]))
    return table


def _print_trends(t: Trends, kind: str) -> None:
    console = _console()
    if t.months:
        console.print(f"{t.dated} of {t.papers} papers have a month: {t.months[0]} to {t.months[-1]} "
                      f"({len(t.months)} months)")
    if t.last_window:
        console.print(f"Compared: papers in {t.last_window[0]}..{t.last_window[1]} (the last {t.window} "
                      f"months) against {t.previous_window[0]}..{t.previous_window[1]}")
        for what, rows in (("Rising", t.rising), ("Fading", t.fading)):
            if rows:
                console.print(_trend_table(f"{what} {kind}s", rows, 2 * t.window))
            else:
                console.print(f"no {what.lower()} {kind}s")
    for note in t.notes:
        console.print(f"note: {note}")


def _print_series(s: MonthSeries) -> None:
    console = _console()
    if s.months:
        table = Table(title=f"Papers per month naming {s.name} ({s.label.lower()})", title_justify="left")
        columns: tuple[tuple[str, JustifyMethod], ...] = (
            ("month", "left"), ("papers", "right"), ("", "left"),
        )
        for col, justify in columns:
            table.add_column(col, justify=justify)
        top = max(s.per_month, default=0) or 1
        first = next((i for i, n in enumerate(s.per_month) if n), len(s.months) - 1)
        for month, n in zip(s.months[first:], s.per_month[first:], strict=True):
            table.add_row(month, str(n), "█" * round(40 * n / top))
        console.print(table)
        if first:
            console.print(f"(from its first month; the data's months start at {s.months[0]}: "
                          "--json lists them all)")
    for note in s.notes:
        console.print(f"note: {note}")


@app.command("trends", help=(
    "Papers per month (YYYY-MM of each paper's date) for methods, datasets or metrics, and which are "
    "rising or fading: their papers in the last --window months of the data against the --window months "
    "before. Papers with only a year or no date are left out and counted. With --entity, that entity's "
    "papers per month. Computed on the store by Cypher aggregation, without loading the graph."
    "\n\nExamples:\n\n"
    "\b\n"
    "  paperkg trends --db paperkg.db\n"
    "  paperkg trends --kind dataset --window 3 --limit 5 --json\n"
    "  paperkg trends --entity LoRA\n"
    "  paperkg trends --kind metric --entity accuracy --json"))
def trends_cmd(
    kind: str = typer.Option("method", "--kind", metavar="method|dataset|metric",
                             help="What to count: methods, datasets or metrics."),
    window: int = typer.Option(
        DEFAULT_WINDOW, "--window", min=1,
        help="Months in each window compared (the last N months of the data vs the N before)."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", min=1,
                              help="Most rising and most fading rows to list."),
    entity: str = typer.Option(None, "--entity", help="Only this one's papers per month (name or alias)."),
    db: Store = DEFAULT_DB,
    as_json: JsonTables = False,
) -> None:
    label = KINDS.get(kind.strip().lower())
    if label is None:
        raise fail(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}", code=2)
    with _store(db) as store:
        if entity is not None:
            found = _need(resolve_on_store(store, entity, label), kind)
            result: MonthSeries | Trends = entity_trend_on_store(store, label, found.id)
        else:
            result = trends_on_store(store, label, window=window, limit=limit)
    if as_json:
        print_json(result.to_dict())
    elif isinstance(result, MonthSeries):
        _print_series(result)
    else:
        _print_trends(result, kind.strip().lower())


@app.command("path", help=(
    "The shortest chain of evidence between two methods, datasets, metrics or papers, each hop "
    "with its sentence.\n\nExample: paperkg path LoRA GLUE --db paperkg.db"))
def path_cmd(
    a: str = typer.Argument(..., help="A name, alias, paper id or title."),
    b: str = typer.Argument(..., help="Another one."),
    db: Store = DEFAULT_DB,
    as_json: JsonTables = False,
) -> None:
    G = _graph(db)
    start, end = (_need(resolve_entity(G, x, None), "entity") for x in (a, b))
    p = evidence_path(G, start.key, end.key)
    if as_json:
        print_json(p.to_dict())
        return
    if not p.found:
        typer.echo(f"no chain of evidence links {start.name} and {end.name}")
        return
    table = Table(title=" → ".join(p.nodes), title_justify="left")
    for col in ("from", "relation", "to", "paper", "sentence"):
        table.add_column(col, overflow="fold")
    for h in p.hops:
        table.add_row(_clip(h.source, 40), h.relation, _clip(h.target, 40), h.paper_id or "",
                      _clip(h.sentence, 80))
    _console().print(table)


@app.command("conflicts", help=(
    "Papers that report different numbers for the same method, dataset and metric.\n\n"
    "Example: paperkg conflicts --db paperkg.db --json"))
def conflicts_cmd(
    db: Store = DEFAULT_DB,
    as_json: JsonTables = False,
) -> None:
    rows = conflicts(_graph(db))
    if as_json:
        print_json([c.to_dict() for c in rows])
        return
    if not rows:
        typer.echo("no conflicting results")
        return
    table = Table(title="Conflicting results", title_justify="left")
    for col in ("method", "dataset", "metric", "value A", "paper A", "value B", "paper B", "diff"):
        table.add_column(col, overflow="fold")
    for c in rows:
        table.add_row(c.method, c.dataset, c.metric, c.a.value, c.a.paper_id, c.b.value, c.b.paper_id,
                      f"{c.difference:g}")
    _console().print(table)
