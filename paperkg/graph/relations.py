"""How a paper relates to a method it names but does not propose: ``compares``, ``uses`` or ``mentions``.

The relation is kept on the paper's USES edge (``relation``) and decided once, at graph build, by the
strongest evidence the paper gives (compares > uses > mentions):

1. **Claims.** The method is the baseline of one of the paper's results (a claim ``-[:AGAINST]->`` it):
   ``compares``; a result of the method itself (a claim ``-[:OF]->`` it): ``uses``.
2. **Cue words** around each mention, in its sentence (``paperkg/graph/data/relations.json``). The
   sentence is cut into lower-case words (``fine-tune`` and ``e.g.`` are one word, punctuation a word
   of its own), every name of a method, dataset or metric of the paper being one word of its own. From
   the mention, the reader walks back over at most ``before`` words and ahead over at most ``after``
   words; list words (``,``, ``and``, ``such``, ``as``, ``e.g.``, ...), fillers (``the``, ``our``,
   ``strong``, ...) and other names are stepped over without counting, and a barrier (``;``, ``but``,
   ``while``, ``unlike``, ...) ends the walk. The nearest cue phrase ending before the mention ("we
   compare with X", "outperforms X, Y and Z", "baselines such as X" -> compares; "we use / build on /
   fine-tune X", "based on X" -> uses) and the nearest one starting after it ("X as a baseline" ->
   compares; "a X backbone" -> uses) each give a relation; the mention's is the stronger of the two.
3. Otherwise ``mentions``.

No parser is involved: a cue is read in a window of words, so "methods that use X" reads as uses and
"X, which outperforms Y" gives Y (not X) compares. The edge's evidence (``sentence``, ``start``, ...)
is its first mention whose own relation is the edge's (a claim-decided edge: its first mention in a
sentence of such a claim), else its first mention.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from paperkg.extract.model import Mention

COMPARES, USES, MENTIONS = "compares", "uses", "mentions"
RELATIONS = (COMPARES, USES, MENTIONS)  # strongest first
STRENGTH = {MENTIONS: 1, USES: 2, COMPARES: 3}
_RULES_FILE = "data/relations.json"
_NAME = "\x00"  # the word a name of the paper's entities becomes
_WORD = re.compile(r"e\.g\.|i\.e\.|vs\.|\x00|[a-z0-9]+(?:[-'\u2019][a-z0-9]+)*|[^\sa-z0-9]")


def stronger(a: str, b: str) -> str:
    return a if STRENGTH.get(a, 0) >= STRENGTH.get(b, 0) else b


def strongest(relations: Iterable[str]) -> str:
    return max((r for r in relations if r in STRENGTH), key=STRENGTH.__getitem__, default=MENTIONS)


Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cues:
    """The rules of ``data/relations.json``: cue phrases by the word they end with (read backwards from
    a mention) or start with (read forwards), longest first, with their relation."""

    before: int
    after: int
    ending: dict[str, tuple[tuple[Phrase, str], ...]]
    starting: dict[str, tuple[tuple[Phrase, str], ...]]
    skip: frozenset[str]
    barrier: frozenset[str]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _index(phrases: Iterable[tuple[Phrase, str]], at: int) -> dict[str, tuple[tuple[Phrase, str], ...]]:
    out: dict[str, list[tuple[Phrase, str]]] = {}
    for phrase, rel in phrases:
        out.setdefault(phrase[at], []).append((phrase, rel))
    # longest first; at equal length the stronger relation
    return {w: tuple(sorted(ps, key=lambda p: (-len(p[0]), -STRENGTH[p[1]]))) for w, ps in out.items()}


def _rules_text() -> str:
    return resources.files("paperkg.graph").joinpath(_RULES_FILE).read_text("utf-8")


@cache
def cues() -> Cues:
    """The cue words of ``data/relations.json``, read once per process."""
    raw = json.loads(_rules_text())
    before = [(tuple(words(p)), rel) for rel in (COMPARES, USES) for p in raw[rel]["before"]]
    after = [(tuple(words(p)), rel) for rel in (COMPARES, USES) for p in raw[rel]["after"]]
    skip = {w for key in ("list", "filler") for p in raw[key]["words"] for w in words(p)}
    return Cues(
        before=int(raw["window"]["before"]),
        after=int(raw["window"]["after"]),
        ending=_index((p for p in before if p[0]), -1),
        starting=_index((p for p in after if p[0]), 0),
        skip=frozenset(skip),
        barrier=frozenset(w for p in raw["barrier"]["words"] for w in words(p)),
    )


def _counts(word: str, c: Cues) -> bool:
    return word != _NAME and word not in c.skip


def _back(toks: list[str], i: int, c: Cues) -> str:
    counted = 0
    for j in range(i - 1, -1, -1):
        for phrase, rel in c.ending.get(toks[j], ()):
            n = len(phrase)
            if j - n + 1 >= 0 and tuple(toks[j - n + 1 : j + 1]) == phrase:
                return rel
        if toks[j] in c.barrier:
            break
        if _counts(toks[j], c):
            counted += 1
            if counted >= c.before:
                break
    return MENTIONS


def _ahead(toks: list[str], i: int, c: Cues) -> str:
    counted = 0
    for j in range(i + 1, len(toks)):
        for phrase, rel in c.starting.get(toks[j], ()):
            if tuple(toks[j : j + len(phrase)]) == phrase:
                return rel
        if toks[j] in c.barrier:
            break
        if _counts(toks[j], c):
            counted += 1
            if counted >= c.after:
                break
    return MENTIONS


def _sentence_origin(text: str, sentence: str, start: int) -> int | None:
    """Where ``sentence`` begins in ``text``: the occurrence holding offset ``start``."""
    pos = text.find(sentence) if sentence else -1
    while pos != -1:
        if pos <= start <= pos + len(sentence):
            return pos
        pos = text.find(sentence, pos + 1)
    return None


def mention_relations(texts: dict[str, str], names: Iterable[Mention], targets: Iterable[Mention],
                      c: Cues | None = None) -> dict[Mention, str]:
    """The relation each of ``targets`` (mentions of methods) reads from cue words in its sentence.

    ``texts``: the paper's fields (``{"title": ..., "abstract": ...}``); ``names``: every mention of
    every entity of the paper (each becomes one word). A mention whose sentence cannot be found in its
    field (text changed since extraction) reads ``mentions``."""
    c = c or cues()
    by_field: dict[str, list[tuple[int, int]]] = {}
    for m in names:
        if m.end > m.start:
            by_field.setdefault(m.field, []).append((m.start, m.end))
    sentences: dict[tuple[str, int, int], tuple[list[str], dict[tuple[int, int], int]]] = {}
    out: dict[Mention, str] = {}
    for m in targets:
        text = texts.get(m.field) or ""
        origin = _sentence_origin(text, m.sentence, m.start)
        if origin is None or m.end <= m.start or m.end > origin + len(m.sentence):
            out[m] = MENTIONS
            continue
        key = (m.field, origin, origin + len(m.sentence))
        if key not in sentences:
            sentences[key] = _tokens(text, key[1], key[2], by_field.get(m.field, []) + [(m.start, m.end)])
        toks, at = sentences[key]
        i = at[(m.start, m.end)]  # every target span is among the spans _tokens indexed
        out[m] = stronger(_back(toks, i, c), _ahead(toks, i, c))
    return out


def _tokens(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> tuple[list[str], dict]:
    """The words of ``text[lo:hi]`` with each name span one word; ``{span: its word's index}`` (a span
    inside a longer one, or overlapping an earlier one, gets the index of the name it falls in)."""
    toks: list[str] = []
    at: dict[tuple[int, int], int] = {}
    pos, last = lo, -1
    for s, e in sorted({sp for sp in spans if lo <= sp[0] and sp[1] <= hi}, key=lambda sp: (sp[0], -sp[1])):
        if s < pos:  # inside or overlapping the name placed last (pos > lo only after one)
            at[(s, e)] = last
            continue
        toks += words(text[pos:s])
        last = at[(s, e)] = len(toks)
        toks.append(_NAME)
        pos = e
    toks += words(text[pos:hi])
    return toks, at
