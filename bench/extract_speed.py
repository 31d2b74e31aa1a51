"""Extraction speed: abstracts/s of the fast (rules-only) pipeline against spaCy's bare tokenizer.

bench/extract_speed_archive.py measures both profiles on the real archive; this one keeps the
fast profile's own figures and instruments.

The texts are the dev inputs plus the sample corpus, repeated to about ``--n`` abstracts; both
are timed in the same process on the same texts, so the ratio is what to watch (goal: <= 3);
``ratio_interleaved`` times the two alternately in small chunks and is the steadier one on a
shared machine.
Also prints the peak resident memory of the process. ``--cumulative`` times the pipeline with
its first k components for every k (best of three, the tokenizer beside it), which shows how
much of the 3x budget each component leaves to the ones after it. ``--stagewise B`` runs every
component over a batch of B Docs before the next component starts (the order ``nlp.pipe`` gives
since the components run batch by batch), beside the one-Doc-at-a-time order of ``nlp(doc)``,
interleaved batch by batch: it shows what the CPU caches that the components evict from each
other cost.
``--distinct R`` measures both on texts neither has seen, as in a real corpus: the default figures
repeat the sample's distinct abstracts about five times, and spaCy's tokenizer keeps the split of
every whitespace-separated chunk it has seen, so there it only looks words up. Here, in each of
R rounds and for each half of the distinct abstracts, a fresh tokenizer and a fresh pipeline are
warmed on the other half and then timed on this one, once.

usage: .venv/bin/python bench/extract_speed.py [--n 2000] [--json] [--components] [--cumulative]
                                               [--stagewise B] [--distinct R]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
from itertools import cycle, islice
from pathlib import Path

import spacy

from paperkg.extract.fields import compose
from paperkg.extract.pipeline import extract_record, extract_records, load_pipeline, make_doc, to_extraction
from paperkg.sources import ProblemLog, iter_records

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "tests" / "data" / "dev_input.jsonl", ROOT / "examples" / "hf-daily-papers"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="number of abstracts (the inputs are repeated)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--components", action="store_true", help="also time each pipeline component")
    ap.add_argument("--cumulative", action="store_true",
                    help="also time the pipeline with its first k components, for every k")
    ap.add_argument("--stagewise", type=int, default=0, metavar="B",
                    help="also time component-by-component over batches of B Docs")
    ap.add_argument("--distinct", type=int, default=0, metavar="R",
                    help="also time both on unseen texts, R rounds over the two halves")
    args = ap.parse_args()

    base = [r for r in iter_records(SOURCES, problems=ProblemLog(on_problem=None)) if r.has_abstract]
    records = list(islice(cycle(base), args.n))
    texts = [_text(r) for r in records]
    chars = sum(map(len, texts))

    tokenizer = spacy.blank("en").tokenizer
    t_tok = _best_tokenizer_time(tokenizer, texts)

    t0 = time.perf_counter()
    nlp = load_pipeline(profile="fast")
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_results = sum(len(x.results) for x in extract_records(records, nlp=nlp))
    t_full = time.perf_counter() - t0

    # The same comparison with the two interleaved in chunks of 50 abstracts (the tokenizer
    # already warm, as in its best-of-three above), so that both see the same machine load: on a
    # shared machine the separate figures above drift by 2x between runs, this ratio much less.
    t_tok_i = t_pipe_i = 0.0
    for i in range(0, len(records), 50):
        chunk = records[i : i + 50]
        t0 = time.perf_counter()
        for t in texts[i : i + 50]:
            tokenizer(t)
        t_tok_i += time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in extract_records(chunk, nlp=nlp):
            pass
        t_pipe_i += time.perf_counter() - t0

    per_component: dict[str, float] = {}
    if args.components:
        per_component = {"make_doc": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
        for r in records:
            t0 = time.perf_counter()
            doc = make_doc(nlp, r)
            per_component["make_doc"] += time.perf_counter() - t0
            for name, proc in nlp.pipeline:
                t0 = time.perf_counter()
                doc = proc(doc)
                per_component[name] += time.perf_counter() - t0

    cumulative: dict[str, float] = {}
    if args.cumulative:
        cumulative = _cumulative(nlp, tokenizer, records, texts)

    stagewise: dict[str, float] = {}
    if args.stagewise:
        stagewise = _stagewise(nlp, records, args.stagewise)

    distinct: dict[str, float] = {}
    if args.distinct:
        distinct = _distinct(base, args.distinct)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    figures = {
        "abstracts": len(records),
        "distinct_abstracts": len(base),
        "chars": chars,
        "tokenizer_abstracts_per_s": round(len(records) / t_tok, 1),
        "pipeline_abstracts_per_s": round(len(records) / t_full, 1),
        "ratio_pipeline_to_tokenizer_time": round(t_full / t_tok, 2),
        "ratio_interleaved": round(t_pipe_i / t_tok_i, 2),
        "pipeline_load_s": round(t_load, 2),
        "results_found": n_results,
        "peak_rss_mb": round(peak_mb, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "python": sys.version.split()[0],
        "spacy": spacy.__version__,
    }
    figures.update({f"seconds_{k}": round(v, 3) for k, v in per_component.items()})
    figures.update({f"ratio_up_to_{k}": round(v, 2) for k, v in cumulative.items()})
    figures.update({k: round(v, 3) for k, v in stagewise.items()})
    figures.update({k: round(v, 2) for k, v in distinct.items()})
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for k, v in figures.items():
            print(f"{k:36s} {v}")


def _text(record) -> str:
    """The text the pipeline tokenises for a record (title and abstract, as ``make_doc`` joins them)."""
    return compose(record.title, record.abstract)[0]


def _best_tokenizer_time(tokenizer, texts, rounds: int = 3) -> float:
    """The tokenizer pass is short: the best of a few rounds steadies the ratio."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            tokenizer(t)
        best = min(best, time.perf_counter() - t0)
    return best


