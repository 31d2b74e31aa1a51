"""Where the Neo4j server is and how to log in, without ever leaking the password.

Settings come from a TOML file (``~/.config/paperkg/neo4j.toml`` or ``--config PATH``) and are
overridden by the environment (``NEO4J_URI``, ``NEO4J_USER`` or ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``), so a CI job or a container can point the same command at
another server without touching the file. A file holding a password must be private (mode 0600):
we refuse to read one that other users could read, rather than quietly use a leaked secret.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from paperkg.cypher.neo4j.errors import Neo4jProblem

DEFAULT_URI = "neo4j://localhost:7687"
DEFAULT_USER = "neo4j"
FILE_KEYS = ("uri", "user", "password", "database")


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "paperkg" / "neo4j.toml"


class Neo4jConfigError(Neo4jProblem):
    """A one-line, user-facing problem with the Neo4j settings."""


@dataclass(frozen=True, slots=True)
class Neo4jConfig:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = None
    database: str | None = None
    source: str = "defaults"  # where the settings were read, for messages

    def __repr__(self) -> str:  # the password never appears in a repr, a log line or a traceback
        shown = "'***'" if self.password else "None"
        return (f"Neo4jConfig(uri={self.uri!r}, user={self.user!r}, password={shown}, "
                f"database={self.database!r}, source={self.source!r})")

    __str__ = __repr__

    @property
    def auth(self) -> tuple[str, str] | None:
        """Basic auth for the driver; None when no password is set (a server with auth disabled)."""
        return (self.user, self.password) if self.password else None

    def describe(self) -> str:
        """Safe to print: where we connect and as whom, never the secret."""
        db = self.database or "default database"
        return f"{self.uri} as {self.user} ({db})"


def _read_file(path: Path) -> dict[str, str]:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise Neo4jConfigError(f"Neo4j config file {path} does not exist") from None
    if os.name == "posix" and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise Neo4jConfigError(
            f"refusing to read {path}: it may hold a password and other users can access it "
            f"(mode {stat.S_IMODE(st.st_mode):04o}); run: chmod 600 {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise Neo4jConfigError(f"cannot read Neo4j config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise Neo4jConfigError(f"{path} is not valid TOML: {exc}") from None
    if isinstance(data.get("neo4j"), dict):  # a [neo4j] table is accepted as well as top-level keys
        data = data["neo4j"]
    unknown = sorted(set(data) - set(FILE_KEYS))
    if unknown:
        raise Neo4jConfigError(
            f"{path}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(FILE_KEYS)}")
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        raise Neo4jConfigError(f"{path}: {', '.join(sorted(bad))} must be a string")
    return data


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                use_default_file: bool = True) -> Neo4jConfig:
    """Settings from ``path`` (or the default file when it exists), then the environment on top.

    An explicit ``path`` that is missing is an error; a missing default file is not.
    """
    env = os.environ if env is None else env
    values: dict[str, str] = {}
    sources: list[str] = []
    file_path = Path(path).expanduser() if path is not None else None
    if file_path is None and use_default_file and default_config_path().exists():
        file_path = default_config_path()
    if file_path is not None:
        values.update(_read_file(file_path))
        sources.append(str(file_path))
    env_map = {"uri": ("NEO4J_URI",), "user": ("NEO4J_USER", "NEO4J_USERNAME"),
               "password": ("NEO4J_PASSWORD",), "database": ("NEO4J_DATABASE",)}
    used_env = False
    for key, names in env_map.items():
        for name in names:
            if env.get(name):
                values[key] = env[name]
                used_env = True
                break
    if used_env:
        sources.append("environment")
    return Neo4jConfig(
        uri=values.get("uri") or DEFAULT_URI,
        user=values.get("user") or DEFAULT_USER,
        password=values.get("password") or None,
        database=values.get("database") or None,
        source=" + ".join(sources) or "defaults",
    )
