"""Methods, datasets and metrics named in one paper: candidates, types, filters, merging.

Mentions come from one of two places (``candidates``). In the accurate profile a trained ``ner``
earlier in the pipeline finds them (``doc.ents``) and this component only groups them into
entities. In the fast profile, and as the ``hints`` the trained model reads (hints.py), the rules
below find them: evidence that holds for ML prose in general, each source small and separately
testable:

* the gazetteer (known names, matched case-insensitively when long, case-sensitively when short
  or ambiguous);
* acronym definitions (``doc._.abbreviations``): the long form's head noun decides the type
  ("... Rate (ASR)" a metric, "... Benchmark (XB)" a dataset, else a method) and a long form
  that is a task, a field or a broad model class rules both forms out;
* name shapes: acronyms and mixed case (MoLE, XGBoost), letters with digits (T5, ResNet-50),
  extended by versions ("Llama 2", "GPT-4o mini") and by capitalised words before them
  ("Moving MNIST");
* introductions: "called/named/dubbed X", "X, a novel ...", the title prefix "X: ...";
* head nouns: "X dataset/benchmark" (dataset), "<modifier> accuracy/error/latency" (metric),
  and the gazetteer for technique families ("knowledge distillation"): a rule for
  "<modifier> tuning/pruning/..." was tried and removed, as without part-of-speech tags it
  mostly produced descriptions ("aggressive pruning").

Unknown names get their type from context: the head noun after a coordination ("on A and B
datasets"), "on/across X" in an evaluation sentence, else METHOD. Every surface form that
names the same thing (acronym and long form, spelling variants, plural) becomes one Entity
whose mentions carry field-relative offsets. Word lists live in ``data/entity_rules.json``.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter, itemgetter

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from paperkg.extract import fields  # (importing it registers the Doc extensions)
from paperkg.extract.abbreviations import acronym_capitals, phrase_initials
from paperkg.extract.component import BatchComponent
from paperkg.extract.doctext import doc_text, sentence_bounds, token_offsets
from paperkg.extract.gazetteer import Gazetteer, GazetteerEntry, normalise_key, version_suffix
from paperkg.extract.model import Entity, Mention
from paperkg.extract.resources import load_json
from paperkg.extract.tokenizer import pattern_tokenizer

RULES_FILE = "entity_rules.json"
SPAN_KEY = "paperkg_entities"

# A "word" for shape rules: a run of characters between spaces and list punctuation.
_SEPARATORS = r"\s,;:()\[\]\"\u201c\u201d!?"
_WORD = re.compile(rf"[^{_SEPARATORS}]+")
_WORD_SPLIT = re.compile(rf"([^{_SEPARATORS}]+)")
_TRAIL = ".'\u2019-"
_LEAD = "'\u2018-"
_POSSESSIVE = ("'s", "\u2019s")
_TRAIL_CHAR = re.compile(rf"[{_TRAIL}]")
_LEAD_CHAR = re.compile(rf"[{_LEAD}]")
_POSSESSIVE_S = re.compile(r"['\u2019]s")
_last_char, _first_char = itemgetter(-1), itemgetter(0)
_UNIT_LIKE = re.compile(r"^\d+(?:\.\d+)?[A-Za-z]{0,2}$|^\d+(?:\.\d+)?[xX%]?$|^\d{1,2}[Dd]$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_PLAIN_PART = re.compile(r"^[A-Z]?[a-z]+$")
_EXAMPLE_MARKERS = frozenset({"e.g", "i.e", "eg"})  # as words read them: the final dot is trimmed
_AT_K = re.compile(r"^[A-Za-z][A-Za-z.-]*@(?:\d+|[kKnN])$")
_PATH_PART = re.compile(r"^[a-z]{2,}(?:\.[a-z]{2,})*$")
_CAPITALS_AND_DIGITS = re.compile(r"^(?=[A-Z]*\d)[A-Z\d]+$")
_LOWER_WORD = re.compile(r"^[a-z][a-z-]*$")
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})-(?=[^\W\d_]{2})")
_PROPER_PHRASE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}$")  # "Stable Diffusion", "Continual World"
# "word2vec", "nn4mc": a digit inside a lower-case word spells a name (not "x2", "h2o", "fp16")
_LOWER_DIGIT_NAME = re.compile(r"^[a-z]{2,}\d[a-z]{2,}$")
_VERSION = re.compile(r"^(?:\d+(?:\.\d+)*[BMKbmk]?|v\d+(?:\.\d+)*|[A-Z]\d+(?:\.\d+)?)$")
_CAPWORD = re.compile(r"^[A-Z][a-z]+$")
_CAPWORD_LOOSE = re.compile(r"^[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*$")
_ALPHA_HYPHEN = re.compile(r"^[A-Za-z][a-z]*(?:-[A-Za-z0-9]+)*$")
_NORM = re.compile(r"[^0-9a-z]+")
_LIST_GAP = re.compile(r"^\s*(?:,|/|,?\s*and|,?\s*or)\s*$")
_TITLE_LEAD = re.compile(
    r"^((?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\s){1,4}?[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)"
    r"\s(?:for|via|with|by|in|on|from|through)\s"
)
_TITLE_PREFIX = re.compile(r"^\s*(\S+?)\s*:")
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
_DIMENSION = re.compile(r"^[1-4][Dd]$")
# ", a ...", "(RL), the ...": an apposition after a name, past a short parenthesis
_APPOSITION_OPENING = r"\s*(?:\([^)]*\)\s*)?,\s+"
_NOVEL_APPOSITION = re.compile(_APPOSITION_OPENING + r"(?:a|an)\s+(\S+)")
_INTRO_APPOSITION = re.compile(_APPOSITION_OPENING + r"(?:a|an|the)\s")
_DOTTED_VERSION = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+|v\d+(?:\.\d+)*)$")
_PARENTHESISED = re.compile(r"\(([A-Z][\w\-]*(?: [A-Z][\w\-]*){1,3})\)")
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_SENT_WORD = re.compile(r"[a-z][a-z\-]+")
_NAME_PARTS = re.compile(r"[\s\-/]+")
# a hyphenated suffix that makes a variant name ("TiKMiX-D", "RPS-v2", "X-Large"), not a
# description ("RPS-based", "LoRA-style": the shape rules drop those compounds)
_GLUED_SUFFIX = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?![a-z])|v\d")
_CLOSERS = re.compile(r"[)\"'\u201d\u2019]*")
_MULTIPLIER = re.compile(r"^[\d.,]+\s?(?:x|×|%|-?fold|times)?$")
_NUMBER_WORD = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")

# A name typed strongly both ways (as often one way as the other) needs a fixed winner: set order
# depends on PYTHONHASHSEED, and extraction must not.
_TIE_ORDER = {"DATASET": 2, "METRIC": 1, "METHOD": 0}

RANK = {
    "abbrev": 5,
    "naming": 4,
    "title": 4,
    "gaz": 3,
    "dataset_head": 2,
    "method_head": 2,
    "metric": 2,
    "shape": 1,
    "model": 6,
}
# _resolve_overlaps orders by (definitions and introductions first, longest, rank, start); the
# trained model's mentions come before every rule's
_FIRST = {source: 0 if rank >= 4 else 1 for source, rank in RANK.items()} | {"model": -1}
_NEG_RANK = {source: -rank for source, rank in RANK.items()}
_MISSING = object()


_AMERICAN_Z = re.compile(r"(?<=[a-z]{3})iz(?=(?:e|es|ed|ing|ation|ations|er|ers)\b)")


def british(text: str) -> str:
    """The British spelling of a word or name written with American "-ize" endings ("normalized",
    "optimization" -> "normalised", "optimisation"); word lists and gazetteer forms are written
    the American way, abstracts both ways."""
    return _AMERICAN_Z.sub("is", text) if "iz" in text else text


@lru_cache(maxsize=1 << 16)
def norm_key(text: str) -> str:
    """Lower case, letters and digits only (the grouping key; kept per surface). A trailing "+"
    names a successor ("RSCP+" is not RSCP) and is kept."""
    key = _NORM.sub("", text.lower())
    return key + "+" if text.endswith("+") and key else key


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    source: str
    type: str | None = None
    canonical: str | None = None
    strong_type: bool = False  # type from knowledge or a definition, not from context
    needs_support: bool = False  # an ambiguous gazetteer word ("Adam"): kept only with context

    @property
    def length(self) -> int:
        return self.end - self.start


class Rules:
    """The word lists of ``entity_rules.json`` as sets, read once."""

    def __init__(self, data: dict):
        def s(key: str) -> frozenset[str]:
            words = {w.lower() for w in data.get(key, [])}
            return frozenset(words | {british(w) for w in words})

        self.dataset_heads = s("dataset_heads")
        self.method_heads = s("method_heads")
        self.dataset_before = s("dataset_context_before")
        self.not_dataset_verbs = s("not_dataset_verbs")
        self.evaluation_cues = s("evaluation_cues")
        self.strong_metric_heads = s("strong_metric_heads")
        self.weak_metric_heads = s("weak_metric_heads")
        self.metric_modifiers = s("metric_modifiers")
        self.split_words = s("split_words")
        self.aggregate_words = s("aggregate_words")
        self.system_heads = s("system_heads")
        self.name_suffix_parts = s("name_suffix_parts")
        # "pretraining", "finetuning", "multihead": prefixes written with or without the hyphen
        prefixes = "|".join(map(re.escape, sorted(s("joined_hyphen_prefixes"))))
        self.joined_hyphen = re.compile(rf"(?i)\b({prefixes})-(?=[^\W\d_]{{2}})") if prefixes else None
        self.compare_words = s("compare_words")
        self.method_use_verbs = s("method_use_verbs")
        self.training_words = s("training_words")
        self.cased_metric_heads = s("cased_metric_heads")
        self.not_method_heads = s("not_method_heads")
        self.singular_dataset_heads = s("singular_dataset_heads")
        self.metric_stop_modifiers = s("metric_stop_modifiers")
        self.not_metric_phrases = s("not_metric_phrases")
        self.name_stop_words = frozenset(data.get("name_stop_words", []))
        self.function_words = frozenset(w.lower() for w in self.name_stop_words)
        # each opener ("in terms of") is found by its longest word ("terms"), then checked word by word
        self.measure_list_openers: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for opener in data.get("measure_list_openers", []):
            words = tuple(opener.lower().split())
            key = max(words, key=len)
            self.measure_list_openers.setdefault(key, []).append((words, words.index(key)))
        self.measure_list_keys = frozenset(self.measure_list_openers)
        self.version_words = s("version_words")
        self.naming_cues = s("naming_cues")
        self.intro_verbs = s("intro_verbs")
        self.novelty_words = s("novelty_words")
        self.task_heads = s("task_heads")
        self.shape_exclude = [re.compile(p) for p in data.get("shape_exclude_patterns", [])]
        self.coordination = s("coordination_words")
        self.determiners = s("determiners")
        self.measure_lead_words = self.determiners | self.metric_stop_modifiers | s("measure_qualifiers")
        self.measurement_cues = s("measurement_cues")
        self.contextual_metrics = s("contextual_metrics")
        self.size_metrics = s("size_metrics")
        self.not_metric_before = s("not_metric_before")
        self.unit_words = frozenset(data.get("unit_words", []))  # case matters: "mW" is not "MW"
        self.field_nouns = s("field_nouns")
        self.verb_like_metrics = s("verb_like_metrics")
        self.named_method_heads = s("named_method_heads")
        self.metric_value_after = re.compile(data.get("metric_value_after", r"(?!)"))
        self.metric_context_before = tuple(s("metric_context_before"))
        self.metric_context_after = s("metric_context_after")
        self.measurement_number = re.compile(data.get("measurement_number", r"\d+%"))
        self.metric_heads = self.strong_metric_heads | self.weak_metric_heads
        self.name_heads = self.dataset_heads | self.method_heads
        self.not_measure_heads = s("not_measure_heads")
        self.vague_measure_words = s("vague_measure_words")
        self.measure_words_skipped = s("measure_words_skipped")
        # "a 53 times reduction in parameters", "reducing the parameter size by 1/3", "model size
        # can be reduced by 50%": what a number changes is a measure (the phrase is cut later)
        nouns = "|".join(map(re.escape, sorted(s("change_nouns"), key=len, reverse=True)))
        verbs = "|".join(map(re.escape, sorted(s("change_verbs"), key=len, reverse=True)))
        phrase = r"([a-z][a-z-]*(?:[ ][a-z][a-z-]*){0,3})"
        # Every pattern below hangs on a measurement (``measurement_number``: "32%", "19x") or on
        # "by <number>": those are found first, with patterns that open on a digit or a "b" (cheap
        # to scan for), and the words around each are read with anchored matches on a short window.
        qualifiers = r"(?:(?:" + "|".join(map(re.escape, s("amount_qualifiers"))) + r")\s+){0,2}"
        uses = "|".join(map(re.escape, sorted(s("use_verbs"), key=len, reverse=True)))
        # after an amount: "a 53 times reduction in parameters", "(20%) of the resources", "19x cost"
        self.change_of = re.compile(rf"\s+(?:[a-z-]+\s+)?(?:{nouns})\s+(?:in|of)\s+{phrase}")
        self.share_of = re.compile(rf"\s+of\s+{phrase}")
        self.amount_object = re.compile(rf"\s+{phrase}")
        # before an amount: "using only 28.5% ...", "reducing around 2x ..."
        self.uses_before = re.compile(rf"\b(?:{uses})\s+{qualifiers}$")
        self.verb_before = re.compile(rf"\b(?:{verbs})\s+{qualifiers}$")
        # (a literal start: re scans for "by " fast, a word boundary before it is checked apart)
        self.by_number = re.compile(r"by\s+(?:[a-z]+\s+){0,2}?[\d(]")
        # both read the few words before a "by <number>", anchored at its end
        self.verb_object = re.compile(rf"\b(?:{verbs})\s+{phrase}$")
        self.passive_subject = re.compile(
            rf"{phrase}\s+(?:can|could|is|are|was|were|be|been)\s+(?:be\s+)?(?:{verbs})$"
        )
        heads = sorted(self.dataset_heads | self.method_heads, key=len, reverse=True)
        self.apposition = re.compile(
            _APPOSITION_OPENING
            + r"(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?("
            + "|".join(map(re.escape, heads))
            + r")\b",
            re.I,
        )


CANDIDATE_SOURCES = ("rules", "model", "both")
ENTITY_TYPES = frozenset({"METHOD", "DATASET", "METRIC"})


class EntityRecognizer(BatchComponent):
    def __init__(self, nlp: Language, gazetteer: Gazetteer, rules: Rules, candidates: str = "rules"):
        if candidates not in CANDIDATE_SOURCES:
            raise ValueError(f"candidates must be one of {', '.join(CANDIDATE_SOURCES)}, not {candidates!r}")
        self.candidates = candidates
        self.gaz = gazetteer
        self.rules = rules
        self.matcher_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._shape_cache: dict[str, bool] = {}
        self._reading_cache: dict[tuple[str, str], tuple[str | None, bool] | None] = {}
        self._reject_cache: dict[tuple[str, bool], bool] = {}
        self._known_cache: dict[tuple[str, str | None], GazetteerEntry | None] = {}
        # a function of the phrase alone, asked by several rules about the same words
        self._is_non_entity = lru_cache(maxsize=1 << 16)(gazetteer.is_non_entity)
        if candidates != "model":  # the model's mentions need no gazetteer matching
            self._build_matchers(nlp)

    # ---- gazetteer -------------------------------------------------------------------------
    def _build_matchers(self, nlp: Language) -> None:
        tokenize = pattern_tokenizer(nlp)
        for case_sensitive, matcher in ((False, self.matcher_lower), (True, self.matcher_orth)):
            by_type: dict[str, list[str]] = {}
            for type_, form in self.gaz.patterns(case_sensitive=case_sensitive):
                by_type.setdefault(type_, []).extend(self._spellings(form))
            for type_, forms in by_type.items():
                matcher.add(type_, [tokenize(f) for f in forms])

    def _spellings(self, form: str) -> list[str]:
        """A gazetteer form and the other ways abstracts write it."""
        out = [form]
        if _PROPER_PHRASE.match(form):
            # "Stable-Diffusion", "Continual-World": a proper name is also written hyphenated
            # (only proper names: "inference-time", "early-exit" are modifiers)
            out.append(form.replace(" ", "-"))
        # "Sharpness Aware Minimization": a hyphen between words is often left out (not between
        # a letter and a number or an initial: "R-CNN"); "normalised discounted cumulative gain";
        # "parameter-efficient finetuning"
        out.append(_WORD_HYPHEN.sub(" ", form))
        out.append(british(form))
        if self.rules.joined_hyphen is not None:
            out.append(self.rules.joined_hyphen.sub(r"\1", form))
        return list(dict.fromkeys(out))

    def _gazetteer_candidates(self, doc: Doc, text: str, idx: list[int], ends: list[int]) -> list[Candidate]:
        """Gazetteer matches; ``idx`` and ``ends`` are the tokens' start and end offsets."""
        out = []
        strings = doc.vocab.strings
        readings = self._reading_cache
        n_chars = len(text)
        for matcher in (self.matcher_lower, self.matcher_orth):
            for match_id, s, e in matcher(doc):
                start, end = idx[s], ends[e - 1]
                if (start > 0 and text[start - 1].isalnum()) or (end < n_chars and text[end].isalnum()):
                    continue  # the match cuts a word: "LoRA" inside "xLoRA"
                if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
                    continue  # the end of a hyphenated word: "attention" in "self-attention"
                surface = text[start:end]
                type_ = strings[match_id]
                known = readings.get((surface, type_), _MISSING)
                if known is _MISSING:
                    known = self._gazetteer_reading(surface, type_)
                if known is None:
                    continue
                if start == 0 and e - s == 1 and surface.endswith("ing") and surface[:1].isupper():
                    continue  # "Boosting X ...", "Ensembling Y ...": a title opening with a verb
                if e - s > 1 and surface[:4].lower() == "the ":
                    start = idx[s + 1]  # "the Pile": the article is not part of the name
                if e - s > 1 and type_ == "DATASET" and text[idx[e - 1] : end] in self.rules.dataset_heads:
                    # "the Alpaca dataset": the entry needs the head word to be sure, the name
                    # is the word before it (a capitalised head, "... Benchmark", is kept)
                    end = ends[e - 2]
                out.append(Candidate(start, end, "gaz", type_, known[0], True, known[1]))
        return out

    def _gazetteer_reading(self, surface: str, type_: str) -> tuple[str | None, bool] | None:
        """(canonical name, needs supporting context) of a gazetteer match, None to drop it;
        a function of the surface alone, so kept per surface."""
        key = (surface, type_)
        if key in self._reading_cache:
            return self._reading_cache[key]
        entries = self.gaz.lookup_type(surface, type_)
        if entries and _case_mismatch(surface, entries):
            got = None
        else:
            canonical = entries[0].name if entries else None
            # "ROCKET", "BLOOM": a known name written in capitals, as the entry writes it, is that
            # name, not the common word; short acronyms ("SAM", "EMA") keep their other readings
            spelled = (
                len(surface) >= 4
                and surface.isupper()
                and any(surface in en.forms for en in entries)
                and not self.gaz.acronym_readings(surface)  # "CMOS": a score, or a chip technology
            )
            got = canonical, not spelled and any(en.is_ambiguous_form(surface) for en in entries)
        if len(self._reading_cache) > 100_000:
            self._reading_cache.clear()
        self._reading_cache[key] = got
        return got

    def _known(self, surface: str, type_: str | None = None):
        """The gazetteer entry for a surface form (of ``type_`` when given), or None."""
        memo = (surface, type_)
        if memo in self._known_cache:
            return self._known_cache[memo]
        if len(self._known_cache) > 100_000:
            self._known_cache.clear()
        entries = self.gaz.lookup(surface)
        if type_ is not None:
            entries = [e for e in entries if e.type == type_] or entries
        got = self._known_cache[memo] = entries[0] if entries else None
        return got

    # ---- the component ---------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        entities = self.find(doc)
        doc._.entities.extend(entities)
        group = []
        offsets = {}
        for f in reversed(doc._.fields):
            offsets[f.name] = f.start  # the first field of a name wins
        for ent in entities:
            for m in ent.mentions:
                off = offsets.get(m.field, 0)
                span = doc.char_span(off + m.start, off + m.end, label=ent.type, alignment_mode="expand")
                if span is not None:
                    group.append(span)
        doc.spans[SPAN_KEY] = group
        return doc

    def find(self, doc: Doc) -> list[Entity]:
        """The paper's entities, without writing them to the Doc."""
        text = doc_text(doc)
        doc_fields = doc._.fields  # each doc._ access builds an object: read once
        sents = sentence_bounds(doc) or [(0, len(text))]
        title_end = doc_fields[0].end if doc_fields else 0
        # the model's mentions need no word-level rules: only the text and its sentences
        words = ([], [], [], []) if self.candidates == "model" else _words(text)
        ctx = _Context(text, words, sents, title_end, self.rules)
        if self.candidates == "model":
            chosen, abbrev_pairs = self._model_choice(doc, ctx)
        else:
            chosen, abbrev_pairs = self._rule_choice(doc, ctx, text)
        return self._group(doc_fields, ctx, chosen, abbrev_pairs)

    def _model_choice(self, doc: Doc, ctx: _Context) -> tuple[list[Candidate], list[tuple[str, str]]]:
        """The trained recogniser's mentions (``doc.ents``), each form's other occurrences, and the
        other half of an acronym definition whose one half it found; the gazetteer only names
        known entities (``canonical``)."""
        cands, pairs = self._model_candidates(doc)
        chosen = _resolve_overlaps(self._propagate(ctx, cands))
        self._canonicalise(ctx, chosen)
        return chosen, pairs

    def _model_candidates(self, doc: Doc) -> tuple[list[Candidate], list[tuple[str, str]]]:
        text = doc_text(doc)
        cands = []
        for e in doc.ents:
            if e.label_ in ENTITY_TYPES:
                span = _within_field(text, e.start_char, e.end_char)
                if span is not None:
                    cands.append(Candidate(span[0], span[1], "model", e.label_, None, True))
        by_span = {(c.start, c.end): c for c in cands}
        pairs = []
        for short, long in doc._.abbreviations:
            halves = ((short.start_char, short.end_char), (long.start_char, long.end_char))
            found = [by_span[h] for h in halves if h in by_span]
            if not found:
                continue
            for h in halves:
                if h not in by_span:
                    by_span[h] = Candidate(h[0], h[1], "model", found[0].type, None, True)
                    cands.append(by_span[h])
            pairs.append((short.text, long.text))
        return cands, pairs

    def _canonicalise(self, ctx: _Context, chosen: list[Candidate]) -> None:
        """The gazetteer's name for a mention it knows as the same type ("GPT4" is GPT-4)."""
        for c in chosen:
            if c.canonical is None:
                known = self._known(ctx.text[c.start : c.end], c.type)
                if known is not None and known.type == c.type:
                    c.canonical = known.name

    def _rule_choice(
        self, doc: Doc, ctx: _Context, text: str
    ) -> tuple[list[Candidate], list[tuple[str, str]]]:
        # token offsets kept per Doc: a Span per match (and its .text) cost more than the matching
        cands: list[Candidate] = []
        gaz = self._gazetteer_candidates(doc, text, *token_offsets(doc))
        cands += gaz
        known_spans = {(c.start, c.end) for c in gaz}
        blocked: set[str] = set()
        abbrev_pairs = self._abbreviation_candidates(doc, ctx, cands, blocked)
        ctx.short_forms = {sf for sf, _ in abbrev_pairs}
        cands += self._shape_candidates(ctx, known_spans)
        cands += self._metric_candidates(ctx)
        cands += self._changed_measure_candidates(ctx)
        cands += self._measure_list_candidates(ctx, cands)
        cands += self._dataset_head_candidates(ctx)
        cands += self._method_head_candidates(ctx)
        cands += self._capitalised_phrase_candidates(ctx)
        cands += self._naming_candidates(ctx)
        cands += self._title_candidates(ctx)
        if self.candidates == "both":
            model, model_pairs = self._model_candidates(doc)
            cands += model
            abbrev_pairs += [p for p in model_pairs if p not in abbrev_pairs]
        cands = self._extend(ctx, cands)
        cands = self._propagate(ctx, cands)
        cands = self._not_rejected(ctx, cands, blocked)
        cands = _one_reading(ctx, cands)
        chosen = _resolve_overlaps(cands)
        self._inherit_types(chosen, gaz)
        chosen = self._settle(ctx, chosen)
        if self.candidates == "both":
            self._canonicalise(ctx, chosen)
        return chosen, abbrev_pairs

    # ---- candidate sources -----------------------------------------------------------------
    def _abbreviation_candidates(
        self, doc: Doc, ctx: _Context, cands: list[Candidate], blocked: set[str]
    ) -> list[tuple[str, str]]:
        pairs = []
        for short, long in doc._.abbreviations:
            sf, lf = short.text, long.text
            type_, ok = self._long_form_type(ctx, lf, long.start_char)
            if ok and type_ == "METRIC" and _head_word(lf) not in self.rules.strong_metric_heads:
                # "long-and-short-term memory (LSTM)": a weak head word ("memory", "loss") is
                # less sure than an acronym the gazetteer knows as something else
                entries = self.gaz.lookup(sf)
                if entries and all(e.type != "METRIC" for e in entries):
                    type_ = entries[0].type
            if (
                not ok
                and _TITLE_PREFIX.match(ctx.text[: ctx.title_end])
                and _TITLE_PREFIX.match(ctx.text[: ctx.title_end]).group(1) == sf
            ):
                ok = True  # "DEUP: Direct Epistemic Uncertainty Prediction": the paper's own name
            after = max(short.end_char, long.end_char)
            if type_ == "METHOD" and ok and _head_word(lf) not in self.rules.method_heads:
                # no head noun says what it is: "we introduce "Context is Key" (CiK), a
                # forecasting benchmark ..." says it in an apposition
                appos = self.rules.apposition.match(ctx.text, _CLOSERS.match(ctx.text, after).end())
                if appos and appos.group(1).lower() in self.rules.dataset_heads:
                    type_ = "DATASET"
            nxt = _WORD.search(ctx.text, after)
            if nxt and nxt.group().rstrip(".,").lower() in self.rules.task_heads and type_ != "DATASET":
                ok = False  # "click-through rate (CTR) prediction": part of a task name
            if not ok:
                blocked.add(norm_key(sf))
                blocked.add(norm_key(lf))
                continue
            # the long form says what the acronym means here; a known acronym of another type is
            # another thing ("National Stock Exchange (NSE)" is not the NSE metric)
            known = self._known(lf) or next((e for e in self.gaz.lookup(sf) if e.type == type_), None)
            canonical = None
            if known is not None:
                type_, canonical = known.type, known.name
            for s, e in ((short.start_char, short.end_char), (long.start_char, long.end_char)):
                cands.append(Candidate(s, e, "abbrev", type_, canonical, True))
            pairs.append((sf, lf))
        return pairs

    def _long_form_type(self, ctx: _Context, lf: str, at: int) -> tuple[str, bool]:
        r = self.rules
        if self._is_non_entity(lf):
            return "METHOD", False
        head = _head_word(lf)
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
            and not self._ends_in_known_method(lf)
            and not self._is_known_method(lf)  # "retrieval-augmented generation (RAG)"
        ):
            return "METHOD", False
        if head in r.not_method_heads and not ctx.introduced_near(at) and not self._known(lf):
            # "National Stock Exchange (NSE)", "Acid Mine Drainage (AMD)", "Efficient Market
            # Hypothesis (EMH)": institutions, phenomena and theories are not methods
            return "METHOD", False
        if head in r.system_heads and len(words) > 1 and words[-2] in r.task_heads:
            # "Network Intrusion Detection Systems (NIDSs)": a class of systems for a task (a
            # paper introduces "a ... system", in the singular)
            if head.endswith("s") or not ctx.introduced_near(at):
                return "METHOD", False
        return "METHOD", True

    def _is_known_method(self, phrase: str) -> bool:
        known = self._known(phrase, "METHOD")
        return known is not None and known.type == "METHOD"

    def _ends_in_known_method(self, phrase: str) -> bool:
        """ "Randomized Smoothed Conformal Prediction": the last words name a known method, so the
        phrase is a variant of it, not a task ending in "prediction"."""
        words = phrase.split()
        for k in range(2, len(words)):
            known = self._known(" ".join(words[-k:]), "METHOD")
            if known is not None and known.type == "METHOD":
                return True
        return False

    def _shape_candidates(self, ctx: _Context, known: set[tuple[int, int]]) -> list[Candidate]:
        """Name-shaped words; adjacent ones form one name ("EGTEA GAZE+", "Mask R-CNN")."""
        out: list[Candidate] = []
        prev: int | None = None  # the previous name-shaped word, when it is the word before
        last = -2
        shape_cache = self._shape_cache
        starts, ends, texts = ctx.starts, ctx.ends, ctx.texts
        # most words are lower-case letters only, and a name shape needs a capital or a digit
        # ("nn4mc"): only the others are looked at (a lower-case word in between is not
        # name-shaped, so it breaks a run)
        for i in [i for i, t in enumerate(texts) if not (t.islower() and t.isalpha())]:
            if i != last + 1:
                prev = None
            last = i
            text = texts[i]
            shaped = shape_cache.get(text)
            if shaped is None:
                shaped = self.is_name_shaped(text)
            start, end = starts[i], ends[i]
            if not shaped or (start, end) in known or ctx.is_unit(i):
                prev = None
                continue
            if "/" in text and self._slash_parts(text):
                # "WizardLM/Evol-Instruct", "GPT-4/GPT-4o": two names, not one ("ViT-H/14" is one)
                at = start
                for part in text.split("/"):
                    out.append(Candidate(at, at + len(part), "shape"))
                    at += len(part) + 1
                prev = None
                continue
            if end <= ctx.title_end and ctx.title_is_upper:
                continue
            if (
                prev is not None
                and out
                and ctx.adjacent(prev, i)
                and not self.gaz.is_non_entity_acronym(text)
                and not self.gaz.is_non_entity_acronym(texts[prev])
                and out[-1].end == ends[prev]
            ):
                out.append(Candidate(out[-1].start, end, "shape"))
            out.append(Candidate(start, end, "shape"))
            prev = i
        return out

    def _slash_parts(self, w: str) -> bool:
        """Whether every part of a slash-joined word is a name of its own."""
        parts = w.split("/")
        return all(p and (self.is_name_shaped(p) or self._known(p) is not None) for p in parts)

    def is_name_shaped(self, w: str) -> bool:
        got = self._shape_cache.get(w)
        if got is None:
            if len(self._shape_cache) > 100_000:
                self._shape_cache.clear()
            got = self._shape_cache[w] = self._name_shaped(w)
        return got

    def _name_shaped(self, w: str) -> bool:
        if len(w) < 2 or not w[0].isalnum() or "://" in w or w.startswith("www."):
            return False
        if _UNIT_LIKE.match(w) or _ROMAN.match(w) or any(p.match(w) for p in self.rules.shape_exclude):
            return False
        letters = [c for c in w if c.isalpha()]
        if not letters:
            return False
        if "/" in w and any(_PATH_PART.match(p) for p in w.split("/")):
            return False  # "MindSpore/models", "github.com/user/repo": a path, not a name
        parts = w.split("-")
        if len(parts) > 1 and (parts[-1] in self.rules.determiners or parts[-1] in self.rules.coordination):
            return False  # "AgentRxiv-a framework": a hyphen for a dash, then the next words
        if len(parts) > 1 and all(_PLAIN_PART.match(p) for p in parts):
            # "Long-Context", "Real-World": capitalised words, not a name by shape; but a part that
            # names a kind of artefact makes one ("Time-Bench", "Wide-Net")
            return parts[-1][:1].isupper() and parts[-1].lower() in self.rules.name_suffix_parts
        upper = sum(c.isupper() for c in letters)
        if upper == 0:
            return _LOWER_DIGIT_NAME.match(w) is not None
        if upper >= 2:
            return True
        if upper == 1 and re.search(r"[a-z][A-Z]", w):
            return True
        return upper == 1 and w[0].isupper() and any(c.isdigit() for c in w)

    def _metric_candidates(self, ctx: _Context) -> list[Candidate]:
        r = self.rules
        out = []
        lowers, texts = ctx.lowers, ctx.texts
        for i in ctx.indices_in(r.metric_heads):
            w = lowers[i]
            if w in r.cased_metric_heads and texts[i] == w:
                continue  # "a map of solutions" is not mAP
            strong = w in r.strong_metric_heads
            j = i
            while j > 0 and i - j < 3:
                p, p_text = lowers[j - 1], texts[j - 1]
                stop = p in r.metric_stop_modifiers or p.rsplit("-", 1)[-1] in r.metric_stop_modifiers
                if stop or not ctx.adjacent(j - 1, j):  # ("ever-higher accuracy" stops at "higher")
                    break
                if (
                    p in r.metric_modifiers
                    or (p in r.strong_metric_heads and j == i)
                    or (strong and "-" in p_text and _ALPHA_HYPHEN.match(p_text) and p_text.islower())
                    or (j == i and w in ("score", "scores") and self.is_name_shaped(p_text))
                    or (j == i and _AT_K.match(p_text))  # "major@20 accuracy"
                ):
                    j -= 1
                else:
                    break
            if j + 1 < i and lowers[j] in r.aggregate_words:
                j += 1  # "mean power consumption" reports power consumption ("absolute mean deviation" stays)
            if j == i and not strong:
                continue
            start, end = ctx.starts[j], ctx.ends[i]
            phrase = ctx.text[start:end].lower()
            if phrase in r.not_metric_phrases or self._is_non_entity(phrase):
                continue
            out.append(Candidate(start, end, "metric", "METRIC", None, True))
        if "@" in ctx.text:
            # "pass@1", "Hit@5", "maj@8": a measure at a cut-off is a metric by its shape
            for i, t in enumerate(texts):
                if "@" in t and _AT_K.match(t):
                    out.append(Candidate(ctx.starts[i], ctx.ends[i], "metric", "METRIC", None, True))
        return out

    def _changed_measure_candidates(self, ctx: _Context) -> list[Candidate]:
        """The quantity a reported number changes is a measure: "a 32% reduction in sequence
        length", "reducing the original parameter size by 1/3", "model size can be reduced by
        50%". Lower-case words only (a name is found by the other rules); leading determiners
        and evaluative words are left out, the measure is at most the last two words, and a
        phrase with a function word in it or a vague head ("performance", "the gap") is none."""
        r = self.rules
        text = ctx.text
        # (offset, words, how): an "object" after an amount ends at its first function word
        # ("in parameters and a ..."); a phrase before "by <number>" has none in it; a "subject"
        # before "can be reduced" is its last two words
        found: list[tuple[int, list[str], str]] = []
        for amount in r.measurement_number.finditer(text):
            at, lo = amount.end(), max(0, amount.start() - 40)
            m = r.change_of.match(text, at)
            if m is None and amount.group().endswith("%") and r.uses_before.search(text, lo, amount.start()):
                m = r.share_of.match(text, at)  # "using just 20% of the computational resources"
            if m is None and r.verb_before.search(text, lo, amount.start()):
                m = r.amount_object.match(text, at)  # "reducing around 19x parameters stored"
            if m is not None:
                found.append((m.start(1), m.group(1).split(" "), "object"))
        for by in r.by_number.finditer(text):
            if by.start() and text[by.start() - 1].isalnum():
                continue  # "nearby 3"
            lo = max(0, by.start() - 80)
            before = text[lo : by.start()].rstrip()
            m = r.verb_object.search(before)
            how = "by"
            if m is None:
                m, how = r.passive_subject.search(before), "subject"
            if m is not None:
                found.append((lo + m.start(1), m.group(1).split(" "), how))
        out = []
        for start, words, how in found:
            if how == "subject" and len(words) > 2:
                start += sum(len(w) + 1 for w in words[:-2])
                words = words[-2:]
            while words and words[0] in r.measure_words_skipped:  # "of the computational ..."
                start += len(words[0]) + 1
                words = words[1:]
            stops = (k for k, w in enumerate(words) if w in r.coordination or w in r.function_words)
            stop = next(stops, None)
            if stop is not None:
                if how != "object":
                    continue
                words = words[:stop]
            if not words:
                continue
            if len(words) > 2:
                start += sum(len(w) + 1 for w in words[:-2])
                words = words[-2:]
            if words[-1] in r.not_measure_heads or (len(words) == 1 and words[0] in r.vague_measure_words):
                continue
            end = start + len(" ".join(words))
            if text[start:end] in r.not_metric_phrases or self._is_non_entity(text[start:end]):
                continue
            out.append(Candidate(start, end, "metric", "METRIC", None, True))
        return out

    def _measure_list_candidates(self, ctx: _Context, found: list[Candidate]) -> list[Candidate]:
        """What follows "in terms of", "measured by" or "metrics such as" names measures: "in terms
        of optimal social welfare and minimum total cost". Lower-case phrases of one to three
        words, each ended by a comma, "and"/"or", a function word or the sentence's end (where a
        phrase runs on, its end is unknown and the list stops); leading determiners and
        qualifiers ("optimal", "lower") are left out, and so are vague heads ("performance",
        "efficiency" alone). Names in the list are found by the other rules, and what they
        ``found`` sure keeps its span ("test perplexity", not "average test perplexity"); a word
        that needs context ("cost") gives way to the phrase ("minimum total cost")."""
        r = self.rules
        text, starts, ends, lowers, n = ctx.text, ctx.starts, ctx.ends, ctx.lowers, ctx.n_words
        out: list[Candidate] = []
        for k in ctx.indices_in(r.measure_list_keys):
            i = self._after_opener(ctx, k)
            if i is None:
                continue
            _, sent_end = ctx.sents[ctx.sentence_index(starts[i])]
            piece: list[int] = []
            after_comma = False  # a phrase after a comma may open a new clause (", obtained by")
            while i < n and starts[i] < sent_end:
                w = lowers[i]
                gap = text[ends[i - 1] : starts[i]] if piece else ""
                ends_piece = w in r.coordination or w in r.function_words or (piece and not gap.isspace())
                if ends_piece and piece:
                    clause = w in r.function_words and w not in r.coordination
                    # before a function word the phrase may be a clause's start ("accuracy
                    # outperform techniques from"): two words at most, and not after a comma
                    if not (clause and (after_comma or len(piece) > 2)):
                        self._add_measure_piece(ctx, piece, out)
                    piece = []
                    if clause:
                        break
                    after_comma = "," in gap
                    if w in r.coordination:
                        after_comma = False
                        i += 1
                        continue
                if not _LOWER_WORD.match(ctx.texts[i]) or len(piece) == 4:
                    piece = []
                    break
                piece.append(i)
                i += 1
            else:
                if piece:
                    self._add_measure_piece(ctx, piece, out)
        if not out:
            return out
        taken = bytearray(len(text) + 1)
        for c in found:
            if not c.needs_support:
                taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        return [c for c in out if taken.find(1, c.start, c.end) == -1]

    def _after_opener(self, ctx: _Context, k: int) -> int | None:
        """The number of the word after the opener ("in terms of") whose longest word is word
        ``k``, or None when word ``k`` opens no list."""
        lowers, n = ctx.lowers, ctx.n_words
        for words, at in self.rules.measure_list_openers[lowers[k]]:
            first, last = k - at, k - at + len(words) - 1
            if (
                first >= 0
                and last + 1 < n
                and tuple(lowers[first : last + 1]) == words
                and all(ctx.adjacent(x, x + 1) for x in range(first, last))
                and ctx.text[ctx.ends[last] : ctx.starts[last + 1]].isspace()
            ):
                return last + 1
        return None

    def _add_measure_piece(self, ctx: _Context, piece: list[int], out: list[Candidate]) -> None:
        r = self.rules
        while piece and ctx.lowers[piece[0]] in r.measure_lead_words:
            piece = piece[1:]
        if not piece or len(piece) > 3:
            return
        words = [ctx.lowers[k] for k in piece]
        if words[-1] in r.not_measure_heads or (len(words) == 1 and words[0] in r.vague_measure_words):
            return
        if words[-1].endswith("ed") and not words[-1].endswith("eed"):
            return  # a verb: "... and compared to"
        start, end = ctx.starts[piece[0]], ctx.ends[piece[-1]]
        phrase = ctx.text[start:end]
        if phrase in r.not_metric_phrases or self._is_non_entity(phrase):
            return
        out.append(Candidate(start, end, "metric", "METRIC", None, True))

    def _dataset_head_candidates(self, ctx: _Context) -> list[Candidate]:
        """ "X dataset", "the X benchmark": X capitalised or name-shaped, up to three words."""
        r = self.rules
        out = []
        texts = ctx.texts
        for i in ctx.indices_in(r.dataset_heads):
            if i == 0:
                continue
            j = i
            while j > 0 and i - j < 3:
                p = texts[j - 1]
                if not ctx.adjacent(j - 1, j) or p in r.name_stop_words:
                    break
                capitalised = (
                    _CAPWORD.match(p)
                    and not ctx.sentence_initial(j - 1)
                    and ctx.starts[j - 1] >= ctx.title_end
                )
                if not (self.is_name_shaped(p) or capitalised):
                    break
                j -= 1
            if j == i:
                continue
            end = ctx.ends[i - 1]
            if (
                j > 0
                and ctx.lowers[j - 1] == "the"
                and texts[i] in r.singular_dataset_heads
                and all(self.gaz.is_non_entity_acronym(w) or self._is_non_entity(w) for w in texts[j:i])
            ):
                # "the MIT dataset": a word that names no dataset alone keeps its head ("AI
                # benchmarks", "the LLM Benchmark" stay descriptions)
                end = ctx.ends[i]
            out.append(Candidate(ctx.starts[j], end, "dataset_head", "DATASET"))
        return out

    def _method_head_candidates(self, ctx: _Context) -> list[Candidate]:
        """ "the Auto-Correlation mechanism", "a Sharpening Mechanism": capitalised words in the
        abstract before a noun that says "a method" name one. Only hyphenated or multi-word
        names: a single capitalised word is mostly an adjective ("a Bayesian method"), and a
        name-shaped one is found by its shape."""
        r = self.rules
        out: list[Candidate] = []
        texts, starts = ctx.texts, ctx.starts
        for i in ctx.indices_in(r.named_method_heads):
            # most heads follow a lower-case word ("our method"): nothing to look at
            if i == 0 or not ("A" <= texts[i - 1][0] <= "Z" or self.is_name_shaped(texts[i - 1])):
                continue
            if not texts[i].islower():
                continue  # "Channel Clustering Module": a capitalised head is part of the name
            j = i
            while j > 0 and i - j < 3:
                p = texts[j - 1]
                if (
                    not ctx.adjacent(j - 1, j)
                    or p in r.name_stop_words
                    or starts[j - 1] < ctx.title_end
                    or not (_CAPWORD_LOOSE.match(p) or self.is_name_shaped(p))
                ):
                    break
                j -= 1
            if j == i or ctx.sentence_initial(j):
                continue
            words = texts[j:i]
            if len(words) == 1 and ("-" not in words[0] or self.is_name_shaped(words[0])):
                continue
            if any(p.match(w) for w in words for p in r.shape_exclude):
                continue  # "Token-level methods", "LLM-based approach": a description
            phrase = ctx.text[starts[j] : ctx.ends[i - 1]]
            if self._is_non_entity(phrase) or self.gaz.lookup(phrase):
                continue
            out.append(Candidate(starts[j], ctx.ends[i - 1], "method_head", "METHOD"))
        return out

    def _capitalised_phrase_candidates(self, ctx: _Context) -> list[Candidate]:
        """Capitalised multi-word names in the abstract ending in a head noun ("Fourier Neural Network").

        Inside an abstract (unlike a title) capitals mid-sentence mark a name; the head noun
        says which kind. Sentence-initial words are left out because every sentence starts so.
        """
        r = self.rules
        out = []
        if not ctx.indices_in(r.name_heads):
            return out  # every such name ends in a head noun
        texts, starts, ends, n = ctx.texts, ctx.starts, ctx.ends, ctx.n_words
        first = bisect.bisect_left(starts, ctx.title_end)
        after = -1  # words up to here belong to the phrase before
        # the words that can open a phrase (a capital A-Z first): the scan below skips the others
        for i in [k for k in range(first, n) if "A" <= texts[k][0] <= "Z"]:
            w = texts[i]
            if i <= after or not _CAPWORD_LOOSE.match(w) or w in r.name_stop_words:
                continue
            j = i
            while j + 1 < n and j - i < 4 and ctx.adjacent(j, j + 1) and _CAPWORD_LOOSE.match(texts[j + 1]):
                j += 1
            # (a sentence-initial word opens no phrase: tested only for a phrase, as a lone word
            # gives nothing either way)
            if j > i and not ctx.sentence_initial(i):
                after = j
                head = ctx.lowers[j]
                type_ = "DATASET" if head in r.dataset_heads else "METHOD" if head in r.method_heads else None
                if not type_:
                    continue
                phrase = ctx.text[starts[i] : ends[j]]
                broad_class = head.endswith("s") and self._is_non_entity(" ".join(texts[j - 1 : j + 1]))
                if not broad_class and not self._is_non_entity(phrase):
                    source = "dataset_head" if type_ == "DATASET" else "shape"
                    out.append(Candidate(starts[i], ends[j], source, type_, None, True))
        return out

    def _naming_candidates(self, ctx: _Context) -> list[Candidate]:
        """ "called X", "dubbed (as) X", and "X, a novel ..." at the start of a sentence."""
        r = self.rules
        out = []
        for i in ctx.indices_in(r.naming_cues):
            k = i + 1
            if k < ctx.n_words and ctx.lowers[k] == "as":
                k += 1
            span = self._name_phrase(ctx, k)
            if span:
                out.append(Candidate(span[0], span[1], "naming", None))
        for s, _e in ctx.sents:
            k = bisect.bisect_left(ctx.starts, s)
            span = self._name_phrase(ctx, k)
            if not span:
                continue
            m = _NOVEL_APPOSITION.match(ctx.text, span[1])
            if m and m.group(1).lower() in r.novelty_words:
                out.append(Candidate(span[0], span[1], "naming", None))
        for i in ctx.indices_in(r.intro_verbs):
            # "we propose Zecoler, a zero-shot approach", "we present Visuelle 2.0, the first
            # dataset": a capitalised word is a name when an apposition right after it says what
            # it is; a dotted version number after it belongs to it
            span = self._name_phrase(ctx, i + 1)
            if not span:
                continue
            end = span[1]
            k = bisect.bisect_left(ctx.starts, end)
            if k < ctx.n_words and _DOTTED_VERSION.match(ctx.texts[k]) and ctx.adjacent(k - 1, k):
                end = ctx.ends[k]
            if _INTRO_APPOSITION.match(ctx.text, end) and not self._is_non_entity(ctx.text[span[0] : end]):
                out.append(Candidate(span[0], end, "naming", None))
        for m in _PARENTHESISED.finditer(ctx.text, ctx.title_end):
            # "a novel data reduction technique (Variance Horizon)": a description, then its name
            inner = m.group(1)
            if len(inner.split()) < 2 or not all(w[0].isupper() for w in inner.split()):
                continue
            s, _ = ctx.sents[ctx.sentence_index(m.start())]
            before = ctx.text[s : m.start()].lower().split()[-8:]
            if any(w in ("novel", "new", "our") for w in before) and not self._is_non_entity(inner):
                out.append(Candidate(m.start(1), m.end(1), "naming", None))
        return out

    def _name_phrase(self, ctx: _Context, k: int) -> tuple[int, int] | None:
        texts, lowers, n = ctx.texts, ctx.lowers, ctx.n_words
        if k >= n:
            return None
        first = texts[k]
        if first in self.rules.name_stop_words or not (
            self.is_name_shaped(first) or _CAPWORD.match(first) or "-" in first and first[0].isupper()
        ):
            return None
        end = k
        while end + 1 < n and end - k < 5 and ctx.adjacent(end, end + 1):
            if texts[end + 1][0].isupper() or (
                lowers[end + 1] in ("of", "for", "and") and end + 2 < n and texts[end + 2][0].isupper()
            ):
                end += 1
            else:
                break
        if lowers[end] in ("of", "for", "and"):
            end -= 1
        return ctx.starts[k], ctx.ends[end]

    def _title_candidates(self, ctx: _Context) -> list[Candidate]:
        """The title prefix "X: ..." when X is a name (name-shaped, or repeated in the abstract)."""
        title = ctx.text[: ctx.title_end]
        colon = title.find(":")
        if colon <= 0:
            return self._title_lead_candidates(ctx, title)
        prefix = re.sub(r"\s*\([^)]*\)\s*$", "", title[:colon]).strip()
        start = title.find(prefix)
        n_words = len(prefix.split())
        if n_words == 0 or n_words > 6:
            return []
        if n_words == 1 and self.is_name_shaped(prefix):
            pass
        elif not ctx.recurs_after_title(prefix) or any(
            w[0].islower() and w not in ("of", "for", "and", "with", "in", "on") for w in prefix.split()
        ):
            return []
        rest = title[colon + 1 :].lower().split()
        type_ = "DATASET" if any(w.strip(".,") in self.rules.dataset_heads for w in rest) else None
        return [Candidate(start, start + len(prefix), "title", type_, None, type_ is not None)]

    # ---- extension, propagation, filtering --------------------------------------------------
    def _title_lead_candidates(self, ctx: _Context, title: str) -> list[Candidate]:
        """ "Anchor Sampling for Federated Learning": a capitalised lead phrase before "for/via/with"
        that the abstract uses again names the paper's method when it ends in a method head noun
        or contains a name-shaped word. A lead starting with a gerund
        ("Scaling ...", "Learning ...") describes an activity instead, and is left out."""
        m = _TITLE_LEAD.match(title)
        if not m:
            return []
        lead = m.group(1)
        words = lead.split()
        if words[0].lower().endswith("ing") or words[0] in self.rules.name_stop_words:
            return []
        shaped = any(self.is_name_shaped(w) for w in words)
        if words[-1].lower() not in self.rules.method_heads and not shaped:
            return []  # "Feature Learning", "Position Auctions": a topic, not a named method
        if not ctx.recurs_after_title(lead):
            return []
        if self._is_non_entity(lead) or self.gaz.lookup(lead):
            return []
        return [Candidate(0, len(lead), "title", None, None, False)]

    def _extend(self, ctx: _Context, cands: list[Candidate]) -> list[Candidate]:
        """Versions after a name ("Llama 2", "GPT-4o mini") and capitalised words before ("Moving MNIST")."""
        r = self.rules
        out = []
        starts, ends, texts, lowers, n = ctx.starts, ctx.ends, ctx.texts, ctx.lowers, ctx.n_words
        for c in cands:
            if c.source not in ("shape", "gaz") or c.type == "METRIC":
                out.append(c)
                continue
            start, end = c.start, c.end
            # the words starting at its start and ending at its end
            i = bisect.bisect_left(starts, start)
            j = bisect.bisect_left(ends, end)
            if i >= n or starts[i] != start or j >= n or ends[j] != end:
                out.append(c)
                continue
            k = j
            while k + 1 < n and k - j < 2 and ctx.adjacent(k, k + 1):
                nxt = texts[k + 1]
                if (_VERSION.match(nxt) and not ctx.unit_follows(k + 1)) or (
                    # "Mistral Large", "GPT-4o mini"; not "BERT base" without a version number
                    lowers[k + 1] in r.version_words
                    and (nxt[0].isupper() or any(ch.isdigit() for ch in ctx.text[c.start : ends[k]]))
                ):
                    k += 1
                else:
                    break
            end = ends[k]
            if (
                c.source == "shape"
                and c.start >= ctx.title_end
                and ctx.text[c.start : c.end] not in ctx.short_forms
            ):
                b = i
                while b > 0 and i - b < 2:
                    p = texts[b - 1]
                    if (
                        not ctx.adjacent(b - 1, b)
                        or not _CAPWORD.match(p)
                        or p in r.name_stop_words
                        or ctx.sentence_initial(b - 1)
                        or self._known(p) is not None
                        or self._is_non_entity(p)
                    ):
                        break
                    b -= 1
                start = starts[b]
            if i > 0 and start == c.start and _DIMENSION.match(texts[i - 1]) and ctx.adjacent(i - 1, i):
                start = starts[i - 1]  # "3D CNNs", "2D U-Net"
            if (start, end) != (c.start, c.end):
                canonical = c.canonical
                if end != c.end:
                    # "AIME" + "2024": the longer name may be an entry of its own ("AIME 2024")
                    known = self._known(ctx.text[start:end], c.type) if c.source == "gaz" else None
                    canonical = known.name if known is not None and known.type == c.type else None
                out.append(Candidate(start, end, c.source, c.type, canonical, c.strong_type))
            out.append(c)
        return out

    def _propagate(self, ctx: _Context, cands: list[Candidate]) -> list[Candidate]:
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

    def _not_rejected(self, ctx: _Context, cands: list[Candidate], blocked: set[str]) -> list[Candidate]:
        """The candidates that are neither blocked (a definition ruled the name out) nor, unless
        from the gazetteer, a known non-entity."""
        text = ctx.text
        cache = self._reject_cache
        kept = []
        for c in cands:
            surface = text[c.start : c.end]
            key = norm_key(surface)
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
                    got = cache[memo] = self._rejected_by_gazetteer(surface, c.source == "shape")
                if got:
                    continue
            kept.append(c)
        return kept

    def _rejected_by_gazetteer(self, surface: str, shape: bool) -> bool:
        if (
            shape
            and " " in surface
            and any(self._is_non_entity(w) or self.gaz.is_non_entity_acronym(w) for w in surface.split())
        ):
            return True  # "Azure OpenAI": a name built on a non-entity is one too
        if self._is_non_entity(surface):
            return True
        if " " not in surface and (
            self.gaz.is_non_entity_acronym(surface)
            or (surface.endswith("s") and self.gaz.is_non_entity_acronym(surface[:-1]))
        ):
            return True
        return False

    def _settle(self, ctx: _Context, chosen: list[Candidate]) -> list[Candidate]:
        """Knowledge for shape-found names; context for ambiguous words and acronyms."""
        kept = []
        for c in chosen:
            surface = ctx.text[c.start : c.end]
            if c.source == "shape" and c.canonical is None:
                known = self._known(surface)
                if known is not None:
                    c.type, c.canonical, c.strong_type = known.type, known.name, True
                elif _PLURAL_ACRONYM.match(surface):
                    singular = self._known(surface[:-1])
                    if singular is None:
                        continue  # "IDs", "GPUs", "DBAs": an undefined plural acronym names a class of things
                    # "MAPEs": the plural of a known name is that name
                    c.type, c.canonical, c.strong_type = singular.type, singular.name, True
                elif ctx.names_a_field(c.end):
                    continue  # "the ASR field", "the MSR community": an unknown name naming a field
                elif ctx.names_a_measure(c.start, c.end):
                    c.type, c.strong_type = "METRIC", True  # "an RMSPE of 0.85", "in terms of SSIM"
                else:
                    readings = self.gaz.acronym_readings(surface)
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
            if c.type == "METRIC" and not self._measure_in_context(ctx, c, surface):
                continue
            kept.append(c)
        return kept

    def _measure_in_context(self, ctx: _Context, c: Candidate, surface: str) -> bool:
        """A metric name used as a measure: not "at inference time", not "can speedup", and for
        words with other readings ("recall", "model size") a sentence that reports a measurement."""
        r = self.rules
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

    def _inherit_types(self, chosen: list[Candidate], gaz: list[Candidate]) -> None:
        """A longer name that starts with a known one is of its type ("ImageNet-R", "Llama-3-8B")."""
        by_start = {}
        for g in gaz:
            by_start.setdefault(g.start, g)
        for c in chosen:
            if c.type is None and c.start in by_start and by_start[c.start].end < c.end:
                c.type = by_start[c.start].type

    # ---- grouping --------------------------------------------------------------------------
    def _group(
        self, doc_fields, ctx: _Context, chosen: list[Candidate], abbrev_pairs: list[tuple[str, str]]
    ) -> list[Entity]:
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            while parent.setdefault(k, k) != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        # Groups are the connected components of "same key" links; each is keyed by its smallest
        # key and listed in order of its first mention, so the order of the unions is free.
        text = ctx.text
        chosen = sorted(chosen, key=_by_start)
        surfaces = [text[c.start : c.end] for c in chosen]
        keys = list(map(norm_key, surfaces))
        for c, k, surface in zip(chosen, keys, surfaces, strict=True):
            if c.canonical:
                # numbered variants of one gazetteer entry ("AISHELL-1", "AISHELL-2") stay apart
                union(k, "canon:" + norm_key(c.canonical) + "#" + version_suffix(surface, c.canonical))
        for sf, lf in abbrev_pairs:
            union(norm_key(sf), norm_key(lf))
        all_keys = set(keys)
        for k in all_keys:
            if k.endswith("s"):
                if k[:-1] in all_keys:
                    union(k, k[:-1])
                if k.endswith("es") and k[:-2] in all_keys:
                    union(k, k[:-2])
                if k.endswith("ies") and k[:-3] + "y" in all_keys:
                    union(k, k[:-3] + "y")  # "accuracies" and "accuracy"
        # an undefined acronym that spells another name's initials is that name ("GPHT")
        first_surface: dict[str, str] = {}
        for k, surface in zip(keys, surfaces, strict=True):
            first_surface.setdefault(k, surface)
        acronyms = [t for t in first_surface.values() if _ACRONYM.match(t)]
        if acronyms:
            phrases = [t for t in first_surface.values() if " " in t or "-" in t]
            initials = {p: phrase_initials(p) for p in phrases}
            for acr in acronyms:
                caps = acronym_capitals(acr)
                spelled = [p for p in phrases if len(caps) >= 2 and initials[p] == caps]
                if len(spelled) == 1:
                    union(norm_key(acr), norm_key(spelled[0]))
                    abbrev_pairs = [*abbrev_pairs, (acr, spelled[0])]
        long_forms = {norm_key(lf) for _, lf in abbrev_pairs}

        groups: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            groups.setdefault(find(k), []).append(i)

        entities = []
        for group in groups.values():
            members = [chosen[i] for i in group]
            type_ = self._decide_type(ctx, members)
            forms: list[str] = []
            for i in group:
                if surfaces[i] not in forms:
                    forms.append(surfaces[i])
            name = next((f for f in forms if norm_key(f) in long_forms), forms[0])
            canonical = next((c.canonical for c in members if c.canonical), None)
            mentions = []
            seen = set()
            for i in group:
                c = chosen[i]
                if (c.start, c.end) in seen:
                    continue
                seen.add((c.start, c.end))
                fname, fs, fe = _locate(doc_fields, c.start, c.end)
                mentions.append(Mention(fname, fs, fe, ctx.sentence_text(c.start), surfaces[i]))
            entities.append(Entity(type_, name, [f for f in forms if f != name], False, mentions, canonical))
        entities = _merge_bare_metric_heads(entities)
        entities.sort(key=lambda e: (0 if e.mentions[0].field == "title" else 1, e.mentions[0].start))
        return entities

    def _decide_type(self, ctx: _Context, members: list[Candidate]) -> str:
        strong = [c.type for c in members if c.strong_type and c.type]
        if strong:
            if strong.count(strong[0]) == len(strong):
                return strong[0]  # one type (the common case): nothing to count
            return max(set(strong), key=lambda t: (strong.count(t), _TIE_ORDER[t]))
        typed = [c.type for c in members if c.type]
        if "DATASET" in typed:
            return "DATASET"
        for c in members:
            t = ctx.context_type(c)
            if t:
                return t
        return typed[0] if typed else "METHOD"


