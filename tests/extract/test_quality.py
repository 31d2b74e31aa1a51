"""Quality ratchet: the default pipeline on the dev abstracts must not fall below the stored floors.

The floors (tests/data/quality_floor.json) are the measured F1 per category minus 0.01; raise
them when the extractor improves, never lower them to make a change pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkg.extract.pipeline import extract_records, load_pipeline
from paperkg.extract.scoring import CATEGORIES, load_jsonl_by_id, score
from paperkg.sources import iter_records

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def scores():
    records = list(iter_records([DATA / "dev_input.jsonl"]))
    assert len(records) == 50
    predicted = {x.id: x.to_dict() for x in extract_records(records, nlp=load_pipeline())}
    return score(load_jsonl_by_id(DATA / "dev_gold.jsonl"), predicted)


FLOORS = json.loads((DATA / "quality_floor.json").read_text(encoding="utf-8"))


def test_every_category_has_a_floor():
    assert set(FLOORS) == set(CATEGORIES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_f1_does_not_drop_below_floor(scores, category):
    got = scores[category]
    assert got.f1 >= FLOORS[category], (
        f"{category}: F1 {got.f1:.3f} < floor {FLOORS[category]:.3f} "
        f"(P {got.precision:.3f}, R {got.recall:.3f}, hit {got.hit}/{got.gold} gold, {got.pred} pred)"
    )
