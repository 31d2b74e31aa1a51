"""paperkg/util/names.py: the keys a name folds to, and where they differ on purpose."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperkg.util.names import (
    alnum_key,
    lookup_key,
    slug,
    successor_key,
    unicode_alnum_key,
    variant_key,
    variant_keys,
)


def _reference_norm(s: object) -> str:
    """The reference scorer's ``norm`` (score.py), verbatim."""
    return re.sub(r"[^0-9a-z]+", "", str(s).lower())


@given(st.text())
def test_alnum_key_is_the_reference_scorers_norm(text):
    assert alnum_key(text) == _reference_norm(text)


def test_alnum_key():
    assert alnum_key("Low-Rank  Adaptation!") == "lowrankadaptation"
    assert alnum_key("Top-1 Acc.") == "top1acc"
    assert alnum_key("Müller") == "mller"  # ASCII only, as the scorer compares


def test_successor_key_keeps_a_trailing_plus():
    assert successor_key("RSCP+") == "rscp+" != successor_key("RSCP")
    assert successor_key("C++ code") == "ccode"  # only at the end
    assert successor_key("+") == ""  # nothing to succeed


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Low-rank adaptations", "low rank adaptation"),
        ("LLMs", "LLM"),
        ("normalisation", "normalization"),
        ("Vision-Language Models", "vision language model"),
    ],
)
def test_variant_key_folds_what_papers_write_differently(a, b):
    assert variant_key(a) == variant_key(b)
    assert alnum_key(a) != alnum_key(b)  # which the plain key keeps apart


def test_variant_key_keeps_successors_and_short_words():
    assert variant_key("RSCP+") != variant_key("RSCP")
    assert variant_key("gas") == "gas" and variant_key("loss") == "loss" and variant_key("corpus") == "corpus"
    assert variant_key("queries") == "query" and variant_key("patches") == "patch"


def test_variant_keys_are_per_word():
    assert variant_keys("attack success-rates") == ("attack", "success", "rate")


def test_lookup_key_keeps_decimal_points_and_can_keep_case():
    assert lookup_key("CIFAR-10") == lookup_key("cifar 10") == lookup_key("CIFAR10")
    assert lookup_key("OPT-1.3B") != lookup_key("OPT-13B")
    assert lookup_key("Dr. GRPO") == lookup_key("Dr GRPO")
    assert lookup_key("SAM", case_sensitive=True) != lookup_key("sam", case_sensitive=True)
    assert lookup_key("Müller") == "müller"


def test_unicode_alnum_key_keeps_other_scripts():
    assert unicode_alnum_key("Supervised Fine-Tuning") == unicode_alnum_key("supervised finetuning")
    assert unicode_alnum_key("Müller") == "müller"


def test_slug():
    assert slug("Low-Rank Adaptation (LoRA)") == "low-rank-adaptation-lora"
    assert slug("  SA-1B ") == "sa-1b"
    assert slug("???") == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Adam optimiser", "Adam optimizer"),
        ("normalised mutual information", "normalized mutual information"),
        ("spectral regularisers", "spectral regularizer"),
        ("Normalise", "normalize"),
        ("tokenisers", "tokenizer"),
        ("analysing", "analyzing"),
    ],
)
def test_variant_key_folds_british_spellings(a, b):
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize(("a", "b"), [("size", "sise"), ("prize", "prise"), ("analysis", "analyses")])
def test_variant_key_keeps_words_that_only_look_like_spellings(a, b):
    assert variant_key(a) != variant_key(b)
