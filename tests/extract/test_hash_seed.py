"""Extraction must not depend on Python's string-hash seed.

Dask workers (and any fresh interpreter) get their own PYTHONHASHSEED, so anything that iterates a
set of strings to break a tie would make the same abstract extract differently on different
workers. This runs the real CLI under several seeds and compares the bytes.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Abstracts where one short name is typed strongly two ways, the case a set-ordered tie-break got wrong.
TIES = ROOT / "tests" / "extract" / "fixtures" / "type_ties.jsonl"


def _extract(seed: str, path: Path, out: Path) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "paperkg", "extract", str(path), "-o", str(out)],
                   check=True, env=env, capture_output=True, cwd=ROOT)
    return out.read_bytes()


def test_same_output_under_different_hash_seeds(tmp_path):
    for path in (ROOT / "tests" / "data" / "dev_input.jsonl", TIES):
        outputs = {_extract(seed, path, tmp_path / f"{seed}.jsonl") for seed in ("0", "1", "2")}
        assert len(outputs) == 1, path.name
