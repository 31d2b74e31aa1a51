"""Turn the driver's exceptions into one line a user can act on.

The driver already retries transient failures inside managed transactions; what reaches us has
persisted, so the message says what to check and that re-running is safe (every write is a MERGE).
"""

from __future__ import annotations

from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)


class Neo4jProblem(Exception):
    """Base of every one-line, user-facing Neo4j problem (catch this in commands)."""


class Neo4jUnavailable(Neo4jProblem):
    """A failure talking to Neo4j: the server, the login or a statement."""


# Neo4j status codes that deserve their own advice (the server's, checked live in tests/cypher/neo4j).
DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"


def _code(exc: BaseException) -> str | None:
    return getattr(exc, "code", None) if isinstance(exc, Neo4jError) else None


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _reason(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    code = getattr(exc, "code", None) if isinstance(exc, Neo4jError) else None
    return _one_line(f"{code}: {message}" if code else message)


def explain(exc: BaseException, target: str, doing: str = "") -> Neo4jUnavailable:
    """The one-line error for ``exc`` raised while talking to ``target`` (``doing`` adds context)."""
    where = f" while {doing}" if doing else ""
    if isinstance(exc, AuthError):
        text = (f"Neo4j at {target} rejected the login{where} ({_reason(exc)}); "
                "check NEO4J_USER / NEO4J_PASSWORD or the config file")
    elif isinstance(exc, ServiceUnavailable | SessionExpired):
        text = (f"cannot reach Neo4j at {target}{where} ({_reason(exc)}); is the server running? "
                "(make neo4j, or docker compose -f docker/compose.yml up -d neo4j)")
    elif isinstance(exc, TransientError):
        text = (f"Neo4j kept failing with a transient error{where} after the driver's retries "
                f"({_reason(exc)}); re-run the command: loading is idempotent")
    elif isinstance(exc, ConfigurationError):
        text = f"bad Neo4j connection settings for {target} ({_reason(exc)})"
    elif _code(exc) == DATABASE_NOT_FOUND:
        text = (f"Neo4j at {target} has no such database{where} ({_reason(exc)}); set NEO4J_DATABASE or "
                "--database to one that exists (SHOW DATABASES lists them; Community has only neo4j)")
    elif _code(exc) == ACCESS_MODE:
        text = (f"Neo4j refused to write{where}: the statement ran in read mode ({_reason(exc)}); "
                "add --write to allow changes")
    elif isinstance(exc, Neo4jError):
        text = f"Neo4j refused a statement{where} ({_reason(exc)})"
    elif isinstance(exc, DriverError):
        text = f"Neo4j driver error talking to {target}{where} ({_reason(exc)})"
    else:
        text = f"{type(exc).__name__} talking to Neo4j at {target}{where}: {_one_line(exc)}"
    return Neo4jUnavailable(text)


# What the driver raises for a server, login or statement problem (anything else is our bug).
DRIVER_ERRORS = (Neo4jError, DriverError)
