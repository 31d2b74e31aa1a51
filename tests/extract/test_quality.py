"""Quality ratchet: the default pipeline must not fall below the stored floors on either
annotated set.

``dev`` holds the 50 abstracts annotated by the guide's authors; ``heldout`` holds 265 further
abstracts of the sample corpus, annotated by the same guide without looking at the
extractor's output (docs/quality.md). The floors (tests/data/quality_floor.json) are the
measured F1 per category minus 0.01; raise them when the extractor improves, never lower them
to make a change pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkg.extract.pipeline import extract_records, load_pipeline
from paperkg.extract.scoring import CATEGORIES, load_jsonl_by_id, score
from paperkg.sources import iter_records

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = {"dev": 50, "heldout": 265}
FLOORS = json.loads((DATA / "quality_floor.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores():
    nlp = load_pipeline()
    out = {}
    for name, size in SETS.items():
        records = list(iter_records([DATA / f"{name}_input.jsonl"]))
        assert len(records) == size
        predicted = {x.id: x.to_dict() for x in extract_records(records, nlp=nlp)}
        out[name] = score(load_jsonl_by_id(DATA / f"{name}_gold.jsonl"), predicted)
    return out


def test_every_set_and_category_has_a_floor():
    assert set(FLOORS) == set(SETS)
    assert all(set(floors) == set(CATEGORIES) for floors in FLOORS.values())


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("name", SETS)
def test_f1_does_not_drop_below_floor(scores, name, category):
    got = scores[name][category]
    assert got.f1 >= FLOORS[name][category], (
        f"{name} {category}: F1 {got.f1:.3f} < floor {FLOORS[name][category]:.3f} "
        f"(P {got.precision:.3f}, R {got.recall:.3f}, hit {got.hit}/{got.gold} gold, {got.pred} pred)"
    )
