"""Byte-identity of extraction: a digest of what both profiles extract from fixed inputs.

Refactoring the extractor must not change what it extracts. This runs the accurate and the fast
profile over the inputs below, serialises each paper's extraction exactly as ``paperkg extract``
writes it (one JSON line per paper), and compares the SHA-256 of each output with the digests in
``bench/extraction_identity.json``, committed before the refactoring started.

    python bench/extraction_identity.py            # compare; exit 1 on any difference
    python bench/extraction_identity.py --write    # record the current digests
    python bench/extraction_identity.py --dump DIR # also write each output to DIR (to diff)

``training/data`` is made by ``python training/corpus/splits.py``; it is made here when missing.
``--archive`` adds the 9,797 papers of ``examples/hf-daily-api`` (about 4 minutes more; its digests
are recorded only when written with it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

from paperkg.extract.pipeline import extract_records, load_pipeline
from paperkg.sources import ProblemLog, read_papers

ROOT = Path(__file__).resolve().parents[1]
DIGESTS = ROOT / "bench" / "extraction_identity.json"
INPUTS = {
    "dev_input": "tests/data/dev_input.jsonl",
    "heldout_input": "tests/data/heldout_input.jsonl",
    "hf-daily-papers": "examples/hf-daily-papers",
    "training-dev": "training/data/dev.input.jsonl",
    "training-test": "training/data/test.input.jsonl",
    "training-train": "training/data/train.input.jsonl",
}
ARCHIVE = {"hf-daily-api": "examples/hf-daily-api"}
PROFILES = ("accurate", "fast")


def output_lines(nlp, path: Path) -> list[str]:
    records = read_papers([str(path)], None, ProblemLog(on_problem=None))
    return [json.dumps(ex.to_dict(), ensure_ascii=False) + "\n" for ex in extract_records(records, nlp=nlp)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="record the current digests")
    ap.add_argument("--archive", action="store_true", help="also the 9,797 papers of the archive")
    ap.add_argument("--dump", type=Path, help="write each output to this folder")
    args = ap.parse_args()
    if not (ROOT / "training" / "data" / "dev.input.jsonl").is_file():
        subprocess.run([sys.executable, str(ROOT / "training" / "corpus" / "splits.py"),
                        "--out", str(ROOT / "training" / "data")], check=True)
    inputs = {**INPUTS, **(ARCHIVE if args.archive else {})}
    known = json.loads(DIGESTS.read_text()) if DIGESTS.is_file() else {}
    found: dict[str, str] = {}
    for profile in PROFILES:
        nlp = load_pipeline(profile=profile)
        for name, rel in inputs.items():
            t0 = time.perf_counter()
            lines = output_lines(nlp, ROOT / rel)
            text = "".join(lines).encode("utf-8")
            key = f"{profile}/{name}"
            found[key] = hashlib.sha256(text).hexdigest()
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                (args.dump / f"{profile}-{name}.jsonl").write_bytes(text)
            status = "" if args.write else (
                "same" if known.get(key) == found[key] else "missing" if key not in known else "DIFFERENT")
            print(f"{key:32} {len(lines):5} papers {time.perf_counter() - t0:6.1f}s "
                  f"{found[key][:16]} {status}", flush=True)
    if args.write:
        merged = {**known, **found}
        DIGESTS.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n")
        print(f"wrote {DIGESTS.relative_to(ROOT)}")
        return 0
    bad = [k for k, v in found.items() if known.get(k) != v]
    print("identical" if not bad else f"{len(bad)} output(s) differ: {', '.join(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
