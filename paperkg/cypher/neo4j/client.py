"""A Neo4j server as a :class:`paperkg.cypher.backend.Backend`, for ``paperkg query --neo4j``.

Queries run in READ routing mode unless the backend was opened for writing, so a named query can
never change the graph by accident. Values come back as plain Python (nodes and relationships as
property dicts with a ``_label``, temporal values as ISO strings) so output is the same shape as
the embedded store's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import ConfigurationError
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath

from paperkg.cypher.backend import QueryResult
from paperkg.cypher.neo4j.config import Neo4jConfig, load_config
from paperkg.cypher.neo4j.errors import DRIVER_ERRORS, Neo4jUnavailable, explain

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def open_driver(config: Neo4jConfig) -> Any:
    """A driver for ``config``; bad URIs become a one-line error (it connects lazily).

    The server is asked for no notifications: the driver logs each one as a multi-line warning on
    stderr, and the named queries and lookups legitimately read properties a graph may not have yet
    (e.g. ``c.baseline`` where no claim names a baseline), which Neo4j 5 reports for every statement.
    """
    scheme = config.uri.split("://", 1)[0].lower() if "://" in config.uri else ""
    if scheme not in BOLT_SCHEMES:
        raise Neo4jUnavailable(
            f"bad Neo4j URI {config.uri!r} (from {config.source}): use neo4j://HOST:7687 or bolt://HOST:7687 "
            "(the Bolt port, not the browser's http port 7474)")
    try:
        return GraphDatabase.driver(config.uri, auth=config.auth, notifications_min_severity="OFF")
    except (ConfigurationError, ValueError) as exc:
        raise Neo4jUnavailable(f"bad Neo4j URI {config.uri!r} (from {config.source}): {exc}") from None


def plain(value: Any) -> Any:
    """Driver values as JSON-friendly Python."""
    if isinstance(value, Node):
        labels = sorted(value.labels)
        label = labels[0] if len(labels) == 1 else labels
        return {"_label": label, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_label": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, GraphPath):
        out: list[Any] = [plain(value.start_node)]
        for rel in value.relationships:
            out += [plain(rel), plain(rel.end_node)]
        return out
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time Date/DateTime/Duration
        return value.iso_format()
    return value


class Neo4jBackend:
    name = "neo4j"

    def __init__(self, driver: Any, database: str | None = None, write: bool = False,
                 target: str = "the configured server", owns_driver: bool = True) -> None:
        self._driver = driver
        self.database = database
        self.write = write
        self.target = target
        self._owns_driver = owns_driver
        self._verified = False

    @classmethod
    def from_config(cls, path: str | Path | None = None, write: bool = False,
                    database: str | None = None) -> Neo4jBackend:
        """Settings from the config file (``path`` or the default one) with the environment on top."""
        config = load_config(path)
        return cls(open_driver(config), database or config.database, write, config.describe())

    @classmethod
    def from_env(cls, write: bool = False, database: str | None = None) -> Neo4jBackend:
        """Settings from ``NEO4J_*`` environment variables only."""
        config = load_config(use_default_file=False)
        return cls(open_driver(config), database or config.database, write, config.describe())

    def _check_connection(self) -> None:
        """Once, before the first query: a dead server fails in a second, not after 30 s of retries."""
        if self._verified:
            return
        verify = getattr(self._driver, "verify_connectivity", None)
        if verify is not None:
            try:
                verify()
            except DRIVER_ERRORS as exc:
                raise explain(exc, self.target, "connecting") from exc
        self._verified = True

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        self._check_connection()
        routing = RoutingControl.WRITE if self.write else RoutingControl.READ
        try:
            result = self._driver.execute_query(cypher, parameters_=params or {},
                                                database_=self.database, routing_=routing)
        except DRIVER_ERRORS as exc:
            raise explain(exc, self.target, "running a query") from exc
        columns = list(result.keys)
        return QueryResult(columns, [[plain(v) for v in record.values()] for record in result.records])

    def close(self) -> None:
        if self._owns_driver:
            self._driver.close()

    def __enter__(self) -> Neo4jBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
