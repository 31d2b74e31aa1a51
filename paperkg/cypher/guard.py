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
        "CHECKPOINT",
        # Neo4j administration (also refused by a read-mode session; named here to say why)
        "GRANT",
        "DENY",
        "REVOKE",
        "RENAME",
        "TERMINATE",
        "DEALLOCATE",
        "REALLOCATE",
    }
)

# A ``CALL`` of a procedure whose name has one of these parts (split on ``.``, ``_`` and camelCase)
# writes or administers: LadybugDB's ``CREATE_FTS_INDEX``/``DROP_*``/``CLEAR_WARNINGS``, Neo4j's
# ``db.create.*``, ``db.index.fulltext.createNodeIndex``, ``apoc.create.*``, ``apoc.periodic.*``,
# ``apoc.cypher.doIt``, GDS ``*.write``/``*.mutate``; and every ``dbms.*`` procedure is administration.
WRITE_PROCEDURE_PARTS = frozenset(
    {
        "create", "drop", "delete", "remove", "set", "merge", "import", "export", "load", "install",
        "clear", "checkpoint", "write", "mutate", "refactor", "periodic", "truncate", "kill", "terminate",
        "rename", "alter", "attach", "detach", "copy", "update", "insert", "upsert", "grant", "revoke",
        "do", "dbms",
    }
)
_NAME_PART = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z0-9]+(?![a-z])")

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

    A word right after ``.`` or ``:`` is a property, label or type name, and one after ``AS`` a
    variable (``RETURN n.name AS set``), not a clause.
    """
    out: list[str] = []
    prev = ""
    for m in _TOKEN.finditer(cypher):
        if m.lastgroup == "word" and prev not in (".", ":", "$", "AS"):
            out.append(m.group().upper())
        if m.lastgroup != "other" or not m.group().isspace():
            word = m.group().upper() if m.lastgroup == "word" else ""
            prev = m.group() if m.lastgroup == "other" else ("AS" if word == "AS" else "")
    return out


def _tokens(cypher: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of the statement outside comments and strings, spaces dropped."""
    return [
        (m.lastgroup, m.group())
        for m in _TOKEN.finditer(cypher)
        if m.lastgroup == "word" or (m.lastgroup == "other" and not m.group().isspace())
    ]


def write_procedures(cypher: str) -> list[str]:
    """``CALL name`` of writing or admin procedures, and ``CALL option=value`` settings."""
    toks = _tokens(cypher)
    out: list[str] = []
    for i, (kind, text) in enumerate(toks):
        if kind != "word" or text.upper() != "CALL" or (i and toks[i - 1][1] in (".", ":", "$")):
            continue
        j, parts = i + 1, []
        while j < len(toks) and toks[j][0] == "word":
            parts.append(toks[j][1])
            if j + 1 < len(toks) and toks[j + 1][1] == ".":
                j += 2
            else:
                j += 1
                break
        if not parts:
            continue  # CALL { subquery }: its clauses are seen as words
        name = ".".join(parts)
        if j < len(toks) and toks[j][1] == "=":
            out.append(f"CALL {name}=")
        elif any(w.lower() in WRITE_PROCEDURE_PARTS for p in parts for w in _NAME_PART.findall(p)):
            out.append(f"CALL {name}")
    return out


def write_clauses(cypher: str) -> list[str]:
    """The write clauses and writing procedure calls a statement uses, in order of first appearance."""
    found = [k for k in keywords(cypher) if k in WRITE_CLAUSES]
    return list(dict.fromkeys([*found, *write_procedures(cypher)]))