class _Context:
    """Per-doc views of the text that every rule asks about (words, sentences, neighbours).

    Words are parallel lists indexed by word number (``starts``, ``ends``, ``texts``,
    ``lowers``), not one object per word: there are a few hundred per abstract and most rules
    look at a handful of them."""

    def __init__(self, text: str, words: Words, sents, title_end: int, rules: Rules):
        self.text = text
        self.starts, self.ends, self.texts, self.lowers = words
        self.n_words = len(self.starts)
        self.sents = sents
        self.sent_starts = [s for s, _ in sents]
        self.title_end = title_end
        self.rules = rules
        self.short_forms: set[str] = set()
        title = text[:title_end]
        self.title_is_upper = sum(map(str.isupper, title)) > 0.6 * max(1, sum(map(str.isalpha, title)))
        self._lower = text.lower()
        self._positions: dict[str, list[int]] | None = None  # lower-case word -> its word numbers
        self._sentence_texts: dict[int, str] = {}
        self._sentence_words: dict[int, frozenset[str]] = {}
        self._context_types: dict[tuple[int, int], str | None] = {}
        self._measured: dict[int, bool] = {}

    def indices_in(self, words: frozenset[str]) -> list[int]:
        """The numbers of the words whose lower-case text is in ``words``, in order. Several rules
        ask with their trigger words: the positions of every word are indexed once per Doc, and
        each question is one set intersection with the Doc's words instead of a scan."""
        positions = self._positions
        if positions is None:
            positions = self._positions = {}
            for i, w in enumerate(self.lowers):
                got = positions.get(w)
                if got is None:
                    positions[w] = [i]
                else:
                    got.append(i)
        hits = positions.keys() & words if len(positions) < len(words) else words & positions.keys()
        if not hits:
            return []
        if len(hits) == 1:
            return list(positions[next(iter(hits))])
        return sorted(i for w in hits for i in positions[w])

    def adjacent(self, i: int, j: int) -> bool:
        """Whether words ``i`` and ``j`` (``i`` before ``j``) are separated by spaces only, on one line."""
        gap = self.text[self.ends[i] : self.starts[j]]
        return gap.isspace() and "\n" not in gap

    def sentence_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def sentence_text(self, char: int) -> str:
        i = self.sentence_index(char)
        got = self._sentence_texts.get(i)
        if got is None:
            s, e = self.sents[i]
            got = self._sentence_texts[i] = self.text[s:e].strip()
        return got

    def sentence_initial(self, i: int) -> bool:
        """Whether word ``i`` opens its sentence (after quotes and brackets)."""
        start = self.starts[i]
        s, _ = self.sents[self.sentence_index(start)]
        return not self.text[s:start].strip(" \n\"'(\u201c")

    def is_unit(self, i: int) -> bool:
        """Word ``i`` is a unit of measurement after a number ("45.4 mW", "16 GB")."""
        return (
            i > 0
            and self.texts[i] in self.rules.unit_words
            and _NUMBER_WORD.match(self.texts[i - 1]) is not None
            and self.adjacent(i - 1, i)
        )

    def word_after_in(self, end: int, words: frozenset[str]) -> bool:
        """Whether the word right after offset ``end`` (spaces only between) is one of ``words``."""
        i = bisect.bisect_left(self.starts, end)
        return 0 < i < self.n_words and self.lowers[i] in words and self.adjacent(i - 1, i)

    def names_a_field(self, end: int) -> bool:
        """The word right after ``end`` is a field noun ("the ASR field", "the MSR community")."""
        return self.word_after_in(end, self.rules.field_nouns)

    def names_a_measure(self, start: int, end: int) -> bool:
        """The words around a name use it as a measure: a value right after it ("an RMSPE of 0.85"),
        "in terms of X", "metrics such as X", "the X metric"."""
        r = self.rules
        if r.metric_value_after.match(self.text, end):
            return True
        if self.word_after_in(end, r.metric_context_after):
            return True
        before = self._lower[max(0, start - 40) : start].rstrip()
        return before.endswith(r.metric_context_before)

    def unit_follows(self, i: int) -> bool:
        end = self.ends[i]
        nxt = self.text[end : end + 2]
        return nxt[:1] in ("%", "x") or nxt.strip()[:1] in ("%",)

    def introduced_near(self, char: int) -> bool:
        """A definition inside an introduction ("we propose ... (X)") or in the title."""
        if char < self.title_end:
            return True
        s, _ = self.sents[self.sentence_index(char)]
        before = self._lower[s:char]
        return any(
            v in before.split()
            for v in (
                "propose",
                "introduce",
                "present",
                "called",
                "dubbed",
                "named",
                "termed",
                "proposes",
                "introduces",
                "presents",
            )
        )

    def measured(self, char: int) -> bool:
        """Whether the sentence at ``char`` reports or compares a measurement (kept per sentence)."""
        sent = self.sentence_index(char)
        got = self._measured.get(sent)
        if got is None:
            s, e = self.sents[sent]
            sentence = self.text[s:e]
            got = self._measured[sent] = bool(
                self.rules.measurement_number.search(sentence)
                or set(_SENT_WORD.findall(sentence.lower())) & self.rules.measurement_cues
            )
        return got

    def recurs_after_title(self, phrase: str) -> bool:
        """Whether ``phrase`` occurs again, as whole words and in any case, in the abstract."""
        return any(i >= self.title_end for i in self.occurrences(phrase, False))

    def occurrences(self, form: str, case_sensitive: bool, whole_names: bool = False):
        """Where ``form`` occurs as whole words. With ``whole_names``, not as part of a longer
        name glued on with a hyphen or a plus ("RPS" in "STABLE-RPS", "TiKMiX" in "TiKMiX-D",
        "RSCP" in "RSCP+"), which is a name of its own."""
        text = self.text
        hay = text if case_sensitive else self._lower
        needle = form if case_sensitive else form.lower()
        n = len(hay)
        i = hay.find(needle)
        while i >= 0:
            j = i + len(needle)
            if (i == 0 or not hay[i - 1].isalnum()) and (j >= n or not hay[j].isalnum()):
                if not (whole_names and _glued(text, i, j)):
                    yield i
            i = hay.find(needle, i + 1)

    def sentence_range(self, sent: int) -> tuple[float, float]:
        """The offsets ``lo <= char < hi`` for which :meth:`sentence_index` is ``sent``."""
        lo = self.sent_starts[sent] if sent > 0 else -math.inf
        hi = self.sent_starts[sent + 1] if sent + 1 < len(self.sent_starts) else math.inf
        return lo, hi

    def sentence_words(self, sent: int) -> frozenset[str]:
        """The lower-case words (``_SENT_WORD``) of sentence ``sent``, kept per sentence."""
        got = self._sentence_words.get(sent)
        if got is None:
            s, e = self.sents[sent]
            got = self._sentence_words[sent] = frozenset(_SENT_WORD.findall(self._lower[s:e]))
        return got

    def context_type(self, c: Candidate) -> str | None:
        """DATASET or METHOD from the words around an untyped name, or None.

        Looks through a coordination of names to a head noun on either side ("on A and B
        datasets", "benchmarks, A, B and C", "models such as A"), an apposition ("A, a corpus
        of ..."), and "on/across A" in a sentence about evaluation. A function of the span
        alone, so kept per span (several rules ask about the same candidate).
        """
        key = (c.start, c.end)
        if key in self._context_types:
            return self._context_types[key]
        got = self._context_types[key] = self._context_type(c.start, c.end)
        return got

    def _after_parenthesis(self, k: int) -> int | None:
        """If word ``k`` opens a short parenthesis (a citation, a gloss), the number of the first
        word after it; else None."""
        gap = self.text[self.ends[k - 1] if k else 0 : self.starts[k]]
        if "(" not in gap or ")" in gap:
            return None
        close = self.text.find(")", self.starts[k], self.starts[k] + _PARENTHESIS_MAX)
        if close < 0 or "(" in self.text[self.starts[k] : close]:
            return None
        return bisect.bisect_left(self.starts, close + 1)

    def _before_parenthesis(self, k: int) -> int | None:
        """If word ``k`` closes a short parenthesis, the number of the word before it; else None."""
        end = self.starts[k + 1] if k + 1 < self.n_words else len(self.text)
        gap = self.text[self.ends[k] : end]
        if ")" not in gap or "(" in gap:
            return None
        lo = max(0, self.ends[k] - _PARENTHESIS_MAX)
        opening = self.text.rfind("(", lo, self.ends[k])
        if opening < 0 or ")" in self.text[opening : self.ends[k]]:
            return None
        return bisect.bisect_left(self.starts, opening) - 1

    def _context_type(self, start: int, end: int) -> str | None:
        r = self.rules
        n = self.n_words
        starts, lowers, texts = self.starts, self.lowers, self.texts
        i = bisect.bisect_left(starts, start)
        j = bisect.bisect_right(self.ends, end) - 1
        if i >= n or j < 0:
            return None
        sent = self.sentence_index(start)
        m = r.apposition.match(self.text, end)
        if m:
            return "DATASET" if m.group(1).lower() in r.dataset_heads else "METHOD"
        lo, hi = self.sentence_range(sent)
        k, steps, skipped = j + 1, 0, 0
        while k < n and steps < 8 and lo <= starts[k] < hi:  # words after it, in its sentence
            after = self._after_parenthesis(k)
            if after is not None:  # "MATH (Hendrycks et al., 2021) benchmark": look past it
                k, steps = after, steps + 1
                continue
            w = lowers[k]
            if w in r.dataset_heads:
                return "DATASET"
            if w in r.method_heads:
                return "METHOD"
            if w in r.coordination or _looks_named(texts[k]):
                k, steps = k + 1, steps + 1
                continue
            if w in r.determiners and skipped == 0:
                k, skipped = k + 1, 1
                continue
            break
        k, steps, comma = i - 1, 0, False
        if (
            i > 0
            and "," in self.text[self.ends[i - 1] : start]
            and lowers[i - 1] not in _EXAMPLE_MARKERS  # "(e.g., o1) through": no new clause
            and j + 1 < n
            and lo <= starts[j + 1] < hi
        ):
            after = lowers[j + 1]
            if after.isalpha() and texts[j + 1].islower() and not (
                after in r.coordination or after in r.dataset_heads or after in r.method_heads
            ):
                return None  # "On four datasets, WideNet outperforms ...": the subject of a new clause
        while k >= 0 and steps < 10 and lo <= starts[k] < hi:  # words before it, in its sentence
            comma = comma or "," in self.text[self.ends[k] : starts[k + 1] if k + 1 < n else end]
            before = self._before_parenthesis(k)
            if before is not None:  # "on ARC (logic) and DART": look past "(logic)"
                k, steps = before, steps + 1
                continue
            w = lowers[k]
            if w in _EXAMPLE_MARKERS and "(" in self.text[self.ends[k - 1] if k else 0 : starts[k]]:
                # "models fine-tuned for inference-time scaling (e.g., o1)": the examples are of
                # the nearest head noun before the parenthesis
                for m in range(k - 1, max(-1, k - 9), -1):
                    if starts[m] < lo:
                        break
                    if lowers[m] in r.dataset_heads:
                        return "DATASET"
                    if lowers[m] in r.method_heads:
                        return "METHOD"
                break
            # a sentence-initial "On" before the name is the preposition ("On ARC (logic), ..."),
            # but not across a comma ("On ARC, Dr.LLM improves": Dr.LLM is the subject)
            opening = not comma and w in r.dataset_before
            if w in r.coordination or w in r.determiners or (_looks_named(texts[k]) and not opening):
                k, steps = k - 1, steps + 1
                continue
            if w in r.dataset_heads:
                return "DATASET"
            # "outperforms ALBERT and X", "leveraging Mamba"
            if w in r.method_heads or w in r.compare_words or w in r.method_use_verbs:
                return "METHOD"
            if w in r.dataset_before:
                prev = lowers[k - 1] if k > 0 else ""
                if prev in r.not_dataset_verbs:
                    return "METHOD"
                if self.sentence_words(sent) & r.evaluation_cues:
                    return "DATASET"
                if any(lowers[m] in r.training_words for m in range(max(0, k - 3), k) if starts[m] >= lo):
                    return "DATASET"  # "fine-tuning MonoCoder on HPCorpusMPI", "trained on X"
            break
        return None


