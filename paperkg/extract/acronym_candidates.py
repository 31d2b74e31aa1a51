"""Names from acronym definitions ("Low-Rank Adaptation (LoRA)"): both forms, typed by the long form.

An acronym definition is the surest evidence of a name in an abstract, and its long form says what
the name is: its head noun makes it a metric ("... Rate (ASR)"), a dataset ("... Benchmark (XB)")
or else a method, and a long form that is a task, a field, an institution or a broad class of
systems rules both forms out (their keys are ``blocked`` for every other rule). The definitions
themselves are found by :mod:`paperkg.extract.abbreviations` (``doc._.abbreviations``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from paperkg.extract.candidates import Candidate
from paperkg.extract.doc_context import DocContext
from paperkg.extract.model import EntityType
from paperkg.extract.words import WORD
from paperkg.util.names import successor_key

if TYPE_CHECKING:
    from paperkg.extract.knowledge import EntityKnowledge

_TITLE_PREFIX = re.compile(r"^\s*(\S+?)\s*:")
_CLOSERS = re.compile(r"[)\"'\u201d\u2019]*")


def acronym_candidates(
    kb: EntityKnowledge, doc: Doc, ctx: DocContext, cands: list[Candidate], blocked: set[str]
) -> list[tuple[str, str]]:
    pairs = []
    for short, long in doc._.abbreviations:
        sf, lf = short.text, long.text
        type_, ok = long_form_type(kb, ctx, lf, long.start_char)
        if ok and type_ == "METRIC" and head_word(lf) not in kb.rules.strong_metric_heads:
            # "long-and-short-term memory (LSTM)": a weak head word ("memory", "loss") is
            # less sure than an acronym the gazetteer knows as something else
            entries = kb.gaz.lookup(sf)
            if entries and all(e.type != "METRIC" for e in entries):
                type_ = entries[0].type
        if not ok and (prefix := _TITLE_PREFIX.match(ctx.text[: ctx.title_end])) and prefix.group(1) == sf:
            ok = True  # "DEUP: Direct Epistemic Uncertainty Prediction": the paper's own name
        after = max(short.end_char, long.end_char)
        if type_ == "METHOD" and ok and head_word(lf) not in kb.rules.method_heads:
            # no head noun says what it is: "we introduce "Context is Key" (CiK), a
            # forecasting benchmark ..." says it in an apposition
            closers = _CLOSERS.match(ctx.text, after)  # matches always (perhaps nothing)
            appos = kb.rules.apposition.match(ctx.text, closers.end() if closers else after)
            if appos and appos.group(1).lower() in kb.rules.dataset_heads:
                type_ = "DATASET"
        nxt = WORD.search(ctx.text, after)
        if nxt and nxt.group().rstrip(".,").lower() in kb.rules.task_heads and type_ != "DATASET":
            ok = False  # "click-through rate (CTR) prediction": part of a task name
        if not ok:
            blocked.add(successor_key(sf))
            blocked.add(successor_key(lf))
            continue
        # the long form says what the acronym means here; a known acronym of another type is
        # another thing ("National Stock Exchange (NSE)" is not the NSE metric)
        known = kb.known(lf) or next((e for e in kb.gaz.lookup(sf) if e.type == type_), None)
        canonical = None
        if known is not None:
            type_, canonical = known.type, known.name
        for s, e in ((short.start_char, short.end_char), (long.start_char, long.end_char)):
            cands.append(Candidate(s, e, "abbrev", type_, canonical, True))
        pairs.append((sf, lf))
    return pairs


def long_form_type(kb: EntityKnowledge, ctx: DocContext, lf: str, at: int) -> tuple[EntityType, bool]:
    r = kb.rules
    if kb.is_non_entity(lf):
        return "METHOD", False
    head = head_word(lf)
    words = lf.lower().split()
    if head in r.method_heads and head in r.weak_metric_heads:
        # "Load-balancing Loss (LBL)" is a training objective; "validation loss (VL)" a measure
        measure = len(words) < 2 or words[-2].split("-")[-1] in r.split_words
        return ("METRIC" if measure else "METHOD"), True
    if head in r.strong_metric_heads or head in r.weak_metric_heads:
        return "METRIC", True
    if head in r.dataset_heads:
        return "DATASET", True
    if (
        head in r.task_heads
        and not ctx.introduced_near(at)
        and not kb.ends_in_known_method(lf)
        and not kb.is_known_method(lf)  # "retrieval-augmented generation (RAG)"
    ):
        return "METHOD", False
    if head in r.not_method_heads and not ctx.introduced_near(at) and not kb.known(lf):
        # "National Stock Exchange (NSE)", "Acid Mine Drainage (AMD)", "Efficient Market
        # Hypothesis (EMH)": institutions, phenomena and theories are not methods
        return "METHOD", False
    if head in r.system_heads and len(words) > 1 and words[-2] in r.task_heads:
        # "Network Intrusion Detection Systems (NIDSs)": a class of systems for a task (a
        # paper introduces "a ... system", in the singular)
        if head.endswith("s") or not ctx.introduced_near(at):
            return "METHOD", False
    return "METHOD", True


def head_word(phrase: str) -> str:
    words = phrase.lower().split()
    if " of " in f" {phrase.lower()} " and len(words) > 2:
        words = words[: words.index("of")] or words
    return words[-1].split("-")[-1] if words else ""
