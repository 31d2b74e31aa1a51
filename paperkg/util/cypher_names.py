"""Cypher identifiers and string lists in statements paperkg writes.

Labels, relationship types and properties are back-quoted because the model uses Cypher keywords as
names (``IN``, ``ON``, ``OF``, ``end``); a back-quoted name is valid in LadybugDB and Neo4j alike.
Lists of strings that a statement cannot take as a parameter are written in as Cypher list literals.
"""

from collections.abc import Iterable


def q(name: str) -> str:
    """Back-quote an identifier of the graph schema."""
    return f"`{name}`"


def cypher_list(values: Iterable[str]) -> str:
    """A Cypher list literal of strings (LadybugDB cannot read a ``$parameter`` inside a list predicate
    such as ``any(a IN xs WHERE a IN $p)``, so such lists are written into the statement)."""
    quoted = ("'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'" for v in sorted(values))
    return "[" + ", ".join(quoted) + "]"
