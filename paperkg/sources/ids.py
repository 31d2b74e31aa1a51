"""Identifier normalisation, so the same paper gets the same id whatever source it came from.

Priority (see docs/formats.md): arXiv id without version, else DOI (lowercased, bare), else the
id the input gave, else ``slug_id(title)``. The slug fallback is the rule the gold files use; a
title with no ASCII letters or digits (whose slug is empty) gets ``title-<hash>`` instead.
"""

from __future__ import annotations

import hashlib
import re

from paperkg.sources.record import slug_id

# New style (2007+): 0704.0001, 2101.00001; old style: hep-th/9901001, math.GT/0309136.
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?")
_ARXIV_PREFIX = re.compile(
    r"^(?:(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/"
    r"|arxiv:\s*"
    r"|(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\.)",
    re.IGNORECASE,
)
_DOI = re.compile(r"(10\.\d{4,9}/\S+)")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalize_arxiv_id(value: object) -> str | None:
    """``2101.00001`` from ``2101.00001v2``, ``arXiv:2101.00001``, ``http://arxiv.org/abs/2101.00001v2``,
    the arXiv DOI ``10.48550/arXiv.2101.00001``; old style ``hep-th/9901001`` likewise.

    Anything else gives None rather than a guess.
    """
    if not isinstance(value, str):
        return None
    s = _ARXIV_PREFIX.sub("", value.strip())
    m = _ARXIV_ID.fullmatch(s)
    return m.group(1) if m else None


def normalize_doi(value: object) -> str | None:
    """``10.1000/xyz`` from ``https://doi.org/10.1000/XYZ``; DOIs are case-insensitive, so lowercase."""
    if not isinstance(value, str):
        return None
    s = _DOI_PREFIX.sub("", value.strip())
    m = _DOI.search(s)
    if not m:
        return None
    return m.group(1).rstrip(".,;").lower()


def choose_id(title: str, arxiv_id: str | None = None, doi: str | None = None,
              given: object = None, given_wins: bool = False) -> str:
    """The record id by the documented priority; ``given_wins`` for inputs whose ``id`` is authoritative."""
    given_s = str(given).strip() if given not in (None, "") else ""
    if given_wins and given_s:
        return given_s
    return arxiv_id or doi or given_s or slug_id(title) or title_hash_id(title)


def title_hash_id(title: str) -> str:
    """For titles the slug rule maps to nothing (e.g. non-Latin scripts): a stable hash of the title."""
    return "title-" + hashlib.blake2b(title.encode("utf-8"), digest_size=8).hexdigest()
