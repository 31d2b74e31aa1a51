"""SciERC documents as gold for the entity categories (a second, independent yardstick).

SciERC (Luan et al., 2018) annotates ML/NLP abstracts with six entity types. Its ``Method``,
``Metric`` and ``Material`` map onto our METHOD, METRIC and DATASET (Material also covers
generic data such as "text", so DATASET precision against it is only indicative). One JSON
document per line: ``doc_key``, ``sentences`` (token lists) and ``ner`` (per sentence, lists
of ``[start, end, label]`` with inclusive document-level token indices).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperkg.sources.problems import ProblemLog
from paperkg.util.names import alnum_key

LABELS = {"Method": "methods", "Metric": "metrics", "Material": "datasets"}


@dataclass(frozen=True, slots=True)
class SciercDoc:
    """One abstract: its text (tokens joined by spaces) and gold in the guide's record shape."""

    id: str
    text: str
    gold: dict[str, Any]


def _detokenise(tokens: list[str]) -> str:
    return " ".join(tokens)


def convert(obj: dict[str, Any]) -> SciercDoc:
    """Gold entities are the distinct mention texts per category (spelling variants stay separate)."""
    tokens = [tok for sent in obj["sentences"] for tok in sent]
    gold: dict[str, Any] = {
        "id": str(obj["doc_key"]),
        "title": "",
        "methods": [],
        "datasets": [],
        "metrics": [],
        "proposed": [],
        "results": [],
    }
    seen: set[tuple[str, str]] = set()
    for sent in obj.get("ner") or []:
        for start, end, label in sent:
            key = LABELS.get(label)
            if key is None:
                continue
            text = _detokenise(tokens[int(start) : int(end) + 1])
            if (key, alnum_key(text)) in seen or not alnum_key(text):
                continue
            seen.add((key, alnum_key(text)))
            gold[key].append([text])
    return SciercDoc(str(obj["doc_key"]), _detokenise(tokens), gold)


def read(path: Path, problems: ProblemLog) -> list[SciercDoc]:
    """Documents of a SciERC JSON-lines file; malformed lines are reported and skipped."""
    out: list[SciercDoc] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or "doc_key" not in obj or "sentences" not in obj:
                    raise ValueError("needs 'doc_key' and 'sentences'")
                out.append(convert(obj))
            except (ValueError, TypeError, IndexError, KeyError) as exc:
                problems.report(str(path), lineno, "bad-scierc", f"not a SciERC document ({exc})")
    return out
