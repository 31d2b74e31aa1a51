"""The docs point only at what exists: every repository path named in the README, docs/ and the
folders' READMEs is a tracked file or folder (or one that a documented command writes), and the
README's architecture table lists exactly the packages under paperkg/."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted({ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("*/README.md"),
               *ROOT.glob("*/*/README.md")})
_TOP = r"(?:paperkg|training|tests|bench|docs|docker|examples|tools|\.ci)"
PATH = re.compile(rf"(?<![\w./-])({_TOP}/[\w./@+-]*[\w/])")
# written by documented commands, not tracked: make model's splits and outputs, the local Neo4j's
# jar, the Docker set-up's .env
GENERATED = ("training/data/", "training/out/", "docker/neo4j-local/target/", "docker/.env")


def _tracked() -> tuple[set[str], set[str]]:
    done = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    files = done.stdout.split()
    dirs = {str(parent) for f in files for parent in Path(f).parents}
    return set(files), dirs


def named_paths(text: str) -> list[str]:
    """The repository paths a document names, without patterns ("{train,dev}", "*.jsonl")."""
    out = []
    for m in PATH.finditer(text):
        if text[m.end() : m.end() + 1] in ("{", "*"):
            continue
        out.append(m.group(1).rstrip("/."))
    return out


def test_the_path_scan_reads_paths_as_written():
    text = "see `paperkg/extract/results.py`, training/README.md. and docs/quality.md, training/data/{a}.x"
    assert named_paths(text) == ["paperkg/extract/results.py", "training/README.md", "docs/quality.md"]


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout")
def test_every_path_the_docs_name_exists():
    files, dirs = _tracked()
    missing = [
        f"{doc.relative_to(ROOT)}: {path}"
        for doc in DOCS
        for path in named_paths(doc.read_text(encoding="utf-8"))
        if path not in files and path not in dirs and not (path + "/").startswith(GENERATED)
    ]
    assert not missing, "\n".join(missing)


def test_the_architecture_table_lists_every_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Architecture") :]
    table = table[: table.index("\n\n", table.index("| stage"))]
    listed = set(re.findall(r"^\| \w+ \| `paperkg/(\w+)(?:/|\.py)`", table, re.M))
    packages = {p.name for p in (ROOT / "paperkg").iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in (ROOT / "paperkg").glob("*.py") if p.stem not in ("__init__", "__main__")}
    assert listed == packages | modules
