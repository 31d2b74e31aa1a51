"""A small hand-made graph that follows docs/graph conventions, with hostile text in it.

Built by hand (not by the extractor) so the viz tests pin down rendering, escaping and links
independently of extraction quality. Evidence offsets are computed from the texts, as the
builder does: ``start``/``end`` count in the paper's field.
"""

from __future__ import annotations

import re

import networkx as nx

HOSTILE_TITLE = "<script>alert(1)</script> Hostile Paper"
HOSTILE_ABSTRACT_BIT = "<img src=x onerror=alert(1)>"
HOSTILE_METHOD = "<img src=x onerror=alert(2)>Net"
HOSTILE_DATASET = "\"><script>alert(3)</script>Bench"

_SENT = re.compile(r"\S.*?(?:[.!?](?=\s|$)|$)")

PAPERS = [
    {
        "id": "2106.09685", "date": "2021-06-17", "year": 2021, "upvotes": 120,
        "title": "LoRA: Low-Rank Adaptation of Large Language Models",
        "abstract": ("We propose Low-Rank Adaptation, or LoRA, which freezes the pretrained weights. "
                     "Compared to GPT-3 fine-tuned with Adam, "
                     "LoRA reduces trainable parameters by 10,000 times. "
                     "LoRA performs on-par with full fine-tuning on GLUE in accuracy. "
                     "Code is at https://github.com/microsoft/LoRA."),
        "authors": ["Edward Hu", "Yelong Shen"],
        "proposes": ["LoRA"], "uses": ["GPT-3", "Adam", "full fine-tuning"], "datasets": ["GLUE"],
        "metrics": ["accuracy"], "code": "github.com/microsoft/LoRA",
        "claims": [("10,000 times", 10000.0, "x", "reduction", "LoRA", None, None, "GPT-3")],
    },
    {
        "id": "2305.14314", "date": "2023-05-23", "year": 2023, "upvotes": 95,
        "title": "QLoRA: Efficient Finetuning of Quantized LLMs",
        "abstract": ("We present QLoRA, which backpropagates through a frozen 4-bit model "
                     "into LoRA adapters. "
                     "QLoRA reaches 99.3% of the performance of ChatGPT on the Vicuna benchmark. "
                     "On MMLU, QLoRA improves accuracy by 2.1% over LoRA."),
        "authors": ["Tim Dettmers"],
        "proposes": ["QLoRA"], "uses": ["LoRA", "ChatGPT"], "datasets": ["Vicuna benchmark", "MMLU"],
        "metrics": ["accuracy"],
        "claims": [("99.3%", 99.3, "%", "absolute", "QLoRA", "Vicuna benchmark", None, "ChatGPT"),
                   ("2.1%", 2.1, "%", "improvement", "QLoRA", "MMLU", "accuracy", "LoRA")],
    },
    {
        "id": "2402.09353", "date": "2024-02-14", "year": 2024, "upvotes": 60,
        "title": "DoRA: Weight-Decomposed Low-Rank Adaptation",
        "abstract": ("We introduce DoRA, which decomposes weights into magnitude and direction "
                     "and applies LoRA. "
                     "DoRA outperforms LoRA on commonsense reasoning with 78.4% accuracy on MMLU. "
                     "On GLUE, DoRA lowers perplexity to 5.2."),
        "proposes": ["DoRA"], "uses": ["LoRA"], "datasets": ["MMLU", "GLUE"],
        "metrics": ["accuracy", "perplexity"],
        "claims": [("78.4%", 78.4, "%", "absolute", "DoRA", "MMLU", "accuracy", "LoRA"),
                   ("5.2", 5.2, "", "absolute", "DoRA", "GLUE", "perplexity", None)],
    },
    {
        "id": "2101.00190", "date": "2021-01-01", "year": 2021,
        "title": "Prefix-Tuning: Optimizing Continuous Prompts for Generation",
        "abstract": ("We propose prefix-tuning, a lightweight alternative to fine-tuning for GPT-2. "
                     "Prefix-tuning obtains 36.1 BLEU on E2E, comparable to full fine-tuning."),
        "proposes": ["prefix-tuning"], "uses": ["GPT-2", "full fine-tuning"], "datasets": ["E2E"],
        "metrics": ["BLEU"],
        "claims": [("36.1", 36.1, "", "absolute", "prefix-tuning", "E2E", "BLEU", None)],
    },
    {
        "id": "hostile-paper",
        "title": HOSTILE_TITLE,
        "abstract": (f"We propose {HOSTILE_METHOD} and the {HOSTILE_DATASET} dataset. "
                     f"Its abstract says {HOSTILE_ABSTRACT_BIT} plainly. "
                     f"{HOSTILE_METHOD} beats LoRA by 3.0% accuracy on {HOSTILE_DATASET}."),
        "url": "javascript:alert(4)",
        "authors": ["<b>Mallory</b>"],
        "proposes": [HOSTILE_METHOD], "uses": ["LoRA"], "datasets": [HOSTILE_DATASET],
        "metrics": ["accuracy"],
        "claims": [("3.0%", 3.0, "%", "improvement", HOSTILE_METHOD, HOSTILE_DATASET, "accuracy", "LoRA")],
    },
]
ALIASES = {"LoRA": ["Low-Rank Adaptation", "low-rank adapters"], "GPT-3": ["GPT3"],
           "accuracy": ["acc"], HOSTILE_METHOD: ["<b>bold</b>"]}
