"""Scale tests: builds of a few hundred generated abstracts, compared by content hash."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from corpus_gen import generate  # noqa: E402

SAMPLE = ROOT / "examples" / "hf-daily-papers"


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "gen.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for rec in generate(150, seed=11):
            fh.write(json.dumps(rec) + "\n")
    return path
