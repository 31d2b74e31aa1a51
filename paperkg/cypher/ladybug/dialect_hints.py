"""What to write instead, when a statement in Neo4j's dialect of Cypher fails on LadybugDB.

Users bring Cypher from Neo4j's documentation and from Neo4j Browser habits; LadybugDB (Kuzu's
Cypher) spells a few of those things differently, and its parser's own message ("expected rule
oC_SingleQuery") does not say what. Each hint is matched on the failing statement and the store's
message, and is added to the one-line error.
"""

from __future__ import annotations

import re

# (pattern in the statement, pattern in the store's message, what to write instead)
HINTS: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = (
    (re.compile(r"\btype\s*\(", re.I), re.compile(r"function TYPE does not exist", re.I),
     "LadybugDB names a relationship's type with label(r), where Neo4j writes type(r)"),
    (re.compile(r"\b(?:WHERE|AND|OR|NOT)\s+\(?\s*\w+\s*:\s*\w+", re.I), re.compile(r"Parser exception", re.I),
     "LadybugDB tests no label in WHERE: put it in the pattern, MATCH (n:Method), "
     "or write label(n) = 'Method'"),
    (re.compile(r"\bexists\s*\(\s*\w+\.\w+\s*\)", re.I), re.compile(r"Parser exception|EXISTS", re.I),
     "LadybugDB has no exists(x.prop): write x.prop IS NOT NULL"),
    (re.compile(r"\belementId\s*\(", re.I), re.compile(r"ELEMENTID", re.I),
     "LadybugDB has id(n), where Neo4j writes elementId(n)"),
    (re.compile(r"\bdb\.(?:labels|relationshipTypes|schema)", re.I), re.compile(r".", re.S),
     "LadybugDB lists its tables with CALL show_tables() RETURN *"),
)


def hint_for(statement: str, message: str) -> str | None:
    """The advice for a statement that failed with ``message`` on LadybugDB, if one applies."""
    for in_statement, in_message, advice in HINTS:
        if in_statement.search(statement) and in_message.search(message):
            return advice
    return None
