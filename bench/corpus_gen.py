"""Synthetic ML abstracts for scale tests: a vocabulary that keeps growing, like a real corpus.

Each paper proposes (with some probability) a freshly minted method or benchmark name built from
plausible morphemes ("Flex" + "Former", "Quant-GPT", "MoLoRA-3B", CamelCase, version numbers),
usually with an acronym definition; it then *uses* methods, datasets and metrics drawn by
preferential attachment from everything named so far (the gazetteer's well-known names plus the
names earlier papers minted). Popular names get more popular and new ones keep appearing, so the
number of distinct names grows sub-linearly with the papers (Heaps' law), as in a real corpus,
and the graph grows by new nodes and edges rather than by duplicates. Results come with numbers
and units ("84.1% top-1 accuracy", "a 2.3 BLEU gain", "perplexity of 11.4").

The templates are written for this generator; no text comes from the sample corpus.
Deterministic: the same ``--seed`` and ``--n`` give the same bytes.

usage: .venv/bin/python bench/corpus_gen.py --n 10000 --seed 7 --out /tmp/gen10k.jsonl
       .venv/bin/python bench/corpus_gen.py --n 300 --stats      # vocabulary growth, no file
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from paperkg.sources.record import slug_id  # the readers merge papers whose title slugs match

DATA = Path(__file__).resolve().parents[1] / "paperkg" / "extract" / "data"

PREFIXES = (
    "Flex", "Sparse", "Meta", "Hyper", "Omni", "Quant", "Flash", "Turbo", "Nano", "Lumi", "Graph",
    "Vis", "Mix", "Auto", "Neuro", "Ortho", "Poly", "Dyna", "Causal", "Stream", "Echo", "Prism",
    "Astra", "Helix", "Cortex", "Tensor", "Vector", "Swift", "Lattice", "Mosaic", "Nova", "Pixel",
    "Sonic", "Terra", "Atlas", "Orbit", "Fusion", "Relay", "Scout", "Spark",
)
SUFFIXES = (
    "Former", "Net", "GPT", "BERT", "Diff", "Seg", "Gen", "Flow", "LM", "Attn", "Boost", "Mamba",
    "Tuner", "Align", "Coder", "Agent", "Router", "Gate", "Rank", "Fuser", "Mixer", "VAE", "GAN",
    "Planner", "Reasoner", "Distill", "Prompt", "Adapter",
)
LONG_WORDS = (
    "Adaptive", "Hierarchical", "Contrastive", "Sparse", "Latent", "Progressive", "Dual-Path",
    "Memory-Augmented", "Mixture-of-Experts", "Retrieval-Augmented", "Self-Supervised",
    "Curriculum", "Cross-Modal", "Low-Rank", "Token-Level", "Multi-Scale", "Energy-Based",
)
LONG_HEADS = (
    "Transformer", "Network", "Decoder", "Encoder", "Diffusion", "Distillation", "Routing",
    "Alignment", "Tuning", "Planner", "Policy Optimization", "Graph Network", "Attention",
)
BENCH_STEMS = (
    "Math", "Code", "Chart", "Doc", "Geo", "Med", "Legal", "Robo", "Video", "Audio", "Table",
    "Chem", "Bio", "Web", "Agent", "Spatial", "Science", "Story", "Dialog", "Finance",
)
BENCH_TAILS = ("Bench", "QA", "Eval", "Set", "Arena", "Suite", "-Hard", "-Pro", "-1K", "-10K", "Vista")
SIZES = ("1B", "3B", "7B", "13B", "70B", "Base", "Large", "Tiny")

TASKS = (
    "long-context question answering", "text-to-image generation", "semantic segmentation",
    "code generation", "mathematical reasoning", "speech recognition", "machine translation",
    "video understanding", "molecule property prediction", "retrieval", "instruction following",
    "3D reconstruction", "time-series forecasting", "robotic manipulation", "document parsing",
)
PROBLEMS = (
    "memory grows quadratically with sequence length",
    "fine-tuning every parameter is too expensive for most practitioners",
    "existing models hallucinate when evidence is scarce",
    "training signals are sparse and noisy",
    "inference latency limits deployment on edge devices",
    "annotations are costly and unevenly distributed across domains",
    "current evaluations saturate quickly and hide failure modes",
)
OPENERS = (
    "Recent progress in {task} has been driven by ever larger models, yet {problem}.",
    "Despite rapid advances in {task}, {problem}.",
    "{task_cap} remains challenging because {problem}.",
    "A central obstacle for {task} is that {problem}.",
)
PROPOSE = (
    "We propose {long} ({acro}), a method that {idea}.",
    "In this work we introduce {acro}, short for {long}, which {idea}.",
    "We present {name}, a simple framework that {idea}.",
    "To address this, we develop {long} ({acro}) that {idea}.",
)
PROPOSE_DATA = (
    "We also release {bench}, a benchmark of {k} curated problems for {task}.",
    "To measure progress we build {bench}, containing {k} examples annotated by experts.",
)
IDEAS = (
    "combines {m1} with {m2} through a learned gate",
    "replaces dense attention with a routing scheme inspired by {m1}",
    "distills a large teacher built on {m1} into a compact student",
    "augments {m1} with retrieval over an external memory",
    "applies {m1} to the intermediate features of {m2}",
    "reuses pretrained {m1} weights and only trains a small set of adapters",
)
USES = (
    "Our implementation builds on {m1} and is trained with {m2}.",
    "We compare against strong baselines including {m1}, {m2} and {m3}.",
    "Following prior work, we initialize from {m1} and fine-tune with {m2}.",
    "Unlike {m1}, our approach does not require {m2} at inference time.",
)
RESULTS = (
    "On {d1}, {x} reaches {v1}% {met}, outperforming {b} by {gain} points.",
    "{x} improves {met} on {d1} from {v0} to {v1} compared with {b}.",
    "Experiments on {d1} and {d2} show that {x} achieves {v1} {met} while using {r}x fewer FLOPs.",
    "{x} attains a {met} of {v1} on {d1}, a {gain}-point gain over {b}.",
    "With only {p}M trainable parameters, {x} matches {b} on {d1} ({v1} vs. {v0} {met}).",
    "Latency drops by {lat}% relative to {b} with no loss in {met} on {d1}.",
)
CLOSERS = (
    "Code and models are available at https://github.com/{org}/{repo}.",
    "We will release our code and data to support future research.",
    "Ablations confirm that each component contributes to the final performance.",
    "These results suggest that {x} is a practical alternative to {b} for {task}.",
)
SUBTITLES = (
    "Evidence from {d1}",
    "Lessons from {d1} and {d2}",
    "A Study on {d1}",
    "Beyond {b}",
    "Revisiting {m3}",
)
TITLES = (
    "{x}: {long_or_task}",
    "{x}: Efficient {task_cap} with {m1}",
    "Scaling {task_cap} with {x}",
    "{long_or_task} via {x}",
)


def _load_names(kind: str) -> list[str]:
    path = DATA / f"{kind}.jsonl"
    if not path.is_file():
        return []
    names = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                names.append(json.loads(line)["name"])
    return names


class Vocabulary:
    """Names of one kind. Draws are preferential (an urn holding one ball per earlier use, so
    popular names get reused), with a small chance of any name at all; O(1) per draw.

    New names are minted with probability ``K * beta * i ** (beta - 1)`` at paper ``i``, the
    derivative of Heaps' law ``V(n) = K * n ** beta``: the vocabulary keeps growing, ever slower.
    """

    def __init__(self, seed_names: list[str], rng: random.Random, k: float, beta: float) -> None:
        self.names = list(seed_names)
        self._urn = list(self.names)
        self._seen = set(self.names)
        self.rng = rng
        self.k, self.beta = k, beta

    def novelty(self, i: int) -> float:
        return min(0.9, self.k * self.beta * (i + 1) ** (self.beta - 1)) if self.k else 0.0

    def add(self, name: str) -> str:
        if name not in self._seen:
            self._seen.add(name)
            self.names.append(name)
            self._urn.append(name)
        return name

    def __contains__(self, name: str) -> bool:
        return name in self._seen

    def draw(self) -> str:
        r = self.rng
        name = r.choice(self.names) if r.random() < 0.1 else self._urn[r.randrange(len(self._urn))]
        self._urn.append(name)
        return name

    def draw_k(self, k: int) -> list[str]:
        out: list[str] = []
        while len(out) < k:
            n = self.draw()
            if n not in out:
                out.append(n)
        return out


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        known_m = _load_names("methods") or ["Transformer", "ResNet", "LoRA", "BERT", "Adam"]
        known_d = _load_names("datasets") or ["ImageNet", "COCO", "SQuAD", "GSM8K"]
        known_x = _load_names("metrics") or ["accuracy", "F1", "BLEU", "perplexity"]
        pick = self.rng.sample
        # A few hundred famous names to start from; most of the gazetteer appears only rarely.
        self.methods = Vocabulary(pick(known_m, min(300, len(known_m))), self.rng, k=3.0, beta=0.75)
        self.datasets = Vocabulary(pick(known_d, min(150, len(known_d))), self.rng, k=1.0, beta=0.7)
        self.metrics = Vocabulary(pick(known_x, min(40, len(known_x))), self.rng, k=0.0, beta=0.0)
        self._minted = 0
        self._titles: set[str] = set()

    # ----- names -----
    def _mint_short(self) -> str:
        r = self.rng
        base = r.choice(PREFIXES) + r.choice(SUFFIXES)
        roll = r.random()
        if roll < 0.25:
            base += f"-{r.choice(SIZES)}"
        elif roll < 0.45:
            base += f"-{r.randint(2, 9)}"
        elif roll < 0.55:
            base = f"{base}++"
        return base

    def mint_method(self) -> tuple[str, str]:
        """(long form, acronym-like short name), the short one new to the vocabulary."""
        r = self.rng
        words = [r.choice(LONG_WORDS), r.choice(LONG_WORDS), r.choice(LONG_HEADS)]
        if words[0] == words[1]:
            words.pop(1)
        long = " ".join(words)
        initials = "".join(w[0].upper() for w in long.replace("-", " ").split())
        if r.random() < 0.4 and initials not in self.methods:
            return long, self.methods.add(initials)  # a true acronym: "Sparse Latent Routing (SLR)"
        for _ in range(50):
            short = self._mint_short()
            if short not in self.methods:
                break
        else:  # the morpheme space is crowded: make it unique with a counter
            self._minted += 1
            short = f"{self._mint_short()}-{self._minted}"
        return long, self.methods.add(short)

    def mint_bench(self) -> str:
        r = self.rng
        for _ in range(50):
            name = r.choice(BENCH_STEMS) + r.choice(BENCH_TAILS)
            if name not in self.datasets:
                return self.datasets.add(name)
        self._minted += 1
        return self.datasets.add(f"{r.choice(BENCH_STEMS)}{r.choice(BENCH_TAILS)}-{self._minted}")

    # ----- text -----
    def _unique_title(self, title: str, fill: dict) -> str:
        """Readers merge papers with the same title, so every generated title is distinct."""
        base, n = title, 1
        for sub in self.rng.sample(SUBTITLES, len(SUBTITLES)):
            if slug_id(title) not in self._titles:
                break
            # ids are slugs of a title prefix: a long title is told apart at its start
            sub = sub.format(**fill)
            title = f"{base}: {sub}" if len(base) < 50 else f"{sub}: {base}"
        while slug_id(title) in self._titles:
            n += 1
            title = f"Part {n}: {base}"
        self._titles.add(slug_id(title))
        return title

    def paper(self, i: int) -> dict:
        r = self.rng
        task = r.choice(TASKS)
        fill = {
            "task": task,
            "task_cap": task[0].upper() + task[1:],
            "problem": r.choice(PROBLEMS),
            "k": f"{r.randint(1, 40) * 250:,}",
            "org": r.choice(PREFIXES).lower() + "-lab",
            "repo": "",
        }
        m1, m2, m3 = self.methods.draw_k(3)
        d1, d2 = self.datasets.draw_k(2)
        met = self.metrics.draw()
        sentences = [r.choice(OPENERS)]
        proposes = r.random() < self.methods.novelty(i)
        if proposes:
            long, short = self.mint_method()
            x = short
            sentences.append(r.choice(PROPOSE))
        else:
            long, short = m1, m1
            x = m1
            m1 = self.methods.draw()
            sentences.append("We study how {long} behaves when {problem}.")
        if r.random() < self.datasets.novelty(i):
            fill["bench"] = self.mint_bench()
            d1 = fill["bench"]
            sentences.append(r.choice(PROPOSE_DATA))
        sentences.append(r.choice(USES))
        sentences.extend(r.sample(RESULTS, r.randint(1, 3)))
        sentences.append(r.choice(CLOSERS))
        v0 = round(r.uniform(20, 90), 1)
        gain = round(r.uniform(0.3, 9.5), 1)
        fill.update(
            long=long, acro=short, name=short, x=x, m1=m1, m2=m2, m3=m3, d1=d1, d2=d2, met=met,
            b=m2 if m2 != x else m3, v0=v0, v1=round(min(v0 + gain, 99.9), 1), gain=gain,
            r=r.choice((2, 3, 4, 8)), p=r.choice((0.5, 1.2, 4, 12, 35)), lat=r.randint(10, 70),
            repo=x.lower().replace("+", "p"), long_or_task=long if proposes else fill["task_cap"],
        )
        fill["idea"] = r.choice(IDEAS).format(**fill)
        abstract = " ".join(s.format(**fill) for s in sentences)
        title = self._unique_title(r.choice(TITLES).format(**fill), fill)
        day = date(2020, 1, 1) + timedelta(days=(i * 7919) % 2200)
        return {"id": f"gen-{i:07d}", "title": title, "abstract": abstract, "date": day.isoformat()}


def generate(n: int, seed: int = 7) -> Iterator[dict]:
    g = Generator(seed)
    for i in range(n):
        yield g.paper(i)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", help="JSONL file to write (default: stdout)")
    ap.add_argument("--stats", action="store_true", help="print vocabulary growth instead of papers")
    args = ap.parse_args(argv)
    if args.stats:
        g = Generator(args.seed)
        start_m, start_d = len(g.methods.names), len(g.datasets.names)
        checkpoints = {int(args.n * f) for f in (0.01, 0.1, 0.25, 0.5, 1.0)}
        for i in range(args.n):
            g.paper(i)
            if i + 1 in checkpoints:
                print(f"papers={i + 1:>9,} new_methods={len(g.methods.names) - start_m:>8,} "
                      f"new_datasets={len(g.datasets.names) - start_d:>7,}")
        return 0
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    try:
        for rec in generate(args.n, args.seed):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if args.out:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
