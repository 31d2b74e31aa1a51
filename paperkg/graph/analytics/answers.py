"""Typed answers of the analytics functions.

Every answer is a dataclass with ``to_dict()`` so the CLI's ``--json`` output is the dataclass itself,
field for field: what the tables show and what scripts read never drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class _AsDict:
    def to_dict(self: DataclassInstance) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Match(_AsDict):
    """A name resolved to one node. ``matched_on`` is 'id', 'name', 'alias' or 'key' (letters+digits)."""

    key: str
    id: str
    label: str
    name: str
    matched_on: str


@dataclass(slots=True)
class Suggestions(_AsDict):
    """Nothing matched ``query``: the closest names instead, best first (possibly empty)."""

    query: str
    label: str
    names: list[str] = field(default_factory=list)

    def message(self) -> str:
        what = (self.label or "entity").lower()
        text = f"no {what} named {self.query}"
        if self.names:
            text += "; did you mean: " + ", ".join(self.names) + "?"
        return text


@dataclass(slots=True)
class Ranked(_AsDict):
    """One paper related to a method.

    ``score`` is ``tier + fraction``: the tier (4 proposes, 3 compares, 2 uses, 1 mentions, 0 related)
    decides the order, the fraction in [0, 1) orders papers inside a tier, so scores compare across the list.
    """

    id: str
    title: str
    score: float
    relation: str
    direct: bool
    evidence: str
    tier: int
    shared: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SimilarMethod(_AsDict):
    """One method like the asked one, with the evidence its score is made of (docs/analytics.md).

    ``score`` = ``weight`` / (papers of the asked method) x ``specificity`` x ``confidence`` x
    (1 + ``context``), halved again and scaled by ``specificity`` when ``generic``. ``papers`` counts the
    independent papers of evidence: those naming both methods and those comparing them."""

    id: str
    name: str
    score: float
    papers: int = 0
    shared_papers: list[str] = field(default_factory=list)
    compared_papers: list[str] = field(default_factory=list)
    shared_datasets: list[str] = field(default_factory=list)
    shared_metrics: list[str] = field(default_factory=list)
    weight: float = 0.0
    specificity: float = 0.0
    confidence: float = 0.0
    context: float = 0.0
    generic: bool = False

    @property
    def reasons(self) -> str:
        n = len(self.shared_papers)
        parts = [f"{n} shared paper{'s' if n != 1 else ''} (weight {self.weight:.2f})"] if n else []
        if self.compared_papers:
            parts.append(f"compared in {len(self.compared_papers)}")
        for title, items in (("datasets", self.shared_datasets), ("metrics", self.shared_metrics)):
            if items:
                parts.append(f"{title}: " + ", ".join(items[:5]) + (" ..." if len(items) > 5 else ""))
        if self.generic:
            parts.append("generic term")
        return "; ".join(parts)


@dataclass(slots=True)
class LeaderRow(_AsDict):
    """One claim on a leaderboard. ``standing`` says how it may be compared (a key of
    ``leaderboard.STANDINGS``: only ``score`` rows are ranked); ``rank`` is its competition rank on a
    ranked board, else None. ``kind``, ``stated_metric`` and ``stated_dataset`` are the claim's kind,
    metric and dataset as the extractor wrote them, shown beside the standing so both can be read."""

    claim_id: str
    method: str
    method_id: str | None
    value: str
    number: float | None
    unit: str
    kind: str
    baseline: str | None
    paper_id: str
    title: str
    sentence: str
    standing: str = "score"
    rank: int | None = None
    stated_metric: str = ""
    stated_dataset: str = ""


@dataclass(slots=True)
class MetricBoard(_AsDict):
    """Claims on one dataset in one metric: its absolute values in one ``unit`` ('' for plain numbers).

    ``scores`` are the comparable absolute values, best first when ``direction`` is known ('higher' or
    'lower'); ``ranked`` is true when they are ranked (direction known, two scores or more), else ``note``
    says why not. ``apart`` holds the metric's other claims (gains, reductions, ratios, values without a
    unit), labelled by their ``standing`` and never ranked; they sit on the metric's board with the most
    scores (a metric without scores has one board, ``unit`` '', of such rows). The board of
    ``NO_METRIC`` holds the claims that name no metric. ``total_scores``/``total_apart`` count them all
    when a ``limit`` kept only the first rows of each."""

    metric: str
    metric_id: str | None
    direction: str
    unit: str
    ranked: bool
    note: str = ""
    scores: list[LeaderRow] = field(default_factory=list)
    apart: list[LeaderRow] = field(default_factory=list)
    total_scores: int = 0
    total_apart: int = 0

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MetricBoard:
        return cls(**{**d, "scores": [LeaderRow(**r) for r in d["scores"]],
                      "apart": [LeaderRow(**r) for r in d["apart"]]})


@dataclass(slots=True)
class Leaderboard(_AsDict):
    dataset: str
    dataset_id: str
    boards: list[MetricBoard] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Leaderboard:
        return cls(d["dataset"], d["dataset_id"], [MetricBoard.from_dict(b) for b in d["boards"]])


@dataclass(slots=True)
class TopItem(_AsDict):
    id: str
    name: str
    papers: int
    pagerank: float


@dataclass(slots=True)
class Community(_AsDict):
    size: int
    members: list[str]


@dataclass(slots=True)
class Rising(_AsDict):
    id: str
    name: str
    per_year: dict[int, int]
    growth: int


@dataclass(slots=True)
class Stats(_AsDict):
    nodes: dict[str, int]
    edges: dict[str, int]
    top_by_papers: dict[str, list[TopItem]]
    top_by_pagerank: dict[str, list[TopItem]]
    communities: list[Community]
    years: list[int]
    rising: list[Rising]
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Hop(_AsDict):
    source: str
    target: str
    relation: str
    sentence: str
    paper_id: str | None


@dataclass(slots=True)
class EvidencePath(_AsDict):
    source: str
    target: str
    found: bool
    nodes: list[str] = field(default_factory=list)
    hops: list[Hop] = field(default_factory=list)


@dataclass(slots=True)
class ClaimRef(_AsDict):
    claim_id: str
    paper_id: str
    title: str
    value: str
    number: float
    sentence: str


@dataclass(slots=True)
class Conflict(_AsDict):
    method: str
    dataset: str
    metric: str
    unit: str
    difference: float
    relative: float
    a: ClaimRef
    b: ClaimRef


@dataclass(slots=True)
class Trend(_AsDict):
    """One entity over two windows of months: its papers in the window before (``previous``) and in the
    last window (``last``), ``growth = last - previous``, its papers over every month (``total``) and
    papers per month over the answer's ``months`` (``per_month``, zeros included)."""

    id: str
    name: str
    previous: int
    last: int
    growth: int
    total: int
    per_month: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Trends(_AsDict):
    """Rising and fading entities of one label (see :mod:`paperkg.graph.analytics.trends`).

    ``months`` is the data's month range, every month from the first to the last dated paper;
    ``previous_window`` and ``last_window`` are the [first, last] months compared (empty when the data
    spans fewer than ``2 * window`` months); ``papers`` counts every paper, ``dated`` those with a month."""

    label: str
    window: int
    months: list[str]
    previous_window: list[str]
    last_window: list[str]
    papers: int
    dated: int
    rising: list[Trend] = field(default_factory=list)
    fading: list[Trend] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MonthSeries(_AsDict):
    """One entity's papers per month over the data's ``months`` (zeros included); ``total`` counts its
    papers with a month, ``undated`` those without one (left out of ``per_month``)."""

    id: str
    label: str
    name: str
    months: list[str]
    per_month: list[int]
    total: int
    undated: int
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MonthlyPapers(_AsDict):
    """Papers per month of many entities of one label, sparse: ``counts[entity id][month]``. ``months``
    is the data's month range (the same for every label)."""

    label: str
    months: list[str]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(slots=True)
class BestPoint(_AsDict):
    month: str
    value: float
    results: int  # absolute results of the series in that month


@dataclass(slots=True)
class BestPerMonth(_AsDict):
    """The best absolute value reported on a dataset per month, in one metric and unit: the metric with a
    known direction and the unit with the most dated absolute results there. Months without a result
    have no point (never a zero)."""

    dataset_id: str
    metric_id: str
    metric: str
    unit: str
    direction: str
    results: int
    points: list[BestPoint] = field(default_factory=list)