DIRECTIONS = {"accuracy": "higher", "perplexity": "lower", "BLEU": "higher"}


def ent_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _evidence(pid: str, title: str, abstract: str, surface: str) -> dict:
    for fname, text in (("abstract", abstract), ("title", title)):
        start = text.find(surface)
        if start == -1:
            start = text.lower().find(surface.lower())
        if start != -1:
            sentence = next((m.group(0).strip() for m in _SENT.finditer(text)
                             if m.start() <= start < m.end()), text)
            return {"paper_id": pid, "sentence": sentence, "field": fname, "start": start,
                    "end": start + len(surface)}
    return {"paper_id": pid, "sentence": "", "field": "abstract", "start": None, "end": None}


def make_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    mentions: dict[str, set[str]] = {}

    def entity(label: str, name: str) -> str:
        key = f"{label}:{ent_id(name)}"
        if key not in G:
            props = {"label": label, "id": ent_id(name), "name": name, "aliases": ALIASES.get(name, []),
                     "papers": 0}
            if label == "Metric":
                props["direction"] = DIRECTIONS.get(name, "")
            G.add_node(key, **props)
        return key

    for p in PAPERS:
        pid = p["id"]
        pkey = f"Paper:{pid}"
        G.add_node(pkey, label="Paper", id=pid, title=p["title"], abstract=p["abstract"],
                   date=p.get("date"), year=p.get("year"), upvotes=p.get("upvotes"),
                   authors=p.get("authors", []), authors_count=len(p.get("authors", [])) or None,
                   url=p.get("url", f"https://huggingface.co/papers/{pid}"), arxiv_id=None, doi=None,
                   categories=[], sources=["fixture"])

        def rel(rel_type: str, label: str, name: str, extra: dict | None = None,
                p: dict = p, pid: str = pid, pkey: str = pkey) -> str:
            key = entity(label, name)
            ev = _evidence(pid, p["title"], p["abstract"], name)
            G.add_edge(pkey, key, key=rel_type, type=rel_type, **ev, **(extra or {}))
            mentions.setdefault(key, set()).add(pid)
            return key

        for name in p.get("proposes", []):
            rel("PROPOSES", "Method", name)
        for name in p.get("uses", []):
            rel("USES", "Method", name, {"mentions": p["abstract"].count(name) or 1})
        for name in p.get("datasets", []):
            rel("EVALUATES_ON", "Dataset", name, {"mentions": 1})
        for name in p.get("metrics", []):
            rel("MEASURES", "Metric", name, {"mentions": 1})
        if p.get("code"):
            repo = f"Repository:{p['code']}"
            G.add_node(repo, label="Repository", id=p["code"], url="https://" + p["code"], host="github.com")
            G.add_edge(pkey, repo, key="HAS_CODE", type="HAS_CODE",
                       **_evidence(pid, p["title"], p["abstract"], p["code"]))
        for n, claim in enumerate(p.get("claims", [])):
            value, number, unit, kind, method, dataset, metric, baseline = claim
            cid = f"{pid}#{n}"
            ckey = f"Claim:{cid}"
            ev = _evidence(pid, p["title"], p["abstract"], value)
            G.add_node(ckey, label="Claim", id=cid, value=value, number=number, unit=unit, kind=kind,
                       method=method, dataset=dataset, metric=metric, baseline=baseline, **ev)
            G.add_edge(pkey, ckey, key="REPORTS", type="REPORTS")
            for rel_type, label, name in (("OF", "Method", method), ("ON", "Dataset", dataset),
                                          ("IN", "Metric", metric), ("AGAINST", "Method", baseline)):
                if name:
                    G.add_edge(ckey, entity(label, name), key=rel_type, type=rel_type)
            if method and baseline:
                G.add_edge(entity("Method", method), entity("Method", baseline), key=f"OUTPERFORMS:{cid}",
                           type="OUTPERFORMS", claim_id=cid, **ev)
    for key, papers in mentions.items():
        G.nodes[key]["papers"] = len(papers)
    return G


# --------------------------------------------------------------------------- a big graph with hubs

TITLE_TAILS = ("Scaling Sparse Attention for Long-Context Reasoning in Large Language Models",
               "A Unified Benchmark for Efficient Fine-Tuning",
               "Towards Robust Multimodal Agents with Verifiable Rewards",
               "On the Limits of In-Context Learning")
LONG_NAMES = ("group relative policy optimization", "parameter-efficient fine-tuning",
              "Multi-head Latent Attention", "retrieval-augmented generation")


def hub_graph(papers: int = 600) -> nx.MultiDiGraph:
    """bench/graph_gen.py's synthetic graph (Zipf-popular entities: hubs named in hundreds of papers),
    with titles and some names as long as real ones, so labels are as wide as on a real page."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from graph_gen import generate

    G = generate(papers)
    for n, (_key, d) in enumerate(G.nodes(data=True)):
        if d["label"] == "Paper":
            d["title"] = f"{d['title']}: {TITLE_TAILS[n % len(TITLE_TAILS)]}"
        elif d["label"] in ("Method", "Dataset", "Metric") and n % 5 == 0:
            d["name"] = f"{d['name']} {LONG_NAMES[n % len(LONG_NAMES)]}"
    return G
