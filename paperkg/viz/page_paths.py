"""File names for pages: derived from node ids, safe on every filesystem, never colliding.

An id that is already a clean slug is used as is (readable URLs: ``method/lora.html``); any
other id gets its slug plus a short hash of the exact id, so two ids that slug alike stay apart.
"""

from __future__ import annotations

import hashlib
import re

from paperkg.util.names import slug as name_slug

_CLEAN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Device names Windows refuses as file names, whatever the extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", "index", "overview", "assets",
                       *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
_MAX = 60

# Node types that get a page of their own, and the folder holding them.
PAGE_DIRS = {"Paper": "paper", "Method": "method", "Dataset": "dataset", "Metric": "metric"}


def slug(identifier: str) -> str:
    """A file-name stem for ``identifier``: [a-z0-9-], at most ~70 characters, unique per id."""
    base = name_slug(identifier)[:_MAX].strip("-")
    if base == identifier and _CLEAN.fullmatch(base) and base not in _RESERVED:
        return base
    digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}" if base else digest


def split_key(key: str) -> tuple[str, str]:
    """``"Method:lora"`` -> ``("Method", "lora")``."""
    label, _, ident = key.partition(":")
    return label, ident


def page_path(key: str) -> str | None:
    """The page of a node, relative to the site root (``method/lora.html``); None if it has none."""
    label, ident = split_key(key)
    folder = PAGE_DIRS.get(label)
    if folder is None:
        return None
    return f"{folder}/{slug(ident)}.html"
