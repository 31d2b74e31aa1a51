"""A recording stand-in for the Neo4j driver, and a small hand-made graph to load.

The recorder has exactly the surface the loader and backend use (``execute_query``,
``verify_connectivity`` and ``session().execute_write``) and answers with the driver's real
``EagerResult`` and ``Record`` types; errors it raises are the driver's real exception classes.
It cannot tell whether Neo4j would accept a statement: that is the Cypher linter's job
(test_neo4j_lint.py) and, where a server exists, the integration test's.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from neo4j import EagerResult, Record, RoutingControl


@dataclass
class Call:
    query: str
    params: dict[str, Any]
    database: str | None
    routing: str

    def as_json(self) -> dict[str, Any]:
        return {"query": self.query, "params": self.params}


@dataclass
class RecordingDriver:
    """Records every statement; ``fail_at`` (1-based call number) raises ``error`` there."""

    error: BaseException | None = None
    fail_at: int | None = None
    respond: Callable[[str, dict[str, Any]], EagerResult] | None = None
    connect_error: BaseException | None = None  # raised by verify_connectivity
    calls: list[Call] = field(default_factory=list)
    closed: bool = False
    verified: int = 0

    def _answer(self, query: str, params: dict[str, Any], database: str | None, routing: Any) -> EagerResult:
        routing = str(getattr(routing, "value", routing))
        self.calls.append(Call(query, copy.deepcopy(params), database, routing))
        if self.error is not None and (self.fail_at is None or len(self.calls) == self.fail_at):
            raise self.error
        if self.respond is not None:
            return self.respond(query, params)
        rows = params.get("rows")
        if rows is None:
            return EagerResult([], None, [])
        return EagerResult([Record({"merged": len(rows)})], None, ["merged"])

    def execute_query(self, query_: str, parameters_: dict[str, Any] | None = None,
                      routing_: Any = RoutingControl.WRITE, database_: str | None = None,
                      **kwargs: Any) -> EagerResult:
        assert not kwargs, f"unexpected execute_query arguments {sorted(kwargs)}"
        return self._answer(query_, parameters_ or {}, database_, routing_)

    def verify_connectivity(self, **config: Any) -> None:
        self.verified += 1
        if self.connect_error is not None:
            raise self.connect_error

    def session(self, **config: Any) -> RecordingSession:
        return RecordingSession(self, config.get("database"))

    def close(self) -> None:
        self.closed = True


class _Tx:
    def __init__(self, driver: RecordingDriver, database: str | None) -> None:
        self._driver, self._database = driver, database

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[Record]:
        return list(self._driver._answer(query, params or {}, self._database, RoutingControl.WRITE).records)


class RecordingSession:
    def __init__(self, driver: RecordingDriver, database: str | None) -> None:
        self._driver, self._database = driver, database

    def __enter__(self) -> RecordingSession:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute_write(self, work: Callable[[_Tx], Any]) -> Any:
        return work(_Tx(self._driver, self._database))


TEST_PREFIX = "paperkg-test-"


def _ev(paper: str, sentence: str, start: int, end: int, field_: str = "abstract") -> dict[str, Any]:
    return {"paper_id": paper, "sentence": sentence, "field": field_, "start": start, "end": end}


def small_graph(prefix: str = "") -> nx.MultiDiGraph:
    """Two papers, shared entities, two claims for one method pair, a repository.

    Three methods and three USES rows, so a batch size of 2 splits them.

    ``prefix`` is put before every id, so the integration test can clean up only what it wrote.
    Node insertion order is deliberately not sorted: the loader must sort.
    """
    p = prefix
    g = nx.MultiDiGraph()

    def node(label: str, id_: str, **props: Any) -> str:
        key = f"{label}:{p}{id_}"
        g.add_node(key, label=label, id=f"{p}{id_}", **props)
        return key

    def edge(u: str, v: str, rel: str, key: str | None = None, **props: Any) -> None:
        g.add_edge(u, v, key=key or rel, type=rel, **props)

    p2 = node("Paper", "2402.00002", title="Tiny Adapters", abstract="We propose TinyAdapter. It beats LoRA.",
              date="2024-02-01", year=2024, upvotes=7, authors_count=1, authors=["B. Author"],
              url="https://arxiv.org/abs/2402.00002", arxiv_id="2402.00002", doi=None,
              categories=["cs.CL"], keywords=[], sources=["hf-daily"])
    p1 = node("Paper", "2401.00001", title="Low-Rank Adaptation Revisited", abstract="We study LoRA on GLUE.",
              date="2024-01-15", year=2024, upvotes=12, authors_count=2, authors=["A. One", "C. Two"],
              url="https://arxiv.org/abs/2401.00001", arxiv_id="2401.00001", doi="10.1/xyz",
              categories=("cs.CL", "cs.LG"), keywords=["adaptation"], comments=4, listed="2024-01-16",
              sources=["hf-daily"])
    tiny = node("Method", "tinyadapter", name="TinyAdapter", aliases=[], papers=1)
    lora = node("Method", "lora", name="LoRA", aliases=["Low-Rank Adaptation"], papers=2)
    bert = node("Method", "bert", name="BERT", aliases=[], papers=1)
    glue = node("Dataset", "glue", name="GLUE", aliases=[], papers=2)
    acc = node("Metric", "accuracy", name="accuracy", aliases=["acc"], papers=1, direction="higher")
    c1 = node("Claim", "2402.00002#1", value="+2.1", number=2.1, unit="points", kind="improvement",
              method="TinyAdapter", dataset="GLUE", metric="accuracy", baseline="LoRA",
              **_ev(f"{p}2402.00002", "It beats LoRA by 2.1 points on GLUE.", 30, 66))
    c0 = node("Claim", "2402.00002#0", value="91.0", number=91.0, unit="%", kind="absolute",
              method="TinyAdapter", dataset="GLUE", metric="accuracy", baseline="LoRA",
              **_ev(f"{p}2402.00002", "TinyAdapter reaches 91.0% accuracy, above LoRA.", 0, 44))
    repo = node("Repository", "github.com/example/tiny", url="https://github.com/example/tiny",
                host="github.com")

    s2 = "We propose TinyAdapter."
    edge(p2, tiny, "PROPOSES", **_ev(f"{p}2402.00002", s2, 11, 22))
    edge(p2, lora, "USES", mentions=2, relation="compares",
         **_ev(f"{p}2402.00002", "It beats LoRA.", 9, 13))
    edge(p1, lora, "USES", mentions=3, relation="mentions",
         **_ev(f"{p}2401.00001", "We study LoRA on GLUE.", 9, 13))
    edge(p1, bert, "USES", mentions=1, relation="uses",
         **_ev(f"{p}2401.00001", "LoRA on BERT", 0, 4, "title"))
    edge(p1, glue, "EVALUATES_ON", mentions=1, **_ev(f"{p}2401.00001", "We study LoRA on GLUE.", 17, 21))
    edge(p2, glue, "EVALUATES_ON", mentions=1, **_ev(f"{p}2402.00002", "on GLUE", 3, 7))
    edge(p2, acc, "MEASURES", mentions=1, **_ev(f"{p}2402.00002", "accuracy", 0, 8))
    for c in (c1, c0):
        edge(p2, c, "REPORTS")
        edge(c, tiny, "OF")
        edge(c, glue, "ON")
        edge(c, acc, "IN")
        edge(c, lora, "AGAINST")
    edge(tiny, lora, "OUTPERFORMS", key=f"OUTPERFORMS:{p}2402.00002#1", claim_id=f"{p}2402.00002#1",
         **_ev(f"{p}2402.00002", "It beats LoRA by 2.1 points on GLUE.", 30, 66))
    edge(tiny, lora, "OUTPERFORMS", key=f"OUTPERFORMS:{p}2402.00002#0", claim_id=f"{p}2402.00002#0",
         **_ev(f"{p}2402.00002", "TinyAdapter reaches 91.0% accuracy, above LoRA.", 0, 44))
    edge(p2, repo, "HAS_CODE", **_ev(f"{p}2402.00002", "Code: https://github.com/example/tiny", 6, 36))
    return g


SNAPSHOTS = Path(__file__).parent / "snapshots"


def check_snapshot(name: str, data: Any) -> None:
    """Compare ``data`` with snapshots/NAME.json; PAPERKG_UPDATE_SNAPSHOTS=1 rewrites it (review the diff)."""
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    if os.environ.get("PAPERKG_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; create it with PAPERKG_UPDATE_SNAPSHOTS=1 and review it"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert json.loads(text) == expected, (
        f"statements differ from {path}; if the change is intended, rerun with "
        "PAPERKG_UPDATE_SNAPSHOTS=1 and review the diff")
