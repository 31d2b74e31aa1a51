"""Eight hand-made papers that name LoRA in each of the four ways a paper can (docs/schema.md,
"Relations of a paper to a method"), every decision worked out by hand:

- r1 "We propose LoRA, ...": proposes (a PROPOSES edge);
- r2 "Our DoRA reaches 90.1% accuracy on GLUE, 1.2 points above LoRA.": compares, from the claim
  against LoRA (no cue word);
- r3 "We compare DoRA with LoRA on commonsense reasoning.": compares, cue "compare" (the name DoRA
  between is skipped);
- r4 "LoRA reaches 88.0 F1 on SQuAD.": uses, from the claim of LoRA (no cue word);
- r5 "We fine-tune Llama 2 with LoRA on clinical notes.": uses, cue "fine-tune";
- r6 "Parameter-efficient methods such as LoRA are popular.": mentions (no cue, no claim);
- r7 "We use LoRA as a baseline for our adapters.": "use" before (uses), "baseline" after (compares):
  the stronger, compares;
- r8 "LoRA is widely known. We build on LoRA for speech models.": uses, from the second mention's
  "build on", whose sentence is the edge's evidence.

cites-like's order (tier, strength = claims + mentions, upvotes (none), newer date, id): r1 (4); r2 (3,
strength 2), r7 (3, 1, 2024), r3 (3, 1, 2023); r8 (2, 2 mentions, 2023), r4 (2, 1 claim + 1, 2022), r5
(2, 1); r6 (1).
"""

from __future__ import annotations

import re

import networkx as nx
from handmade import paper

from paperkg.extract.model import Entity, Extraction, Mention, Result
from paperkg.graph.build import build_graph
from paperkg.sources.record import PaperRecord

_SENTENCE = re.compile(r"(?:[^.!?]|[.!?](?!\s|$))+[.!?]?")  # "90.1%" does not end a sentence

TEXTS = {  # id: (year, abstract)
    "r1": (2021, "We propose LoRA, a low-rank adaptation of large language models. It freezes the weights."),
    "r2": (2024, "Our DoRA reaches 90.1% accuracy on GLUE, 1.2 points above LoRA."),
    "r3": (2023, "We compare DoRA with LoRA on commonsense reasoning."),
    "r4": (2022, "LoRA reaches 88.0 F1 on SQuAD."),
    "r5": (2024, "We fine-tune Llama 2 with LoRA on clinical notes."),
    "r6": (2023, "Parameter-efficient methods such as LoRA are popular. We study their memory use."),
    "r7": (2024, "We use LoRA as a baseline for our adapters."),
    "r8": (2023, "LoRA is widely known. We build on LoRA for speech models."),
}
RELATIONS = {"r1": "proposes", "r2": "compares", "r3": "compares", "r4": "uses", "r5": "uses",
             "r6": "mentions", "r7": "compares", "r8": "uses"}
CITES_ORDER = ["r1", "r2", "r7", "r3", "r8", "r4", "r5", "r6"]
EVIDENCE = {"r8": "We build on LoRA for speech models.", "r2": "Our DoRA reaches 90.1% accuracy on GLUE, "
            "1.2 points above LoRA.", "r7": "We use LoRA as a baseline for our adapters."}
LORA = "Method:lora"


def _mentions(name: str, text: str) -> list[Mention]:
    out = []
    for s in _SENTENCE.finditer(text):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", s.group()):
            start = s.start() + m.start()
            out.append(Mention("abstract", start, start + len(name), s.group().strip(), name))
    return out


def _ent(type_: str, name: str, text: str, proposed: bool = False) -> Entity:
    return Entity(type_, name, [], proposed, _mentions(name, text))


def _result(text: str, value: float, unit: str, kind: str, metric: str, dataset: str, method: str,
            baseline: str | None) -> Result:
    raw = f"{value:g}{unit}" if unit == "%" else f"{value:g}"
    start = text.index(raw)
    sentence = next(s.group().strip() for s in _SENTENCE.finditer(text) if s.start() <= start < s.end())
    return Result(raw, value, unit, kind, metric, dataset, method, baseline, sentence, "abstract", start,
                  start + len(raw))


def corpus(prefix: str = "") -> list[tuple[PaperRecord, Extraction]]:
    """The eight papers as (record, extraction) pairs; ``prefix`` goes in front of every paper id."""
    pairs = []
    for pid, (year, text) in TEXTS.items():
        methods = [_ent("METHOD", "LoRA", text, proposed=pid == "r1")]
        datasets, metrics, results = [], [], []
        for other in ("DoRA", "Llama 2"):
            if other in text:
                methods.append(_ent("METHOD", other, text, proposed=other == "DoRA" and pid == "r2"))
        if pid == "r2":
            datasets, metrics = [_ent("DATASET", "GLUE", text)], [_ent("METRIC", "accuracy", text)]
            results = [_result(text, 90.1, "%", "absolute", "accuracy", "GLUE", "DoRA", "LoRA")]
        if pid == "r4":
            datasets, metrics = [_ent("DATASET", "SQuAD", text)], [_ent("METRIC", "F1", text)]
            results = [_result(text, 88.0, "", "absolute", "F1", "SQuAD", "LoRA", None)]
        record = paper(prefix + pid, f"Paper {pid}", text, year)
        pairs.append((record, Extraction(record.id, record.title, methods=methods, datasets=datasets,
                                         metrics=metrics, results=results)))
    return pairs


def graph(prefix: str = "") -> nx.MultiDiGraph:
    return build_graph(corpus(prefix))


def relations_of(G: nx.MultiDiGraph, method: str = LORA, prefix: str = "") -> dict[str, str]:
    """``{paper id without prefix: proposes | compares | uses | mentions}`` of the papers naming it."""
    out = {}
    for u, _, d in G.in_edges(method, data=True):
        if d["type"] == "PROPOSES":
            out[G.nodes[u]["id"][len(prefix):]] = "proposes"
        elif d["type"] == "USES":
            out[G.nodes[u]["id"][len(prefix):]] = d["relation"]
    return out


def prefixed(G: nx.MultiDiGraph, prefix: str) -> nx.MultiDiGraph:
    """``G`` with ``prefix`` in front of every node id (and the ids edges and claims carry), so it can share
    a database with another graph without touching it."""
    H = nx.MultiDiGraph()
    key = {n: f"{d['label']}:{prefix}{d['id']}" for n, d in G.nodes(data=True)}
    for n, d in G.nodes(data=True):
        H.add_node(key[n], **{**d, "id": prefix + d["id"],
                              **({"paper_id": prefix + d["paper_id"]} if d.get("paper_id") else {})})
    for u, v, k, d in G.edges(keys=True, data=True):
        d = dict(d)
        for field in ("paper_id", "claim_id"):
            if d.get(field):
                d[field] = prefix + d[field]
        k = f"OUTPERFORMS:{d['claim_id']}" if d["type"] == "OUTPERFORMS" else k
        H.add_edge(key[u], key[v], key=k, **d)
    return H