def _cumulative(nlp, tokenizer, records, texts) -> dict[str, float]:
    """Pipeline time with the first k components over bare tokenizer time, best of three each,
    keyed by the last component kept ("none": make_doc and the Extraction alone). The tokenizer
    is timed again in each round, beside the pipeline, so that both see the same load."""
    names = list(nlp.pipe_names)
    best: dict[str, float] = {}
    tok = float("inf")
    for _ in range(3):
        tok = min(tok, _best_tokenizer_time(tokenizer, texts, rounds=1))
        for k in range(len(names) + 1):
            with nlp.select_pipes(enable=names[:k]):
                t0 = time.perf_counter()
                for _ in extract_records(records, nlp=nlp):
                    pass
                key = names[k - 1] if k else "none"
                best[key] = min(best.get(key, float("inf")), time.perf_counter() - t0)
    return {k: v / tok for k, v in best.items()}


def _stagewise(nlp, records, size: int) -> dict[str, float]:
    """Seconds for the records Doc by Doc (every component on one Doc, then the next Doc) and
    stage by stage (one component on a batch of ``size`` Docs, then the next component), the two
    alternated batch by batch so that both see the same load; the outputs are checked equal."""
    t_doc = t_stage = 0.0
    for i in range(0, len(records), size):
        batch = records[i : i + size]
        t0 = time.perf_counter()
        one = [extract_record(nlp, r) for r in batch]
        t_doc += time.perf_counter() - t0
        t0 = time.perf_counter()
        docs = [make_doc(nlp, r) for r in batch]
        for _, proc in nlp.pipeline:
            docs = [proc(d) for d in docs]
        staged = [to_extraction(d, r) for d, r in zip(docs, batch, strict=True)]
        t_stage += time.perf_counter() - t0
        assert staged == one, "stage-by-stage output differs"
    return {"seconds_doc_by_doc": t_doc, f"seconds_stage_by_stage_batch_{size}": t_stage,
            "ratio_stage_to_doc": t_stage / t_doc}


def _distinct(base, rounds: int) -> dict[str, float]:
    """Seconds per abstract of the bare tokenizer and of the pipeline on abstracts they have not
    seen, each fresh and warmed on the other half of the distinct abstracts first."""
    unique = list({_text(r): r for r in base}.values())
    halves = (unique[0::2], unique[1::2])
    t_tok = t_pipe = 0.0
    n = 0
    for _ in range(rounds):
        for warm, timed in (halves, halves[::-1]):
            tokenizer = spacy.blank("en").tokenizer
            for r in warm:
                tokenizer(_text(r))
            texts = [_text(r) for r in timed]
            # the pipelines of earlier rounds are garbage in reference cycles: collected here, not
            # by a collection that happens to fall inside a timed loop (up to 0.4x of the ratio)
            gc.collect()
            t0 = time.perf_counter()
            for t in texts:
                tokenizer(t)
            t_tok += time.perf_counter() - t0
            nlp = load_pipeline(profile="fast")
            for _ in extract_records(warm, nlp=nlp):
                pass
            gc.collect()
            t0 = time.perf_counter()
            for _ in extract_records(timed, nlp=nlp):
                pass
            t_pipe += time.perf_counter() - t0
            n += len(timed)
    return {"distinct_abstracts_timed": n, "distinct_tokenizer_us_per_abstract": t_tok / n * 1e6,
            "distinct_pipeline_us_per_abstract": t_pipe / n * 1e6, "ratio_distinct": t_pipe / t_tok}


if __name__ == "__main__":
    main()
