"""Fixtures of the robustness suite (helpers live in robustness_helpers.py, importable by name)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from robustness_helpers import DEV_INPUT, cli  # noqa: E402


@pytest.fixture(scope="session")
def dev_db(tmp_path_factory) -> Path:
    """A real store built by ``paperkg build`` from the 50 dev abstracts (read-only use only)."""
    path = tmp_path_factory.mktemp("dev") / "dev.db"
    r = cli("build", DEV_INPUT, "--db", path, "--quiet", "--json")
    assert r.exit_code == 0, r.output
    return path
