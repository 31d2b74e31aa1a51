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
            "--stagewise", "5", "--distinct", "1", "--json"]
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
    # each distinct text timed once, unseen, per round (the inputs repeat some papers)
    assert 0 < figures["distinct_abstracts_timed"] < figures["distinct_abstracts"]
    assert figures["ratio_distinct"] > 0


def test_extract_instructions_children_run_and_its_parser_reads_valgrinds_count():
    """bench/extract_instructions.py needs valgrind (not on CI): its two measured child modes run
    here without it, and the count it reads from valgrind's summary line is the number shown."""
    script = ROOT / "bench" / "extract_instructions.py"
    for mode in ("tokenizer", "pipeline"):
        cmd = [sys.executable, str(script), "--child", mode, "3", "2"]
        subprocess.run(cmd, cwd=ROOT, check=True, timeout=300)
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import extract_instructions
    finally:
        sys.path.remove(str(ROOT / "bench"))
    m = extract_instructions._REFS.search("==20991== \n==20991== I   refs:      10,488,038,164\n")
    assert m is not None and int(m.group(1).replace(",", "")) == 10_488_038_164


def test_extract_speed_gen_reports_the_first_pass_beside_the_warm_figures():
    script = ROOT / "bench" / "extract_speed_gen.py"
    out = subprocess.run([sys.executable, str(script), "--n", "60", "--json"],
                         capture_output=True, text=True, check=True, timeout=300)
    figures = json.loads(out.stdout)
    assert figures["abstracts"] == 60 and figures["entities_found"] > 0
    assert figures["ratio_interleaved"] > 0
    assert figures["first_pass_tokenizer_us_per_abstract"] > 0
    assert figures["first_pass_pipeline_us_per_abstract"] > 0
    assert figures["ratio_first_pass"] > 0
