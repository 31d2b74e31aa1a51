"""The speed-ups of the extractor's hot paths give the same answers as the plain rules they replace.

Each fast path (array-based sentence splitting, interval bookkeeping in overlap resolution, the
link pre-filter, the pattern tokenizer twin) is checked against a direct statement of the rule,
on the dev inputs and the sample corpus or on generated cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperkg.extract.abbreviations import spells_initials
from paperkg.extract.entities import Candidate, _resolve_overlaps
from paperkg.extract.gazetteer import Gazetteer
from paperkg.extract.links import find_links
from paperkg.extract.pipeline import default_pipeline, make_doc
from paperkg.extract.tokenizer import pattern_tokenizer
from paperkg.sources import ProblemLog, iter_records

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "tests" / "data" / "dev_input.jsonl", ROOT / "examples" / "hf-daily-papers"]


@pytest.fixture(scope="module")
def nlp():
    return default_pipeline()


@pytest.fixture(scope="module")
def records():
    return list(iter_records(SOURCES, problems=ProblemLog(on_problem=None)))


# ---- tokenizer --------------------------------------------------------------------------------
def test_pattern_tokenizer_is_a_twin_that_tokenises_like_the_pipeline(nlp):
    twin = pattern_tokenizer(nlp)
    assert twin is not nlp.tokenizer  # patterns must not fill the pipeline tokenizer's cache
    forms = [form for cs in (False, True) for _, form in Gazetteer.load().patterns(case_sensitive=cs)]
    forms += ["learning~(RL)", "(SIR)-based", "e.g.", "U.S.", "https://github.com/a/b."]
    for form in forms:
        assert [t.text for t in twin(form)] == [t.text for t in nlp.tokenizer(form)], form


# ---- sentences --------------------------------------------------------------------------------
def reference_sentence_starts(doc, rules) -> list[bool]:
    """The splitting rule stated token by token (the form the component had before it was
    vectorised)."""
    n = len(doc)
    texts = [t.text for t in doc]
    spaced = [bool(t.whitespace_) for t in doc]
    idx = [t.idx for t in doc]
    is_space = [t.isspace() for t in texts]

    def ends(i: int) -> bool:
        text = texts[i]
        if text in rules.terminals:
            if text == "." and i > 0 and not spaced[i - 1]:
                prev = texts[i - 1]
                if prev.lower().rstrip(".") in rules.no_break_after or (len(prev) == 1 and prev.isupper()):
                    return False
            return True
        return (
            text.endswith(".")
            and len(text) > 2
            and text.count(".") == 1
            and text[:-1].lower() not in rules.no_break_after
        )

    starts = [False] * n
    starts[0] = True
    for f in doc._.fields[1:]:
        i = next((j for j in range(n) if idx[j] >= f.start and not is_space[j]), None)
        if i is not None:
            starts[i] = True
    for i in range(n):
        if is_space[i] and texts[i].count("\n") >= 2 and i + 1 < n:
            starts[i + 1] = True
        elif ends(i):
            j = i + 1
            while j < n and (texts[j] in rules.closers or is_space[j]):
                j += 1
            first = texts[j][0] if j < n else ""
            if first and (first.isupper() or first.isdigit() or first in "\"'([\u201c\u2018"):
                starts[j] = True
    for i in range(1, n - 1):
        if starts[i] and is_space[i]:
            starts[i] = False
            starts[i + 1] = True
    return starts


EDGE_CASES = [
    ("Title", "  \n\n  x. Y said (so.) \"Hi.\" J. Smith, 3.5 etc. Next\n\n\n\nAnd. "),
    ("A Title.", "\n\n. . . ?! Done."),
    ("", "Only an abstract. Two sentences."),
    ("T", ""),
]


def test_sentence_splitter_agrees_with_the_token_by_token_rule(nlp, records):
    splitter = nlp.get_pipe("sentences")
    docs = [make_doc(nlp, r) for r in records]
    for title, abstract in EDGE_CASES:
        docs.append(make_doc(nlp, type(records[0])(id="edge", title=title, abstract=abstract)))
    for doc in docs:
        if len(doc) == 0:
            continue
        splitter(doc)
        assert [bool(t.is_sent_start) for t in doc] == reference_sentence_starts(doc, splitter), doc.text[:60]


# ---- overlap resolution -----------------------------------------------------------------------
def reference_resolve(cands):
    from paperkg.extract.entities import RANK

    order = sorted(
        cands, key=lambda c: (0 if RANK[c.source] >= 4 else 1, -c.length, -RANK[c.source], c.start)
    )
    taken, chosen = [], []
    for c in order:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


spans = st.tuples(
    st.integers(0, 40), st.integers(0, 8), st.sampled_from(["abbrev", "naming", "gaz", "shape", "metric"])
)


@given(st.lists(spans, max_size=25))
def test_overlap_resolution_agrees_with_the_pairwise_rule(raw):
    cands = [Candidate(s, s + n, src) for s, n, src in raw]
    got = [(c.start, c.end, c.source) for c in _resolve_overlaps(cands)]
    want = [(c.start, c.end, c.source) for c in reference_resolve(cands)]
    assert got == want


# ---- links and initials -----------------------------------------------------------------------
def test_link_prefilter_keeps_what_the_patterns_find():
    assert find_links("No link in this abstract at all.") == []
    # re.IGNORECASE folds the dotless i onto "i": the pre-filter must not hide such a match
    assert find_links("See g\u0131thub.com/a/b now.") == ["g\u0131thub.com/a/b"]
    assert find_links("See HTTPS://Example.org/x, and GitHub.com/A/B.") == [
        "HTTPS://Example.org/x",
        "GitHub.com/A/B",
    ]


@pytest.mark.parametrize(
    "sf, phrase, expected",
    [
        ("GPHT", "Generative Pretrained Hierarchical Transformer", True),
        ("GPHT", "Generative Pretrained Transformer", False),
        ("MoE", "Mixture of Experts", True),
        ("X", "Xylophone", False),
        ("SS", "\u00df s", False),
    ],
)
def test_spells_initials(sf, phrase, expected):
    assert spells_initials(sf, phrase) is expected
