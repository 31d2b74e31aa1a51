"""Measures: metric names found by their head noun, by what a number changes, and in lists of measures.

Few metrics are names; most are phrases ending in a head noun ("attack success rate", "top-1
accuracy", "memory usage"), or what a reported number changes ("a 32% reduction in sequence
length", "model size can be reduced by 50%"), or the items of a list that a cue opens ("in terms
of optimal social welfare and minimum total cost"). Each source is a function here; the word lists
it reads are keys of ``data/entity_rules.json``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from paperkg.extract.candidates import Candidate
from paperkg.extract.doc_context import DocContext

if TYPE_CHECKING:
    from paperkg.extract.knowledge import EntityKnowledge

_AT_K = re.compile(r"^[A-Za-z][A-Za-z.-]*@(?:\d+|[kKnN])$")
_LOWER_WORD = re.compile(r"^[a-z][a-z-]*$")
_ALPHA_HYPHEN = re.compile(r"^[A-Za-z][a-z]*(?:-[A-Za-z0-9]+)*$")


def metric_candidates(kb: EntityKnowledge, ctx: DocContext) -> list[Candidate]:
    r = kb.rules
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
                or (j == i and w in ("score", "scores") and kb.is_name_shaped(p_text))
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
        if phrase in r.not_metric_phrases or kb.is_non_entity(phrase):
            continue
        out.append(Candidate(start, end, "metric", "METRIC", None, True))
    if "@" in ctx.text:
        # "pass@1", "Hit@5", "maj@8": a measure at a cut-off is a metric by its shape
        for i, t in enumerate(texts):
            if "@" in t and _AT_K.match(t):
                out.append(Candidate(ctx.starts[i], ctx.ends[i], "metric", "METRIC", None, True))
    return out


def changed_measure_candidates(kb: EntityKnowledge, ctx: DocContext) -> list[Candidate]:
    """The quantity a reported number changes is a measure: "a 32% reduction in sequence
    length", "reducing the original parameter size by 1/3", "model size can be reduced by
    50%". Lower-case words only (a name is found by the other rules); leading determiners
    and evaluative words are left out, the measure is at most the last two words, and a
    phrase with a function word in it or a vague head ("performance", "the gap") is none."""
    r = kb.rules
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
        if text[start:end] in r.not_metric_phrases or kb.is_non_entity(text[start:end]):
            continue
        out.append(Candidate(start, end, "metric", "METRIC", None, True))
    return out


def measure_list_candidates(kb: EntityKnowledge, ctx: DocContext, found: list[Candidate]) -> list[Candidate]:
    """What follows "in terms of", "measured by" or "metrics such as" names measures: "in terms
    of optimal social welfare and minimum total cost". Lower-case phrases of one to three
    words, each ended by a comma, "and"/"or", a function word or the sentence's end (where a
    phrase runs on, its end is unknown and the list stops); leading determiners and
    qualifiers ("optimal", "lower") are left out, and so are vague heads ("performance",
    "efficiency" alone). Names in the list are found by the other rules, and what they
    ``found`` sure keeps its span ("test perplexity", not "average test perplexity"); a word
    that needs context ("cost") gives way to the phrase ("minimum total cost")."""
    r = kb.rules
    text, starts, ends, lowers, n = ctx.text, ctx.starts, ctx.ends, ctx.lowers, ctx.n_words
    out: list[Candidate] = []
    for k in ctx.indices_in(r.measure_list_keys):
        i = _after_opener(kb, ctx, k)
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
                    _add_measure_piece(kb, ctx, piece, out)
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
                _add_measure_piece(kb, ctx, piece, out)
    if not out:
        return out
    taken = bytearray(len(text) + 1)
    for c in found:
        if not c.needs_support:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    return [c for c in out if taken.find(1, c.start, c.end) == -1]


def _after_opener(kb: EntityKnowledge, ctx: DocContext, k: int) -> int | None:
    """The number of the word after the opener ("in terms of") whose longest word is word
    ``k``, or None when word ``k`` opens no list."""
    lowers, n = ctx.lowers, ctx.n_words
    for words, at in kb.rules.measure_list_openers[lowers[k]]:
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


def _add_measure_piece(kb: EntityKnowledge, ctx: DocContext, piece: list[int], out: list[Candidate]) -> None:
    r = kb.rules
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
    if phrase in r.not_metric_phrases or kb.is_non_entity(phrase):
        return
    out.append(Candidate(start, end, "metric", "METRIC", None, True))
