"""LadybugDB DDL generated from schema.py, and the schema version kept in the store.

Identifiers are back-quoted (paperkg/util/cypher_names.py) because the model uses Cypher keywords as
names (``IN``, ``ON``, ``end``). The version is a digest of the generated DDL, so any change to
schema.py makes an old store say clearly that it must be rebuilt instead of failing somewhere in a
query.
"""

from __future__ import annotations

import hashlib

from paperkg.graph.schema import META_TABLE, NODES, RELS, Prop
from paperkg.util.cypher_names import q

SCHEMA_FORMAT = 1


def _columns(props: tuple[Prop, ...]) -> list[str]:
    return [f"{q(p.name)} {p.type}" for p in props]


def node_tables() -> list[str]:
    return [
        f"CREATE NODE TABLE {q(n.label)}({', '.join([*_columns(n.props), f'PRIMARY KEY({q(n.key)})'])})"
        for n in NODES
    ]


def rel_tables() -> list[str]:
    out = []
    for r in RELS:
        parts = [f"FROM {q(a)} TO {q(b)}" for a, b in r.ends] + _columns(r.props)
        out.append(f"CREATE REL TABLE {q(r.name)}({', '.join(parts)})")
    return out


def meta_table() -> str:
    return f"CREATE NODE TABLE {q(META_TABLE)}(key STRING, value STRING, PRIMARY KEY(key))"


def statements() -> list[str]:
    """Every DDL statement, in dependency order (node tables before the rel tables naming them)."""
    return [*node_tables(), *rel_tables()]


def schema_version() -> str:
    digest = hashlib.sha256("\n".join(statements()).encode()).hexdigest()[:12]
    return f"{SCHEMA_FORMAT}:{digest}"
