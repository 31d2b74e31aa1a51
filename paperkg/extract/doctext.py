"""The text of a Doc, built once per Doc.

``Doc.text`` joins every token on each access; the results and links components both need
the whole text, so the first one to ask keeps it in ``doc.user_data``. A kept text whose length
no longer matches the tokens (a Doc re-tokenised later) is rebuilt.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "paperkg_text"


def _length(doc: Doc) -> int:
    if len(doc) == 0:
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str) or len(text) != _length(doc):
        text = doc.text
        doc.user_data[_KEY] = text
    return text
