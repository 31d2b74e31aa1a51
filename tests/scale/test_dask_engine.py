"""The dask engine on a LocalCluster of 2 worker processes gives the local engine's graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkg.build_store import build
from paperkg.engines.digest import store_digest

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hf-daily-papers"

pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_local_cluster_of_two_processes_builds_the_same_graph(tmp_path):
    parts = tmp_path / "parts"
    d = build([str(SAMPLE)], tmp_path / "dask.db", progress=False, engine="dask", scheduler="local:2",
              batch_size=60, parts_dir=parts)
    local = build([str(SAMPLE)], tmp_path / "local.db", progress=False, workers=1)
    assert d.added == local.added == 315 and d.engine == "dask"
    assert store_digest(tmp_path / "dask.db") == store_digest(tmp_path / "local.db")
    files = sorted(parts.glob("part-*.jsonl"))
    assert [f.name for f in files] == [f"part-{i:05d}.jsonl" for i in range(6)]  # 315 papers / 60
    first = json.loads(files[0].read_text().splitlines()[0])
    assert set(first) == {"paper", "extraction"} and first["paper"]["id"] == first["extraction"]["id"]
