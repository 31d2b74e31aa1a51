"""What a paper leaves in the store, reduced to one hash, so that a re-build can say which papers it
added, which it changed and which it left as they were.

A paper's *footprint* is its Paper row (every property but ``sources``), the edges leaving it, the
claims it reports with their edges, and the OUTPERFORMS edges derived from those claims, each with all
its properties. Entity nodes are not part of it: their names and paper counts belong to every paper
that names them. ``sources`` is a set that grows (a paper read from a second file keeps the first), so
a paper is changed by a re-build only when it brings a source the store does not list yet.

The same function hashes the rows a build is about to write (``paperkg.cypher.ladybug.upsert.graph_rows``
of a fragment) and the rows read back from the store, so both sides are reduced alike.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from paperkg.graph.schema import NODE_BY_LABEL, RELS
from paperkg.util.cypher_names import q

NodeRows = dict[str, list[dict]]  # label -> rows (every property of the label present)
EdgeRows = dict[tuple[str, str, str], list[dict]]  # (type, from label, to label) -> {src, dst, props}
CHUNK = 5000  # ids per read-back statement


class _Runs(Protocol):
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> Any: ...


@dataclass(frozen=True, slots=True)
class Footprint:
    digest: str  # everything but the sources
    sources: frozenset[str]


@dataclass(slots=True)
class Changes:
    """Papers of one write, split by what the write does to them."""

    added: list[str] = field(default_factory=list)  # not in the store before
    updated: list[str] = field(default_factory=list)  # in it, and now different
    unchanged: list[str] = field(default_factory=list)  # in it, exactly as the write would leave them


def _norm(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return sorted(str(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _line(kind: str, row: dict, skip: Iterable[str] = ()) -> str:
    drop = set(skip)
    return json.dumps([kind, {k: _norm(v) for k, v in row.items() if k not in drop}],
                      sort_keys=True, ensure_ascii=False, default=str)


def footprints(nodes: NodeRows, edges: EdgeRows) -> dict[str, Footprint]:
    """Paper id -> its footprint, for every Paper row in ``nodes``."""
    papers = {r["id"]: r for r in nodes.get("Paper", ())}
    lines: dict[str, list[str]] = {pid: [_line("Paper", r, skip=("sources",))] for pid, r in papers.items()}
    claim_of: dict[str, str] = {}  # claim id -> paper id
    for (rel, a, b), rows in edges.items():
        if a != "Paper":
            continue
        for r in rows:
            if r["src"] in lines:
                lines[r["src"]].append(_line(f"{rel}>{b}", r))
                if rel == "REPORTS":
                    claim_of[r["dst"]] = r["src"]
    claims = {r["id"]: r for r in nodes.get("Claim", ())}
    for cid, pid in claim_of.items():
        if cid in claims:
            lines[pid].append(_line("Claim", claims[cid]))
    for (rel, a, b), rows in edges.items():
        for r in rows:
            if a == "Claim" and r["src"] in claim_of:
                lines[claim_of[r["src"]]].append(_line(f"{rel}>{b}", r))
            elif rel == "OUTPERFORMS" and r.get("paper_id") in lines:
                lines[r["paper_id"]].append(_line(rel, r))
    out = {}
    for pid, ls in lines.items():
        digest = hashlib.sha256("\n".join(sorted(ls)).encode("utf-8")).hexdigest()
        out[pid] = Footprint(digest, frozenset(str(s) for s in papers[pid].get("sources") or ()))
    return out


def _node_rows(store: _Runs, label: str, ids: list[str]) -> list[dict]:
    props = NODE_BY_LABEL[label].props
    cols = ", ".join(f"n.{q(p.name)}" for p in props)
    res = store.run(f"MATCH (n:{q(label)}) WHERE n.id IN $ids RETURN {cols}", {"ids": ids})
    return [{p.name: v for p, v in zip(props, row, strict=True)} for row in res.rows]


def _edge_rows(store: _Runs, rel: str, a: str, b: str, where: str, ids: list[str]) -> list[dict]:
    props = next(r for r in RELS if r.name == rel).props
    cols = "".join(f", e.{q(p.name)}" for p in props)
    cypher = f"MATCH (x:{q(a)})-[e:{q(rel)}]->(y:{q(b)}) WHERE {where} IN $ids RETURN x.id, y.id{cols}"
    res = store.run(cypher, {"ids": ids})
    return [{"src": row[0], "dst": row[1], **{p.name: v for p, v in zip(props, row[2:], strict=True)}}
            for row in res.rows]


def stored_footprints(store: _Runs, paper_ids: Iterable[str]) -> dict[str, Footprint]:
    """The footprints of those of ``paper_ids`` that the store holds, read back in a few statements."""
    ids = sorted(set(paper_ids))
    out: dict[str, Footprint] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        nodes: NodeRows = defaultdict(list)
        edges: EdgeRows = {}
        nodes["Paper"] = _node_rows(store, "Paper", chunk)
        if not nodes["Paper"]:
            continue
        for rt in RELS:
            for a, b in rt.ends:
                if a == "Paper":
                    edges[(rt.name, a, b)] = _edge_rows(store, rt.name, a, b, "x.id", chunk)
        claim_ids = sorted({r["dst"] for (rel, _, _), rs in edges.items() if rel == "REPORTS" for r in rs})
        if claim_ids:
            nodes["Claim"] = _node_rows(store, "Claim", claim_ids)
        for rt in RELS:
            for a, b in rt.ends:
                if a == "Claim" and claim_ids:
                    edges[(rt.name, a, b)] = _edge_rows(store, rt.name, a, b, "x.id", claim_ids)
                elif rt.name == "OUTPERFORMS":
                    edges[(rt.name, a, b)] = _edge_rows(store, rt.name, a, b, "e.paper_id", chunk)
        out.update(footprints(nodes, edges))
    return out


def classify(before: dict[str, Footprint], after: dict[str, Footprint]) -> Changes:
    """Split the papers of ``after`` (about to be written) by their footprint ``before`` (stored)."""
    out = Changes()
    for pid in sorted(after):
        old, new = before.get(pid), after[pid]
        if old is None:
            out.added.append(pid)
        elif old.digest == new.digest and new.sources <= old.sources:
            out.unchanged.append(pid)
        else:
            out.updated.append(pid)
    return out
