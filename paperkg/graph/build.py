"""From (PaperRecord, Extraction) pairs to the typed ``networkx.MultiDiGraph`` of docs/graph conventions.

Papers are collected first and resolved together at :meth:`GraphBuilder.graph`, because an acronym
defined in one paper decides what a bare use of it means in another. Streaming builds resolve the
whole input first (entity names only) and then turn each batch of papers into a graph
*fragment* with :func:`fragment`; the union of the fragments is the graph :meth:`GraphBuilder.graph`
would give for the whole input, except ``papers`` counts, which the store recounts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from paperkg.extract.model import Entity, Extraction, Mention, Result
from paperkg.graph.context import paper_entities
from paperkg.graph.relations import COMPARES, USES, mention_relations, strongest
from paperkg.graph.resolve import Anchor, PaperLookup, Resolution, Resolver
from paperkg.graph.schema import NODE_BY_LABEL
from paperkg.sources.record import PaperRecord
from paperkg.util.names import variant_key

_FIELD_ORDER = {"title": 0, "abstract": 1}
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ENTITY_EDGE = {"Method": "USES", "Dataset": "EVALUATES_ON", "Metric": "MEASURES"}
_OUTPERFORM_KINDS = ("improvement", "absolute")


def node_key(label: str, id_: str) -> str:
    return f"{label}:{id_}"


def repository_id(url: str) -> tuple[str, str]:
    """A link's stable id (``github.com/org/repo``) and host: scheme, ``www.``, ``.git``, slashes dropped."""
    rest = _URL_SCHEME.sub("", url.strip()).rstrip("/.,;)")
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    path = path.removesuffix(".git").rstrip("/")
    return (f"{host}/{path}" if path else host), host


def _mention_order(m: Mention) -> tuple[int, int, int]:
    return (_FIELD_ORDER.get(m.field, 9), m.start, m.end)


def _first_mention(mentions: Iterable[Mention]) -> Mention | None:
    return min(mentions, key=_mention_order, default=None)


def _evidence(paper_id: str, m: Mention | None) -> dict[str, Any]:
    if m is None:
        return {"paper_id": paper_id, "sentence": "", "field": "", "start": None, "end": None}
    return {"paper_id": paper_id, "sentence": m.sentence, "field": m.field, "start": m.start, "end": m.end}


def _result_evidence(paper_id: str, r: Result) -> dict[str, Any]:
    return {"paper_id": paper_id, "sentence": r.sentence, "field": r.field, "start": r.start, "end": r.end}


def _link_evidence(paper_id: str, record: PaperRecord, link: str) -> dict[str, Any]:
    for fname in ("abstract", "title"):
        text = getattr(record, fname) or ""
        i = text.find(link)
        if i >= 0:
            sentence = next((s for s in _SENTENCE_END.split(text) if link in s), "")
            return {
                "paper_id": paper_id,
                "sentence": sentence.strip(),
                "field": fname,
                "start": i,
                "end": i + len(link),
            }
    return _evidence(paper_id, None)


def metric_direction(name: str, aliases: Iterable[str] = ()) -> str:
    """'higher', 'lower' or '' (unknown) from the extractor's gazetteer of metrics.

    A measure the gazetteer does not list takes the direction of its longest head that it does:
    a narrower measure is kept apart from its head (paperkg/graph/resolve.py) but is better in
    the same direction ("API costs" and "decoding latency" are lower-better, like cost and
    latency). Measures whose modifier turns the direction round have entries of their own
    ("negative log-likelihood"), which are found first."""
    try:
        from paperkg.extract.gazetteer import Gazetteer
    except ImportError:  # the gazetteer is optional for the graph: without it directions stay unknown
        return ""
    try:
        gaz = Gazetteer.load()
        entry = gaz.by_name("METRIC", name)
        if entry is None:
            found = (e for f in _direction_forms(name, aliases) for e in gaz.lookup_type(f, "METRIC"))
            entry = next(found, None)
    except (OSError, ValueError):  # a broken gazetteer must not stop a build
        return ""
    return entry.direction if entry is not None else ""


def _direction_forms(name: str, aliases: Iterable[str]) -> Iterator[str]:
    """The forms to look a measure's direction up by: its own, with plurals folded, then its heads."""
    forms = [name, *aliases]
    yield from forms
    yield from (variant_key(f) for f in forms)
    words = name.split()
    for i in range(1, len(words)):
        yield variant_key(" ".join(words[i:]))


