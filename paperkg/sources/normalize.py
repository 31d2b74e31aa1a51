"""Field-level normalisation shared by the JSON-family readers (generic, arXiv snapshot, OpenAlex)."""

from __future__ import annotations

import re

from paperkg.sources.textio import clean_text

_AUTHOR_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def text_of(value: object) -> str | None:
    """Cleaned text of a string, or of the first string in a list (some dumps wrap titles in lists)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return clean_text(value)


def split_authors(value: str) -> list[str]:
    """``"A, B and C"`` / ``"A; B"`` -> names (the arXiv and most CSV exports' convention)."""
    cleaned = clean_text(value) or ""
    return [name for name in _AUTHOR_SPLIT.split(cleaned) if name]


def names(value: object) -> list[str]:
    """Author-like lists given as a string, a list of strings, or a list of ``{"name": ...}`` objects."""
    if isinstance(value, str):
        return split_authors(value)
    out: list[str] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                item = item.get("name") or item.get("display_name")
            name = clean_text(item) if isinstance(item, str) else None
            if name and name not in out:
                out.append(name)
    return out


def string_list(value: object) -> list[str]:
    """Categories and the like: a list of strings or one space/comma separated string."""
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,;]+", value) if v]
    return names(value)


def as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().replace(",", "").isdigit():
        return int(value.strip().replace(",", ""))
    return None


def describe(value: object) -> str:
    """The JSON type name of a value, for one-line problem messages."""
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null", int: "a number", float: "a number"}.get(type(value), type(value).__name__)
