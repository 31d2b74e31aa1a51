"""Extraction cost of the fast profile in CPU instructions (valgrind's callgrind): repeatable
where seconds are not.

On a shared 2-core machine wall-clock figures of the same tree drift by 10-30% between runs, so
a change that costs or saves a few percent cannot be seen in ``extract_speed.py``. Callgrind
counts instructions, which are the same for the same code, input and hash seed whatever else
the machine is doing. Each figure is the difference of two runs of one child process (loading
the pipeline, then running the ``--n`` sample abstracts once or twice, or loading only), so the
start-up cost cancels:

* ``tokenizer``: spaCy's bare English tokenizer (``spacy.blank("en")``) on the texts;
* ``pipeline``: the full extraction (``extract_records``) on the same records;
* ``ratio``: pipeline over tokenizer instructions, the issue's goal of <= 3 counted in
  instructions instead of seconds.

Each is given twice: ``cold``, the first pass over the texts (spaCy's tokenizer caches the split
of every whitespace-separated chunk, so a first pass runs its affix regexes on every chunk), and
``warm``, a second pass over the same texts, as ``extract_speed.py`` measures (its tokenizer is
the best of three passes and its pipeline meets each distinct abstract about five times).

``--tree DIR`` measures another checkout (``git worktree add DIR COMMIT``) the same way, in the
same run, for a before/after comparison. Needs ``valgrind`` (Debian package). Five child runs
per tree, 1.5-3 minutes each (valgrind runs Python about 50x slower).

usage: .venv/bin/python bench/extract_instructions.py [--n 200] [--tree DIR ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="abstracts per measured run")
    ap.add_argument("--tree", action="append", default=[], help="another checkout to measure too")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "N", "PASSES"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    if shutil.which("valgrind") is None:
        sys.exit("extract_instructions: valgrind not found (apt-get install valgrind)")
    out = {}
    n = args.n
    for tree in [ROOT, *map(Path, args.tree)]:
        zero = _count(tree, "pipeline", n, 0)
        figures: dict[str, float] = {"abstracts": n}
        for mode in ("tokenizer", "pipeline"):
            one, two = _count(tree, mode, n, 1), _count(tree, mode, n, 2)
            figures[f"{mode}_cold_instructions_per_abstract"] = round((one - zero) / n)
            figures[f"{mode}_warm_instructions_per_abstract"] = round((two - one) / n)
        for state in ("cold", "warm"):
            figures[f"ratio_pipeline_to_tokenizer_{state}"] = round(
                figures[f"pipeline_{state}_instructions_per_abstract"]
                / figures[f"tokenizer_{state}_instructions_per_abstract"],
                2,
            )
        out[str(tree)] = figures
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for tree, figures in out.items():
            print(tree)
            for k, v in figures.items():
                print(f"  {k:38s} {v:,}" if isinstance(v, int) else f"  {k:38s} {v}")


def _count(tree: Path, mode: str, n: int, passes: int) -> int:
    """Instructions of one child run under callgrind: load, then ``passes`` passes over ``n``
    abstracts."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(tree)}
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out",
               sys.executable, str(Path(__file__).resolve()), "--child", mode, str(n), str(passes)]
        done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=True)
    m = _REFS.search(done.stderr)
    if m is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def _child(mode: str, n: int, passes: int) -> None:
    """Load everything both modes need, then run ``passes`` passes of ``n`` abstracts through one
    of them."""
    from itertools import cycle, islice

    import spacy

    from paperkg.extract.fields import compose
    from paperkg.extract.pipeline import extract_records, load_pipeline
    from paperkg.sources import ProblemLog, iter_records

    sources = [Path("tests/data/dev_input.jsonl"), Path("examples/hf-daily-papers")]
    base = [r for r in iter_records(sources, problems=ProblemLog(on_problem=None)) if r.has_abstract]
    records = list(islice(cycle(base), n))
    tokenizer = spacy.blank("en").tokenizer
    nlp = load_pipeline(profile="fast")
    texts = [compose(r.title, r.abstract)[0] for r in records]
    for _ in range(passes):
        if mode == "tokenizer":
            for t in texts:
                tokenizer(t)
        else:
            for _ in extract_records(records, nlp=nlp):
                pass


if __name__ == "__main__":
    main()
