"""Precision, recall and F1 of an extraction against annotated gold (the rules of the reference scorer).

The annotation guide (docs/extraction-guide.md) is the target, and the reference scorer that
measures the extractor on unseen abstracts applies these exact rules, so they are reproduced
here rule for rule rather than "improved": a friendlier scorer would only hide regressions.

- Surface forms are compared after :func:`~paperkg.util.names.alnum_key` (lower case, letters and
  digits only; of ``str(x)`` for anything that is not a string, as the reference does).
- Entities: a prediction matches a gold entity when any of their forms are equal; gold
  entities are used at most once, predictions are taken in order and each takes the first
  unused gold entity it matches (one-to-one, greedy).
- proposed: a gold proposed name stands for every form of the gold entity that carries it, so
  predicting the entity under its other name still counts.
- results: a prediction matches a gold result on the number alone (relative tolerance 1e-6;
  "51.3%" and "51.3" are the same number); a gold range ("15%-50%") accepts either bound.
- results_tuple: as results, and the metric and dataset must also share a form with the gold
  wherever the gold names them (a null gold field accepts anything).

Records may be :class:`~paperkg.extract.model.Extraction` dicts (entities as dicts with
``name``/``aliases``/``canonical``) or gold dicts (entities as lists of strings).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperkg.sources.problems import ProblemLog
from paperkg.util.names import alnum_key

ENTITY_CATEGORIES = ("methods", "datasets", "metrics")
CATEGORIES = (*ENTITY_CATEGORIES, "proposed", "results", "results_tuple")

_SIGNED_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TOLERANCE = 1e-6


def surface_forms(entity: object) -> frozenset[str]:
    """Normalised forms of an entity given as a string, a list of strings, or an entity dict."""
    if isinstance(entity, str):
        raw: list[Any] = [entity]
    elif isinstance(entity, Mapping):
        raw = [entity.get("name", ""), *(entity.get("aliases") or []), entity.get("canonical") or ""]
        raw += list(entity.get("forms") or [])
    elif isinstance(entity, Iterable):
        raw = list(entity)
    else:
        raw = [entity]
    return frozenset(n for n in (alnum_key(str(f)) for f in raw if f) if n)


@dataclass(slots=True)
class Counts:
    """Matched, gold and predicted item counts of one category (summable across papers)."""

    hit: int = 0
    gold: int = 0
    pred: int = 0

    def add(self, other: Counts) -> None:
        self.hit += other.hit
        self.gold += other.gold
        self.pred += other.pred

    @property
    def precision(self) -> float:
        return self.hit / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """The reference scorer's ``--json`` shape."""
        return {
            "p": self.precision,
            "r": self.recall,
            "f1": self.f1,
            "gold": self.gold,
            "pred": self.pred,
            "hit": self.hit,
        }


@dataclass(slots=True)
class Matching:
    """Which prediction matched which gold item (indices), so errors can be listed, not just counted."""

    pairs: list[tuple[int, int]] = field(default_factory=list)  # (pred index, gold index)
    n_gold: int = 0
    n_pred: int = 0

    @property
    def counts(self) -> Counts:
        return Counts(len(self.pairs), self.n_gold, self.n_pred)

    def unmatched_gold(self) -> list[int]:
        used = {g for _, g in self.pairs}
        return [i for i in range(self.n_gold) if i not in used]

    def unmatched_pred(self) -> list[int]:
        used = {p for p, _ in self.pairs}
        return [i for i in range(self.n_pred) if i not in used]


def _greedy(n_gold: int, n_pred: int, fits: Callable[[int, int], bool]) -> Matching:
    """One-to-one greedy, as the reference scorer matches: each prediction, in order, takes the
    first unused gold item it ``fits``."""
    used: set[int] = set()
    out = Matching(n_gold=n_gold, n_pred=n_pred)
    for pi in range(n_pred):
        for gi in range(n_gold):
            if gi not in used and fits(pi, gi):
                used.add(gi)
                out.pairs.append((pi, gi))
                break
    return out


def match_entities(gold: Sequence[object], pred: Sequence[object]) -> Matching:
    """Each prediction takes the first unused gold entity sharing a form."""
    gold_forms = [surface_forms(g) for g in gold]
    pred_forms = [surface_forms(p) for p in pred]
    return _greedy(len(gold), len(pred), lambda pi, gi: bool(pred_forms[pi] & gold_forms[gi]))


def result_number(result: Mapping[str, Any]) -> float | None:
    """The ``number`` field, or else the first number written in ``value``."""
    try:
        return float(result["number"])
    except (KeyError, TypeError, ValueError):
        m = _SIGNED_NUMBER.search(str(result.get("value", "")).replace(",", ""))
        return float(m.group()) if m else None


def same_number(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= _TOLERANCE * max(1.0, abs(a), abs(b))


def gold_numbers(result: Mapping[str, Any]) -> set[float]:
    """Numbers a gold result accepts: its ``number`` and every number written in its value (range bounds)."""
    out = {result_number(result)}
    out.update(float(x) for x in _NUMBER.findall(str(result.get("value", "")).replace(",", "")))
    return {x for x in out if x is not None}


def _field_agrees(gold_value: object, pred_value: object) -> bool:
    if not gold_value:
        return True
    if not pred_value:
        return False
    pred_forms = surface_forms([pred_value] if isinstance(pred_value, str) else pred_value)
    return bool(surface_forms([gold_value]) & pred_forms)


def match_results(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], strict: bool
) -> Matching:
    """Greedy one-to-one on the number; ``strict`` also requires metric and dataset to agree."""
    accepted = [gold_numbers(g) for g in gold]
    numbers = [result_number(p) for p in pred]

    def fits(pi: int, gi: int) -> bool:
        if not any(same_number(x, numbers[pi]) for x in accepted[gi]):
            return False
        g, p = gold[gi], pred[pi]
        return not strict or all(_field_agrees(g.get(k), p.get(k)) for k in ("metric", "dataset"))

    return _greedy(len(gold), len(pred), fits)


