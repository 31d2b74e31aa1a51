"""Suite-wide rules.

Some tests need tools a developer's laptop may lack (Chromium, node with Neo4j's Cypher parser) and
skip there with the reason. CI installs those tools (.ci/run), so under CI such a skip would hide a
broken install step: it is turned into a failure.
"""

from __future__ import annotations

import os

import pytest

MUST_RUN_IN_CI = ("tests/viz/test_browser.py", "tests/neo4j/test_neo4j_lint.py")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and item.nodeid.startswith(MUST_RUN_IN_CI):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where its tools must be installed: {report.longrepr}"
