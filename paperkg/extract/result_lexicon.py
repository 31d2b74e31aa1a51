"""The result rules' word lists (``data/results.json``), read once into the shapes the rules need.

Every English word the result rules weigh (units that are also words, the cues of a setting, of a
comparison, of the kind of a change, the subjects that make a sentence speak of the paper itself)
is a key of ``data/results.json``; this module turns the lists into sets, tuples and patterns.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists of data/results.json, in the shapes the matcher needs (built once)."""

    point_qualifiers: frozenset[str]
    times_followers: frozenset[str]
    times_preceders: frozenset[str]
    twice_followers: frozenset[str]
    magnitude_counts: dict[str, int]
    setting_followers: tuple[str, ...]
    setting_preceders: tuple[str, ...]
    operating_points: frozenset[str]
    fraction_keep_words: frozenset[str]
    data_nouns: frozenset[str]
    plain_connectors: frozenset[str]
    plain_followers: frozenset[str]
    plain_units: dict[str, str]
    kind_cues: dict[str, frozenset[str]]
    reduction_metric_words: frozenset[str]
    kind_nouns: dict[str, frozenset[str]]
    change_nouns: frozenset[str]  # both kinds of kind_nouns: "a 5x reduction in X" changes X
    change_verbs: frozenset[str]  # both kinds of kind_cues: "X is reduced by 5x" changes X
    kind_stops: frozenset[str]
    weak_cues: frozenset[str]
    generic_improvement: frozenset[str]
    comparison_cues: tuple[str, ...]
    comparison_verbs: tuple[str, ...]  # a cue that opens a clause of its own, not a complement
    respectively: tuple[str, ...]
    other_data_cues: frozenset[str]
    self_subjects: tuple[str, ...]
    comparison_re: re.Pattern[str]
    self_subject_re: re.Pattern[str]


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One alternation over lower-case phrases, longest first, bounded by non-letters."""
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alts})(?![a-z])")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw: dict[str, Any] = json.loads(
        resources.files("paperkg.extract").joinpath("data/results.json").read_text(encoding="utf-8")
    )
    connectors = {w for phrase in raw["plain_connectors"] for w in phrase.split()}
    return Lexicon(
        point_qualifiers=frozenset(raw["point_qualifiers"]),
        times_followers=frozenset(raw["times_followers"]),
        times_preceders=frozenset(raw["times_preceders"]),
        twice_followers=frozenset(raw["twice_followers"]),
        magnitude_counts=dict(raw["magnitude_counts"]),
        setting_followers=tuple(raw["setting_followers"]),
        setting_preceders=tuple(raw["setting_preceders"]),
        operating_points=frozenset(raw["operating_points"]),
        fraction_keep_words=frozenset(raw["fraction_keep_words"]),
        data_nouns=frozenset(raw["data_nouns"]),
        plain_connectors=frozenset(connectors),
        plain_followers=frozenset(raw["plain_followers"]),
        plain_units={k.lower(): v for k, v in raw["plain_units"].items()},
        kind_cues={k: frozenset(v) for k, v in raw["kind_cues"].items()},
        reduction_metric_words=frozenset(raw["reduction_metric_words"]),
        kind_nouns={k: frozenset(v) for k, v in raw["kind_nouns"].items()},
        change_nouns=frozenset(raw["kind_nouns"]["reduction"]) | frozenset(raw["kind_nouns"]["improvement"]),
        change_verbs=frozenset(raw["kind_cues"]["reduction"]) | frozenset(raw["kind_cues"]["improvement"]),
        kind_stops=frozenset(raw["kind_stops"]),
        weak_cues=frozenset(raw["weak_cues"]),
        generic_improvement=frozenset(raw["generic_improvement"]),
        comparison_cues=tuple(raw["comparison_cues"]),
        comparison_verbs=tuple(raw["comparison_verbs"]),
        respectively=tuple(raw["respectively"]),
        other_data_cues=frozenset(raw.get("other_data_cues", [])),
        self_subjects=tuple(raw["self_subjects"]),
        comparison_re=_phrase_pattern(raw["comparison_cues"]),
        self_subject_re=_phrase_pattern(raw["self_subjects"]),
    )
