"""spaCy's ``ner`` with its greedy decoding done by whole-document matrix products.

spaCy 3.8's transition loop takes and releases the GIL several times for every token (each move's
validity test calls ``StateC.B_``, compiled with an exception check that needs the GIL), and on
this project's abstracts that loop was most of the recogniser's time (docs/benchmarks.md). This
component is spaCy's ``EntityRecognizer``, with the same model, weights, moves, training and
saved format; only ``predict`` and ``set_annotations`` differ, and they give the same mentions.

One thing is added, off unless configured: ``number_sentence_bias`` adds to the scores of opening
a mention of a label (its ``B-`` and ``U-`` moves) on the tokens of sentences that write a number.
The accurate profile raises measures there (``{"METRIC": 1.0}``, chosen on dev, on top of the
prior for measures that training/assemble.py adds everywhere): a result's measure is named beside
it, and a measure the recogniser leaves out leaves the result without one (docs/quality.md).
spaCy's own path (preset entities) decodes without it.

The decoding can be reorganised because the BILUO system's state has three features: the
current token, the first token of the open mention and the token before the current one, the
last two padded when no mention is open. So the scores of every token read with no mention open
are one matrix product over the whole batch, and the decision there (begin, unit or outside)
depends on nothing before it. Only the tokens inside a mention, a few per abstract, need a step
of their own. Which moves are valid follows spaCy's ``ner.pyx`` for documents without preset
entities; a batch with preset entities (or a model with unseen classes) takes spaCy's own path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from spacy.attrs import IDX, IS_SPACE, LIKE_NUM, SENT_START
from spacy.language import Language
from spacy.pipeline import EntityRecognizer as SpacyEntityRecognizer
from spacy.pipeline.ner import DEFAULT_NER_MODEL
from spacy.tokens import Doc, Span

FACTORY = "paperkg_greedy_ner"
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Moves:
    """Indices of the BILUO moves in the model's output, per label."""

    labels: tuple[str, ...]
    begin: tuple[int, ...]
    inside: tuple[int, ...]
    last: tuple[int, ...]
    unit: tuple[int, ...]
    outside: int
    n: int

    @classmethod
    def of(cls, names: list[str]) -> Moves | None:
        """The layout of ``names`` (spaCy's class names), or None when it is not plain BILUO."""
        index = {name: i for i, name in enumerate(names)}
        labels = tuple(sorted({n[2:] for n in names if n[:2] == "B-" and n[2:]}))
        if not labels:
            return None
        try:
            found = cls(
                labels,
                tuple(index[f"B-{lab}"] for lab in labels),
                tuple(index[f"I-{lab}"] for lab in labels),
                tuple(index[f"L-{lab}"] for lab in labels),
                tuple(index[f"U-{lab}"] for lab in labels),
                index["O"],
                len(names),
            )
        except KeyError:
            return None
        known = {"O", "U-", *(f"{m}-{lab}" for m in "BILU" for lab in labels)}
        return found if set(names) <= known else None


