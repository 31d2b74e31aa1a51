"""bench/extract_speed.py runs and reports every figure docs/benchmarks.md quotes from it (the
figures themselves are measured, not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_extract_speed_reports_component_and_cumulative_figures():
    script = ROOT / "bench" / "extract_speed.py"
    args = [sys.executable, str(script), "--n", "12", "--components", "--cumulative",
            "--stagewise", "5", "--json"]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=300)
    figures = json.loads(out.stdout)
    assert figures["abstracts"] == 12
    stages = ["none", "sentences", "abbreviations", "entities", "proposed", "results", "links"]
    assert [k.removeprefix("ratio_up_to_") for k in figures if k.startswith("ratio_up_to_")] == stages
    assert all(figures[f"ratio_up_to_{k}"] > 0 for k in stages)
    assert {f"seconds_{k}" for k in ["make_doc", *stages[1:]]} <= figures.keys()
    assert figures["ratio_interleaved"] > 0
    # 12 abstracts in batches of 5: both orders timed (their outputs are asserted equal inside)
    assert figures["seconds_doc_by_doc"] > 0 and figures["seconds_stage_by_stage_batch_5"] > 0
    assert figures["ratio_stage_to_doc"] > 0
