"""Loading the package's rule files once per process.

Word lists that encode knowledge about scientific prose live in ``paperkg/extract/data`` so they
can be reviewed and extended without touching code; this module is the one place that reads them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

DATA_PACKAGE = "paperkg.extract.data"


@cache
def load_json(name: str) -> dict:
    """A JSON rule file from the package data (cached: rule files are read once per process)."""
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def word_set(name: str, key: str, lower: bool = True) -> frozenset[str]:
    values = load_json(name).get(key, [])
    return frozenset(v.lower() if lower else v for v in values)
