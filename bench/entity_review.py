"""Counts of what entity resolution merges wrongly on a corpus, and its top entities to review.

Resolution runs in memory, exactly as ``paperkg build`` resolves (one resolver over every paper,
each paper's entities read by ``paperkg.graph.context.paper_entities``), on the extraction JSONL of
``paperkg extract``. The yardsticks are fixed here, not imported from the code under test, so a
checkout of an older commit (``git worktree add /tmp/old COMMIT``; ``--code /tmp/old``) is counted
the same way. docs/quality.md ("Entity resolution at 10k papers") gives the figures and the method:

* ``narrower``: Metric nodes holding a measure and a narrower one among their names ("success rate"
  and "attack success rate"): a word other than an aggregate or a split in front of the head;
* ``other_type``: nodes with an acronym whose spelled-out form (initials spell the acronym) is a
  gazetteer entry of another type only ("Grouped Query Attention" in the Dataset node GQA);
* ``expansions``: nodes with an acronym spelled out in two ways that do not agree (words of the
  shorter all in the longer, or an acronym inside spelling part of the other).

``--top FILE`` writes the 100 entities of each type with the most papers, with their aliases, for
a reader to judge.

    .venv/bin/paperkg extract examples/hf-daily-api -o /tmp/archive.jsonl
    .venv/bin/python bench/entity_review.py examples/hf-daily-api /tmp/archive.jsonl --top /tmp/top.json
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

QUALIFIERS = {"average", "mean", "median", "total", "overall", "avg", "test", "testing", "validation", "val",
              "dev", "development", "heldout", "held", "out", "evaluation", "eval"}
STOP = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "via", "by", "from", "based", "using",
        "under", "over", "at", "as", "into", "through"}
WORD = re.compile(r"[A-Za-z0-9]+")
LABEL = {"METHOD": "Method", "DATASET": "Dataset", "METRIC": "Metric"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="the papers (for the text that lists are read from)")
    ap.add_argument("extraction", help="the JSONL of paperkg extract on the same papers")
    ap.add_argument("--code", help="a checkout of paperkg to count (default: this one)")
    ap.add_argument("--top", help="write the top 100 entities per type here (JSON)")
    args = ap.parse_args()
    if args.code:
        sys.path.insert(0, str(Path(args.code).resolve()))
    review = Review(args.corpus, args.extraction)
    print(json.dumps(review.counts(), indent=1))
    if args.top:
        Path(args.top).write_text(json.dumps(review.top(), indent=1, ensure_ascii=False))


class Review:
    """One in-memory resolution of a corpus and the yardsticks over its nodes."""

    def __init__(self, corpus: str, extraction: str) -> None:
        self.R = importlib.import_module("paperkg.graph.resolve")
        if not hasattr(self.R, "norm_key"):  # the resolver's key, in paperkg.util.names since issue 24
            self.R.norm_key = importlib.import_module("paperkg.util.names").variant_key
        model = importlib.import_module("paperkg.extract.model")
        sources = importlib.import_module("paperkg.sources")
        gazetteer = importlib.import_module("paperkg.extract.gazetteer")
        try:  # older code reads the extractor's types as they are
            read = importlib.import_module("paperkg.graph.context").paper_entities
        except ImportError:
            read = None
        self.gaz = gazetteer.Gazetteer.load()
        records = {r.id: r for r in sources.iter_records(corpus)}
        resolver = self.R.Resolver()
        pairs = []
        with open(extraction, encoding="utf-8") as fh:
            exts = sorted((model.Extraction.from_dict(json.loads(line)) for line in fh), key=lambda e: e.id)
        for ext in exts:
            for e in read(records.get(ext.id), ext) if read else ext.entities():
                resolver.add(ext.id, e)
                pairs.append((ext.id, e))
        self.res = resolver.resolve()
        self.papers: dict[tuple[str, str], set[str]] = defaultdict(set)
        for pid, e in pairs:
            sig = self.R.signature(e)
            if sig is not None:
                self.papers[(sig[0], self.res.by_signature[sig])].add(pid)

    def names(self, key: tuple[str, str]) -> list[str]:
        cl = self.res.clusters[key]
        return [cl.name, *cl.aliases]

    def counts(self) -> dict[str, Any]:
        narrower, other_type, expansions = [], [], []
        for key in self.papers:
            forms = self.names(key)
            n = len(self.papers[key])
            if key[0] == "Metric" and any(narrows(a, b, self.R) for a in forms for b in forms):
                narrower.append((n, forms[0]))
            acronyms = [f for f in forms if self.R.is_acronym(f)]
            spelled = [f for f in forms if not self.R.is_acronym(f) and len(f.split()) >= 2]
            own = {"Method": "METHOD", "Dataset": "DATASET", "Metric": "METRIC"}[key[0]]
            for a in acronyms:
                defs = sorted({f for f in spelled if initials(f, self.R) in letters(a)})
                others = [f for f in defs if (ts := {e.type for e in self.gaz.lookup(f)}) and own not in ts]
                if others:
                    other_type.append((n, key[0], forms[0], a, others[:3]))
                groups: list[list[str]] = []
                for d in defs:
                    g = next((g for g in groups if any(agree(d, x, self.R) for x in g)), None)
                    if g is None:
                        groups.append([d])
                    else:
                        g.append(d)
                if len(groups) >= 2:
                    expansions.append((n, key[0], forms[0], a, [g[0] for g in groups][:5]))
                    break
        nodes = Counter(label for label, _ in self.papers)
        return {
            "nodes": dict(sorted(nodes.items())),
            "ambiguous_acronyms": sum(len(v) for v in self.res.ambiguous.values()),
            "narrower": len(narrower), "other_type": len(other_type), "expansions": len(expansions),
            "lists": {
                "narrower": sorted(narrower, reverse=True),
                "other_type": sorted(other_type, reverse=True),
                "expansions": sorted(expansions, reverse=True),
            },
        }

    def top(self, n: int = 100) -> dict[str, list[tuple[int, str, list[str]]]]:
        out = {}
        for label in ("Method", "Dataset", "Metric"):
            keys = sorted((k for k in self.papers if k[0] == label),
                          key=lambda k: (-len(self.papers[k]), self.res.clusters[k].name))[:n]
            out[label] = [(len(self.papers[k]), self.res.clusters[k].name, self.res.clusters[k].aliases)
                          for k in keys]
        return out


def tokens(form: str, R: Any) -> list[str]:
    return [k for t in re.split(r"[\s\-_/]+", form.strip()) if (k := R.norm_key(t))]


def narrows(longer: str, shorter: str, R: Any) -> bool:
    """``shorter`` is the head of ``longer`` and the words in front are not aggregates or splits."""
    a, b = tokens(longer, R), tokens(shorter, R)
    if not 0 < len(b) < len(a) or a[-len(b):] != b:
        return False
    return not all(m in QUALIFIERS for m in a[: -len(b)])


def initials(form: str, R: Any) -> str:
    out = ""
    for w in WORD.findall(form):
        if w.lower() in STOP:
            continue
        out += "".join(c for c in w if c.isupper() or c.isdigit()) if R.is_acronym(w) else w[0].upper()
    return out


def letters(acronym: str) -> set[str]:
    return {"".join(c for c in acronym if c.isalnum()).upper(),
            "".join(c for c in acronym if c.isupper() or c.isdigit())}


def words(form: str, split_hyphens: bool) -> list[str]:
    text = form if split_hyphens else re.sub(r"(?<=\w)-(?=\w)", "", form)
    return [w.lower() for w in WORD.findall(text) if w.lower() not in STOP]


def same_word(a: str, b: str) -> bool:
    n = min(len(a), len(b), 5)
    return a == b or (n >= 4 and a[:n] == b[:n])


def agree(a: str, b: str, R: Any) -> bool:
    """Two spelled-out forms of one acronym that name the same thing."""
    if R.norm_key(a) == R.norm_key(b):
        return True
    for split in (True, False):
        short, long_ = sorted((words(a, split), words(b, split)), key=len)
        if len(short) >= 2 and all(any(same_word(w, x) for x in long_) for w in short):
            return True
    if not any(R.is_acronym(w) for w in WORD.findall(f"{a} {b}")):
        return False
    shared = any(same_word(w, x) for w in words(a, True) for x in words(b, True))
    return initials(a, R) == initials(b, R) and shared


if __name__ == "__main__":
    main()
