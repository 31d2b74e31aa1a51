"""Refuse write clauses in ``paperkg query`` unless ``--write`` was given.

The store is also opened read-only, so this is the friendly first line: it names the clause. It
tokenizes instead of searching text so ``'CREATE'`` inside a string, a comment or a back-quoted
name is not mistaken for a clause.
"""

from __future__ import annotations

import re

WRITE_CLAUSES = frozenset(
    {
        "CREATE",
        "MERGE",
        "SET",
        "DELETE",
        "REMOVE",
        "DROP",
        "COPY",
        "LOAD",
        "ALTER",
        "INSTALL",
        "ATTACH",
        "IMPORT",
        "EXPORT",
        "DETACH",
    }
)

_TOKEN = re.compile(
    r"""
    (?P<skip> //[^\n]* | /\*.*?\*/             # comments
            | '(?:[^'\\]|\\.)*' | "(?:[^"\\]|\\.)*"   # string literals
            | `(?:[^`]|``)*` )                 # quoted identifiers
  | (?P<word> [A-Za-z_][A-Za-z0-9_]* )
  | (?P<other> . )
""",
    re.VERBOSE | re.DOTALL,
)


def keywords(cypher: str) -> list[str]:
    """Bare words of a statement, upper-cased, outside strings, comments and quoted names.

    A word right after ``.`` or ``:`` is a property, label or type name, not a clause.
    """
    out: list[str] = []
    prev = ""
    for m in _TOKEN.finditer(cypher):
        if m.lastgroup == "word" and prev not in (".", ":", "$"):
            out.append(m.group().upper())
        if m.lastgroup != "other" or not m.group().isspace():
            prev = m.group() if m.lastgroup == "other" else ""
    return out


def write_clauses(cypher: str) -> list[str]:
    """The write clauses a statement uses, in order of first appearance."""
    return list(dict.fromkeys(k for k in keywords(cypher) if k in WRITE_CLAUSES))
