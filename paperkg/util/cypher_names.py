"""Cypher identifiers in statements paperkg writes.

Labels, relationship types and properties are back-quoted because the model uses Cypher keywords as
names (``IN``, ``ON``, ``OF``, ``end``); a back-quoted name is valid in LadybugDB and Neo4j alike.
"""


def q(name: str) -> str:
    """Back-quote an identifier of the graph schema."""
    return f"`{name}`"
