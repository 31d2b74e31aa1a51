"""Load the typed ``networkx.MultiDiGraph`` into Neo4j with batched, idempotent MERGE statements.

Every statement goes through :meth:`Neo4jLoader._send`, the only place that touches the driver,
so tests can swap in a recording driver and compare the exact statements and parameters with
reviewed snapshots, and Neo4j's own Cypher parser can check each one offline.

The statement plan is a pure function of the graph: constraints and indexes first, then nodes per
label, then relationships per (type, from label, to label), rows sorted by id, split into batches.
Nodes and relationships are MERGEd on their keys (OUTPERFORMS on its claim id, since one pair of
methods can have several claims), so loading twice, or re-running a load that was interrupted,
converges to the same graph without duplicates. Properties are sent for every schema field;
a missing one is sent as null, which removes a stale value left by an earlier load.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from neo4j import RoutingControl

from paperkg.cypher.neo4j.errors import DRIVER_ERRORS, explain
from paperkg.cypher.neo4j.indexes import REL_MERGE_KEYS, schema_statements
from paperkg.graph.schema import NODE_BY_LABEL, NODES, REL_BY_NAME, RELS

DEFAULT_BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class Statement:
    """One round trip: a Cypher statement, its parameters and what it writes."""

    query: str
    params: dict[str, Any]
    kind: str  # "schema", "nodes" or "rels"
    target: str  # a label, "TYPE(From->To)" or the DDL's object name
    rows: int = 0


@dataclass(slots=True)
class LoadPlan:
    statements: list[Statement]
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count, never silently dropped

    def batches(self) -> int:
        return sum(1 for s in self.statements if s.kind != "schema")

    def rows_by_target(self, kind: str) -> dict[str, int]:
        out: Counter[str] = Counter()
        for s in self.statements:
            if s.kind == kind:
                out[s.target] += s.rows
        return dict(out)

    def groups(self) -> list[dict[str, Any]]:
        """Each distinct statement once with its batch and row counts (what ``--dry-run`` prints)."""
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for s in self.statements:
            g = seen.setdefault((s.kind, s.query), {"kind": s.kind, "target": s.target, "query": s.query,
                                                    "batches": 0, "rows": 0})
            g["batches"] += 1
            g["rows"] += s.rows
        return list(seen.values())


@dataclass(slots=True)
class LoadSummary:
    database: str | None
    statements: int
    batches: int
    nodes: dict[str, int]
    rels: dict[str, int]
    missing_endpoints: dict[str, int]  # rows whose MATCH found no end node (a graph/store mismatch)
    skipped: dict[str, int]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _node_label(key: str, attrs: dict[str, Any]) -> str:
    return attrs.get("label") or key.split(":", 1)[0]


def _node_id(key: str, attrs: dict[str, Any]) -> str:
    value = attrs.get("id")
    return str(value) if value not in (None, "") else key.split(":", 1)[1]


def _value(v: Any) -> Any:
    """Neo4j stores scalars and homogeneous lists; tuples and sets become lists (sets sorted)."""
    if isinstance(v, set | frozenset):
        return sorted(v)
    if isinstance(v, tuple):
        return list(v)
    return v


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def node_query(label: str) -> str:
    key = NODE_BY_LABEL[label].key
    return (f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.id}}) SET n += row.props"
            " RETURN count(*) AS merged")


def rel_query(rel: str, src: str, dst: str) -> str:
    rt = REL_BY_NAME[rel]
    src_key, dst_key = NODE_BY_LABEL[src].key, NODE_BY_LABEL[dst].key
    merge_key = REL_MERGE_KEYS.get(rel)
    rel_pattern = f"[r:{rel} {{{merge_key}: row.{merge_key}}}]" if merge_key else f"[r:{rel}]"
    has_props = any(p.name != merge_key for p in rt.props)
    set_props = " SET r += row.props" if has_props else ""
    return (f"UNWIND $rows AS row MATCH (a:{src} {{{src_key}: row.src}}) "
            f"MATCH (b:{dst} {{{dst_key}: row.dst}}) MERGE (a)-{rel_pattern}->(b){set_props}"
            " RETURN count(*) AS merged")


def rel_target(rel: str, src: str, dst: str) -> str:
    return f"{rel}({src}->{dst})"


def plan_load(graph: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE,
              with_schema: bool = True) -> LoadPlan:
    """The statements that load ``graph``, in a deterministic order."""
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    skipped: Counter[str] = Counter()
    statements: list[Statement] = []
    if with_schema:
        for ddl in schema_statements():
            words = ddl.split()
            statements.append(Statement(ddl, {}, "schema", words[words.index("IF") - 1]))  # its name

    node_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ids: dict[Any, tuple[str, str]] = {}
    for key, attrs in graph.nodes(data=True):
        label = _node_label(str(key), attrs)
        node = NODE_BY_LABEL.get(label)
        if node is None:
            skipped[f"node with unknown label {label!r}"] += 1
            continue
        nid = _node_id(str(key), attrs)
        ids[key] = (label, nid)
        props = {p.name: _value(attrs.get(p.name)) for p in node.props if p.name != node.key}
        node_rows[label].append({"id": nid, "props": props})
    for node in NODES:
        rows = sorted(node_rows.get(node.label, []), key=lambda r: r["id"])
        for chunk in _chunks(rows, batch_size):
            statements.append(Statement(node_query(node.label), {"rows": chunk}, "nodes", node.label,
                                        len(chunk)))

    rel_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        rel = attrs.get("type") or str(key).split(":", 1)[0]
        rt = REL_BY_NAME.get(rel)
        if rt is None:
            skipped[f"relationship with unknown type {rel!r}"] += 1
            continue
        if u not in ids or v not in ids:
            skipped[f"{rel} relationship whose end node was skipped"] += 1
            continue
        (src, src_id), (dst, dst_id) = ids[u], ids[v]
        if (src, dst) not in rt.ends:
            skipped[f"{rel} relationship from {src} to {dst} (not in the schema)"] += 1
            continue
        merge_key = REL_MERGE_KEYS.get(rel)
        row: dict[str, Any] = {"src": src_id, "dst": dst_id}
        if merge_key:
            mk = attrs.get(merge_key)
            if mk in (None, ""):
                skipped[f"{rel} relationship without {merge_key}"] += 1
                continue
            row[merge_key] = str(mk)
        props = {p.name: _value(attrs.get(p.name)) for p in rt.props if p.name != merge_key}
        if props:
            row["props"] = props
        rel_rows[(rel, src, dst)].append(row)
    for rt in RELS:
        mk = REL_MERGE_KEYS.get(rt.name)
        for src, dst in rt.ends:
            rows = sorted(rel_rows.get((rt.name, src, dst), []),
                          key=lambda r: (r["src"], r["dst"], r.get(mk, "") if mk else ""))
            for chunk in _chunks(rows, batch_size):
                statements.append(Statement(rel_query(rt.name, src, dst), {"rows": chunk}, "rels",
                                            rel_target(rt.name, src, dst), len(chunk)))
    return LoadPlan(statements, dict(sorted(skipped.items())))


def _merged_count(result: Any) -> int | None:
    """``merged`` from an EagerResult (or anything with ``records``), None when absent."""
    records = getattr(result, "records", None)
    if not records:
        return None
    first = records[0]
    try:
        return int(first["merged"])
    except (KeyError, TypeError, ValueError, IndexError):
        return None


class Neo4jLoader:
    """Send a :class:`LoadPlan` to Neo4j, one managed write transaction per batch.

    ``driver_or_session_factory`` is a ``neo4j.Driver`` (statements go through
    ``execute_query``, which retries transient errors) or a zero-argument callable returning a
    session (statements go through ``session.execute_write``, also retried).
    """

    def __init__(self, driver_or_session_factory: Any, database: str | None = None,
                 batch_size: int = DEFAULT_BATCH_SIZE, target: str = "the configured server") -> None:
        if batch_size < 1:
            raise ValueError("batch size must be at least 1")
        self._driver = driver_or_session_factory
        self.database = database
        self.batch_size = batch_size
        self.target = target

    def _send(self, stmt: Statement) -> Any:
        """The one seam between paperkg and the Neo4j driver."""
        if hasattr(self._driver, "execute_query"):
            return self._driver.execute_query(stmt.query, parameters_=stmt.params,
                                              database_=self.database, routing_=RoutingControl.WRITE)

        def work(tx: Any) -> list[Any]:
            return list(tx.run(stmt.query, stmt.params))

        with self._driver() as session:
            return _Records(session.execute_write(work))

    def check_connection(self) -> None:
        """Fail fast when the server is down or the login is wrong.

        Without this a dead server costs the driver's whole retry budget (30 s) before the first
        statement gives up. Sends no statement, so the recorded statements stay the plan.
        """
        verify = getattr(self._driver, "verify_connectivity", None)
        if verify is None:
            return
        try:
            verify()
        except DRIVER_ERRORS as exc:
            raise explain(exc, self.target, "connecting") from exc

    def load_plan(self, plan: LoadPlan, progress: Callable[[int, int, Statement], None] | None = None
                  ) -> LoadSummary:
        started = time.perf_counter()
        self.check_connection()
        missing: Counter[str] = Counter()
        total = len(plan.statements)
        for i, stmt in enumerate(plan.statements, 1):
            doing = f"loading {stmt.target} (statement {i} of {total})"
            try:
                result = self._send(stmt)
            except DRIVER_ERRORS as exc:
                raise explain(exc, self.target, doing) from exc
            merged = _merged_count(result)
            if stmt.kind == "rels" and merged is not None and merged < stmt.rows:
                missing[stmt.target] += stmt.rows - merged
            if progress:
                progress(i, total, stmt)
        return LoadSummary(
            database=self.database,
            statements=total,
            batches=plan.batches(),
            nodes=plan.rows_by_target("nodes"),
            rels=plan.rows_by_target("rels"),
            missing_endpoints=dict(sorted(missing.items())),
            skipped=plan.skipped,
            seconds=round(time.perf_counter() - started, 3),
        )

    def load_graph(self, graph: nx.MultiDiGraph, with_schema: bool = True,
                   progress: Callable[[int, int, Statement], None] | None = None) -> LoadSummary:
        return self.load_plan(plan_load(graph, self.batch_size, with_schema), progress)


@dataclass(slots=True)
class _Records:
    """The ``records`` shape of an EagerResult, for the session path."""

    records: list[Any]
