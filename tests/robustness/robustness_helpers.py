"""Helpers of the robustness suite: the real CLI (in process and as a subprocess) and store hashes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.ladybug import LadybugStore, to_networkx

ROOT = Path(__file__).resolve().parents[2]
_SCRIPT = Path(sys.executable).parent / "paperkg"
_MODULE = [sys.executable, "-c", "from paperkg.cli import main; main()"]
PAPERKG = [str(_SCRIPT)] if _SCRIPT.exists() else _MODULE
SAMPLE = ROOT / "examples" / "hf-daily-papers"
DEV_INPUT = ROOT / "tests" / "data" / "dev_input.jsonl"

GOOD = {
    "id": "good-1",
    "title": "FooNet: Fast Adapters for Vision Transformers",
    "abstract": "We propose FooNet, improving accuracy by 3.2% on ImageNet over ResNet-50.",
}
GOOD2 = {
    "id": "good-2",
    "title": "BarNet for Question Answering",
    "abstract": "We introduce BarNet, which reaches 88.1 F1 on SQuAD and outperforms BERT by 1.5 points.",
}

runner = CliRunner()


def good_line(rec: dict = GOOD) -> str:
    return json.dumps(rec) + "\n"


def cli(*args: str):
    """The real CLI in process; asserts that nothing escaped as an exception (a traceback)."""
    r = runner.invoke(app, [str(a) for a in args])
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise AssertionError(f"paperkg {' '.join(map(str, args))} raised {r.exception!r}") from r.exception
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    return r


def sub(*args: str, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The installed ``paperkg`` as a user runs it: exit code, stdout and stderr as they see them."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [*PAPERKG, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env
    )


def one_line_messages(stderr: str) -> list[str]:
    """Every stderr line is a one-line ``warning:``/``error:`` (or a build progress line): no tracebacks."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    for ln in lines:
        assert ln.startswith(("warning: ", "error: ", "extract: ")), f"unexpected stderr line: {ln!r}"
    assert "Traceback" not in stderr
    return lines


def graph_hash(db: str | Path) -> str:
    """Content hash of every node and edge with its properties (order-independent)."""
    with LadybugStore(db, read_only=True) as s:
        g = to_networkx(s)
    nodes = sorted((k, sorted(d.items())) for k, d in g.nodes(data=True))
    edges = sorted((u, v, k, sorted(d.items())) for u, v, k, d in g.edges(keys=True, data=True))
    return hashlib.sha256(json.dumps([nodes, edges], default=str).encode()).hexdigest()
