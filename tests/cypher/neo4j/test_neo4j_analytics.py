"""cites-like, leaderboard and name resolution on a Neo4j backend, through the recording driver.

The driver answers each Neo4j statement by running its LadybugDB twin (the dialect table of
paperkg.cypher.analytics.lookups_on_store) on a real embedded store holding the same graph, so the answers
must equal the in-memory reference: this checks the Neo4j statements are the right ones, with the
right parameters, and that every statement sent is one the Neo4j parser lint checks
(test_neo4j_lint.py lints ``neo4j_statements()``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from neo4j import EagerResult, Record
from neo4j_fakes import RecordingDriver
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "graph"))
from analytics_graphs import tiny_graph, tiny_store  # noqa: E402

from paperkg.cli import app  # noqa: E402
from paperkg.cypher.analytics.lookups_on_store import (  # noqa: E402
    LADYBUG,
    LOOKUP_LABELS,
    NEO4J,
    NEO4J_VARIANTS,
    cites_like_on_store,
    leaderboard_on_store,
    neo4j_statements,
    resolve_on_store,
    resolve_statements,
)
from paperkg.cypher.ladybug import open_store  # noqa: E402
from paperkg.cypher.neo4j import client as neo4j_client  # noqa: E402
from paperkg.cypher.neo4j.client import Neo4jBackend  # noqa: E402
from paperkg.graph.analytics import cites_like, leaderboard, resolve_entity  # noqa: E402

runner = CliRunner()


def _twins() -> dict[str, str]:
    out = {neo: lady for lady, neo in NEO4J_VARIANTS.items()}
    for label in LOOKUP_LABELS:
        lady, neo = resolve_statements(label, LADYBUG), resolve_statements(label, NEO4J)
        out.update({neo[s]: lady[s] for s in neo if s != "key"})  # Neo4j's key scan runs as it is
    return out


@pytest.fixture(scope="module")
def ladybug(tmp_path_factory):
    s = open_store(tiny_store(tmp_path_factory.mktemp("neo4j-analytics") / "tiny.db"))
    yield s
    s.close()


@pytest.fixture
def driver(ladybug):
    twins = _twins()

    def respond(query: str, params: dict) -> EagerResult:
        result = ladybug.run(twins.get(query, query), params)
        return EagerResult([Record(zip(result.columns, row, strict=True)) for row in result.rows], None,
                           result.columns)

    return RecordingDriver(respond=respond)


@pytest.fixture
def neo(driver):
    return Neo4jBackend(driver, database="neo4j")


def _sent_are_linted(driver: RecordingDriver) -> None:
    linted = {cypher for _, cypher, _ in neo4j_statements()}
    sent = {c.query for c in driver.calls}
    assert sent and sent <= linted, sorted(sent - linted)
    assert all("label(" not in q for q in sent) and all(c.routing == "r" for c in driver.calls)


@pytest.mark.parametrize("method", ["lora", "adapter", "resnet", "qlora", "vit"])
def test_cites_like_on_neo4j_equals_memory(neo, driver, method):
    G = tiny_graph()
    assert cites_like_on_store(neo, method, limit=3) == cites_like(G, f"Method:{method}", limit=3)
    assert cites_like_on_store(neo, method) == cites_like(G, f"Method:{method}")
    _sent_are_linted(driver)


@pytest.mark.parametrize("dataset", ["glue", "imagenet"])
def test_leaderboard_on_neo4j_equals_memory(neo, driver, dataset):
    G = tiny_graph()
    assert leaderboard_on_store(neo, dataset) == leaderboard(G, f"Dataset:{dataset}")
    assert leaderboard_on_store(neo, dataset, "error-rate", 1) == leaderboard(G, f"Dataset:{dataset}",
                                                                             "Metric:error-rate", 1)
    _sent_are_linted(driver)


@pytest.mark.parametrize(("typed", "label"), [
    ("LOW-RANK ADAPTATION", "Method"), ("low rank adaptation", "Method"), ("llama2", "Method"),
    ("lorra", "Method"), ("imagenet-1K", "Dataset"), ("error  rate", "Metric"), ("Replicating LoRA", "Paper"),
    ("nothing like it", "Dataset")])
def test_resolution_on_neo4j_equals_memory(neo, driver, typed, label):
    assert resolve_on_store(neo, typed, label) == resolve_entity(tiny_graph(), typed, label)
    _sent_are_linted(driver)


def test_cli_cites_like_and_leaderboard_with_neo4j(ladybug, driver, monkeypatch, tmp_path):
    monkeypatch.setattr(neo4j_client.Neo4jBackend, "from_env",
                        classmethod(lambda cls, write=False, database=None: cls(driver)))
    db = str(tiny_store(tmp_path / "cli.db"))
    for args in (["cites-like", "LoRA", "--limit", "3", "--json"], ["leaderboard", "ImageNet", "--json"]):
        on_neo4j = runner.invoke(app, [*args, "--neo4j"])
        assert on_neo4j.exit_code == 0, on_neo4j.output
        on_ladybug = runner.invoke(app, [*args, "--db", db])
        assert json.loads(on_neo4j.stdout) == json.loads(on_ladybug.stdout)
    assert len(driver.calls) > 3
    _sent_are_linted(driver)


def test_cli_neo4j_unreachable_is_one_line(monkeypatch):
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEO4J_URI", "http://localhost:7474")
    r = runner.invoke(app, ["cites-like", "LoRA", "--neo4j"])
    assert r.exit_code == 1 and r.stderr.startswith("error: Neo4j: ") and "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1
