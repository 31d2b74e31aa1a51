"""Quality ratchet: each profile must not fall below its stored floors on the annotated sets.

``dev`` and ``test`` are the splits of the annotated corpus (training/corpus/README.md): test is
never trained or tuned on. ``sample_dev`` and ``sample_heldout`` are the sample corpus's earlier
gold (tests/data), on which the fast profile's rules were written and measured; parts of them are
in the train split now, so only the fast profile keeps floors there. The floors
(tests/data/quality_floor.json) are the measured F1 per category minus 0.01
(docs/quality.md has the figures); raise them when the extractor improves, never lower them to
make a change pass.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from paperkg.evaluate.scoring import CATEGORIES, score
from paperkg.extract.pipeline import extract_records, load_pipeline
from paperkg.sources.record import PaperRecord

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
FLOORS = json.loads((DATA / "quality_floor.json").read_text(encoding="utf-8"))
SAMPLE_SETS = {"sample_dev": ("dev", 50), "sample_heldout": ("heldout", 265)}


def _splits():
    spec = importlib.util.spec_from_file_location("splits", ROOT / "training" / "corpus" / "splits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records(name: str) -> tuple[list[dict], list[dict]]:
    if name in SAMPLE_SETS:
        stem, size = SAMPLE_SETS[name]
        read = lambda kind: [json.loads(x) for x in (DATA / f"{stem}_{kind}.jsonl").read_text().splitlines()]  # noqa: E731
        inputs, golds = read("input"), read("gold")
        assert len(inputs) == size
        return inputs, golds
    return _splits().split_records(name)


@pytest.fixture(scope="module")
def scores():
    out = {}
    for profile, sets in FLOORS.items():
        nlp = load_pipeline(profile=profile)
        for name in sets:
            inputs, golds = _records(name)
            records = [PaperRecord(id=r["id"], title=r["title"], abstract=r.get("abstract")) for r in inputs]
            predicted = {x.id: x.to_dict() for x in extract_records(records, nlp=nlp)}
            out[profile, name] = score({g["id"]: g for g in golds}, predicted)
    return out


def test_every_profile_set_and_category_has_a_floor():
    assert set(FLOORS) == {"accurate", "fast"}
    assert set(FLOORS["accurate"]) == {"dev", "test"}
    assert set(FLOORS["fast"]) == {"dev", "test", *SAMPLE_SETS}
    assert all(set(floors) == set(CATEGORIES) for sets in FLOORS.values() for floors in sets.values())


CASES = [(p, name, c) for p, sets in FLOORS.items() for name in sets for c in CATEGORIES]


@pytest.mark.parametrize(("profile", "name", "category"), CASES)
def test_f1_does_not_drop_below_floor(scores, profile, name, category):
    got = scores[profile, name][category]
    floor = FLOORS[profile][name][category]
    assert got.f1 >= floor, (
        f"{profile} on {name}, {category}: F1 {got.f1:.3f} < floor {floor:.3f} "
        f"(P {got.precision:.3f}, R {got.recall:.3f}, hit {got.hit}/{got.gold} gold, {got.pred} pred)"
    )
