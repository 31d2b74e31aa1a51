"""Per-Doc values that several components need, computed once per Doc.

``Doc.text`` joins every token on each access, and ``doc.sents`` (like
``doc.has_annotation("SENT_START")``) walks every token and builds a Python object for each one.
Several components need both, so the first one to ask keeps the answer in ``doc.user_data``;
profiling showed those walks at about a third of the extractor's time before this. A kept value
whose length no longer matches the tokens (a Doc re-tokenised later) is rebuilt.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

_TEXT = "paperkg_text"
_SENTS = "paperkg_sentence_bounds"


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


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every sentence, in order; the whole text when none are set.

    The end is the end of the sentence's last token (trailing whitespace excluded), as
    ``Span.end_char`` gives it. Computed from one array export instead of Token objects.
    """
    cached = doc.user_data.get(_SENTS)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    n = len(doc)
    if n == 0:
        bounds: list[tuple[int, int]] = []
    else:
        arr = doc.to_array([IDX, LENGTH, SENT_START]).astype("int64")
        idx, length, start = arr[:, 0], arr[:, 1], arr[:, 2]
        if not start[1:].any():  # no sentence annotation: one span over everything
            firsts = [0]
        else:
            firsts = numpy.flatnonzero(start == 1).tolist()
            if not firsts or firsts[0] != 0:
                firsts.insert(0, 0)
        lasts = [f - 1 for f in firsts[1:]]
        lasts.append(n - 1)
        ends = (idx[lasts] + length[lasts]).tolist()
        bounds = list(zip(idx[firsts].tolist(), ends, strict=True))
    doc.user_data[_SENTS] = (n, bounds)
    return bounds
