"""docker/neo4j-local/neo4j_local.py without starting a server: the command line, the refusals, and the
make targets that use it. Starting, killing and restarting real servers is in test_neo4j_live_server.py."""

from __future__ import annotations

import re

import pytest
from neo4j_live import ROOT, neo4j_local


def test_the_password_goes_through_the_environment_not_the_command_line(tmp_path, monkeypatch):
    seen = {}

    class Captured(Exception):
        pass

    def popen(cmd, **kwargs):
        seen.update(cmd=cmd, env=kwargs["env"])
        raise Captured

    monkeypatch.setattr(neo4j_local, "built", lambda: True)
    monkeypatch.setattr(neo4j_local.subprocess, "Popen", popen)
    with pytest.raises(Captured):
        neo4j_local.start(tmp_path / "data", "s3cret-Passw0rd")
    cmd = seen["cmd"]
    assert "-jar" in cmd and str(neo4j_local.JAR) in cmd
    assert f"-Xmx{neo4j_local.HEAP}" in cmd and "--stop-on-stdin-close" in cmd  # no orphan JVM
    assert cmd[cmd.index("--data") + 1] == str(tmp_path / "data") and cmd[cmd.index("--port") + 1] == "0"
    assert not any("s3cret" in part for part in cmd)
    assert seen["env"]["NEO4J_PASSWORD"] == "s3cret-Passw0rd"


def test_random_passwords_are_long_and_different():
    a, b = neo4j_local.free_password(), neo4j_local.free_password()
    assert a != b and len(a) >= 16


def test_start_without_a_build_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setattr(neo4j_local, "JAR", tmp_path / "missing.jar")
    with pytest.raises(neo4j_local.LocalNeo4jError, match="make test-neo4j"):
        neo4j_local.start(tmp_path / "data", "password123")


def test_make_neo4j_needs_a_password(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    assert neo4j_local.main(["run", "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: set NEO4J_PASSWORD") and len(err.strip().splitlines()) == 1


def test_exec_needs_a_command():
    with pytest.raises(SystemExit):
        neo4j_local.main(["exec", "--"])


def test_make_test_runs_the_live_tests_against_their_own_server():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    test = re.search(r"^test: .*?(?=^\S)", make, re.M | re.S).group(0)
    assert '-m "not neo4j"' in test and "test-neo4j" in test
    live = re.search(r"^test-neo4j: .*?(?=^\S|\Z)", make, re.M | re.S).group(0)
    assert "neo4j_local.py exec --" in live and "-m neo4j" in live
    assert re.search(r"^neo4j: ", make, re.M)
