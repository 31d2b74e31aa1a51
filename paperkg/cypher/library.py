"""Named Cypher queries: ``queries/*.cypher`` files with a small header, one body per dialect.

Header lines (``// name:``, ``// description:``, ``// param: NAME TYPE description``) come first;
``// variant: ladybug`` / ``// variant: neo4j`` lines split dialect bodies, and a file without
them has one body for every backend. A param whose description starts with ``(optional)`` or
``(optional, default X)`` may be left out: strings then become ``''`` (LadybugDB cannot type a
null parameter, so queries test ``$p = ''``) and other types take their default.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from paperkg.cypher.backend import Backend, QueryResult

_HEADER = re.compile(r"^//\s*(name|description|param|variant):\s*(.*?)\s*$")
_OPTIONAL = re.compile(r"^\(optional(?:,\s*default\s+([^)]*))?\)\s*")
SHARED = "*"


class QueryError(Exception):
    """A named query used wrongly (unknown name, missing or malformed parameter): one clear line."""


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    description: str
    optional: bool = False
    default: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "description": self.description,
            "optional": self.optional,
            "default": self.default,
        }


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    bodies: dict[str, str] = field(default_factory=dict)  # variant ("ladybug", "neo4j" or SHARED) -> Cypher

    def text(self, dialect: str) -> str:
        body = self.bodies.get(dialect) or self.bodies.get(SHARED)
        if body is None:
            raise QueryError(f"query {self.name!r} has no {dialect} variant")
        return body

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Check and complete parameters: unknown or missing ones are errors, optional ones get defaults."""
        known = {p.name for p in self.params}
        extra = sorted(set(given) - known)
        if extra:
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(extra)} "
                f"(it takes: {', '.join(sorted(known)) or 'none'})"
            )
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given and given[p.name] is not None:
                out[p.name] = _coerce(self.name, p, given[p.name])
            elif p.optional:
                out[p.name] = p.default if p.default is not None else ("" if p.type == "STRING" else None)
            else:
                raise QueryError(f"query {self.name!r} needs --param {p.name}=... ({p.description})")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "params": [p.to_dict() for p in self.params],
        }


def _coerce(query: str, p: Param, value: Any) -> Any:
    try:
        if p.type == "INT64":
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            return int(value)
        if p.type == "DOUBLE":
            return float(value)
        if p.type == "STRING":
            return value if isinstance(value, str) else json.dumps(value)
    except (TypeError, ValueError):
        raise QueryError(f"query {query!r}: parameter {p.name} must be {p.type}, got {value!r}") from None
    return value


def parse(text: str, source: str = "<query>") -> NamedQuery:
    name = description = ""
    params: list[Param] = []
    bodies: dict[str, list[str]] = {}
    current = SHARED
    in_header = True
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m and m.group(1) == "variant":
            current = m.group(2)
            bodies[current] = []
            in_header = False
            continue
        if m and in_header:
            key, value = m.groups()
            if key == "name":
                name = value
            elif key == "description":
                description = value
            elif key == "param":
                params.append(_param(value, source))
            continue
        if in_header and not line.strip():
            continue
        in_header = False
        bodies.setdefault(current, []).append(line)
    if not name:
        raise QueryError(f"{source}: missing '// name:' header")
    texts = {k: "\n".join(v).strip() for k, v in bodies.items() if "\n".join(v).strip()}
    if not texts:
        raise QueryError(f"{source}: no query body")
    return NamedQuery(name, description, tuple(params), texts)


def _param(spec: str, source: str) -> Param:
    parts = spec.split(None, 2)
    if len(parts) < 2:
        raise QueryError(f"{source}: bad param line {spec!r} (want NAME TYPE description)")
    desc = parts[2] if len(parts) > 2 else ""
    m = _OPTIONAL.match(desc)
    default: Any = None
    if m and m.group(1) is not None:
        default = json.loads(m.group(1)) if parts[1] != "STRING" else m.group(1)
    return Param(parts[0], parts[1], desc[m.end() :] if m else desc, optional=bool(m), default=default)


@cache
def load() -> dict[str, NamedQuery]:
    """Every packaged named query, by name (read once per process)."""
    out: dict[str, NamedQuery] = {}
    folder = resources.files("paperkg.cypher") / "queries"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            nq = parse(entry.read_text(encoding="utf-8"), entry.name)
            out[nq.name] = nq
    return out


def get(name: str) -> NamedQuery:
    queries = load()
    if name not in queries:
        raise QueryError(f"no named query {name!r} (see: paperkg queries)")
    return queries[name]


def run_named(backend: Backend, name: str, params: dict[str, Any] | None = None) -> QueryResult:
    nq = get(name)
    return backend.run(nq.text(backend.name), nq.bind(params or {}))