def _within_field(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A recognised span without the white space at its ends, cut where a field ends: a model may
    take in a space token ("½\u2028" before the title/abstract break), and a mention lies in one field."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    cut = text.find(fields.SEPARATOR, start, end)
    if cut != -1:
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
    return (start, end) if start < end else None


def _glued(text: str, i: int, j: int) -> bool:
    """Whether ``text[i:j]`` is part of a longer name: "STABLE-" before it, "+" or "-D" after it."""
    n = len(text)
    return (
        (i >= 2 and text[i - 1] == "-" and text[i - 2].isalnum())
        or (j < n and text[j] == "+")
        or (j + 1 < n and text[j] == "-" and _GLUED_SUFFIX.match(text, j + 1) is not None)
    )


def _case_mismatch(surface: str, entries) -> bool:
    """A lower-case word against a name with inner capitals ("zero" is not ZeRO, "react" not ReAct).

    A capital that opens a part of a hyphenated or spaced name ("Best-of-N", "Expert Iteration")
    is a word's first letter, not an inner capital: "best-of-n" is that name written in lower case.
    A name that starts with "The" is a common phrase in lower case ("the stack").
    """
    if not surface.islower():
        return False
    key = normalise_key(surface)
    forms = [f for e in entries for f in e.forms if normalise_key(f) == key]
    return bool(forms) and all(_has_inner_capital(f) for f in forms)


@lru_cache(maxsize=1 << 14)
def _has_inner_capital(form: str) -> bool:
    if form.startswith("The "):
        return True  # "The Stack", "The Pile": in lower case, "the stack" is the common phrase
    # capitals with digits ("INT8", "FP16") spell no common word in lower case: "int8 quantization"
    parts = [p for p in _NAME_PARTS.split(form) if not _CAPITALS_AND_DIGITS.match(p)]
    return any(ch.isupper() for part in parts for ch in part[1:])


def _supports(context: str | None, type_: str | None) -> bool:
    """Whether context words back an ambiguous name: any context an untyped one, only its own
    type a typed one ("verifier reward models" backs no metric "reward")."""
    return context is not None and (type_ is None or context == type_)


def _one_reading(ctx: _Context, cands: list[Candidate]) -> list[Candidate]:
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


def _coordinated(ctx: _Context, c: Candidate, chosen: list[Candidate]) -> bool:
    """Listed next to another name ("A, B and C"): a list of names makes each one a name."""
    for o in chosen:
        if o is c:
            continue
        gap = ctx.text[o.end : c.start] if o.end <= c.start else ctx.text[c.end : o.start]
        if len(gap) <= 6 and _LIST_GAP.match(gap):
            return True
    return False


def _merge_bare_metric_heads(entities: list[Entity]) -> list[Entity]:
    """ "memory usage" and "GPU memory usage" in one abstract are one measure when no other
    "... memory usage" appears: the short form is the same measure mentioned again."""
    metrics = [e for e in entities if e.type == "METRIC"]
    drop = set()

    def words(text: str) -> list[str]:
        return [norm_key(w).removesuffix("s") for w in text.split()]

    name_words = {id(e): words(e.name) for e in metrics}  # names do not change in the loop
    for short in metrics:
        if short.aliases:
            continue
        tail = name_words[id(short)]
        fuller = [
            e
            for e in metrics
            if e is not short
            and id(e) not in drop
            and len(name_words[id(e)]) > len(tail)
            and name_words[id(e)][-len(tail) :] == tail
        ]
        if len(fuller) == 1:
            target = fuller[0]
            for f in short.forms:
                if f not in target.forms:
                    target.aliases.append(f)
            target.mentions = sorted(
                [*target.mentions, *short.mentions], key=lambda m: (m.field != "title", m.start)
            )
            drop.add(id(short))
    return [e for e in entities if id(e) not in drop]


_PARENTHESIS_MAX = 60  # characters: a citation or a gloss, not a clause


# a number that stands for a word between letters ("seq2seq", "doc2vec") is part of the spelling
@lru_cache(maxsize=1 << 16)
def _looks_named(w: str) -> bool:
    return any(ch.isupper() or ch.isdigit() for ch in w)


Words = tuple[list[int], list[int], list[str], list[str]]


def _words(text: str) -> Words:
    """The words of ``text`` for the shape rules, as parallel lists: start and end offsets, text and
    lower-case text. A word is a run of ``_WORD`` with trailing dots, quotes, hyphens and a
    possessive "'s" and leading quotes and hyphens trimmed off.

    This runs over every word of every abstract. The runs and their offsets come from C-level
    calls (``re.split`` with the run captured, running sums of the pieces' lengths) instead of a
    Python step per match (about 20% faster); the few words that may need trimming are found by
    their last and first characters, joined into one string each, and by a search for "'s", and
    only those are handled one by one. Parallel lists instead of an object per word: the rules
    look at a few words each, by number. (Lower-casing the whole text and splitting it again was
    tried: slower than lower-casing each word.)"""
    parts = _WORD_SPLIT.split(text)  # separator, word, separator, ..., word, separator
    texts = parts[1::2]
    offsets = list(accumulate(map(len, parts), initial=0))
    starts = offsets[1:-1:2]
    ends = offsets[2:-1:2]
    lowers = [t.lower() for t in texts]
    maybe = {m.start() for m in _TRAIL_CHAR.finditer("".join(map(_last_char, texts)))}
    maybe.update(m.start() for m in _LEAD_CHAR.finditer("".join(map(_first_char, texts))))
    maybe.update(bisect.bisect_right(starts, m.start()) - 1 for m in _POSSESSIVE_S.finditer(text))
    for i in sorted(maybe, reverse=True):
        word = _trim(texts[i], starts[i], ends[i])
        if word is None:
            del starts[i], ends[i], texts[i], lowers[i]
        elif word[2] != texts[i]:
            starts[i], ends[i], texts[i] = word
            lowers[i] = word[2].lower()
    return starts, ends, texts, lowers


def _trim(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """A run of ``_WORD`` without its trailing dots, quotes and hyphens, possessive "'s" and leading
    quotes and hyphens; None when nothing is left."""
    while text and text[-1] in _TRAIL:
        text = text[:-1]
        end -= 1
    if text.endswith(_POSSESSIVE):
        text = text[:-2]
        end -= 2
    while text and text[0] in _LEAD:
        text = text[1:]
        start += 1
    if not text:
        return None
    return start, end, text


def _head_word(phrase: str) -> str:
    words = phrase.lower().split()
    if " of " in f" {phrase.lower()} " and len(words) > 2:
        words = words[: words.index("of")] or words
    return words[-1].split("-")[-1] if words else ""


def _locate(doc_fields, start_char: int, end_char: int) -> tuple[str, int, int]:
    """:func:`paperkg.extract.fields.locate` over fields already read from the Doc."""
    for f in doc_fields:
        if f.start <= start_char <= f.end:
            return f.name, start_char - f.start, min(end_char, f.end) - f.start
    last = doc_fields[-1]
    return last.name, start_char - last.start, end_char - last.start


_by_start = attrgetter("start")


def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: definitions and introductions first, then the longest."""
    order = sorted(cands, key=lambda c: (_FIRST[c.source], c.start - c.end, _NEG_RANK[c.source], c.start))
    taken: list[tuple[int, int]] = []
    chosen = []
    # Characters covered by a kept candidate: one C-level search per candidate instead of a
    # comparison with every kept one. Empty ranges (never produced today) keep the pairwise rule.
    covered = bytearray(max((c.end for c in cands), default=0) + 1)
    empty_taken: list[tuple[int, int]] = []
    for c in order:
        if c.start < c.end:
            if covered.find(1, c.start, c.end) != -1:
                continue
            if empty_taken and any(c.start < e and s < c.end for s, e in empty_taken):
                continue
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
        else:
            if any(c.start < e and s < c.end for s, e in taken):
                continue
            empty_taken.append((c.start, c.end))
        taken.append((c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=_by_start)


@Language.factory(
    "paperkg_entities",
    requires=["token.is_sent_start", "doc._.abbreviations"],
    assigns=["doc._.entities", "doc.spans"],
)
def make_entities(
    nlp: Language, name: str, rules_file: str = RULES_FILE, candidates: str = "rules"
) -> EntityRecognizer:
    """``candidates``: where mentions come from. "rules": the gazetteer and the rules above;
    "model": a trained recogniser earlier in the pipeline (``doc.ents``, e.g. spaCy's ``ner``);
    "both": the model's mentions first, the rules' where they overlap none of them."""
    return EntityRecognizer(nlp, Gazetteer.load(), Rules(load_json(rules_file)), candidates).named(name)
