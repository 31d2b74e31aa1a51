"""The small trained classifiers that sit on top of the rules: logistic regressions over named
binary features, loaded from JSON in the package's data folder.

They decide where annotated data shows the rules' fixed choices to be wrong: which names a paper
proposes (proposed.py) and which measure and dataset a reported number is about (results.py).
Each feature is a short string ("rule=2", "gap_words=1", "dir=before"); the model is a weight per
string, so it can be read, diffed and reviewed like the rule files. training/train_proposed.py and
training/train_links.py fit them on the annotated corpus.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from paperkg.extract.resources import load_json


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """P(yes) = sigmoid(bias + the sum of the weights of the features that hold)."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    @classmethod
    def load(cls, name: str) -> LogisticModel:
        """From the package's data folder by file name, or from a path."""
        path = Path(name)
        d = json.loads(path.read_text(encoding="utf-8")) if path.parent != Path(".") else load_json(name)
        return cls(dict(d["weights"]), float(d["bias"]), float(d.get("threshold", 0.5)))

    def score(self, features: list[str]) -> float:
        """The log-odds (monotone in the probability: enough to rank)."""
        weights = self.weights
        return self.bias + sum(weights.get(f, 0.0) for f in features)

    def probability(self, features: list[str]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(features)))
