"""One spaCy Doc per paper: ``title + "\\n\\n" + abstract``.

Reading title and abstract as one Doc lets an acronym defined in the abstract name the same
thing in the title, while every mention still reports offsets into its own field. The layout is
kept on the Doc (``doc._.fields``) and everything that reports a position goes through
:func:`locate`. A Doc made from plain text (``nlp(text)``) is all abstract.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from paperkg.extract.model import Field

SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class FieldSpan:
    name: Field
    start: int  # offset of the field's first char in doc.text
    end: int


def compose(title: str, abstract: str | None) -> tuple[str, tuple[FieldSpan, ...]]:
    title = title or ""
    abstract = abstract or ""
    a_start = len(title) + len(SEPARATOR)
    text = title + SEPARATOR + abstract
    return text, (FieldSpan("title", 0, len(title)), FieldSpan("abstract", a_start, a_start + len(abstract)))


def locate(doc: Doc, start_char: int, end_char: int) -> tuple[Field, int, int]:
    """Map doc character offsets to (field, start, end) offsets inside that field."""
    for f in doc._.fields:
        if f.start <= start_char <= f.end:
            return f.name, start_char - f.start, min(end_char, f.end) - f.start
    last = doc._.fields[-1]
    return last.name, start_char - last.start, end_char - last.start


def register_extensions() -> None:
    """Custom Doc attributes the components communicate through (idempotent)."""
    if not Doc.has_extension("fields"):
        Doc.set_extension("fields", getter=_get_fields, setter=_set_fields)
    if not Doc.has_extension("paper_id"):
        Doc.set_extension("paper_id", default=None)
    # Filled by the components; getters would share one mutable default, so they use user_data.
    for name in ("entities", "results", "links", "abbreviations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=_user_list(name))


_FIELDS_KEY = "paperkg_fields"


def _get_fields(doc: Doc) -> tuple[FieldSpan, ...]:
    got = doc.user_data.get(_FIELDS_KEY)
    if got is None:  # a Doc made from plain text (``nlp(text)``): all of it is the abstract
        got = doc.user_data[_FIELDS_KEY] = (FieldSpan("abstract", 0, len(doc.text)),)
    return got


def _set_fields(doc: Doc, fields: tuple[FieldSpan, ...]) -> None:
    doc.user_data[_FIELDS_KEY] = tuple(fields)


def _user_list(name: str):
    key = f"paperkg_{name}"

    def get(doc: Doc) -> list:
        return doc.user_data.setdefault(key, [])

    return get


register_extensions()
