"""Names found by their shape: acronyms and mixed case (MoLE, XGBoost), letters with digits (T5,
ResNet-50), and the words that extend a name (versions after it, capitalised words before it).

An unknown name in an ML abstract is most often recognisable by how it is written, not by the words
around it; this module says which words are shaped like names (:func:`name_shaped`, asked by most
other rules through :class:`~paperkg.extract.knowledge.EntityKnowledge`), proposes them as
candidates ("EGTEA GAZE+", "Mask R-CNN" from adjacent ones) and extends a name by its version
("Llama 2", "GPT-4o mini") and by capitalised words before it ("Moving MNIST").
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from paperkg.extract.candidates import Candidate
from paperkg.extract.doc_context import DocContext
from paperkg.extract.entity_rules import Rules

if TYPE_CHECKING:
    from paperkg.extract.knowledge import EntityKnowledge

_UNIT_LIKE = re.compile(r"^\d+(?:\.\d+)?[A-Za-z]{0,2}$|^\d+(?:\.\d+)?[xX%]?$|^\d{1,2}[Dd]$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_PLAIN_PART = re.compile(r"^[A-Z]?[a-z]+$")
_PATH_PART = re.compile(r"^[a-z]{2,}(?:\.[a-z]{2,})*$")
# "word2vec", "nn4mc": a digit inside a lower-case word spells a name (not "x2", "h2o", "fp16")
_LOWER_DIGIT_NAME = re.compile(r"^[a-z]{2,}\d[a-z]{2,}$")
_VERSION = re.compile(r"^(?:\d+(?:\.\d+)*[BMKbmk]?|v\d+(?:\.\d+)*|[A-Z]\d+(?:\.\d+)?)$")
CAPWORD = re.compile(r"^[A-Z][a-z]+$")
_DIMENSION = re.compile(r"^[1-4][Dd]$")


def name_shaped(rules: Rules, w: str) -> bool:
    if len(w) < 2 or not w[0].isalnum() or "://" in w or w.startswith("www."):
        return False
    if _UNIT_LIKE.match(w) or _ROMAN.match(w) or any(p.match(w) for p in rules.shape_exclude):
        return False
    letters = [c for c in w if c.isalpha()]
    if not letters:
        return False
    if "/" in w and any(_PATH_PART.match(p) for p in w.split("/")):
        return False  # "MindSpore/models", "github.com/user/repo": a path, not a name
    parts = w.split("-")
    if len(parts) > 1 and (parts[-1] in rules.determiners or parts[-1] in rules.coordination):
        return False  # "AgentRxiv-a framework": a hyphen for a dash, then the next words
    if len(parts) > 1 and all(_PLAIN_PART.match(p) for p in parts):
        # "Long-Context", "Real-World": capitalised words, not a name by shape; but a part that
        # names a kind of artefact makes one ("Time-Bench", "Wide-Net")
        return parts[-1][:1].isupper() and parts[-1].lower() in rules.name_suffix_parts
    upper = sum(c.isupper() for c in letters)
    if upper == 0:
        return _LOWER_DIGIT_NAME.match(w) is not None
    if upper >= 2:
        return True
    if upper == 1 and re.search(r"[a-z][A-Z]", w):
        return True
    return upper == 1 and w[0].isupper() and any(c.isdigit() for c in w)


def shape_candidates(kb: EntityKnowledge, ctx: DocContext, known: set[tuple[int, int]]) -> list[Candidate]:
    """Name-shaped words; adjacent ones form one name ("EGTEA GAZE+", "Mask R-CNN")."""
    out: list[Candidate] = []
    prev: int | None = None  # the previous name-shaped word, when it is the word before
    last = -2
    shape_cache = kb.shape_cache
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
            shaped = kb.is_name_shaped(text)
        start, end = starts[i], ends[i]
        if not shaped or (start, end) in known or ctx.is_unit(i):
            prev = None
            continue
        if "/" in text and _slash_parts(kb, text):
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
            and not kb.gaz.is_non_entity_acronym(text)
            and not kb.gaz.is_non_entity_acronym(texts[prev])
            and out[-1].end == ends[prev]
        ):
            out.append(Candidate(out[-1].start, end, "shape"))
        out.append(Candidate(start, end, "shape"))
        prev = i
    return out


def _slash_parts(kb: EntityKnowledge, w: str) -> bool:
    """Whether every part of a slash-joined word is a name of its own."""
    parts = w.split("/")
    return all(p and (kb.is_name_shaped(p) or kb.known(p) is not None) for p in parts)


def extend(
    kb: EntityKnowledge, ctx: DocContext, cands: list[Candidate], short_forms: set[str]
) -> list[Candidate]:
    """Versions after a name ("Llama 2", "GPT-4o mini") and capitalised words before ("Moving MNIST")."""
    r = kb.rules
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
            and ctx.text[c.start : c.end] not in short_forms
        ):
            b = i
            while b > 0 and i - b < 2:
                p = texts[b - 1]
                if (
                    not ctx.adjacent(b - 1, b)
                    or not CAPWORD.match(p)
                    or p in r.name_stop_words
                    or ctx.sentence_initial(b - 1)
                    or kb.known(p) is not None
                    or kb.is_non_entity(p)
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
                known = kb.known(ctx.text[start:end], c.type) if c.source == "gaz" else None
                canonical = known.name if known is not None and known.type == c.type else None
            out.append(Candidate(start, end, c.source, c.type, canonical, c.strong_type))
        out.append(c)
    return out