def paper_props(record: PaperRecord) -> dict[str, Any]:
    props = {p.name: getattr(record, p.name, None) for p in NODE_BY_LABEL["Paper"].props}
    props["sources"] = [f"{s.path}:{s.line}" for s in record.sources]
    props["authors"] = list(record.authors)
    props["categories"] = list(record.categories)
    props["keywords"] = list(record.keywords)
    return props


@dataclass(slots=True)
class _Paper:
    record: PaperRecord
    extraction: Extraction


class GraphBuilder:
    """Add papers with :meth:`add`; :meth:`graph` resolves entities and returns the MultiDiGraph.

    ``anchors`` are entities already stored (see :class:`paperkg.graph.resolve.Anchor`): new
    mentions of them reuse their ids, which is what makes incremental builds line up.
    """

    def __init__(self, anchors: Iterable[Anchor] = ()) -> None:
        self._papers: dict[str, _Paper] = {}
        self._anchors = list(anchors)
        self.resolution: Resolution | None = None

    def __len__(self) -> int:
        return len(self._papers)

    def add(self, record: PaperRecord, extraction: Extraction) -> None:
        """Later duplicates of a paper id replace earlier ones (same as re-reading a paper)."""
        self._papers[record.id] = _Paper(record, extraction)

    def graph(self) -> nx.MultiDiGraph:
        resolver = Resolver(self._anchors)
        for pid in sorted(self._papers):
            p = self._papers[pid]
            for ent in paper_entities(p.record, p.extraction):
                resolver.add(pid, ent)
        res = self.resolution = resolver.resolve()
        return _graph((self._papers[pid] for pid in sorted(self._papers)), res, per_paper=True)

    @staticmethod
    def _add_paper(
        g: nx.MultiDiGraph, p: _Paper, res: Resolution | PaperLookup, papers_of: dict[str, set[str]],
        used: set[str], entities: list[Entity],
    ) -> None:
        rec, ext = p.record, p.extraction
        pid = rec.id
        pkey = node_key("Paper", pid)
        g.add_node(pkey, label="Paper", **paper_props(rec))

        # Several per-paper entities may resolve to one node: merge them into one edge.
        merged: dict[str, tuple[str, bool, list[Mention]]] = {}
        for ent in entities:  # typed as its paper's context says (graph/context.py)
            label = {"METHOD": "Method", "DATASET": "Dataset", "METRIC": "Metric"}[ent.type]
            cid = res.resolve(label, pid, _first_form(ent))
            if cid is None:
                continue
            key = node_key(label, cid)
            _, proposed, mentions = merged.get(key, (label, False, []))
            merged[key] = (
                label,
                proposed or (ent.proposed and label != "Metric"),
                mentions + list(ent.mentions),
            )
        relations = _method_relations(rec, ext, pid, res, merged, entities)
        for key in sorted(merged):
            label, proposed, mentions = merged[key]
            used.add(key)
            papers_of.setdefault(key, set()).add(pid)
            if proposed:
                ev = _evidence(pid, _first_mention(mentions))
                g.add_edge(pkey, key, key="PROPOSES", type="PROPOSES", **ev)
            elif label == "Method":
                relation, shown = relations[key]
                g.add_edge(pkey, key, key="USES", type="USES", mentions=len(mentions), relation=relation,
                           **_evidence(pid, shown))
            else:
                rel = _ENTITY_EDGE[label]
                g.add_edge(pkey, key, key=rel, type=rel, mentions=len(mentions),
                           **_evidence(pid, _first_mention(mentions)))

        for n, r in enumerate(ext.results, start=1):
            GraphBuilder._add_claim(g, pid, pkey, n, r, res, merged)

        for link in sorted(set(ext.links)):
            rid, host = repository_id(link)
            rkey = node_key("Repository", rid)
            if rkey not in g:
                url = link if _URL_SCHEME.match(link) else f"https://{rid}"
                g.add_node(rkey, label="Repository", id=rid, url=url, host=host)
            g.add_edge(pkey, rkey, key="HAS_CODE", type="HAS_CODE", **_link_evidence(pid, rec, link))

    @staticmethod
    def _add_claim(
        g: nx.MultiDiGraph,
        pid: str,
        pkey: str,
        n: int,
        r: Result,
        res: Resolution | PaperLookup,
        merged: dict[str, tuple[str, bool, list[Mention]]],
    ) -> None:
        cid = f"{pid}#{n}"
        ckey = node_key("Claim", cid)
        ev = _result_evidence(pid, r)
        g.add_node(
            ckey,
            label="Claim",
            id=cid,
            value=r.value,
            number=r.number,
            unit=r.unit,
            kind=r.kind,
            method=r.method,
            dataset=r.dataset,
            metric=r.metric,
            baseline=r.baseline,
            **ev,
        )
        g.add_edge(pkey, ckey, key="REPORTS", type="REPORTS")
        ends: dict[str, str] = {}
        for rel, label, form in (
            ("OF", "Method", r.method),
            ("ON", "Dataset", r.dataset),
            ("IN", "Metric", r.metric),
            ("AGAINST", "Method", r.baseline),
        ):
            target = res.resolve(label, pid, form)
            if target is None or node_key(label, target) not in merged:
                continue
            ends[rel] = node_key(label, target)
            g.add_edge(ckey, ends[rel], key=rel, type=rel)
        of, against = ends.get("OF"), ends.get("AGAINST")
        if r.kind in _OUTPERFORM_KINDS and of and against and of != against:
            g.add_edge(of, against, key=f"OUTPERFORMS:{cid}", type="OUTPERFORMS", claim_id=cid, **ev)


