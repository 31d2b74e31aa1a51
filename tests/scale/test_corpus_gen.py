"""The scale-test corpus generator: deterministic, realistic fields, a vocabulary that keeps growing."""

from __future__ import annotations

import re

from corpus_gen import Generator, generate

from paperkg.sources.record import PaperRecord, slug_id


def test_same_seed_same_corpus_other_seed_other_corpus():
    a, b, c = list(generate(50, seed=1)), list(generate(50, seed=1)), list(generate(50, seed=2))
    assert a == b and a != c
    assert len({r["id"] for r in a}) == 50
    assert len({slug_id(r["title"]) for r in generate(3000, seed=4)}) == 3000  # no title merges
    for r in a:
        assert set(r) == {"id", "title", "abstract", "date"}
        PaperRecord(id=r["id"], title=r["title"], abstract=r["abstract"])  # the reader's shape
        assert re.match(r"\d{4}-\d{2}-\d{2}$", r["date"])


def test_abstracts_carry_definitions_and_numeric_results():
    text = " ".join(r["abstract"] for r in generate(200, seed=5))
    assert re.search(r"\b[A-Z][\w-]+ [\w -]+ \([A-Z][A-Za-z0-9+-]+\)", text)  # Long Form (ACRO)
    assert re.search(r"\d+\.\d%", text) and "points" in text


def test_vocabulary_grows_sublinearly_but_keeps_growing():
    g = Generator(seed=3)
    start = len(g.methods.names)
    sizes = []
    for i in range(4000):
        g.paper(i)
        if i + 1 in (400, 4000):
            sizes.append(len(g.methods.names) - start)
    small, large = sizes
    assert large > small * 2  # new names keep appearing...
    assert large < small * 10  # ...ever more slowly (Heaps' law), not one per paper
