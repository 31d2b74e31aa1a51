"""Per-Doc values that several components need, computed once per Doc.

``Doc.text`` joins every token on each access, and ``doc.sents`` (like
``doc.has_annotation("SENT_START")``) walks every token and builds a Python object for each one.
Several components need both, and the tokens' character offsets (each attribute exported with
``Doc.to_array`` costs about 15 ns a token, its ``tolist`` as much again), so the first one to ask
keeps the answer in ``doc.user_data``; profiling showed those walks at about a third of the
extractor's time before this. A kept value whose length no longer matches the tokens (a Doc
re-tokenised later) is rebuilt.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

_TEXT = "paperkg_text"
_SENTS = "paperkg_sentence_bounds"
_OFFSETS = "paperkg_token_offsets"


def _length(doc: Doc) -> int:
    if len(doc) == 0:
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if not isinstance(text, str) or len(text) != _length(doc):
        text = doc.text
        doc.user_data[_TEXT] = text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Keep the text a Doc was tokenised from: spaCy's tokenizer preserves it exactly, so the
    components need not rebuild it from the tokens."""
    doc.user_data[_TEXT] = text


def _recall(doc: Doc, key: str):
    """The value kept under ``key`` while the Doc still has the tokens it was computed for."""
    kept = doc.user_data.get(key)
    return kept[1] if kept is not None and kept[0] == len(doc) else None


def _keep(doc: Doc, key: str, value) -> None:
    doc.user_data[key] = (len(doc), value)


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """The start and end character offsets of every token (``Token.idx`` and ``idx + len``), as
    lists; callers must not change them."""
    offsets = _recall(doc, _OFFSETS)
    if offsets is None:
        arr = doc.to_array([IDX, LENGTH])
        offsets = arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist()
        _keep(doc, _OFFSETS, offsets)
    return offsets


def remember_offsets(doc: Doc, starts: list[int], ends: list[int]) -> None:
    """Keep token offsets a component computed anyway (the sentence splitter does)."""
    _keep(doc, _OFFSETS, (starts, ends))


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every sentence, in order; the whole text when none are set.

    The end is the end of the sentence's last token (trailing whitespace excluded), as
    ``Span.end_char`` gives it. Computed from the kept token offsets and one array export of
    the sentence starts instead of Token objects.
    """
    bounds = _recall(doc, _SENTS)
    if bounds is not None:
        return bounds
    n = len(doc)
    if n == 0:
        bounds = []
    else:
        starts, ends = token_offsets(doc)
        # -1 (not a start) reads as a large unsigned value here: only 1 marks a start
        firsts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        if not firsts or firsts[0] != 0:
            firsts.insert(0, 0)  # no annotation, or none on the first token: it starts one
        lasts = [f - 1 for f in firsts[1:]]
        lasts.append(n - 1)
        bounds = [(starts[f], ends[last]) for f, last in zip(firsts, lasts, strict=True)]
    _keep(doc, _SENTS, bounds)
    return bounds
