"""Neo4j constraints and indexes, derived from ``paperkg.graph.schema`` so they cannot drift.

They are created before any data: a uniqueness constraint on every node key makes each
``MERGE (n:Label {id: ...})`` an index lookup instead of a label scan, and is what keeps a re-run
load from creating duplicates. Every statement uses ``IF NOT EXISTS`` so the DDL is idempotent.
"""

from __future__ import annotations

from paperkg.graph.schema import ENTITY_LABELS, NODES, REL_BY_NAME

# Properties people look nodes up by (range indexes): names, titles and years.
LOOKUP_PROPS = ("name", "title", "year")
# Relationships merged on a property other than their ends need an index on it.
REL_MERGE_KEYS = {"OUTPERFORMS": "claim_id"}
FULLTEXT_INDEX = "entity_names"
FULLTEXT_PROPS = ("name", "aliases")


def constraint_statements() -> list[str]:
    return [
        f"CREATE CONSTRAINT {node.label.lower()}_{node.key} IF NOT EXISTS "
        f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE"
        for node in NODES
    ]


def index_statements() -> list[str]:
    out: list[str] = []
    for node in NODES:
        names = {p.name for p in node.props}
        for prop in LOOKUP_PROPS:
            if prop in names and prop != node.key:
                out.append(f"CREATE INDEX {node.label.lower()}_{prop} IF NOT EXISTS "
                           f"FOR (n:{node.label}) ON (n.{prop})")
    for rel_name, prop in REL_MERGE_KEYS.items():
        rel = REL_BY_NAME[rel_name]
        assert prop in {p.name for p in rel.props}, f"{rel_name} has no property {prop}"
        out.append(f"CREATE INDEX {rel_name.lower()}_{prop} IF NOT EXISTS "
                   f"FOR ()-[r:{rel_name}]-() ON (r.{prop})")
    return out


def fulltext_statement() -> str:
    """One full-text index over every entity's name and aliases, for fuzzy name search."""
    labels = "|".join(ENTITY_LABELS)
    props = ", ".join(f"n.{p}" for p in FULLTEXT_PROPS)
    return f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [{props}]"


def schema_statements() -> list[str]:
    """All DDL, constraints first (they create the key indexes the data load relies on)."""
    return [*constraint_statements(), *index_statements(), fulltext_statement()]
