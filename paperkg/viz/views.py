"""What each page shows, read from the graph into plain dataclasses the templates render.

Keeping the reading here (not in templates) means the HTML layer only formats, and the same
views could feed another front end. Everything works from a ``networkx.MultiDiGraph`` that
follows docs/graph conventions (node key ``"<Label>:<id>"``, ``label`` and ``type`` attributes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from paperkg.graph.analytics import cites_like, leaderboard
from paperkg.graph.analytics.answers import Leaderboard, LeaderRow, Trends
from paperkg.graph.analytics.answers import Ranked as RankedPaper
from paperkg.graph.analytics.cites_like import PaperMeta
from paperkg.graph.analytics.leaderboard import STANDINGS, as_extracted, unit_label
from paperkg.graph.analytics.stats import method_co_use
from paperkg.graph.analytics.trends import trends
from paperkg.util.names import unicode_alnum_key
from paperkg.viz.page_paths import page_path, split_key
from paperkg.viz.site_trends import (
    CHART_LABELS,
    INDEX_RISING,
    INDEX_WINDOW,
    BestChart,
    MonthChart,
    TrendSource,
    best_chart,
    papers_chart,
    trend_source,
)

# Relations from a paper to an entity, strongest first: the order reasons are listed in.
ENTITY_RELS = ("PROPOSES", "USES", "EVALUATES_ON", "MEASURES")
REL_WORDS = {"PROPOSES": "proposes", "USES": "uses", "EVALUATES_ON": "evaluates on",
             "MEASURES": "measures", "HAS_CODE": "links code"}
# A USES edge says how the paper names the method (paperkg/graph/relations.py); one without a
# relation (a graph built before relations were kept) only mentions it, as cites-like reads it.
USES_WORDS = {"compares": "compares", "uses": "uses", "mentions": "mentions"}


def relation_word(rel: str, data: dict) -> str:
    """The badge of an edge: its relationship in words, a USES edge's ``relation`` (compares, uses,
    mentions)."""
    if rel == "USES":
        return USES_WORDS.get(str(data.get("relation") or ""), "mentions")
    return REL_WORDS.get(rel, rel.lower())

Hrefs = Callable[[str], "str | None"]
MAX_ROWS = 200  # longest claims table or paper list on one entity page
MAX_BOARDS = 12  # boards shown in a dataset's leaderboard (most scores first)
BOARD_ROWS = 50  # rows per board (scores and rows listed apart each)
Cites = Callable[[str], list[RankedPaper]]  # method key -> cites-like rows (store-backed at scale)
Boards = Callable[[str], Leaderboard]  # dataset key -> its leaderboard


@dataclass(slots=True)
class Sources:
    """Where entity pages get what a partial graph cannot answer, and how long their lists are.

    A site built from the whole graph leaves these empty (everything is computed on ``G``); a site
    built from a store at scale passes store-backed answers and the whole graph's totals, because
    ``G`` then holds only the neighbourhoods of the pages written (see :mod:`paperkg.viz.partial`).
    """

    rows: int = MAX_ROWS
    cites: Cites | None = None
    boards: Boards | None = None
    co_use: nx.Graph | None = None
    meta: dict[str, PaperMeta] | None = None  # cites_like's paper metadata, computed once per site
    totals: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> {"papers": n, "claims": n}
    cites_note: str = ""  # shown instead of cites-like rows when a partial site leaves them out
    cites_ranked: set[str] = field(default_factory=set)  # methods with cites-like rows: no note for them
    max_boards: int = MAX_BOARDS
    board_rows: int = BOARD_ROWS
    trends: TrendSource | None = None  # monthly counts of every page, computed once per site


def site_hrefs(key: str) -> str | None:
    """Links inside a full site: every node with a page gets one."""
    return page_path(key)


def no_hrefs(key: str) -> str | None:
    """Links for a standalone page: there is no site around it to link to."""
    return None


@dataclass(slots=True)
class Link:
    key: str
    label: str
    name: str
    href: str | None = None


@dataclass(slots=True)
class Segment:
    """A piece of text; ``label`` set when it is a highlighted mention of a node of that type."""

    text: str
    label: str | None = None
    href: str | None = None


@dataclass(slots=True)
class Evidence:
    relation: str
    field: str
    segments: list[Segment]


@dataclass(slots=True)
class ClaimRow:
    id: str
    anchor: str
    value: str
    kind: str
    role: str  # "achieves" / "baseline" / "" from the point of view of the page's node
    method: Link | None
    baseline: Link | None
    dataset: Link | None
    metric: Link | None
    paper: Link | None
    sentence: list[Segment]
    number: float | None = None


@dataclass(slots=True)
class Ranked:
    item: Link
    count: int


@dataclass(slots=True)
class CitesLike:
    paper: Link
    score: float
    reasons: list[str]
    relation: str = ""
    direct: bool = True


@dataclass(slots=True)
class Related:
    item: Link
    score: float
    reasons: str


@dataclass(slots=True)
class BoardRow:
    """A claim on a dataset's leaderboard: its results-table row, its ``rank`` (None unless the board
    ranks), its ``standing`` with the label saying why it is listed apart, and its kind, metric and
    dataset as extracted (``extracted``), so a reader sees both what was read and how it is used."""

    claim: ClaimRow
    rank: int | None
    standing: str
    why: str
    extracted: str


@dataclass(slots=True)
class Board:
    """One board of ``paperkg.graph.analytics.leaderboard``: a metric, the unit of its ranked scores
    (``unit`` '' when it has none), why it is not ranked (``note``) and the rows listed apart."""

    metric: Link | None
    metric_name: str
    unit: str
    direction: str
    scores: list[BoardRow]
    apart: list[BoardRow]
    ranked: bool
    note: str = ""
    scores_total: int = 0
    apart_total: int = 0


@dataclass(slots=True)
class EntityMention:
    entity: Link
    relations: list[str]
    evidence: list[Evidence]


@dataclass(slots=True)
class EntityView:
    key: str
    label: str
    name: str
    aliases: list[str]
    papers: list[tuple[Link, list[str]]]  # each paper with its relations to the entity
    claims: list[ClaimRow] = field(default_factory=list)
    claims_total: int = 0
    papers_total: int = 0
    cites_like: list[CitesLike] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)  # similar methods
    outperforms: list[tuple[Link, ClaimRow | None]] = field(default_factory=list)
    outperformed_by: list[tuple[Link, ClaimRow | None]] = field(default_factory=list)
    boards: list[Board] = field(default_factory=list)
    boards_total: int = 0
    outperforms_total: int = 0
    outperformed_by_total: int = 0
    cites_note: str = ""
    direction: str = ""
    papers_chart: MonthChart | None = None  # papers per month (methods and datasets with dated papers)
    best_chart: BestChart | None = None  # a dataset's best value per month in its most reported metric


@dataclass(slots=True)
class PaperView:
    key: str
    id: str
    title: list[Segment]
    title_text: str
    abstract: list[Segment]
    meta: dict[str, str]
    url: str | None
    authors: list[str]
    entities: dict[str, list[EntityMention]]
    claims: list[ClaimRow]
    repositories: list[Link]

    @property
    def evidence_count(self) -> int:
        return sum(len(m.evidence) for ms in self.entities.values() for m in ms)


@dataclass(slots=True)
class RisingRow:
    item: Link
    previous: int
    last: int
    growth: int


@dataclass(slots=True)
class IndexView:
    counts: dict[str, int]
    top: dict[str, list[Ranked]]
    recent: list[Link]
    rising: list[RisingRow] = field(default_factory=list)
    rising_window: int = INDEX_WINDOW
    rising_span: str = ""  # "2026-03 to 2026-08 against 2025-09 to 2026-02"; empty: nothing to compare
    rising_notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- small readers

def name_of(G: nx.MultiDiGraph, key: str) -> str:
    data = G.nodes[key]
    label, ident = split_key(key)
    if label == "Paper":
        return str(data.get("title") or ident)
    if label == "Claim":
        return str(data.get("value") or ident)
    if label == "Repository":
        return str(data.get("url") or ident)
    return str(data.get("name") or ident)


def _spelling(form: str, exact: bool) -> str:
    """What two forms share when they are the same alias written differently: the letters and digits
    ignoring case ("Supervised Fine-Tuning", "supervised finetuning"), or only the case (``exact``)."""
    return form.casefold() if exact else unicode_alnum_key(form)


def _shown_form(forms: list[str]) -> str:
    """The form a reader sees for one alias: the one with most word breaks ("fine-tuning" over
    "finetuning"), then, for a phrase, the fewest capitals ("Supervised fine-tuning" over
    "Supervised Fine-Tuning"), for a short acronym the most ("COT" over "cot"), then the first."""
    def rank(f: str) -> tuple:
        capitals = sum(c.isupper() for c in f)
        return (-sum(not c.isalnum() for c in f), capitals if len(f) > 6 else -capitals, f)
    return min(forms, key=rank)


def distinct_aliases(name: str, aliases: Iterable[str], exact: bool = False) -> list[str]:
    """One form per alias: forms that differ only in case, spaces or punctuation (only in case with
    ``exact``) are one alias, and those that only re-spell the name are not listed at all."""
    groups: dict[str, list[str]] = {}
    for a in aliases:
        if a and _spelling(a, exact) != _spelling(name, exact):
            groups.setdefault(_spelling(a, exact), []).append(a)
    return sorted((_shown_form(forms) for forms in groups.values()), key=lambda f: (f.casefold(), f))


def aliases_of(G: nx.MultiDiGraph, key: str, exact: bool = False) -> list[str]:
    """The aliases a page lists (see :func:`distinct_aliases`); ``exact`` keeps every spelling but case
    variants (what search matches against: it folds case, not punctuation)."""
    return distinct_aliases(name_of(G, key), G.nodes[key].get("aliases") or [], exact)


def link(G: nx.MultiDiGraph, key: str, hrefs: Hrefs) -> Link:
    return Link(key, G.nodes[key].get("label") or split_key(key)[0], name_of(G, key), hrefs(key))


def label_of(G: nx.MultiDiGraph, key: str) -> str:
    return G.nodes[key].get("label") or split_key(key)[0]


def nodes_of(G: nx.MultiDiGraph, label: str) -> list[str]:
    return [n for n, d in G.nodes(data=True) if (d.get("label") or split_key(n)[0]) == label]


def _out(G: nx.MultiDiGraph, key: str, rel: str) -> list[tuple[str, dict]]:
    return [(v, d) for _, v, d in G.out_edges(key, data=True) if d.get("type") == rel]


def _in(G: nx.MultiDiGraph, key: str, rel: str) -> list[tuple[str, dict]]:
    return [(u, d) for u, _, d in G.in_edges(key, data=True) if d.get("type") == rel]


def _first(G: nx.MultiDiGraph, key: str, rel: str) -> str | None:
    found = _out(G, key, rel)
    return found[0][0] if found else None


def paper_relations(G: nx.MultiDiGraph, entity: str) -> dict[str, list[tuple[str, dict]]]:
    """Papers linked to an entity: paper key -> [(relation, edge data)], strongest relation first."""
    found: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for u, _, d in G.in_edges(entity, data=True):
        rel = d.get("type")
        if rel in ENTITY_RELS and label_of(G, u) == "Paper":
            found[u].append((rel, d))
    for rels in found.values():
        rels.sort(key=lambda rd: ENTITY_RELS.index(rd[0]))
    return found


def paper_count(G: nx.MultiDiGraph, entity: str) -> int:
    stored = G.nodes[entity].get("papers")
    return int(stored) if isinstance(stored, int) and stored > 0 else len(paper_relations(G, entity))


# --------------------------------------------------------------------------- highlighting

def highlight(text: str, spans: Iterable[tuple[int, int, str | None, str | None]]) -> list[Segment]:
    """Cut ``text`` into plain and highlighted segments; overlapping or invalid spans are dropped."""
    segments: list[Segment] = []
    pos = 0
    for start, end, label, href in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], label or "mark", href))
        pos = end
    if pos < len(text) or not segments:
        segments.append(Segment(text[pos:]))
    return segments


def field_text(G: nx.MultiDiGraph, paper: str | None, name: str | None) -> str:
    if not paper or paper not in G:
        return ""
    return str(G.nodes[paper].get("title" if name == "title" else "abstract") or "")


def sentence_segments(G: nx.MultiDiGraph, ev: dict, label: str | None = None) -> list[Segment]:
    """The evidence sentence with its mention highlighted, placed by the edge's field offsets.

    Offsets count in the paper's field (title or abstract), so the sentence is located in that
    field first; if it cannot be (text edited since), the sentence is shown unhighlighted.
    """
    sentence = str(ev.get("sentence") or "")
    start, end = ev.get("start"), ev.get("end")
    if not sentence or not isinstance(start, int) or not isinstance(end, int):
        return [Segment(sentence)] if sentence else []
    paper_key = f"Paper:{ev.get('paper_id')}" if ev.get("paper_id") else None
    text = field_text(G, paper_key, ev.get("field"))
    origin = _sentence_origin(text, sentence, start)
    if origin is None:
        return [Segment(sentence)]
    return highlight(sentence, [(start - origin, end - origin, label, None)])


def _sentence_origin(text: str, sentence: str, start: int) -> int | None:
    """Where ``sentence`` begins in ``text``: the occurrence that contains ``start``."""
    pos = text.find(sentence)
    while pos != -1:
        if pos <= start <= pos + len(sentence):
            return pos
        pos = text.find(sentence, pos + 1)
    return None


# --------------------------------------------------------------------------- claims

def claim_row(G: nx.MultiDiGraph, claim: str, hrefs: Hrefs, role: str = "") -> ClaimRow:
    d = G.nodes[claim]

    def end(rel: str, surface: str | None) -> Link | None:
        target = _first(G, claim, rel)
        if target is not None:
            return link(G, target, hrefs)
        return Link("", "", surface) if surface else None

    papers = [u for u, _ in _in(G, claim, "REPORTS")]
    paper_key = papers[0] if papers else (f"Paper:{d['paper_id']}" if d.get("paper_id") else None)
    paper = link(G, paper_key, hrefs) if paper_key and paper_key in G else None
    ev = dict(d)
    if paper_key and not ev.get("paper_id"):
        ev["paper_id"] = split_key(paper_key)[1]
    anchor = "claim-" + split_key(claim)[1].rpartition("#")[2]
    if paper is not None and paper.href:
        paper.href = f"{paper.href}#{anchor}"
    number = d.get("number")
    return ClaimRow(
        id=split_key(claim)[1], anchor=anchor, value=str(d.get("value") or ""), kind=str(d.get("kind") or ""),
        role=role, method=end("OF", d.get("method")), baseline=end("AGAINST", d.get("baseline")),
        dataset=end("ON", d.get("dataset")), metric=end("IN", d.get("metric")), paper=paper,
        sentence=sentence_segments(G, ev, "Claim"),
        number=float(number) if isinstance(number, int | float) else None,
    )


def entity_claims(G: nx.MultiDiGraph, entity: str, hrefs: Hrefs,
                  limit: int = MAX_ROWS) -> tuple[list[ClaimRow], int]:
    """Claims about a method (as achiever or baseline), dataset or metric, newest papers first.

    Returns at most ``limit`` rows and the total: a popular method can have thousands of claims,
    and a page that long helps nobody (the leaderboard and the paper pages hold the rest).
    """
    roles = {"OF": "achieves", "AGAINST": "baseline", "ON": "", "IN": ""}
    found = []
    for u, _, d in G.in_edges(entity, data=True):
        rel = d.get("type")
        if rel in roles and label_of(G, u) == "Claim":
            paper = f"Paper:{G.nodes[u].get('paper_id')}"
            date = str(G.nodes[paper].get("date") or "") if paper in G else ""
            found.append((date, split_key(u)[1], u, roles[rel]))
    found.sort(key=lambda f: (_desc(f[0]), f[1]))
    return [claim_row(G, u, hrefs, role) for _, _, u, role in found[:limit]], len(found)


def _desc(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


# --------------------------------------------------------------------------- analytics, as page rows

RELATION_WORDS = {"proposes": "proposes it", "compares": "compares with it", "uses": "uses it",
                  "mentions": "mentions it", "related": "shares its neighbourhood"}


def cites_like_rows(G: nx.MultiDiGraph, method: str, hrefs: Hrefs,
                    src: Sources | None = None) -> list[CitesLike]:
    """``paperkg.graph.analytics.cites_like`` (or ``src.cites``) as links with readable reasons."""
    src = src or Sources()
    found = src.cites(method) if src.cites else cites_like(G, method, meta=src.meta)
    rows = []
    for r in found:
        key = f"Paper:{r.id}"
        paper = link(G, key, hrefs) if key in G else Link(key, "Paper", r.title or r.id)
        reasons = [RELATION_WORDS.get(r.relation, r.relation)]
        if r.evidence:
            reasons.append(r.evidence if not r.direct else f"\u201c{r.evidence}\u201d")
        rows.append(CitesLike(paper, r.score, reasons, r.relation, r.direct))
    return rows


def related_rows(G: nx.MultiDiGraph, method: str, hrefs: Hrefs, co_use: nx.Graph,
                 limit: int = 12) -> list[Related]:
    """Methods named in the same papers, most shared papers first.

    ``co_use`` (:func:`paperkg.graph.analytics.stats.method_co_use`) is computed once per site:
    per-method similarity would cost a pass over the neighbourhood for every page.
    """
    if method not in co_use:
        return []
    pairs = sorted(co_use[method].items(),
                   key=lambda kv: (-kv[1].get("weight", 1), name_of(G, kv[0]).lower()))
    rows = []
    for other, d in pairs[:limit]:
        n = int(d.get("weight", 1))
        why = f"named together in {n} paper{'s' if n != 1 else ''}"
        rows.append(Related(link(G, other, hrefs), float(n), why))
    return rows


def boards(G: nx.MultiDiGraph, dataset: str, hrefs: Hrefs,
           src: Sources | None = None) -> tuple[list[Board], int]:
    """``paperkg.graph.analytics.leaderboard``: per metric and unit, comparable scores ranked, the other
    results listed apart with why (the rules of ``paperkg leaderboard`` and the named query).

    At most ``MAX_BOARDS`` boards (the ones with most scores) and ``BOARD_ROWS`` rows of scores and of
    rows apart: a hub dataset has tens of thousands of results, and a page that long would neither load
    fast nor be read. Returns the boards and how many there were.
    """
    src = src or Sources()
    board = src.boards(dataset) if src.boards else leaderboard(G, dataset)
    cap = min(src.board_rows, src.rows)
    out = []
    for b in board.boards[: src.max_boards]:
        mkey = f"Metric:{b.metric_id}" if b.metric_id else None

        def rows(items: list[LeaderRow]) -> list[BoardRow]:
            return [BoardRow(claim_row(G, f"Claim:{r.claim_id}", hrefs), r.rank, r.standing,
                             STANDINGS.get(r.standing, r.standing), as_extracted(r))
                    for r in items[:cap] if f"Claim:{r.claim_id}" in G]

        # A board fetched with a limit counts its rows in total_scores / total_apart.
        out.append(Board(link(G, mkey, hrefs) if mkey and mkey in G else None, b.metric,
                         unit_label(b.unit) if b.scores else "", b.direction, rows(b.scores), rows(b.apart),
                         b.ranked, b.note, max(len(b.scores), b.total_scores),
                         max(len(b.apart), b.total_apart)))
    return out, len(board.boards)


def ranked(G: nx.MultiDiGraph, label: str, hrefs: Hrefs, limit: int | None = None) -> list[Ranked]:
    rows = [Ranked(link(G, n, hrefs), paper_count(G, n)) for n in nodes_of(G, label)]
    rows.sort(key=lambda r: (-r.count, r.item.name.lower()))
    return rows[:limit] if limit else rows


# --------------------------------------------------------------------------- page views

_WORD_ORDER = {"proposes": 0, "compares": 1, "uses": 2, "mentions": 3}


def _paper_order(rels: list[tuple[str, dict]]) -> int:
    """Proposing papers lead, then those comparing with the entity, using it, mentioning it (cites-like's
    tiers); any other relation (evaluates on, measures) after proposing."""
    return min(_WORD_ORDER.get(relation_word(r, d), 1) for r, d in rels)


def entity_view(G: nx.MultiDiGraph, key: str, hrefs: Hrefs, co_use: nx.Graph | None = None,
                src: Sources | None = None) -> EntityView:
    src = src or Sources()
    label = label_of(G, key)
    rels = paper_relations(G, key)
    order = sorted(rels.items(), key=lambda pr: (_paper_order(pr[1]), name_of(G, pr[0]).lower()))
    papers = [(link(G, p, hrefs), list(dict.fromkeys(relation_word(r, d) for r, d in rs)))
              for p, rs in order[: src.rows]]
    claims, claims_total = entity_claims(G, key, hrefs, src.rows)
    totals = src.totals.get(key, {})
    view = EntityView(key, label, name_of(G, key), aliases_of(G, key), papers, claims=claims,
                      claims_total=totals.get("claims", claims_total),
                      papers_total=max(len(rels), totals.get("papers", 0)))
    if label == "Metric":
        view.direction = str(G.nodes[key].get("direction") or "")
    if label == "Method":
        view.cites_like = cites_like_rows(G, key, hrefs, src)
        view.cites_note = "" if key in src.cites_ranked else src.cites_note.format(name=_quoted(view.name))
        co = src.co_use if src.co_use is not None else co_use
        view.related = related_rows(G, key, hrefs, method_co_use(G) if co is None else co)
        beats, beaten = _out(G, key, "OUTPERFORMS"), _in(G, key, "OUTPERFORMS")
        view.outperforms = [(link(G, v, hrefs), _claim_of(G, d, hrefs)) for v, d in beats[: src.rows]]
        view.outperformed_by = [(link(G, u, hrefs), _claim_of(G, d, hrefs)) for u, d in beaten[: src.rows]]
        view.outperforms_total = totals.get("outperforms", len(beats))
        view.outperformed_by_total = totals.get("outperformed_by", len(beaten))
    if label == "Dataset":
        view.boards, view.boards_total = boards(G, key, hrefs, src)
    if label in CHART_LABELS:
        charts(G, view, hrefs, src.trends if src.trends is not None else trend_source(G, [key], rising=False))
    return view


def charts(G: nx.MultiDiGraph, view: EntityView, hrefs: Hrefs, source: TrendSource) -> None:
    """The page's papers per month and, on a dataset, its best value per month (see viz/site_trends.py)."""
    view.papers_chart = papers_chart(source, view.key, view.papers_total)
    series = source.best.get(view.key)
    if view.label == "Dataset" and series is not None:
        mkey = f"Metric:{series.metric_id}"
        metric = link(G, mkey, hrefs) if mkey in G else Link(mkey, "Metric", series.metric)
        view.best_chart = best_chart(source, view.key, metric)


