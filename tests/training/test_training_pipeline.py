"""`make model`'s steps run end to end on a few abstracts: split, convert, spacy train, assemble,
the two classifiers, and the assembled pipeline extracts. (The shipped model's quality is
tests/extract/test_quality.py's business; this checks that the recipe still works.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.util import load_config

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "training"
PY = sys.executable


def _run(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run([PY, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout + done.stderr


@pytest.mark.slow
def test_the_training_recipe_runs_on_a_few_abstracts(tmp_path):
    data = tmp_path / "data"
    _run(str(TRAINING / "corpus" / "splits.py"), "--out", str(data))
    for split, n in (("train", 40), ("dev", 15)):
        for kind in ("input", "gold"):
            path = data / f"{split}.{kind}.jsonl"
            path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:n]) + "\n")
        out = _run(str(TRAINING / "convert.py"), f"{data}/{split}.input.jsonl={data}/{split}.gold.jsonl",
                   "--out", str(data / f"{split}.spacy"))
        assert f"'docs': {n}" in out
    _run("-m", "spacy", "train", str(TRAINING / "configs" / "ner.cfg"),
         "--code", str(TRAINING / "functions.py"),
         "--paths.train", str(data / "train.spacy"), "--paths.dev", str(data / "dev.spacy"),
         "--output", str(tmp_path / "ner"), "--training.max_steps", "20", "--training.eval_frequency", "10")
    assembled = tmp_path / "assembled"
    _run(str(TRAINING / "assemble.py"), str(tmp_path / "ner" / "model-best"), "--out", str(assembled),
         "--entity-bias", "METRIC=1.0")
    meta = json.loads((assembled / "meta.json").read_text())
    assert meta["name"] == "paperkg_accurate"
    assert meta["paperkg"]["entity_bias"] == {"METRIC": 1.0}
    assert not (assembled / "vocab").exists()  # no strings of the training abstracts ship
    code = (
        "import spacy; from paperkg.extract.pipeline import register_components, extract_record;"
        "from paperkg.sources.record import PaperRecord; register_components();"
        f"nlp = spacy.load({str(assembled)!r});"
        "x = extract_record(nlp, PaperRecord(id='t', title='T', abstract='We fine-tune BERT on GLUE.'));"
        "print(nlp.pipe_names, len(x.entities()) >= 0)"
    )
    assert "'hints', 'tok2vec', 'ner', 'entities'" in _run("-c", code)
    for script, name in (("train_proposed.py", "proposed.json"), ("train_links.py", "links.json")):
        _run(str(TRAINING / script), "--pipeline", str(assembled), "--out", str(tmp_path / name))
        model = json.loads((tmp_path / name).read_text())
        assert model["weights"] and model["examples"] > model["positives"] > 0
    claims_file = tmp_path / "claims.json"
    _run(str(TRAINING / "train_claims.py"), "--pipeline", str(assembled), "--out", str(claims_file),
         "--limit", "40")
    claims = json.loads(claims_file.read_text())
    assert claims["weights"] and claims["examples"] > claims["positives"] > 0
    assert 0.3 <= claims["threshold"] <= 0.7 and set(claims["dev"]) == {"rules", "classifier"}
    _run(str(TRAINING / "assemble.py"), str(tmp_path / "ner" / "model-best"), "--out", str(assembled),
         "--claim-classifier", str(claims_file))
    config = load_config(assembled / "config.cfg", interpolate=False)
    assert config["components"]["results"]["claims"] == str(claims_file)
