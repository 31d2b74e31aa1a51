"""Fixtures of the live Neo4j tests (marked ``neo4j``; ``make test-neo4j`` runs them against a server
of their own). The sample corpus is built once per session into an embedded store, the reference every
Neo4j answer is compared with."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from neo4j_live import ROOT, require_disposable, require_server, wipe

from paperkg.cypher.neo4j.client import open_driver
from paperkg.cypher.neo4j.config import Neo4jConfig, load_config

SAMPLE = ROOT / "examples" / "hf-daily-papers"


@pytest.fixture(scope="session")
def live_settings() -> Neo4jConfig:
    """The server of NEO4J_URI (environment only: a developer's config file must not redirect tests)."""
    require_server()
    return load_config(use_default_file=False)


@pytest.fixture(scope="session")
def live_driver(live_settings: Neo4jConfig) -> Any:
    driver = open_driver(live_settings)
    driver.verify_connectivity()  # a wrong NEO4J_URI fails here at once, not after 30 s of retries
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/hf-daily-papers built by `paperkg build`'s own code (about 8 s)."""
    from paperkg.build_store import build
    from paperkg.sources import ProblemLog

    db = tmp_path_factory.mktemp("neo4j-sample") / "sample.db"
    summary = build([str(SAMPLE)], db, progress=False, problems=ProblemLog())
    assert summary.ok
    return db


@pytest.fixture(scope="session")
def sample_graph(sample_db: Path) -> Any:
    from paperkg.cypher.ladybug import open_store, to_networkx

    with open_store(sample_db, read_only=True) as store:
        return to_networkx(store)


@pytest.fixture(scope="session")
def loaded_sample(live_driver: Any, sample_db: Path) -> dict[str, Any]:
    """The throw-away server emptied (data, constraints, indexes), then the sample loaded by the CLI.

    Session-wide: tests that write more clean up after themselves (ids starting ``paperkg-test-``).
    """
    require_disposable()
    from typer.testing import CliRunner

    from paperkg.cli import app

    wipe(live_driver)
    result = CliRunner().invoke(app, ["load-neo4j", "--db", str(sample_db), "--json", "--batch-size", "500"],
                                env={"NEO4J_DATABASE": os.environ.get("NEO4J_DATABASE", "")})
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    live_driver.execute_query("CALL db.awaitIndexes(300)")
    return summary