def _quoted(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").isalnum() else '"' + name.replace('"', '\\"') + '"'


def _claim_of(G: nx.MultiDiGraph, edge: dict, hrefs: Hrefs) -> ClaimRow | None:
    cid = edge.get("claim_id")
    key = f"Claim:{cid}" if cid else None
    return claim_row(G, key, hrefs) if key and key in G else None


def paper_view(G: nx.MultiDiGraph, key: str, hrefs: Hrefs) -> PaperView:
    d = G.nodes[key]
    pid = split_key(key)[1]
    title = str(d.get("title") or pid)
    abstract = str(d.get("abstract") or "")
    entities: dict[str, dict[str, EntityMention]] = {"Method": {}, "Dataset": {}, "Metric": {}}
    spans: dict[str, list[tuple[int, int, str | None, str | None]]] = {"title": [], "abstract": []}
    repositories = []
    for _, v, e in G.out_edges(key, data=True):
        rel = e.get("type")
        vlabel = label_of(G, v)
        if rel == "HAS_CODE":
            repositories.append(link(G, v, hrefs))
            continue
        if rel not in ENTITY_RELS or vlabel not in entities:
            continue
        mention = entities[vlabel].setdefault(v, EntityMention(link(G, v, hrefs), [], []))
        word = relation_word(rel, e)
        mention.relations.append(word)
        ev = dict(e)
        ev.setdefault("paper_id", pid)
        if ev.get("sentence"):
            segments = sentence_segments(G, ev, vlabel)
            mention.evidence.append(Evidence(word, str(e.get("field") or ""), segments))
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int) and e.get("field") in spans:
            spans[e["field"]].append((e["start"], e["end"], vlabel, hrefs(v)))
    claims = [claim_row(G, c, hrefs) for c, _ in _out(G, key, "REPORTS")]
    claims.sort(key=lambda r: _claim_order(r.id))
    for c, _ in _out(G, key, "REPORTS"):
        cd = G.nodes[c]
        if isinstance(cd.get("start"), int) and isinstance(cd.get("end"), int) and cd.get("field") in spans:
            spans[cd["field"]].append((cd["start"], cd["end"], "Claim", None))
    ordered = {lab: sorted(ms.values(), key=lambda m: ("proposes" not in m.relations, m.entity.name.lower()))
               for lab, ms in entities.items()}
    meta = {}
    for prop, shown in (("date", "Date"), ("year", "Year"), ("upvotes", "Upvotes"), ("arxiv_id", "arXiv"),
                        ("doi", "DOI"), ("authors_count", "Authors"), ("listed", "Listed"),
                        ("comments", "Comments")):
        value = d.get(prop)
        if value not in (None, "", []):
            meta[shown] = str(value)
    if d.get("categories"):
        meta["Categories"] = ", ".join(map(str, d["categories"]))
    if d.get("keywords"):  # the source's own topics (Hugging Face's ai_keywords), not extracted entities
        meta["Source keywords"] = ", ".join(map(str, d["keywords"]))
    url = d.get("url")
    safe_url = str(url) if isinstance(url, str) and url.startswith(("https://", "http://")) else None
    return PaperView(key, pid, highlight(title, spans["title"]), title,
                     highlight(abstract, spans["abstract"]), meta, safe_url,
                     [str(a) for a in d.get("authors") or []], ordered, claims, repositories)


