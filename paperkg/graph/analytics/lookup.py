"""Turning what a user typed into one node, or into a short list of what they probably meant."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import networkx as nx

from paperkg.graph.analytics.answers import Match, Suggestions
from paperkg.graph.analytics.projection import split_key
from paperkg.util.names import alnum_key

MAX_SUGGESTIONS = 5
# A candidate below this similarity is noise rather than a plausible typo (difflib ratio, 0..1).
SUGGESTION_CUTOFF = 0.6


def _names(data: dict) -> tuple[str, list[str]]:
    name = data.get("name") or data.get("title") or data.get("id") or ""
    return name, [a for a in (data.get("aliases") or []) if a]


def pick(candidates: Iterable[tuple[str, str, str, int]], matched_on: str, label: str) -> Match | None:
    """The best of several (key, id, name, papers) hits: most papers, then smallest id."""
    ranked = sorted(candidates, key=lambda c: (-(c[3] or 0), c[1]))
    if not ranked:
        return None
    key, node_id, name, _ = ranked[0]
    return Match(key=key, id=node_id, label=label or split_key(key)[0], name=name, matched_on=matched_on)


def suggest(query: str, candidates: Iterable[tuple[str, list[str]]], label: str) -> Suggestions:
    """Closest names to ``query`` among (name, aliases) pairs.

    Score of a name = the best over its forms of difflib's ratio on normalised keys, plus 0.5 when one
    key contains the other (so 'lora' finds 'LoRA-FA' even though the ratio alone is low). Top 5 names
    scoring at least 0.6 (SUGGESTION_CUTOFF), best first, ties by name.
    """
    q = alnum_key(query)
    scored: dict[str, float] = {}
    if not q:
        return Suggestions(query=query, label=label)
    for name, aliases in candidates:
        best = 0.0
        for form in (name, *aliases):
            k = alnum_key(form)
            if not k:
                continue
            s = difflib.SequenceMatcher(None, q, k).ratio()
            if q in k or k in q:
                s += 0.5
            best = max(best, s)
        if best >= SUGGESTION_CUTOFF and best > scored.get(name, 0.0):
            scored[name] = best
    names = [n for n, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SUGGESTIONS]]
    return Suggestions(query=query, label=label, names=names)


def resolve_entity(G: nx.MultiDiGraph, name: str, label: str | None = "Method") -> Match | Suggestions:
    """Find the node a user means by ``name``.

    Tried in order, first hit wins: the node id itself, the name (or a Paper's title) case-insensitively,
    any alias case-insensitively, then the normalised key (letters+digits) of name or aliases. Several
    hits at one step are broken by most papers, then smallest id. ``label=None`` searches every
    Paper/Method/Dataset/Metric node. With no hit: :class:`Suggestions` (see :func:`suggest`).
    """
    labels = (label,) if label else ("Paper", "Method", "Dataset", "Metric")
    nodes = [(n, d) for n, d in G.nodes(data=True) if d.get("label") in labels]
    text = name.strip()
    low, k = text.lower(), alnum_key(text)

    def hits(test) -> list[tuple[str, str, str, int]]:
        return [(n, d.get("id") or split_key(n)[1], _names(d)[0], d.get("papers") or 0)
                for n, d in nodes if test(d)]

    steps = (
        ("id", lambda d: d.get("id") == text),
        ("name", lambda d: _names(d)[0].lower() == low),
        ("alias", lambda d: any(a.lower() == low for a in _names(d)[1])),
        ("key", lambda d: bool(k) and any(alnum_key(f) == k for f in (_names(d)[0], *_names(d)[1]))),
    )
    for matched_on, test in steps:
        found = pick(hits(test), matched_on, "")
        if found:
            found.label = G.nodes[found.key].get("label") or found.label
            return found
    return suggest(text, (_names(d) for _, d in nodes), label or "")
