"""Which methods and datasets the paper itself introduces.

Precision first: a paper introduces one or two things, and a wrong "proposed" flag puts an
old method at the centre of a new paper's graph. Evidence, strongest first:

* strong: the title prefix "X: ..."; a naming cue right before a mention ("called X",
  "dubbed as X"); "X, a novel/new ..." opening a sentence;
* medium: the first unknown method/dataset named within a few words after "we propose /
  introduce / present ..." in the sentence that first mentions it; "our X" for an unknown X.

Only entities the gazetteer does not know can be proposed (a paper does not introduce LoRA),
medium evidence counts only when no strong evidence exists, and at most ``max_proposed``
entities are flagged.

With a ``classifier`` (the accurate profile's), the rules' score is one feature among others of
a logistic regression trained on the annotated corpus (training/train_proposed.py): where the
name first appears, whether an introducing verb, "our", a novelty word or a naming cue stands
before a mention, its shape, whether the gazetteer knows it. Annotators flag more than the rules'
strongest evidence (the named parts of a new system, the datasets a paper releases), and the
classifier learns how much more from their annotations.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract import fields  # noqa: F401  (registers the Doc extensions)
from paperkg.extract.component import BatchComponent
from paperkg.extract.doctext import doc_text, sentence_bounds
from paperkg.extract.fields import FieldSpan
from paperkg.extract.logistic import LogisticModel
from paperkg.extract.model import Entity
from paperkg.extract.resources import load_json
from paperkg.extract.words import LETTER_WORD, nth_letter_word_offset

RULES_FILE = "entity_rules.json"
_TITLE_NAME_END = re.compile(r"\s*(?:\([^)]*\)\s*)?(?::|\n|$|\s[-\u2013\u2014]\s)")
_APPOSITION = re.compile(r"\s*(?:\([^)]*\)\s*)?,\s+(?:a|an)\s+(\S+)")
# "We refer to the modified RPS, which ..., as STABLE-RPS"
_REFER_AS = re.compile(r"\b(?:we|i)\s+refer\s+to\s+[^.;]{1,100}?\s+as\s+[\"'\u201c]?$", re.I)
# names listed after one another: "A (PTT) and B (RCT)", "A, B, and C"
# (between two mentions: an acronym's parentheses, then list punctuation)
_LIST_GAP = re.compile(r"^[\s()]*(?:(?:,\s*(?:and\s+)?|and\s+)[\s()]*)?$")


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, words)) or "(?!)"


@dataclass(frozen=True, slots=True)
class IntroductionCues:
    """The words of ``entity_rules.json`` that tell an introduction from a mention of older work."""

    attributive: frozenset[str]  # "the recently proposed X": not the paper's own
    self_words: frozenset[str]  # "we", "this paper": the subject that introduces
    not_object: frozenset[str]  # "we present a framework for X": X is the purpose
    novelty_before_name: frozenset[str]  # "a novel data reduction technique (Variance Horizon)"
    title_lead_end: re.Pattern[str]  # "Anchor Sampling for ...": the preposition after a title's lead
    passive: re.Pattern[str]  # "X (...) is proposed"
    own_apposition: re.Pattern[str]  # "The resulting model, X,"
    problem_words: re.Pattern[str]  # "we refer to this problem as X": a task, not a method

    @classmethod
    def from_rules(cls, rules: dict) -> IntroductionCues:
        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in rules.get(key, []))

        prepositions = _alternation(rules.get("title_lead_prepositions", []))
        adverbs = _alternation(rules.get("passive_adverbs", []))
        verbs = _alternation(rules.get("passive_intro_verbs", []))
        openers = _alternation(rules.get("own_apposition_openers", []))
        problems = _alternation(rules.get("problem_words", []))
        return cls(
            attributive=words("attributive_before_intro_verb"),
            self_words=words("self_reference_words"),
            not_object=words("not_object_words"),
            novelty_before_name=words("novelty_before_name"),
            title_lead_end=re.compile(rf"\s*(?:\([^)]*\)\s*)?\s(?:{prepositions})\s"),
            passive=re.compile(rf"^[^,;]{{0,60}}?\b(?:is|are)\s+(?:(?:{adverbs})\s+)?(?:{verbs})\b"),
            own_apposition=re.compile(rf"(?:^|[\s(])(?:{openers})\s+(?:[\w-]+\s+){{0,3}}?[\w-]+,\s*$", re.I),
            problem_words=re.compile(rf"\b(?:{problems})s?\b", re.I),
        )


_ACRONYM_FORM = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*$")


class ProposedMarker(BatchComponent):
    def __init__(
        self,
        naming_cues: frozenset[str],
        intro_verbs: frozenset[str],
        novelty_words: frozenset[str],
        max_proposed: int,
        window: int,
        classifier: LogisticModel | None = None,
        cues: IntroductionCues | None = None,
    ):
        self.naming_cues = naming_cues
        # text right before a name: "called ", "dubbed as ", "referred to as "
        self.naming_phrases = tuple(
            sorted({f"{c} " for c in naming_cues} | {f"{c} as " for c in naming_cues})
        )
        self.intro_verbs = intro_verbs
        self.novelty_words = novelty_words
        self.max_proposed = max_proposed
        self.window = window
        self.cues = cues if cues is not None else IntroductionCues.from_rules(load_json(RULES_FILE))
        self.classifier = classifier

    def __call__(self, doc: Doc) -> Doc:
        candidates = [e for e in doc._.entities if e.type in ("METHOD", "DATASET")]
        if not candidates:
            return doc
        if self.classifier is not None:
            chosen = [e for e, p in self.probabilities(doc, candidates) if p >= self.classifier.threshold]
            for e in chosen[: self.max_proposed]:
                e.proposed = True
            return doc
        scored = [(score, first, e) for e, score, first in self.rule_scores(doc, candidates) if score]
        if not scored:
            return doc
        best = max(s for s, _, _ in scored)
        ranked = sorted([x for x in scored if x[0] == best or x[0] >= 2], key=lambda x: (-x[0], x[1]))
        for _, _, e in ranked[: self.max_proposed]:
            e.proposed = True
        # variants of a proposed name glued to it ("TiKMiX-D", "TiKMiX-M" of TiKMiX) are the paper's
        # too; sizes ("EMOv2-5M") are settings of the proposed one, not further contributions
        marked = [e for e in candidates if e.proposed]
        room = self.max_proposed - len(marked)
        for e in candidates:
            if room <= 0:
                break
            if not e.proposed and e.canonical is None and any(
                f.startswith(g + "-") and f[len(g) + 1 : len(g) + 2].isalpha()
                for p in marked
                for g in p.forms  # "SPO-chain" of "Segment Policy Optimization (SPO)"
                for f in e.forms
            ):
                e.proposed = True
                room -= 1
        return doc

    def rule_scores(self, doc: Doc, candidates: list[Entity]) -> list[tuple[Entity, int, int]]:
        """(entity, the rules' strongest evidence over its mentions (0-3), doc offset of its first
        mention) for each candidate."""
        doc_fields = doc._.fields  # each doc._ access builds an object: read once per Doc
        offsets = {f.name: f.start for f in doc_fields}
        title = doc_fields[0] if doc_fields else None
        text = doc_text(doc)
        sentence_of = self._sentence_finder(doc, text)
        first_seen = {id(e): min(offsets[m.field] + m.start for m in e.mentions) for e in candidates}
        out = []
        for e in candidates:
            score = max(
                (
                    self._score(
                        sentence_of, title, offsets, text, offsets[m.field] + m.start,
                        offsets[m.field] + m.end, e, candidates, first_seen,
                    )
                    for m in e.mentions
                ),
                default=0,
            )
            out.append((e, score, first_seen[id(e)]))
        return out

    def probabilities(self, doc: Doc, candidates: list[Entity]) -> list[tuple[Entity, float]]:
        """Each candidate and the classifier's probability that the paper introduces it, most
        probable first."""
        assert self.classifier is not None
        got = [(e, self.classifier.probability(f)) for e, f in self.features(doc, candidates)]
        return sorted(got, key=lambda x: -x[1])

    def features(self, doc: Doc, candidates: list[Entity]) -> list[tuple[Entity, list[str]]]:
        """The names of the binary features that hold for each candidate (the classifier's input,
        also what training/train_proposed.py learns from)."""
        text = doc_text(doc)
        doc_fields = doc._.fields
        offsets = {f.name: f.start for f in doc_fields}
        title_end = doc_fields[0].end if doc_fields and doc_fields[0].name == "title" else 0
        sents = sentence_bounds(doc) or [(0, len(text))]
        sent_starts = [s for s, _ in sents]
        scored = self.rule_scores(doc, candidates)
        unknown_order = sorted(first for e, _, first in scored if e.canonical is None)
        title_names = _title_names(text[:title_end], [e for e, _, first in scored if first == 0])
        new_names = [(e, e.forms) for e, _, _ in scored if e.canonical is None]
        out = []
        for e, score, first in scored:
            f = [f"rule={min(score, 3)}", f"type={e.type}", f"mentions={min(len(e.mentions), 4)}"]
            if e.canonical is not None:
                f.append("known")
            else:
                f.append(f"new_rank={min(unknown_order.index(first), 4)}")
            if first < title_end:
                f.append("in_title")
                if first == 0:
                    f.append("title_start")
            else:
                f.append(f"first_sentence={min(bisect.bisect_right(sent_starts, first) - 1, 5)}")
            name = e.name
            words = name.split()
            f.append(f"words={min(len(words), 4)}")
            if any(ch.isdigit() for ch in name):
                f.append("digit")
            if any(ch.isupper() for ch in name[1:]):
                f.append("inner_capital")
            if name.islower():
                f.append("lower")
            if any(_ACRONYM_FORM.match(x) for x in e.forms) and len(e.forms) > 1:
                f.append("defined_acronym")
            if first and any(_extends(x, n) for x in e.forms for n in title_names):
                f.append("extends_title_name")  # "BMMR-Eval" in the abstract of "BMMR: ..."
            elif any(_extends(x, n) for x in e.forms for o, forms in new_names if o is not e for n in forms):
                f.append("extends_new_name")  # "A2World-sim" beside A2World
            cues: set[str] = set()
            for m in e.mentions:
                start = offsets[m.field] + m.start
                before = [w.lower() for w in LETTER_WORD.findall(text[max(0, start - 80) : start])]
                if any(w in self.intro_verbs for w in before[-8:]):
                    cues.add("intro_verb_before")
                if "our" in before[-3:]:
                    cues.add("our_before")
                if any(w in self.novelty_words for w in before[-6:]):
                    cues.add("novelty_before")
                if text[max(0, start - 60) : start].lower().endswith(self.naming_phrases):
                    cues.add("named")
                end = offsets[m.field] + m.end
                if _APPOSITION.match(text[end : end + 60]):
                    cues.add("apposition_after")
                if text[end : end + 1] == ":":
                    cues.add("colon_after")
            f += sorted(cues)
            out.append((e, f))
        return out

    @staticmethod
    def _sentence_finder(doc: Doc, text: str) -> Callable[[int, int], tuple[int, int] | None]:
        """``(start_char, end_char)`` of ``doc.char_span(start, end, alignment_mode="expand").sent``,
        None where the char_span is None. From the sentence bounds kept on the Doc (a Span and
        its ``.sent``, which walks the tokens, cost more than the rule itself); through spaCy where
        a hook decides sentences or there is a single one (perhaps no sentence annotation at all,
        on which ``.sent`` raises)."""
        sents = sentence_bounds(doc)
        if len(sents) > 1 and "sent" not in doc.user_span_hooks and "sents" not in doc.user_hooks:
            sent_starts = [s for s, _ in sents]
            n_chars = len(text)  # tokens tile the text: char_span finds a token for every character

            def from_bounds(start: int, end: int) -> tuple[int, int] | None:
                if not (0 <= start < n_chars and 0 < end <= n_chars):
                    return None
                return sents[bisect.bisect_right(sent_starts, start) - 1]

            return from_bounds

        def from_spacy(start: int, end: int) -> tuple[int, int] | None:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                return None
            sent = span.sent
            return sent.start_char, sent.end_char

        return from_spacy

    def _score(
        self,
        sentence_of: Callable[[int, int], tuple[int, int] | None],
        title: FieldSpan | None,
        offsets: dict[str, int],
        text: str,
        start: int,
        end: int,
        e: Entity,
        candidates: list[Entity],
        first_seen: dict[int, int],
    ) -> int:
        if title is not None and start == title.start and _TITLE_NAME_END.match(text, end):
            return 3  # "X: ...", or a title that is only the name ("Gated Sparse Routing (GSR)")
        if (
            title is not None
            and start == title.start
            and e.canonical is None
            and self.cues.title_lead_end.match(text, end)
        ):
            return 2  # "Anchor Sampling for Federated Learning"
        head = text[max(0, start - 60) : start].lower()
        if head.endswith(self.naming_phrases):
            return 3 if e.canonical is None else 0
        if e.canonical is not None:
            return 0
        window = text[max(0, start - 160) : start]
        refer = _REFER_AS.search(window) if "refer" in window else None
        if refer and not self.cues.problem_words.search(refer.group()):
            return 3  # (not "we refer to this problem as X": a task)
        sent = sentence_of(start, end)
        if sent is None:
            return 0
        sent_start, sent_end = sent
        after = text[end:sent_end]
        m = _APPOSITION.match(after)
        if m and m.group(1).lower() in self.novelty_words and not text[sent_start:start].strip():
            return 3
        own = self.cues.own_apposition
        if text[end : end + 1] == "," and own.search(text[max(sent_start, start - 80) : start]):
            return 2  # "The resulting model, Llama-3-Physician, achieves ..."
        before = LETTER_WORD.findall(text[max(0, start - 40) : start])
        if text[start - 1 : start] == "(" and text[end : end + 1] == ")" and " " in text[start:end]:
            last_words = [w.lower() for w in LETTER_WORD.findall(text[sent_start:start])][-8:]
            if any(w in self.cues.novelty_before_name for w in last_words):
                return 2  # "a novel data reduction technique (Variance Horizon)"
        if before and before[-1].lower() == "our":
            return 1
        if first_seen[id(e)] < sent_start and first_seen[id(e)] >= (title.end if title else 0):
            return 0  # mentioned earlier in the abstract: existing work the sentence builds on
        if self.cues.passive.search(after[:80]) and not any(
            offsets_before(o, sent_start, start, offsets)
            for o in candidates
            if o is not e and o.canonical is None
        ):
            return 2  # "X (...) is proposed": the first new name of the sentence
        sent_words = LETTER_WORD.findall(text[sent_start:start])
        lowered = [w.lower() for w in sent_words]
        verb_at = max((i for i, w in enumerate(lowered) if w in self.intro_verbs), default=None)
        if verb_at is None or len(lowered) - verb_at > self.window:
            return 0
        if verb_at > 0 and lowered[verb_at - 1] in self.cues.attributive:
            return 0  # "the recently proposed X"
        if not any(w in self.cues.self_words for w in lowered[:verb_at]):
            return 0
        if any(w in self.cues.not_object for w in lowered[verb_at + 1 :]):
            return 0  # "we present a framework for X": X is the purpose, not the contribution
        verb_char = sent_start + nth_letter_word_offset(text[sent_start:start], verb_at)
        between = sorted(
            (offsets[m.field] + m.start, offsets[m.field] + m.end)
            for o in candidates
            if o is not e
            for m in o.mentions
            if verb_char < offsets[m.field] + m.start < start
        )
        if between and not _listed(text, between, start):
            return 0  # not the first name after the verb, nor listed with it
        return 2


def _listed(text: str, spans: list[tuple[int, int]], start: int) -> bool:
    """Whether the names at ``spans`` and the one at ``start`` form one list ("we propose two
    methods, A (PTT) and B (RCT)"): only list punctuation and parenthesised asides between them."""
    ends = [e for _, e in spans] + [start]
    starts = [s for s, _ in spans[1:]] + [start]
    return all(_LIST_GAP.match(text[a:b]) for a, b in zip(ends[:-1], starts, strict=True) if a < b)


def offsets_before(entity: Entity, lo: int, hi: int, starts: dict[str, int]) -> bool:
    """Whether ``entity`` has a mention starting strictly between doc offsets ``lo`` and ``hi``
    (``starts``: each field's offset in the Doc)."""
    return any(lo < starts[m.field] + m.start < hi for m in entity.mentions)


def _abstract_start(doc: Doc) -> int:
    for f in doc._.fields:
        if f.name == "abstract":
            return f.start
    return 0


def _title_names(title: str, at_start: list[Entity]) -> set[str]:
    """The names a title leads with: the forms of the entities its first word begins, and the
    words before its colon when they are at most three ("SenseNova-U1: Unifying ...")."""
    names = {form for e in at_start for form in e.forms}
    lead, colon, _ = title.partition(":")
    lead = lead.strip()
    if colon and len(lead) >= 3 and len(lead.split()) <= 3:
        names.add(lead)
    return names


def _extends(form: str, name: str) -> bool:
    """Whether ``form`` is ``name`` with more after it, not glued to a letter: "BMMR-Eval",
    "VideoSSR-30K", "YesBut Dataset" of BMMR, VideoSSR, YesBut, but not "BMMRs"."""
    if len(name) < 3 or len(form) <= len(name):
        return False
    return form.startswith(name) and not form[len(name)].isalpha()


@Language.factory("paperkg_proposed", requires=["doc._.entities"], assigns=["doc._.entities"])
def make_proposed(
    nlp: Language,
    name: str,
    rules_file: str = RULES_FILE,
    max_proposed: int = 3,
    window: int = 12,
    classifier: str = "",
) -> ProposedMarker:
    """``classifier``: a trained classifier's file (in the package's data folder, or a path);
    empty: the rules decide alone."""
    rules = load_json(rules_file)
    model = LogisticModel.load(classifier) if classifier else None
    return ProposedMarker(
        frozenset(w.lower() for w in rules["naming_cues"]),
        frozenset(w.lower() for w in rules["intro_verbs"]),
        frozenset(w.lower() for w in rules["novelty_words"]),
        max_proposed,
        window,
        model,
        IntroductionCues.from_rules(rules),
    ).named(name)
