"""Turn annotated abstracts (docs/extraction-guide.md) into spaCy training data.

The guide annotates each abstract with surface forms, not offsets: an entity is the list of the
ways the abstract writes it. Every occurrence of a form in the title or abstract, on word
boundaries, is a mention of its entity; where mentions overlap the longer one wins ("Vision
Transformer" over "Transformer"). Forms are found case-insensitively ("Prompt Tuning" in the title
is "prompt tuning" of the abstract) except forms of at most three characters, whose case is
part of the name ("SAM", "sam"). Each Doc is the paper's title and abstract composed as the
extractor composes them (paperkg.extract.fields), tokenised by the project's tokenizer, so that
the spans the model learns are the spans it will see. Tokens outside every mention are "O":
the annotation lists every entity of the abstract.

Mentions of a proposed entity are also kept in ``doc.spans["proposed"]``. The rules' reading of
each token (``paperkg_entity_hints``, the features the model gets at extraction time) is computed
here once and kept in ``doc.user_data["paperkg_hints"]``; the corpus reader of training/functions.py
puts it on the tokens, so training need not run the rules in every epoch.

    python training/convert.py SPLIT_FILE... --out training/data/train.spacy
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from paperkg.extract.fields import compose
from paperkg.extract.pipeline import load_pipeline

HINTS_KEY = "paperkg_hints"

LABELS = {"methods": "METHOD", "datasets": "DATASET", "metrics": "METRIC"}
PROPOSED_KEY = "proposed"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


_URL = re.compile(r"\S*(?:://|www\.|github\.|\.com\b|\.io\b)\S*")


def occurrences(form: str, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of ``form`` in ``text`` with no letter or digit glued to an end, outside
    URLs (the "LAE" of "github.com/gqk/LAE" is part of an address, not a mention)."""
    flags = 0 if len(form) <= 3 else re.IGNORECASE
    left = r"(?<![^\W_])" if form[0].isalnum() else ""
    right = r"(?![^\W_])" if form[-1].isalnum() else ""
    urls = [m.span() for m in _URL.finditer(text)]
    for m in re.finditer(left + re.escape(form) + right, text, flags):
        if not any(s <= m.start() < e for s, e in urls):
            yield m.start(), m.end()


def gold_mentions(text: str, gold: dict) -> tuple[list[tuple[int, int, str, int]], set[int]]:
    """Non-overlapping (start, end, label, entity number) mentions, and the entity numbers that
    are proposed."""
    found = []
    proposed_forms = set(gold.get("proposed") or [])
    proposed: set[int] = set()
    n = 0
    for key, label in LABELS.items():
        for entity in gold.get(key) or []:
            if proposed_forms.intersection(entity):
                proposed.add(n)
            for form in entity:
                found += [(s, e, label, n) for s, e in occurrences(form, text)]
            n += 1
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int, str, int]] = []
    for m in found:
        if all(m[1] <= t[0] or m[0] >= t[1] for t in taken):
            taken.append(m)
    return sorted(taken), proposed


def hints_pipeline() -> Language:
    """The components up to the rules' hints, as the default pipeline has them."""
    nlp = load_pipeline(profile="fast")
    for name in [n for n in nlp.pipe_names if n not in ("sentences", "abbreviations")]:
        nlp.remove_pipe(name)
    nlp.add_pipe("paperkg_entity_hints", name="hints")
    return nlp


def to_doc(nlp: Language, record: dict, gold: dict, stats: Counter) -> Doc:
    text, spans = compose(record["title"], record["abstract"])
    doc = nlp.make_doc(text)
    doc._.fields = spans
    doc = nlp(doc)
    hints = [t.tag_ for t in doc]
    doc = nlp.make_doc(text)  # the reference Doc carries the gold, not the rules' tags
    mentions, proposed = gold_mentions(text, gold)
    ents: list[Span] = []
    own: list[Span] = []
    for start, end, label, n in mentions:
        span = doc.char_span(start, end, label=label)
        if span is None:
            # the tokenizer glued the form to a neighbour: the closest token span inside it
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            stats["misaligned"] += 1
            if span is None or not span.text.strip():
                stats["dropped"] += 1
                continue
        stats[label] += 1
        ents.append(span)
        if n in proposed:
            own.append(span)
    doc.ents = ents
    doc.spans[PROPOSED_KEY] = own
    doc.user_data["paperkg_id"] = record["id"]
    doc.user_data[HINTS_KEY] = hints
    return doc


def convert(pairs: Iterable[tuple[Path, Path]], nlp: Language) -> tuple[DocBin, Counter]:
    stats: Counter = Counter()
    db = DocBin(store_user_data=True)
    for input_path, gold_path in pairs:
        inputs = {r["id"]: r for r in read_jsonl(input_path)}
        for gold in read_jsonl(gold_path):
            db.add(to_doc(nlp, inputs[gold["id"]], gold, stats))
            stats["docs"] += 1
    return db, stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="+", help="INPUT.jsonl=GOLD.jsonl")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    nlp = hints_pipeline()
    pairs = [tuple(Path(p) for p in pair.split("=", 1)) for pair in args.pairs]
    db, stats = convert(pairs, nlp)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(args.out)
    print(f"{args.out}: {dict(sorted(stats.items()))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
