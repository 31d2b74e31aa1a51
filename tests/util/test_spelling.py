"""paperkg/util/spelling.py: one table of "-ize"/"-ise" and "-yze"/"-yse" spellings, read both ways."""

from __future__ import annotations

import pytest

from paperkg.util.spelling import american, british

PAIRS = [  # (American, British): every ending of the table
    ("normalize", "normalise"),
    ("normalizes", "normalises"),
    ("normalized", "normalised"),
    ("normalizing", "normalising"),
    ("optimization", "optimisation"),
    ("optimizations", "optimisations"),
    ("optimizer", "optimiser"),
    ("regularizers", "regularisers"),
    ("analyze", "analyse"),
    ("analyzes", "analyses"),
    ("analyzed", "analysed"),
    ("analyzing", "analysing"),
    ("analyzer", "analyser"),
    ("catalyzers", "catalysers"),
    ("Adam optimizer", "Adam optimiser"),
    ("normalized mutual information", "normalised mutual information"),
    ("Normalized Discounted Cumulative Gain", "Normalised Discounted Cumulative Gain"),
    ("layer-normalized attention", "layer-normalised attention"),
]


@pytest.mark.parametrize(("us", "uk"), PAIRS)
def test_both_directions_read_one_table(us, uk):
    assert british(us) == uk
    assert american(uk) == us
    assert british(uk) == uk and american(us) == us  # each direction leaves its own spelling alone


@pytest.mark.parametrize(
    "word",
    [
        # too short for a suffix: three letters must come before it
        "size", "prize", "seize", "maize", "raise", "noise", "arise",
        # the root, not the suffix
        "capsize", "capsized", "resizing", "oversized", "downsizing",
        "exercise", "supervised", "self-supervised", "unsupervised", "denoising", "pairwise",
        "promising", "precise", "expertise", "enterprise", "comprises", "revised", "surprising",
        # no ending of the table, or not at the word's end
        "paralysis", "analysis", "sizeable", "optimizers2", "NORMALIZED",
    ],
)
def test_words_that_only_look_like_the_suffix_are_left_alone(word):
    assert british(word) == word
    assert american(word) == word


def test_a_word_after_a_hyphen_counts_from_the_hyphen():
    assert british("bite-size") == "bite-size"
    assert american("batch-normalised") == "batch-normalized"
