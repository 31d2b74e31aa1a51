"""Property tests: no reader raises on arbitrary file content."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkg.sources import FORMATS, PaperRecord, ProblemLog, iter_records

_counter = itertools.count()
SUFFIXES = [".txt", ".json", ".jsonl", ".xml", ""]

# Fragments that steer random input towards the interesting paths of each reader.
fragments = st.sampled_from(
    [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        '"title"',
        '"abstract"',
        '"results"',
        '"abstract_inverted_index"',
        '"versions"',
        '"submitter"',
        "null",
        "1e999",
        "\n",
        "\n\n",
        "<?xml version='1.0'?>",
        "<feed>",
        "</feed>",
        "<entry>",
        "</entry>",
        "<title>",
        "</title>",
        "<!DOCTYPE x>",
        "&amp;",
        "  • 3 authors",
        "·",
        "Jun 21 4",
        "Daily Papers",
        "A Title",
        "We propose a method. It works.",
        "\x00",
        "\ufeff",
        "é",
        "\ud7ff",
    ]
)
texts = st.lists(st.one_of(fragments, st.text(max_size=20)), max_size=40).map("".join)


def _run(data: bytes, suffix: str, fmt: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{next(_counter)}{suffix}"
        path.write_bytes(data)
        problems = ProblemLog(on_problem=None)
        for rec in iter_records(path, format=fmt, problems=problems):
            assert isinstance(rec, PaperRecord) and rec.title and rec.id


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), suffix=st.sampled_from(SUFFIXES), fmt=st.sampled_from([None, *FORMATS]))
def test_readers_never_raise_on_bytes(data, suffix, fmt):
    _run(data, suffix, fmt)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=texts,
    suffix=st.sampled_from(SUFFIXES),
    fmt=st.sampled_from([None, *FORMATS]),
    encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]),
)
def test_readers_never_raise_on_text(text, suffix, fmt, encoding):
    _run(text.encode(encoding, errors="replace"), suffix, fmt)
