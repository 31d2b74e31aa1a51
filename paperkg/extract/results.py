"""Quantitative results: numbers that report how well or how cheaply something works.

There is no parser in the pipeline (spaCy starts blank), so this is deliberately a lexical
component with three stages, each in a module of its own; this one runs them sentence by sentence:

1. *Candidates* — numbers with a performance unit (%, x/×/times/-fold, points/pp, dB, ms, FPS),
   ranges ("3-5x", one result, number = upper bound), "from A to B" (one result with value B:
   the gold convention of the guide's example "boosts FPS from 533 to 2364", and the old value
   is a baseline level, not a claim), word multipliers ("an order of magnitude", "twice as") and
   "N out of M". Digits inside an entity mention (GPT-4, ResNet-50, Top-1 accuracy) are never
   candidates (result_numbers.py).
2. *Filters* — a plain number (no unit) is a result only when attached to a METRIC mention
   ("F1 of 0.87", "49.7 box AP"), because bare numbers in abstracts are mostly sizes, counts and
   years; a percentage that is a share of the data or a setting ("10% of the training data",
   "50% sparsity") is not a result (result_claims.py, which also reads the kind of a change).
3. *Linking* — metric and dataset are the nearest mentions in the same sentence (another value
   or a ";" in between makes a mention further away, a dataset after the value's own "on" is
   nearer); "respectively" maps a list of values, or values written apart with companions in
   parentheses, to the entities listed in the same order; a result with no dataset in its
   sentence takes the abstract's only dataset when it was named before (not where the sentence
   speaks of downstream or transferred data); the baseline follows a comparison cue ("outperforms",
   "over", "than", "compared to"); the method is the first other method before the value, or
   the paper's proposed method when the sentence speaks as "we"/"our"/"it" or names none
   (result_linking.py).

Word lists live in ``data/results.json`` (result_lexicon.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract.claim_features import claim_features, sentence_words
from paperkg.extract.component import BatchComponent
from paperkg.extract.doctext import doc_text, sentence_bounds
from paperkg.extract.fields import FieldSpan, register_extensions
from paperkg.extract.logistic import LogisticModel
from paperkg.extract.model import Entity, Field, Result
from paperkg.extract.result_claims import (
    ASIDES,
    COMPANION_GAP,
    attached_metric,
    classify_kind,
    is_setting,
)
from paperkg.extract.result_lexicon import Lexicon, load_lexicon
from paperkg.extract.result_linking import (
    MentionSpan,
    comparison_positions,
    coordinated_metrics,
    link_cost,
    link_features,
    map_respectively,
    method_and_baseline,
    nearest,
    respective_slots,
    usual_form,
)
from paperkg.extract.result_numbers import (
    LIST_GAP,
    Candidate,
    case_safe_lower,
    find_candidates,
    normalise_unit,
    numberish,
)
from paperkg.extract.words import LETTERS


@dataclass(slots=True)
class ResultExtractor(BatchComponent):
    """Finds and links the results of one Doc (stateless apart from the compiled lexicon).

    With a ``linker`` (the accurate profile's), the measure and the dataset of a value are the
    mentions a trained model scores highest on ``link_features``, the rules' ranking among them;
    without, the rules' nearest mention. ``trace``, when a list, receives every linking decision
    ((value span, type, [(mention, features)])) for training/train_links.py.

    With a ``claims`` model (the accurate profile's), which candidate numbers are claims is its
    decision over ``claim_features``, the rules' verdicts among them; without, the rules'.
    ``claim_trace``, when a list, receives every candidate ((start, end, number, value, features))
    for training/train_claims.py."""

    lex: Lexicon = field(default_factory=load_lexicon)
    linker: LogisticModel | None = None
    trace: list | None = None
    claims: LogisticModel | None = None
    claim_trace: list | None = None

    def __call__(self, doc: Doc) -> Doc:
        # The extension is a getter over doc.user_data (fields.py): fill the list in place.
        doc._.results[:] = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[Result]:
        text = doc_text(doc)
        doc_fields = doc._.fields  # each doc._ access builds an object: read once per Doc
        entities = doc._.entities
        starts = {f.name: f.start for f in doc_fields}
        mentions: list[MentionSpan] = []
        for ent in entities:
            for m in ent.mentions:
                off = starts.get(m.field, 0)
                mentions.append(
                    MentionSpan(off + m.start, off + m.end, text[off + m.start : off + m.end], ent)
                )
        mentions.sort(key=lambda m: m.start)
        blocked = [(m.start, m.end) for m in mentions]
        proposed_methods = [e for e in entities if e.type == "METHOD" and e.proposed]
        proposed = proposed_methods[0] if len(proposed_methods) == 1 else None
        proposed_datasets = [e for e in entities if e.type == "DATASET" and e.proposed]
        # a benchmark paper's numbers without a named dataset are about its own benchmark
        own_benchmark = proposed_datasets[0] if len(proposed_datasets) == 1 and not proposed_methods else None
        datasets = [e for e in entities if e.type == "DATASET"]
        if own_benchmark is None and len(datasets) == 1:
            # the only dataset the abstract names, for the results after its first mention: "In
            # the X benchmark, A improves ... . It also transfers, improving by 4 points"; also a
            # paper's own new benchmark beside its own method ("we introduce NatureBench and
            # NatureGym ... the best agent reaches 17.8%"), which the annotations of the corpus
            # give as the dataset of such numbers
            own_benchmark = datasets[0]
        # it stands in for the results after its first mention only
        benchmark_from = min((m.start for m in mentions if m.entity is own_benchmark), default=len(text))
        results: list[Result] = []
        lower = case_safe_lower(text)
        for sent in sentence_bounds(doc):
            # most sentences state no number: skip them before any per-sentence work
            if numberish(text, lower, *sent):
                results.extend(
                    self._sentence(
                        doc_fields, text, sent, mentions, blocked, proposed, own_benchmark, benchmark_from
                    )
                )
        return results

    def _link(
        self, text: str, span: tuple[int, int], pool: list[MentionSpan], others: list[Candidate], t: str
    ) -> MentionSpan | None:
        if not pool or (self.linker is None and self.trace is None):
            return nearest(text, span, pool, others, self.lex)
        ranked = sorted(pool, key=lambda m: (link_cost(text, span, m, others, self.lex), m.start))
        scored = [(m, link_features(text, span, m, others, self.lex, i)) for i, m in enumerate(ranked)]
        if self.trace is not None:
            self.trace.append((span, t, scored))
        linker = self.linker
        if linker is None:
            return ranked[0]
        return max(scored, key=lambda x: linker.score(x[1]))[0]

    def _plain(self, c: Candidate) -> bool:
        """A number without a unit, which counts only beside a measure."""
        return c.unit == "" and not c.value.strip().lower().startswith(("twice",)) and "out of" not in c.value

    def _companion(self, text: str, c: Candidate, cands: list[Candidate]) -> bool:
        """ "an AUROC of 0.847 (internal) and 0.761 (external)": the plain value listed right after
        an attached one is of the same measure."""
        return bool(
            cands
            and cands[-1].unit == ""
            and COMPANION_GAP.match(ASIDES.sub("", text[cands[-1].end : c.start]))
        )

    def _verdicts(
        self, text: str, c: Candidate, by_type: dict[str, list[MentionSpan]], cands: list[Candidate]
    ) -> list[str]:
        """The rules' reading of a candidate, every test run (the classifier's evidence), and
        their decision ("keep" or "drop")."""
        lex = self.lex
        out: list[str] = []
        dropped = False
        if self._plain(c):
            if attached_metric(text, c, by_type["METRIC"], lex):
                out.append("plain_attached")
            elif self._companion(text, c, cands):
                out.append("plain_companion")
            else:
                out.append("plain_alone")
                dropped = True
        if is_setting(text, c.start, c.end, lex):
            out.append("setting")
            dropped = True
        out.append("drop" if dropped else "keep")
        return out

    def _sentence(
        self,
        doc_fields: Sequence[FieldSpan],
        text: str,
        sent: tuple[int, int],
        mentions: list[MentionSpan],
        blocked: list[tuple[int, int]],
        proposed: Entity | None,
        own_benchmark: Entity | None = None,
        benchmark_from: int = 0,
    ) -> list[Result]:
        lex = self.lex  # text is doc.text, passed in: Doc.text rebuilds the string on every access
        s, e = sent
        sub = text[s:e]
        found = find_candidates(sub, lex, [(a - s, b - s) for a, b in blocked if a < e and b > s])
        if not found:
            return []
        local = [m for m in mentions if m.start >= s and m.end <= e]
        by_type = {t: [m for m in local if m.entity.type == t] for t in ("METHOD", "DATASET", "METRIC")}
        cands: list[Candidate] = []
        claims, claim_trace = self.claims, self.claim_trace
        learned = claims is not None or claim_trace is not None
        words = sentence_words(text, sent, by_type) if learned else None
        for c in found:
            c.start += s
            c.end += s
            verdicts = self._verdicts(text, c, by_type, cands)
            keep = verdicts[-1] == "keep"
            if words is not None:
                field_name = _locate(doc_fields, c.start, c.end)[0]
                features = claim_features(c, words, by_type, len(found), verdicts, field_name)
                if claim_trace is not None:
                    claim_trace.append((c.start, c.end, c.number, c.value, features))
                if claims is not None:
                    keep = claims.probability(features) >= claims.threshold
            if keep:
                cands.append(c)
        if not cands:
            return []
        # Group values written as a list ("1.3% and 3.6%", "38.38%, 36.14%, and 31.96%").
        group_id = 0
        cands[0].group = 0
        for prev, cur in zip(cands, cands[1:], strict=False):
            if not LIST_GAP.match(text[prev.end : cur.start]):
                group_id += 1
            cur.group = group_id
        groups: dict[int, list[Candidate]] = {}
        for c in cands:
            groups.setdefault(c.group, []).append(c)
        low = sub.lower()
        respectively = any(w in low for w in lex.respectively)
        slots = respective_slots(text, s, cands, by_type) if respectively else {}
        cues = comparison_positions(text, s, e, lex)
        # the fallback dataset, unless the sentence speaks of other data ("downstream", "transfer")
        fallback = own_benchmark
        if fallback is not None and lex.other_data_cues & set(LETTERS.findall(sub.lower())):
            fallback = None
        sentence_text = sub.strip()
        out: list[Result] = []
        for members in groups.values():
            span = (members[0].start, members[-1].end)
            others = [c for c in cands if c.group != members[0].group]
            linked: dict[str, list[MentionSpan | None]] = {}
            for t in ("METRIC", "DATASET"):
                pool = by_type[t]
                mapped = map_respectively(text, members, pool) if respectively else None
                if mapped:
                    linked[t] = list(mapped)
                elif t in slots and all(id(c) in slots[t] for c in members):
                    linked[t] = [slots[t][id(c)] for c in members]
                else:
                    linked[t] = [self._link(text, span, pool, others, t)] * len(members)
            for i, c in enumerate(members):
                metric_m, dataset_m = linked["METRIC"][i], linked["DATASET"][i]
                dataset = dataset_m.text if dataset_m else None
                if dataset is None and fallback is not None and benchmark_from < c.start:
                    dataset = usual_form(fallback)
                method, baseline = method_and_baseline(
                    text, (s, e), c, by_type["METHOD"], proposed, lex, cues
                )
                field_name, fs, fe = _locate(doc_fields, c.start, c.end)
                # "reduces memory and runtime by 2x": one claim per measure
                metric_ms: Sequence[MentionSpan | None] = [metric_m]
                close = metric_m is not None and link_cost(text, span, metric_m, others) <= 2
                if len(members) == 1 and close:
                    metric_ms = coordinated_metrics(text, metric_m, by_type["METRIC"])
                for mm in metric_ms:
                    metric = mm.text if mm else None
                    out.append(
                        Result(
                            value=c.value,
                            number=c.number,
                            unit=c.unit,
                            kind=classify_kind(text, c, metric, lex),
                            metric=metric,
                            dataset=dataset,
                            method=method,
                            baseline=baseline,
                            sentence=sentence_text,
                            field=field_name,
                            start=fs,
                            end=fe,
                        )
                    )
        return out


def _locate(doc_fields: Sequence[FieldSpan], start: int, end: int) -> tuple[Field, int, int]:
    for f in doc_fields:
        if f.start <= start <= f.end:
            return f.name, start - f.start, min(end, f.end) - f.start
    return "abstract", start, end


@Language.factory("paperkg_results")
def make_results(nlp: Language, name: str, linker: str = "", claims: str = "") -> ResultExtractor:
    """Writes ``doc._.results``; needs sentences and ``doc._.entities`` from earlier components.
    ``linker``: a trained linker's file (package data folder, or a path); empty: the rules link.
    ``claims``: a trained claim classifier's file; empty: the rules decide which numbers count."""
    register_extensions()
    return ResultExtractor(
        linker=LogisticModel.load(linker) if linker else None,
        claims=LogisticModel.load(claims) if claims else None,
    ).named(name)


__all__ = [
    "Candidate",
    "Lexicon",
    "ResultExtractor",
    "classify_kind",
    "find_candidates",
    "load_lexicon",
    "normalise_unit",
]