def _method_relations(
    rec: PaperRecord, ext: Extraction, pid: str, res: Resolution | PaperLookup,
    merged: dict[str, tuple[str, bool, list[Mention]]], entities: list[Entity],
) -> dict[str, tuple[str, Mention | None]]:
    """``{method key: (relation, the mention shown as the edge's evidence)}`` for every method the paper
    names without proposing it (the rules: :mod:`paperkg.graph.relations`)."""
    methods = {k: ms for k, (label, proposed, ms) in merged.items() if label == "Method" and not proposed}
    if not methods:
        return {}
    by_claims: dict[str, list[tuple[str, Result]]] = {}
    for r in ext.results:
        for form, rel in ((r.method, USES), (r.baseline, COMPARES)):
            target = res.resolve("Method", pid, form)
            if target is not None and node_key("Method", target) in methods:
                by_claims.setdefault(node_key("Method", target), []).append((rel, r))
    cue = mention_relations({"title": rec.title or "", "abstract": rec.abstract or ""},
                            (m for e in entities for m in e.mentions),
                            (m for ms in methods.values() for m in ms))
    out: dict[str, tuple[str, Mention | None]] = {}
    for key, ms in methods.items():
        claims = by_claims.get(key, [])
        relation = strongest([*(cue[m] for m in ms), *(rel for rel, _ in claims)])
        ordered = sorted(ms, key=_mention_order)
        claim_sentences = {(r.field, r.sentence) for rel, r in claims if rel == relation}
        shown = (next((m for m in ordered if cue[m] == relation), None)
                 or next((m for m in ordered if (m.field, m.sentence) in claim_sentences), None)
                 or (ordered[0] if ordered else None))
        out[key] = (relation, shown)
    return out


def _graph(papers: Iterable[_Paper], res: Resolution, per_paper: bool) -> nx.MultiDiGraph:
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    papers_of: dict[str, set[str]] = {}
    used: set[str] = set()
    for p in papers:
        entities = paper_entities(p.record, p.extraction)
        lookup = res if per_paper else res.paper_lookup(entities)
        GraphBuilder._add_paper(g, p, lookup, papers_of, used, entities)
    for key in sorted(used):
        label, _, cid = key.partition(":")
        cl = res.clusters[(label, cid)]
        props: dict[str, Any] = {
            "label": label,
            "id": cid,
            "name": cl.name,
            "aliases": list(cl.aliases),
            "papers": len(papers_of.get(key, ())),
        }
        if label == "Metric":
            props["direction"] = metric_direction(cl.name, cl.aliases)
        g.add_node(key, **props)
    return g


def fragment(pairs: Iterable[tuple[PaperRecord, Extraction]], res: Resolution) -> nx.MultiDiGraph:
    """The graph of one batch of papers under a resolution computed for the whole input
    (``Resolver(per_paper=False)``). Entity ``papers`` counts only this batch's papers."""
    return _graph((_Paper(r, e) for r, e in sorted(pairs, key=lambda p: p[0].id)), res, per_paper=False)


def _first_form(ent: Entity) -> str:
    return ent.name if ent.name and ent.name.strip() else next((a for a in ent.aliases if a.strip()), "")


def build_graph(
    pairs: Iterable[tuple[PaperRecord, Extraction]], anchors: Iterable[Anchor] = ()
) -> nx.MultiDiGraph:
    b = GraphBuilder(anchors)
    for rec, ext in pairs:
        b.add(rec, ext)
    return b.graph()
