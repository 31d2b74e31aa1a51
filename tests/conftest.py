"""Suite-wide rules.

Some tests need tools a developer's laptop may lack (Chromium, node with Neo4j's Cypher parser) and
skip there with the reason. CI installs those tools (.ci/run), so under CI such a skip would hide a
broken install step: it is turned into a failure. The same holds for every live Neo4j test (marked
``neo4j``): CI runs them through ``make test-neo4j``, which starts the server they need.
"""

from __future__ import annotations

import os

import pytest

MUST_RUN_IN_CI = ("tests/viz/test_browser.py", "tests/cypher/neo4j/test_neo4j_lint.py")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    must_run = item.nodeid.startswith(MUST_RUN_IN_CI) or item.get_closest_marker("neo4j") is not None
    if report.skipped and os.environ.get("CI") and must_run:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where its tools must be installed: {report.longrepr}"
