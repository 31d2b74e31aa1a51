"""Which candidates stand: propagation, rejection, one reading per span, and typing by knowledge.

After the rule families have proposed candidates, these steps decide among them: a form found once
by a definition or introduction is found at every occurrence (:func:`propagate`); a blocked key or
a known non-entity goes (:func:`not_rejected`); a name the gazetteer knows as two types takes the
one its neighbours say (:func:`one_reading`); and after the overlaps are settled, a shape-found name
takes the gazetteer's type, and ambiguous words, acronyms and metric names need context to stay
(:func:`settle`).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from paperkg.extract.candidates import Candidate
from paperkg.extract.doc_context import DocContext
from paperkg.util.names import successor_key

if TYPE_CHECKING:
    from paperkg.extract.knowledge import EntityKnowledge

_LIST_GAP = re.compile(r"^\s*(?:,|/|,?\s*and|,?\s*or)\s*$")
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_MULTIPLIER = re.compile(r"^[\d.,]+\s?(?:x|×|%|-?fold|times)?$")


def propagate(kb: EntityKnowledge, ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """Every occurrence of a form found once by a definition or an introduction, but not the
    head of a name-shaped word glued to it by a hyphen ("SPO" in "SPO-chain": a variant the
    shape rule found; descriptive suffixes such as "-based" never make one)."""
    seen = {(c.start, c.end) for c in cands}
    shaped_ends = {c.start: c.end for c in cands if c.source == "shape"}
    text = ctx.text
    out = list(cands)
    for c in cands:
        if c.source not in ("abbrev", "naming", "title", "dataset_head", "method_head", "model"):
            continue
        form = text[c.start : c.end]
        # a dataset named in capitals ("Legal Case Retrieval Dataset") is not its task written
        # in lower case ("legal case retrieval plays a critical role")
        case_sensitive = len(form) <= 6 or form.isupper() or c.source == "dataset_head"
        for s in ctx.occurrences(form, case_sensitive, whole_names=True):
            e = s + len(form)
            if e < len(text) and text[e] == "-" and shaped_ends.get(s, 0) > e:
                continue
            if (s, e) not in seen:
                seen.add((s, e))
                out.append(Candidate(s, e, c.source, c.type, c.canonical, c.strong_type))
    return out


def not_rejected(
    kb: EntityKnowledge, ctx: DocContext, cands: list[Candidate], blocked: set[str]
) -> list[Candidate]:
    """The candidates that are neither blocked (a definition ruled the name out) nor, unless
    from the gazetteer, a known non-entity."""
    text = ctx.text
    cache = kb.reject_cache
    kept = []
    for c in cands:
        surface = text[c.start : c.end]
        key = successor_key(surface)
        if not key:
            continue
        if blocked and (
            key in blocked or (key.endswith("s") and key[:-1] in blocked) or key + "s" in blocked
        ):
            continue
        if c.source != "gaz":
            # the rest asks the gazetteer about the surface alone: answered once per surface
            memo = (surface, c.source == "shape")
            got = cache.get(memo)
            if got is None:
                if len(cache) > 100_000:
                    cache.clear()
                got = cache[memo] = kb.rejected_by_gazetteer(surface, c.source == "shape")
            if got:
                continue
        kept.append(c)
    return kept


def one_reading(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """A name the gazetteer knows as two types ("MAE": masked autoencoder or mean absolute error)
    takes the type its neighbours say: a measure's context ("an MAE of 0.3"), a list with names of
    one type ("the WAPE and MAE"), or the context words of a name. Without any, the fixed tie
    order decides later, as before."""
    types: dict[tuple[int, int], set[str]] = {}
    for c in cands:
        if c.source == "gaz" and c.type:
            types.setdefault((c.start, c.end), set()).add(c.type)
    mixed = {span for span, ts in types.items() if len(ts) > 1}
    if not mixed:
        return cands
    drop: set[tuple[int, int, str]] = set()
    for span in mixed:
        readings = types[span]
        want = None
        if "METRIC" in readings and ctx.names_a_measure(*span):
            want = "METRIC"
        else:
            for (s, e), ts in types.items():
                gap = ctx.text[e : span[0]] if e <= span[0] else ctx.text[span[1] : s]
                if len(ts) == 1 and (s, e) != span and len(gap) <= 6 and _LIST_GAP.match(gap):
                    t = next(iter(ts))
                    if t in readings:
                        want = t
                        break
        if want is None:
            got = ctx.context_type(Candidate(span[0], span[1], "gaz"))
            want = got if got in readings else None
        if want is not None:
            drop.update((span[0], span[1], t) for t in readings if t != want)
    return [c for c in cands if c.source != "gaz" or (c.start, c.end, c.type) not in drop]


def inherit_types(chosen: list[Candidate], gaz: list[Candidate]) -> None:
    """A longer name that starts with a known one is of its type ("ImageNet-R", "Llama-3-8B")."""
    by_start: dict[int, Candidate] = {}
    for g in gaz:
        by_start.setdefault(g.start, g)
    for c in chosen:
        if c.type is None and c.start in by_start and by_start[c.start].end < c.end:
            c.type = by_start[c.start].type


def settle(kb: EntityKnowledge, ctx: DocContext, chosen: list[Candidate]) -> list[Candidate]:
    """Knowledge for shape-found names; context for ambiguous words and acronyms."""
    kept = []
    for c in chosen:
        surface = ctx.text[c.start : c.end]
        if c.source == "shape" and c.canonical is None:
            known = kb.known(surface)
            if known is not None:
                c.type, c.canonical, c.strong_type = known.type, known.name, True
            elif _PLURAL_ACRONYM.match(surface):
                singular = kb.known(surface[:-1])
                if singular is None:
                    continue  # "IDs", "GPUs", "DBAs": an undefined plural acronym names a class of things
                # "MAPEs": the plural of a known name is that name
                c.type, c.canonical, c.strong_type = singular.type, singular.name, True
            elif ctx.names_a_field(c.end):
                continue  # "the ASR field", "the MSR community": an unknown name naming a field
            elif ctx.names_a_measure(c.start, c.end):
                c.type, c.strong_type = "METRIC", True  # "an RMSPE of 0.85", "in terms of SSIM"
            else:
                readings = kb.gaz.acronym_readings(surface)
                if readings:
                    wanted = {r.type for r in readings}
                    if ctx.context_type(c) not in wanted:
                        continue
        if (
            c.needs_support
            and not _supports(ctx.context_type(c), c.type)
            and not (c.type == "METRIC" and ctx.names_a_measure(c.start, c.end))  # "a CMOS of 0.3"
            and not _coordinated(ctx, c, chosen)
        ):
            continue
        if c.type == "METRIC" and not _measure_in_context(kb, ctx, c, surface):
            continue
        kept.append(c)
    return kept


def _measure_in_context(kb: EntityKnowledge, ctx: DocContext, c: Candidate, surface: str) -> bool:
    """A metric name used as a measure: not "at inference time", not "can speedup", and for
    words with other readings ("recall", "model size") a sentence that reports a measurement."""
    r = kb.rules
    i = bisect.bisect_left(ctx.starts, c.start)
    if i > 0 and ctx.lowers[i - 1] in r.not_metric_before:
        return False
    low = surface.lower()
    if low in r.verb_like_metrics and not (
        i > 0 and (ctx.lowers[i - 1] in r.determiners or _MULTIPLIER.match(ctx.lowers[i - 1]))
    ):
        return False  # "notably speed up training" is a verb; "a 3x speed up" a measure
    if low in r.size_metrics:
        s, e = ctx.sents[ctx.sentence_index(c.start)]
        return bool(r.measurement_number.search(ctx.text[s:e]))
    return low not in r.contextual_metrics or ctx.measured(c.start)


def _supports(context: str | None, type_: str | None) -> bool:
    """Whether context words back an ambiguous name: any context an untyped one, only its own
    type a typed one ("verifier reward models" backs no metric "reward")."""
    return context is not None and (type_ is None or context == type_)


def _coordinated(ctx: DocContext, c: Candidate, chosen: list[Candidate]) -> bool:
    """Listed next to another name ("A, B and C"): a list of names makes each one a name."""
    for o in chosen:
        if o is c:
            continue
        gap = ctx.text[o.end : c.start] if o.end <= c.start else ctx.text[c.end : o.start]
        if len(gap) <= 6 and _LIST_GAP.match(gap):
            return True
    return False
