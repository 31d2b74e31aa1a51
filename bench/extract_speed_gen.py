"""Extraction speed of the fast profile on synthetic abstracts (bench/corpus_gen.py) against
spaCy's bare tokenizer.

The companion of extract_speed.py for scale: the generated corpus has a growing vocabulary, so
matchers and the gazetteer meet many names they do not know, as on a large real corpus. Both the
tokenizer and the pipeline run in this process on the same texts; ``--workers`` > 1 also times the
parallel path (a fork pool with the pipeline loaded once per worker). ``ratio_first_pass`` times
both on abstracts they have not met (the next ``--n`` of the same generator, after the first
``--n``), as a pass over a corpus does; the other ratios time the tokenizer on texts it has
already split, which it only looks up.

usage: .venv/bin/python bench/extract_speed_gen.py [--n 2000] [--workers 2] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import generate  # noqa: E402

from paperkg.extract.fields import compose  # noqa: E402
from paperkg.extract.pipeline import extract_records, load_pipeline  # noqa: E402
from paperkg.sources.record import PaperRecord  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    gen = generate(args.n, args.seed)
    records = [PaperRecord(id=d["id"], title=d["title"], abstract=d["abstract"]) for d in gen]
    texts = [compose(r.title, r.abstract)[0] for r in records]

    tokenizer = spacy.blank("en").tokenizer
    t_tok = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for t in texts:
            tokenizer(t)
        t_tok = min(t_tok, time.perf_counter() - t0)
    nlp = load_pipeline(profile="fast")
    t0 = time.perf_counter()
    n_ents = sum(len(x.entities()) for x in extract_records(records, nlp=nlp))
    t_one = time.perf_counter() - t0
    t_tok_i, t_one_i = _interleaved(tokenizer, nlp, records, texts)
    first = _first_pass(args.n, args.seed)
    figures = {
        "abstracts": len(records),
        "tokenizer_abstracts_per_s": round(len(records) / t_tok, 1),
        "pipeline_abstracts_per_s": round(len(records) / t_one, 1),
        "ratio_pipeline_to_tokenizer_time": round(t_one / t_tok, 2),
        "ratio_interleaved": round(t_one_i / t_tok_i, 2),
        "entities_found": n_ents,
        **first,
    }
    if args.workers > 1:
        t0 = time.perf_counter()
        n_par = sum(len(x.entities()) for x in extract_records(records, n_process=args.workers))
        t_par = time.perf_counter() - t0
        figures[f"pipeline_abstracts_per_s_{args.workers}_workers"] = round(len(records) / t_par, 1)
        figures["parallel_same_entity_count"] = n_par == n_ents
    figures["load_avg_1m"] = round(os.getloadavg()[0], 2)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for k, v in figures.items():
            print(f"{k:40s} {v}")
    return 0


def _interleaved(tokenizer, nlp, records, texts, chunk: int = 50) -> tuple[float, float]:
    """Seconds of the tokenizer and of the pipeline, run alternately in chunks of ``chunk``
    abstracts so that both see the same machine load."""
    t_tok = t_pipe = 0.0
    for i in range(0, len(records), chunk):
        t0 = time.perf_counter()
        for t in texts[i : i + chunk]:
            tokenizer(t)
        t_tok += time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in extract_records(records[i : i + chunk], nlp=nlp):
            pass
        t_pipe += time.perf_counter() - t0
    return t_tok, t_pipe


def _first_pass(n: int, seed: int) -> dict[str, float]:
    """Both sides on abstracts they meet for the first time, as in one pass over a corpus: a fresh
    tokenizer and a fresh pipeline read the ``n`` abstracts above, then each reads the next ``n``
    once, alternately in chunks of 50. The figures above time the tokenizer's third pass over the
    same texts, when it only looks up its cache of word splits."""
    gen = [PaperRecord(id=d["id"], title=d["title"], abstract=d["abstract"]) for d in generate(2 * n, seed)]
    warm, timed = gen[:n], gen[n:]
    tokenizer = spacy.blank("en").tokenizer
    nlp = load_pipeline(profile="fast")
    for r in warm:
        tokenizer(compose(r.title, r.abstract)[0])
    for _ in extract_records(warm, nlp=nlp):
        pass
    texts = [compose(r.title, r.abstract)[0] for r in timed]
    gc.collect()
    t_tok, t_pipe = _interleaved(tokenizer, nlp, timed, texts)
    return {"first_pass_tokenizer_us_per_abstract": round(t_tok / n * 1e6, 1),
            "first_pass_pipeline_us_per_abstract": round(t_pipe / n * 1e6, 1),
            "ratio_first_pass": round(t_pipe / t_tok, 2)}


if __name__ == "__main__":
    raise SystemExit(main())