def _claim_order(cid: str) -> tuple[int, str]:
    tail = cid.rpartition("#")[2]
    return (int(tail), cid) if tail.isdigit() else (1 << 30, cid)


def index_view(G: nx.MultiDiGraph, hrefs: Hrefs, top: int = 12, counts: dict[str, int] | None = None,
               papers: Iterable[str] | None = None, rising: Trends | None = None) -> IndexView:
    """Counts, the entities with the most papers, the newest papers, the rising methods.

    ``counts`` (nodes per label) is given when ``G`` holds only part of the graph; ``papers``
    restricts the newest papers to those that have a page; ``rising`` (the methods of the last
    ``INDEX_WINDOW`` months against the months before) is computed from ``G`` when not given.
    """
    if counts is None:
        found: dict[str, int] = defaultdict(int)
        for n in G.nodes:
            found[label_of(G, n)] += 1
        counts = dict(found)
    top_rows = {label: ranked(G, label, hrefs, top) for label in ("Method", "Dataset", "Metric")}
    candidates = list(papers) if papers is not None else nodes_of(G, "Paper")
    candidates.sort(key=lambda p: (str(G.nodes[p].get("date") or ""), name_of(G, p)), reverse=True)
    recent = [link(G, p, hrefs) for p in candidates[:top]]
    view = IndexView(counts=dict(counts), top=top_rows, recent=recent)
    t = rising if rising is not None else trends(G, "Method", INDEX_WINDOW, INDEX_RISING)
    view.rising_window, view.rising_notes = t.window, list(t.notes)
    if t.last_window:
        view.rising_span = (f"{t.last_window[0]} to {t.last_window[1]} against "
                            f"{t.previous_window[0]} to {t.previous_window[1]}")
    for r in t.rising:
        key = f"Method:{r.id}"
        item = link(G, key, hrefs) if key in G else Link(key, "Method", r.name)
        view.rising.append(RisingRow(item, r.previous, r.last, r.growth))
    return view
