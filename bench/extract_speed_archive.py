"""Extraction speed of both profiles on real abstracts: `paperkg extract` against spaCy's tokenizer.

The texts are ``--n`` distinct abstracts of the Hugging Face Daily Papers archive
(examples/hf-daily-api), none seen before by either side. In one run:

* ``tokenizer``: spaCy's bare English tokenizer (``spacy.blank("en")``), one process, a fresh
  one for each pass, over every title + abstract;
* ``accurate`` and ``fast``: the command a user runs, ``paperkg extract FILE -o OUT --profile P``
  with its default workers (all cores), as a child process, start-up and model loading included.

The tokenizer is timed before, between and after the two commands and its mean is the baseline
of both ratios (the machine's speed drifts over a run). ``peak_rss_mb`` is the largest resident
set of the command's processes (the main one or a worker), from the kernel's accounting of
waited-for children.

usage: .venv/bin/python bench/extract_speed_archive.py [--n 8000] [--archive DIR] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
PAPERKG = Path(sys.executable).with_name("paperkg")


def archive_texts(folder: Path, n: int) -> list[dict]:
    """The first ``n`` distinct papers of the archive, by listing day, with folded white space."""
    seen: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for entry in json.load(fh):
                paper = entry["paper"]
                if paper["id"] not in seen:
                    seen[paper["id"]] = {"id": paper["id"], "title": " ".join(paper["title"].split()),
                                         "abstract": " ".join(paper["summary"].split())}
                if len(seen) == n:
                    return list(seen.values())
    return list(seen.values())


def time_tokenizer(texts: list[str]) -> float:
    tokenizer = spacy.blank("en").tokenizer
    t0 = time.perf_counter()
    for t in texts:
        tokenizer(t)
    return time.perf_counter() - t0


# Runs a command and prints the largest resident set (KB) of its processes, waited for: the kernel
# keeps that maximum per process tree, so each command is measured from a process of its own.
_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def time_extract(path: Path, profile: str) -> tuple[float, float]:
    """Seconds of `paperkg extract` and the peak resident set (MB) of its processes."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(PAPERKG), "extract", str(path), "-o", str(Path(tmp) / "out.jsonl"), "--profile", profile]
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _PEAK, *cmd], check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
    return seconds, int(out.stdout.split()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=8000)
    ap.add_argument("--archive", type=Path, default=ROOT / "examples" / "hf-daily-api")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    papers = archive_texts(args.archive, args.n)
    texts = [p["title"] + "\n\n" + p["abstract"] for p in papers]
    figures: dict[str, float | int | str] = {"abstracts": len(papers), "cpus": os.cpu_count() or 1}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "papers.jsonl"
        path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in papers), encoding="utf-8")
        tok = [time_tokenizer(texts)]
        for profile in ("accurate", "fast"):
            seconds, rss = time_extract(path, profile)
            figures[f"{profile}_seconds"] = round(seconds, 2)
            figures[f"{profile}_peak_rss_mb"] = round(rss)
            tok.append(time_tokenizer(texts))
    baseline = sum(tok) / len(tok)
    figures["tokenizer_seconds"] = round(baseline, 3)
    figures["tokenizer_seconds_each"] = ", ".join(f"{t:.3f}" for t in tok)
    for profile in ("accurate", "fast"):
        figures[f"{profile}_abstracts_per_s"] = round(len(papers) / figures[f"{profile}_seconds"], 1)
        figures[f"ratio_{profile}"] = round(figures[f"{profile}_seconds"] / baseline, 2)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for k, v in figures.items():
            print(f"{k:>26}: {v}")


if __name__ == "__main__":
    main()
