"""One interface for every Cypher backend, so named queries and commands do not care where they run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(slots=True)
class QueryResult:
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class Backend(Protocol):
    """A Cypher endpoint: the embedded LadybugDB store or a Neo4j server.

    ``name`` selects the dialect variant of a named query ("ladybug" or "neo4j").
    """

    name: str

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult: ...

    def close(self) -> None: ...
