"""docker/: what can be checked without a Docker engine.

The compose file is validated by a real compose client when one is installed (``docker compose``
or ``docker-compose``), otherwise skipped with the reason; the structure checks below need
nothing but the files. Nothing here starts a container: this machine has no Docker engine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperkg.cli import app

ROOT = Path(__file__).resolve().parents[3]
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "compose.yml"


def _compose_client() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def _with_env(tmp_path: Path) -> Path:
    """A copy of docker/ with .env made from .env.example, as a user would (the real .env is not in git)."""
    copy = tmp_path / "docker"
    shutil.copytree(DOCKER, copy, ignore=shutil.ignore_patterns(".env"))
    shutil.copy(copy / ".env.example", copy / ".env")
    return copy / "compose.yml"


def test_compose_file_is_valid_for_a_real_compose_client(tmp_path):
    client = _compose_client()
    if client is None:
        pytest.skip("no compose client (docker compose / docker-compose) on this machine")
    proc = subprocess.run([*client, "-f", str(_with_env(tmp_path)), "config"],
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "neo4j:5.26-community" in proc.stdout and "service_healthy" in proc.stdout


def test_compose_structure():
    text = COMPOSE.read_text(encoding="utf-8")
    assert re.search(r"^\s+image: neo4j:5\.\d+-community\s*$", text, re.M), "pin a Neo4j 5.x Community tag"
    for needle in ("  neo4j:\n", "  paperkg:\n", "env_file: .env", "healthcheck:", "cypher-shell",
                   "condition: service_healthy", "dockerfile: docker/Dockerfile", "neo4j-data:/data",
                   "NEO4J_URI: neo4j://neo4j:7687", "127.0.0.1:7474:7474", "127.0.0.1:7687:7687"):
        assert needle in text, f"compose.yml lacks {needle!r}"
    assert "\t" not in text, "YAML must be indented with spaces"
    assert "paperkg build examples/hf-daily-papers --db /data/paperkg.db" in text
    assert "paperkg load-neo4j --db /data/paperkg.db" in text
    assert "change-me" not in text, "the password belongs in docker/.env, not in compose.yml"


def test_compose_parses_as_yaml_with_the_expected_services():
    yaml = pytest.importorskip("yaml", reason="pyyaml is not installed (not a paperkg dependency)")
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert set(data["services"]) == {"neo4j", "paperkg"}
    neo4j, paperkg = data["services"]["neo4j"], data["services"]["paperkg"]
    assert neo4j["healthcheck"]["test"][0] == "CMD-SHELL"
    assert paperkg["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert paperkg["build"] == {"context": "..", "dockerfile": "docker/Dockerfile"}
    assert set(data["volumes"]) == {"neo4j-data", "neo4j-logs", "paperkg-data"}


def test_env_example_and_gitignore():
    assert "NEO4J_AUTH=neo4j/change-me\n" in (DOCKER / ".env.example").read_text(encoding="utf-8")
    assert "docker/.env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_dockerfile_installs_the_repo_on_python_311_slim():
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert text.count("FROM ") == 1 and "FROM python:3.11-slim" in text
    assert "RUN pip install ." in text
    for path in ("pyproject.toml", "README.md", "paperkg", "examples"):  # pyproject names README.md
        assert path in text and (ROOT / path).exists()
    ignore = (DOCKER / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    assert "!paperkg/**" in ignore and "!examples/**" in ignore


def test_the_compose_commands_are_real_cli_options():
    runner = CliRunner()
    result = runner.invoke(app, ["load-neo4j", "--db", "/nonexistent/paperkg.db", "--dry-run"])
    assert result.exit_code == 1 and "no such store" in result.stderr  # options parsed, store missing
    result = runner.invoke(app, ["build", "--help"])
    assert result.exit_code == 0 and "--db" in result.stdout
