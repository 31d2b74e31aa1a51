import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "graph"))  # handmade.py


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The store built once per session by the real readers, extractor and graph from the sample corpus."""
    from paperkg.build_store import build
    from paperkg.sources import ProblemLog

    path = tmp_path_factory.mktemp("sample") / "hf.db"
    summary = build([ROOT / "examples" / "hf-daily-papers"], path, progress=False, problems=ProblemLog(None))
    assert summary.added == 315
    return path
