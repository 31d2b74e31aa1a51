"""Names found by the words around them: head nouns, introductions and the title.

A name that is not shaped like one ("Moving MNIST" aside) is told by its company: a head noun after
it ("the X dataset", "the Auto-Correlation mechanism"), capitalised words ending in one mid-sentence
("Fourier Neural Network"), an introduction ("called X", "X, a novel ...", "we propose X, the first
..."), a description then its name in parentheses, or the title's "X: ..." prefix or lead phrase
used again in the abstract.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from paperkg.extract.candidates import Candidate
from paperkg.extract.doc_context import DocContext
from paperkg.extract.entity_rules import APPOSITION_OPENING
from paperkg.extract.model import EntityType
from paperkg.extract.name_shapes import CAPWORD

if TYPE_CHECKING:
    from paperkg.extract.knowledge import EntityKnowledge

_CAPWORD_LOOSE = re.compile(r"^[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*$")
_NOVEL_APPOSITION = re.compile(APPOSITION_OPENING + r"(?:a|an)\s+(\S+)")
_INTRO_APPOSITION = re.compile(APPOSITION_OPENING + r"(?:a|an|the)\s")
_DOTTED_VERSION = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+|v\d+(?:\.\d+)*)$")
_PARENTHESISED = re.compile(r"\(([A-Z][\w\-]*(?: [A-Z][\w\-]*){1,3})\)")


def dataset_head_candidates(kb: EntityKnowledge, ctx: DocContext) -> list[Candidate]:
    """ "X dataset", "the X benchmark": X capitalised or name-shaped, up to three words."""
    r = kb.rules
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
                CAPWORD.match(p)
                and not ctx.sentence_initial(j - 1)
                and ctx.starts[j - 1] >= ctx.title_end
            )
            if not (kb.is_name_shaped(p) or capitalised):
                break
            j -= 1
        if j == i:
            continue
        end = ctx.ends[i - 1]
        if (
            j > 0
            and ctx.lowers[j - 1] == "the"
            and texts[i] in r.singular_dataset_heads
            and all(kb.gaz.is_non_entity_acronym(w) or kb.is_non_entity(w) for w in texts[j:i])
        ):
            # "the MIT dataset": a word that names no dataset alone keeps its head ("AI
            # benchmarks", "the LLM Benchmark" stay descriptions)
            end = ctx.ends[i]
        out.append(Candidate(ctx.starts[j], end, "dataset_head", "DATASET"))
    return out


def method_head_candidates(kb: EntityKnowledge, ctx: DocContext) -> list[Candidate]:
    """ "the Auto-Correlation mechanism", "a Sharpening Mechanism": capitalised words in the
    abstract before a noun that says "a method" name one. Only hyphenated or multi-word
    names: a single capitalised word is mostly an adjective ("a Bayesian method"), and a
    name-shaped one is found by its shape."""
    r = kb.rules
    out: list[Candidate] = []
    texts, starts = ctx.texts, ctx.starts
    for i in ctx.indices_in(r.named_method_heads):
        # most heads follow a lower-case word ("our method"): nothing to look at
        if i == 0 or not ("A" <= texts[i - 1][0] <= "Z" or kb.is_name_shaped(texts[i - 1])):
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
                or not (_CAPWORD_LOOSE.match(p) or kb.is_name_shaped(p))
            ):
                break
            j -= 1
        if j == i or ctx.sentence_initial(j):
            continue
        words = texts[j:i]
        if len(words) == 1 and ("-" not in words[0] or kb.is_name_shaped(words[0])):
            continue
        if any(p.match(w) for w in words for p in r.shape_exclude):
            continue  # "Token-level methods", "LLM-based approach": a description
        phrase = ctx.text[starts[j] : ctx.ends[i - 1]]
        if kb.is_non_entity(phrase) or kb.gaz.lookup(phrase):
            continue
        out.append(Candidate(starts[j], ctx.ends[i - 1], "method_head", "METHOD"))
    return out


def capitalised_phrase_candidates(kb: EntityKnowledge, ctx: DocContext) -> list[Candidate]:
    """Capitalised multi-word names in the abstract ending in a head noun ("Fourier Neural Network").

    Inside an abstract (unlike a title) capitals mid-sentence mark a name; the head noun
    says which kind. Sentence-initial words are left out because every sentence starts so.
    """
    r = kb.rules
    out: list[Candidate] = []
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
            type_: EntityType | None = (
                "DATASET" if head in r.dataset_heads else "METHOD" if head in r.method_heads else None
            )
            if not type_:
                continue
            phrase = ctx.text[starts[i] : ends[j]]
            broad_class = head.endswith("s") and kb.is_non_entity(" ".join(texts[j - 1 : j + 1]))
            if not broad_class and not kb.is_non_entity(phrase):
                source = "dataset_head" if type_ == "DATASET" else "shape"
                out.append(Candidate(starts[i], ends[j], source, type_, None, True))
    return out


def naming_candidates(kb: EntityKnowledge, ctx: DocContext) -> list[Candidate]:
    """ "called X", "dubbed (as) X", and "X, a novel ..." at the start of a sentence."""
    r = kb.rules
    out = []
    for i in ctx.indices_in(r.naming_cues):
        k = i + 1
        if k < ctx.n_words and ctx.lowers[k] == "as":
            k += 1
        span = _name_phrase(kb, ctx, k)
        if span:
            out.append(Candidate(span[0], span[1], "naming", None))
    for s, _e in ctx.sents:
        k = bisect.bisect_left(ctx.starts, s)
        span = _name_phrase(kb, ctx, k)
        if not span:
            continue
        m = _NOVEL_APPOSITION.match(ctx.text, span[1])
        if m and m.group(1).lower() in r.novelty_words:
            out.append(Candidate(span[0], span[1], "naming", None))
    for i in ctx.indices_in(r.intro_verbs):
        # "we propose Zecoler, a zero-shot approach", "we present Visuelle 2.0, the first
        # dataset": a capitalised word is a name when an apposition right after it says what
        # it is; a dotted version number after it belongs to it
        span = _name_phrase(kb, ctx, i + 1)
        if not span:
            continue
        end = span[1]
        k = bisect.bisect_left(ctx.starts, end)
        if k < ctx.n_words and _DOTTED_VERSION.match(ctx.texts[k]) and ctx.adjacent(k - 1, k):
            end = ctx.ends[k]
        if _INTRO_APPOSITION.match(ctx.text, end) and not kb.is_non_entity(ctx.text[span[0] : end]):
            out.append(Candidate(span[0], end, "naming", None))
    for m in _PARENTHESISED.finditer(ctx.text, ctx.title_end):
        # "a novel data reduction technique (Variance Horizon)": a description, then its name
        inner = m.group(1)
        if len(inner.split()) < 2 or not all(w[0].isupper() for w in inner.split()):
            continue
        s, _ = ctx.sents[ctx.sentence_index(m.start())]
        before = ctx.text[s : m.start()].lower().split()[-8:]
        if any(w in kb.rules.novelty_before_name for w in before) and not kb.is_non_entity(inner):
            out.append(Candidate(m.start(1), m.end(1), "naming", None))
    return out


def _name_phrase(kb: EntityKnowledge, ctx: DocContext, k: int) -> tuple[int, int] | None:
    texts, lowers, n = ctx.texts, ctx.lowers, ctx.n_words
    if k >= n:
        return None
    first = texts[k]
    if first in kb.rules.name_stop_words or not (
        kb.is_name_shaped(first) or CAPWORD.match(first) or "-" in first and first[0].isupper()
    ):
        return None
    end = k
    while end + 1 < n and end - k < 5 and ctx.adjacent(end, end + 1):
        if texts[end + 1][0].isupper() or (
            lowers[end + 1] in kb.rules.name_link_words and end + 2 < n and texts[end + 2][0].isupper()
        ):
            end += 1
        else:
            break
    if lowers[end] in kb.rules.name_link_words:
        end -= 1
    return ctx.starts[k], ctx.ends[end]


def title_candidates(kb: EntityKnowledge, ctx: DocContext) -> list[Candidate]:
    """The title prefix "X: ..." when X is a name (name-shaped, or repeated in the abstract)."""
    title = ctx.text[: ctx.title_end]
    colon = title.find(":")
    if colon <= 0:
        return _title_lead_candidates(kb, ctx, title)
    prefix = re.sub(r"\s*\([^)]*\)\s*$", "", title[:colon]).strip()
    start = title.find(prefix)
    n_words = len(prefix.split())
    if n_words == 0 or n_words > 6:
        return []
    if n_words == 1 and kb.is_name_shaped(prefix):
        pass
    elif not ctx.recurs_after_title(prefix) or any(
        w[0].islower() and w not in kb.rules.title_prefix_link_words for w in prefix.split()
    ):
        return []
    rest = title[colon + 1 :].lower().split()
    dataset = any(w.strip(".,") in kb.rules.dataset_heads for w in rest)
    type_: EntityType | None = "DATASET" if dataset else None
    return [Candidate(start, start + len(prefix), "title", type_, None, type_ is not None)]


def _title_lead_candidates(kb: EntityKnowledge, ctx: DocContext, title: str) -> list[Candidate]:
    """ "Anchor Sampling for Federated Learning": a capitalised lead phrase before "for/via/with"
    that the abstract uses again names the paper's method when it ends in a method head noun
    or contains a name-shaped word. A lead starting with a gerund
    ("Scaling ...", "Learning ...") describes an activity instead, and is left out."""
    m = kb.rules.title_lead.match(title)
    if not m:
        return []
    lead = m.group(1)
    words = lead.split()
    if words[0].lower().endswith("ing") or words[0] in kb.rules.name_stop_words:
        return []
    shaped = any(kb.is_name_shaped(w) for w in words)
    if words[-1].lower() not in kb.rules.method_heads and not shaped:
        return []  # "Feature Learning", "Position Auctions": a topic, not a named method
    if not ctx.recurs_after_title(lead):
        return []
    if kb.is_non_entity(lead) or kb.gaz.lookup(lead):
        return []
    return [Candidate(0, len(lead), "title", None, None, False)]
