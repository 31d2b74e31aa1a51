"""The one record type every reader produces, so that nothing downstream cares about formats."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from paperkg.util.names import slug


def slug_id(title: str) -> str:
    """The id of a paper known only by its title.

    This exact rule is the one the annotated gold files use, so ids must match it byte for byte.
    """
    return slug(title)[:80]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a record was read: file, 1-based line of its first line, and the reader's format."""

    path: str
    line: int
    format: str


@dataclass(slots=True)
class PaperRecord:
    """A paper as read from any source, normalised.

    ``date`` is ISO 8601 when complete (``2022-12-08``); a date seen without a year is kept as
    the ISO 8601 year-less form ``--06-21`` with ``year`` None, because inventing a year would
    corrupt every trend computed later. ``listed`` is the first day a listing (Hugging Face Daily
    Papers) showed the paper, ``comments`` its comment count there, ``keywords`` the source's own
    topic keywords: metadata about the paper, never read as extracted entities.
    """

    id: str
    title: str
    abstract: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_count: int | None = None
    date: str | None = None
    year: int | None = None
    upvotes: int | None = None
    url: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    categories: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    listed: str | None = None
    comments: int | None = None
    keywords: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)

    @property
    def has_abstract(self) -> bool:
        return bool(self.abstract and self.abstract.strip())

    def to_dict(self) -> dict:
        # field by field, not dataclasses.asdict (3x slower: it deep-copies): this runs for every
        # paper of a build, twice (de-duplication spool, part files)
        d = {name: getattr(self, name) for name in _FIELDS}
        d["authors"], d["categories"], d["organizations"], d["keywords"] = (
            list(self.authors), list(self.categories), list(self.organizations), list(self.keywords))
        d["sources"] = [{"path": s.path, "line": s.line, "format": s.format} for s in self.sources]
        d["has_abstract"] = self.has_abstract
        return d

    @classmethod
    def from_dict(cls, d: dict) -> PaperRecord:
        known = {k: v for k, v in d.items() if k in cls.__slots__ and k != "sources"}
        rec = cls(**known)
        rec.sources = [SourceRef(**s) for s in d.get("sources") or []]
        return rec


_FIELDS = tuple(f.name for f in fields(PaperRecord))
