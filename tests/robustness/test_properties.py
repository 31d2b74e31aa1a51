"""Property tests: any text through a reader and through the extractor, with hostile alphabets.

tests/sources/test_reader_properties.py fuzzes whole files (bytes and fragments) and
tests/extract/test_pipeline.py / test_results.py fuzz the extractor with small word lists; here the
field *values* are arbitrary Unicode mixed with what real abstracts and hostile input hold (numbers
in many spellings, control and bidi characters, HTML, markdown, huge and tiny values), and the
assertions are the contract of the output: offsets point at their text, numbers come from values.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkg.extract.pipeline import default_pipeline, extract_record
from paperkg.sources import MAX_CHARS, ProblemLog, read_papers
from paperkg.sources.record import PaperRecord

TRIED = {"reader": 0, "extractor": 0}  # examples run, reported in docs/reliability.md

PIECES = st.sampled_from([
    "We propose ", "FooNet", "(FN)", " outperforms ", "LoRA", " by ", "3.2%", "12,000", "0.5", "1e-3",
    "2x", "×", "±0.4", "−1.2", "-7", "45.6 BLEU", "91.2% accuracy", " on ", "ImageNet", "GLUE", "F1", ".",
    " ", "\n", "\t", "\x00", "\x1b[31m", "\u202e", "\u2028", "\x85", "<script>alert(1)</script>", "<b>",
    "**bold**", "[x](javascript:alert(1))", "`code`", "&amp;", "https://github.com/a/b", "١٢٣", "٣.٥%",
    "𝟗𝟗.𝟗", "½", "²", "e\u0301", "🙂", "Ǆ", "ﬁ", "İ", "ß", "%", "pp", "points", "×10", "~", "(", ")", ";",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers_in(value: str) -> set[float]:
    """Every number written in ``value``, read with ',' as thousands separator or as decimal point."""
    out: set[float] = set()
    for m in _NUMBER.finditer(value):
        s = m.group()
        for cand in (s.replace(",", ""), s.replace(",", ".")):
            try:
                out.add(abs(float(cand)))
            except ValueError:
                pass
    return out


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, abstract=TEXT, extra=st.sampled_from(["", "x" * 25_000]))
def test_any_field_text_is_read_cleanly(title, abstract, extra):
    TRIED["reader"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.jsonl"
        path.write_text(json.dumps({"id": "p", "title": title, "abstract": abstract + extra}) + "\n",
                        encoding="utf-8")
        problems = ProblemLog(on_problem=None)
        recs = read_papers(path, problems=problems)
    assert len(recs) + problems.counts["missing-title"] == 1
    for rec in recs:
        for name in ("title", "abstract"):
            text = getattr(rec, name)
            if text is None:
                continue
            assert text == text.strip() and "  " not in text
            assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
            assert len(text) <= MAX_CHARS[name]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, abstract=TEXT)
def test_any_text_gives_offsets_at_their_text_and_numbers_from_their_values(title, abstract):
    TRIED["extractor"] += 1
    rec = PaperRecord(id="p", title=title, abstract=abstract)
    ex = extract_record(default_pipeline(), rec)
    fields = {"title": title, "abstract": abstract}
    for ent in ex.entities():
        for m in ent.mentions:
            assert fields[m.field][m.start : m.end] == m.text, (ent.name, m)
    for r in ex.results:
        assert fields[r.field][r.start : r.end] == r.value, r
        assert abs(r.number) in _numbers_in(r.value) or _close(abs(r.number), _numbers_in(r.value)), r


def _close(x: float, candidates: set[float]) -> bool:
    return any(abs(x - c) <= 1e-9 * max(1.0, abs(c)) for c in candidates)


def test_numbers_in_reads_what_is_written():
    assert _numbers_in("12,000 GPU hours") == {12000.0, 12.0}
    assert _numbers_in("3.2%") == {3.2} and _numbers_in("٣.٥%") == {3.5}
    assert _numbers_in("none") == set()


def test_examples_were_tried():
    """Runs after the two properties (file order): they really generated examples."""
    assert TRIED["reader"] >= 300 and TRIED["extractor"] >= 250, TRIED
    print(f"\nproperty examples tried: {TRIED}")