class GreedyEntityRecognizer(SpacyEntityRecognizer):
    def __init__(self, *args, number_sentence_bias: dict[str, float] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.number_sentence_bias = dict(number_sentence_bias or {})

    def _moves(self) -> Moves | None:
        names = [self.moves.get_class_name(i) for i in range(self.moves.n_moves)]
        return Moves.of(names)

    def _bias_vector(self, moves: Moves) -> np.ndarray | None:
        if not any(self.number_sentence_bias.values()):
            return None
        vector = np.zeros(moves.n, dtype="float32")
        for label, value in self.number_sentence_bias.items():
            if label not in moves.labels:
                raise ValueError(f"number_sentence_bias names {label!r}, which the ner does not "
                                 f"recognise (its labels: {', '.join(moves.labels)})")
            i = moves.labels.index(label)
            vector[[moves.begin[i], moves.unit[i]]] += value
        return vector

    def predict(self, docs):
        moves = self._moves()
        if moves is None or self.model.attrs.get("unseen_classes") or any(_preset(d) for d in docs):
            return ("spacy", super().predict(docs))
        return ("paperkg", decode(self.model, moves, list(docs), self._bias_vector(moves)))

    def set_annotations(self, docs, states_or_beams):
        path, found = states_or_beams
        if path == "spacy":
            return super().set_annotations(docs, found)
        for doc, spans in zip(docs, found, strict=True):
            doc.set_ents([Span(doc, s, e, label=lab) for s, e, lab in spans], default="outside")


def _preset(doc: Doc) -> bool:
    return bool(len(doc)) and bool(doc.to_array("ENT_IOB").any())


def number_sentences(doc: Doc, sent_start: np.ndarray) -> np.ndarray:
    """Whether each token is in a sentence that writes a number (a digit, or a word like "ten")."""
    n = len(doc)
    number = doc.to_array(LIKE_NUM).astype(bool)
    digits = [m.start() for m in _DIGIT.finditer(doc.text)]
    if digits:
        number[np.searchsorted(doc.to_array(IDX), digits, side="right") - 1] = True
    sentence = np.cumsum(sent_start == 1)
    has_number = np.zeros(int(sentence[-1]) + 1 if n else 1, dtype=bool)
    has_number[sentence[number]] = True
    return has_number[sentence]


def decode(
    model, moves: Moves, docs: list[Doc], number_sentence_bias: np.ndarray | None = None
) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) of each doc's mentions, as spaCy's greedy parse finds them
    (``number_sentence_bias``: added to every move's score on the tokens of sentences with a
    number; only the opening moves carry any)."""
    out: list[list[tuple[int, int, str]]] = [[] for _ in docs]
    lengths = [len(d) for d in docs]
    if not sum(lengths):
        return out
    lower, upper = model.get_ref("lower"), model.get_ref("upper")
    w = _Weights(
        table=lower.predict(model.get_ref("tok2vec").predict(docs)),
        bias=lower.get_param("b"),
        w_t=np.ascontiguousarray(upper.get_param("W").T),
        b_up=upper.get_param("b"),
    )
    pad = w.table[0]
    # the state with no mention open, every token at once, summed in spaCy's order
    closed = w.table[1:, 0] + pad[1]
    closed += pad[2]
    closed += w.bias
    scores = _maxout(closed) @ w.w_t + w.b_up
    begin, unit = np.array(moves.begin), np.array(moves.unit)
    n_labels = len(moves.labels)
    offset = 0
    for i, doc in enumerate(docs):
        n = lengths[i]
        if not n:
            continue
        attrs = doc.to_array([IS_SPACE, SENT_START])
        space = attrs[:, 0].astype(bool)
        starts_next = np.zeros(n, dtype=bool)  # the next token starts a sentence
        starts_next[:-1] = attrs[1:, 1] == 1
        s = scores[offset : offset + n]
        if number_sentence_bias is not None:
            s = s + number_sentences(doc, attrs[:, 1])[:, None] * number_sentence_bias
        # valid with no mention open (no preset entities): O always; U-label unless on white
        # space; B-label unless on white space, on the last token or before a sentence start;
        # never I-, L- or the label-less U-
        can_unit = ~space
        can_begin = can_unit.copy()
        can_begin[-1] = False
        can_begin &= ~starts_next
        masked = np.full((n, moves.n), -np.inf, dtype=s.dtype)
        masked[:, begin] = np.where(can_begin[:, None], s[:, begin], -np.inf)
        masked[:, unit] = np.where(can_unit[:, None], s[:, unit], -np.inf)
        masked[:, moves.outside] = s[:, moves.outside]
        choice = masked.argmax(axis=1)  # the first best, as spaCy's arg_max_if_valid
        action = np.full(n, -1)
        for j in range(n_labels):
            action[choice == moves.begin[j]] = j
            action[choice == moves.unit[j]] = n_labels + j
        opens = np.flatnonzero(action >= 0)
        k = 0
        while k < len(opens):
            t = int(opens[k])
            a = int(action[t])
            if a >= n_labels:
                out[i].append((t, t + 1, moves.labels[a - n_labels]))
                k += 1
                continue
            end = _continue(w, moves, a, offset, t, n, starts_next)
            out[i].append((t, end, moves.labels[a]))
            k = int(np.searchsorted(opens, end))
        offset += n
    return out


class _Weights(NamedTuple):
    """A batch's precomputed features (``table``: tokens + 1, features, hidden, pieces; row 0 is
    the padding) and the hidden bias, the output layer (transposed) and its bias."""

    table: np.ndarray
    bias: np.ndarray
    w_t: np.ndarray
    b_up: np.ndarray


def _continue(w: _Weights, moves: Moves, label: int, offset: int, start: int, n: int,
              starts_next: np.ndarray) -> int:
    """The end of a mention opened at ``start``: step through it, In or Last, as spaCy would."""
    first = w.table[offset + start + 1, 1]
    i_move, l_move = moves.inside[label], moves.last[label]
    cols = [i_move, l_move]
    w2 = w.w_t[:, cols]
    b2 = w.b_up[cols]
    k = start + 1
    while True:
        unmaxed = w.table[offset + k + 1, 0] + first
        unmaxed += w.table[offset + k, 2]
        unmaxed += w.bias
        s_in, s_last = _maxout(unmaxed) @ w2 + b2
        can_in = k + 1 < n and not starts_next[k]
        # spaCy takes the first best valid move; In comes before Last in its move list
        if can_in and (s_in > s_last or (s_in == s_last and i_move < l_move)):
            k += 1
            continue
        return k + 1


def _maxout(unmaxed: np.ndarray) -> np.ndarray:
    """The largest piece (last axis): numpy's max over a short last axis is several times slower
    than this elementwise maximum."""
    best = unmaxed[..., 0].copy()
    for piece in range(1, unmaxed.shape[-1]):
        np.maximum(best, unmaxed[..., piece], out=best)
    return best


@Language.factory(
    FACTORY,
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "model": DEFAULT_NER_MODEL,
        "incorrect_spans_key": None,
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
        "number_sentence_bias": {},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_greedy_ner(
    nlp, name, model, moves, update_with_oracle_cut_size, incorrect_spans_key, scorer,
    number_sentence_bias: dict[str, float],
):
    return GreedyEntityRecognizer(
        nlp.vocab,
        model,
        name=name,
        moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=incorrect_spans_key,
        scorer=scorer,
        number_sentence_bias=number_sentence_bias,
    )