def gold_proposed(gold: Mapping[str, Any]) -> list[list[str]]:
    """Each gold proposed name widened to all forms of the (last) gold entity that carries it."""
    entities = [*(gold.get("methods") or []), *(gold.get("datasets") or [])]
    out = []
    for name in gold.get("proposed") or []:
        full = [name]
        for ent in entities:
            if alnum_key(str(name)) in surface_forms(ent):
                full = list(ent)
        out.append(full)
    return out


def predicted_proposed(pred: Mapping[str, Any]) -> list[object]:
    """The ``proposed`` list, or else the entities flagged ``proposed``."""
    listed = pred.get("proposed")
    if listed is not None:
        return list(listed)
    return [
        e
        for k in ("methods", "datasets")
        for e in pred.get(k) or []
        if isinstance(e, Mapping) and e.get("proposed")
    ]


def match_paper(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, Matching]:
    """Every category's matching for one paper."""
    out = {k: match_entities(gold.get(k) or [], pred.get(k) or []) for k in ENTITY_CATEGORIES}
    out["proposed"] = match_entities(gold_proposed(gold), predicted_proposed(pred))
    g_res, p_res = gold.get("results") or [], pred.get("results") or []
    out["results"] = match_results(g_res, p_res, strict=False)
    out["results_tuple"] = match_results(g_res, p_res, strict=True)
    return out


def score(
    gold: Mapping[str, Mapping[str, Any]],
    pred: Mapping[str, Mapping[str, Any]],
    categories: Sequence[str] = CATEGORIES,
) -> dict[str, Counts]:
    """Totals over the gold papers; a paper missing from ``pred`` counts as predicting nothing."""
    totals = {k: Counts() for k in categories}
    for pid, g in gold.items():
        matched = match_paper(g, pred.get(pid, {}))
        for k in categories:
            totals[k].add(matched[k].counts)
    return totals


def describe(category: str, item: object) -> str:
    """A short human label for one gold or predicted item in an error listing."""
    if category in ("results", "results_tuple") and isinstance(item, Mapping):
        extra = ", ".join(f"{k}={item[k]}" for k in ("metric", "dataset") if item.get(k))
        return f"{item.get('value')}" + (f" ({extra})" if extra else "")
    if isinstance(item, Mapping):
        return str(item.get("name", ""))
    if isinstance(item, str):
        return item
    if isinstance(item, Iterable):
        return " | ".join(str(x) for x in item)
    return str(item)


@dataclass(frozen=True, slots=True)
class PaperErrors:
    """False positives and false negatives of one paper, as readable labels per category."""

    id: str
    false_positives: dict[str, list[str]]
    false_negatives: dict[str, list[str]]

    @property
    def empty(self) -> bool:
        return not any(self.false_positives.values()) and not any(self.false_negatives.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


def paper_errors(
    pid: str, gold: Mapping[str, Any], pred: Mapping[str, Any], categories: Sequence[str] = CATEGORIES
) -> PaperErrors:
    matched = match_paper(gold, pred)
    items_gold = {k: list(gold.get(k) or []) for k in ENTITY_CATEGORIES}
    items_pred = {k: list(pred.get(k) or []) for k in ENTITY_CATEGORIES}
    items_gold["proposed"] = gold_proposed(gold)
    items_pred["proposed"] = predicted_proposed(pred)
    for k in ("results", "results_tuple"):
        items_gold[k] = list(gold.get("results") or [])
        items_pred[k] = list(pred.get("results") or [])
    fp = {k: [describe(k, items_pred[k][i]) for i in matched[k].unmatched_pred()] for k in categories}
    fn = {k: [describe(k, items_gold[k][i]) for i in matched[k].unmatched_gold()] for k in categories}
    return PaperErrors(pid, fp, fn)


def load_jsonl_by_id(path: Path, problems: ProblemLog | None = None) -> dict[str, dict[str, Any]]:
    """Records keyed by ``id``; lines that are not JSON objects with an id are reported and skipped."""
    out: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                if problems is not None:
                    problems.report(str(path), lineno, "invalid-json", f"not valid JSON ({exc.msg})")
                continue
            if not isinstance(rec, dict) or not rec.get("id"):
                if problems is not None:
                    problems.report(str(path), lineno, "missing-id", "record has no 'id'")
                continue
            out[str(rec["id"])] = _well_formed(rec, str(path), lineno, problems)
    return out


def _well_formed(rec: dict[str, Any], path: str, line: int, problems: ProblemLog | None) -> dict[str, Any]:
    """Category fields that are not lists, and results that are not objects, are dropped with a warning."""
    for key in (*ENTITY_CATEGORIES, "proposed", "results"):
        value = rec.get(key)
        if value is not None and not isinstance(value, list):
            if problems is not None:
                problems.report(path, line, "bad-field", f"'{key}' is not a list; ignored")
            rec[key] = []
    results = rec.get("results") or []
    kept = [r for r in results if isinstance(r, dict)]
    if len(kept) != len(results):
        if problems is not None:
            dropped = len(results) - len(kept)
            problems.report(path, line, "bad-result", f"{dropped} result(s) not objects; ignored")
        rec["results"] = kept
    return rec
