"""Every example printed by ``--help`` runs on the demo data, and the defaults that the README and the
docs state are the ones the commands have.

Examples run through Typer's CliRunner in a folder laid out like a checkout after ``make demo``
(``examples/`` and ``tests/`` beside ``paperkg.db``), with the few input files they name
(``papers.jsonl``, ``snapshot.json.gz``, ...) made from the test fixtures. Only examples that need a
server paperkg cannot start here are left out, each with its reason; a new example runs by default.
"""

from __future__ import annotations

import gzip
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from paperkg.cli import app

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "sources" / "fixtures"
NEEDS_A_SERVER = {
    "paperkg build big.jsonl --db big.db --engine dask --scheduler tcp://host:8786 --parts /shared/p":
        "a Dask scheduler at host:8786",
    "paperkg load-neo4j --db paperkg.db": "a Neo4j server (tests/cypher/neo4j runs it live)",
    "paperkg load-neo4j --schema-only": "a Neo4j server (tests/cypher/neo4j runs it live)",
}
# examples that write or read what another makes: run first, in this order
FIRST = ("read", "build", "extract")


def _commands(cmd, path: tuple[str, ...] = ()):
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():  # a group (Typer's, whatever click it uses)
        yield from _commands(sub, (*path, name))


def examples() -> list[str]:
    """Every line of every --help that starts with ``paperkg ``, in the order FIRST, then the rest."""
    found: list[str] = []
    for _, cmd in _commands(get_command(app)):
        for line in (cmd.help or "").splitlines():
            line = re.sub(r"^\s*Examples?:\s*", "", line).strip()
            if line.startswith("paperkg ") and line not in found:
                found.append(line)
    first = [e for word in FIRST for e in found if e.split()[1] == word]
    return first + [e for e in found if e not in first]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A folder with the demo's layout and the input files the examples name."""
    d = tmp_path_factory.mktemp("demo")
    for name in ("examples", "tests"):
        (d / name).symlink_to(ROOT / name)
    shutil.copy(FIXTURES / "papers.jsonl", d / "papers.jsonl")
    shutil.copy(FIXTURES / "papers.jsonl", d / "big.jsonl")
    shutil.copy(FIXTURES / "openalex-works.json", d / "works.json")
    shutil.copy(FIXTURES / "arxiv-feed.xml", d / "feed.xml")
    (d / "snapshot.json.gz").write_bytes(gzip.compress((FIXTURES / "arxiv-snapshot.json").read_bytes()))
    shutil.copy(ROOT / "paperkg" / "extract" / "pipeline.cfg", d / "my_pipeline.cfg")
    import spacy

    spacy.blank("en").to_disk(d / "my_spacy_pipeline")
    return d


def test_the_examples_are_found():
    found = examples()
    assert len(found) >= 40 and found[0].startswith("paperkg read")
    assert set(NEEDS_A_SERVER) <= set(found)  # the exceptions are real examples, not stale entries


@pytest.mark.slow
def test_every_help_example_runs_on_the_demo_data(demo, monkeypatch):
    monkeypatch.chdir(demo)
    runner = CliRunner()
    failed = {}
    ran = 0
    for example in examples():
        if example in NEEDS_A_SERVER:
            continue
        command, _, redirect = example.partition(" > ")
        args = shlex.split(command)[1:]
        r = runner.invoke(app, args)
        ran += 1
        if r.exit_code != 0:
            failed[example] = (r.exit_code, (r.stderr or r.output).strip().splitlines()[-1:])
        elif redirect:
            (demo / redirect.strip()).write_text(r.stdout, encoding="utf-8")
    assert failed == {}
    assert ran == len(examples()) - len(NEEDS_A_SERVER)
    assert (demo / "site" / "index.html").is_file() and (demo / "paper.html").is_file()


# --------------------------------------------------------------------------- stated defaults

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# "paperkg cites-like METHOD [--limit 20]": a bracketed option with a value is its default
BRACKET = re.compile(r"\[(--[a-z][a-z0-9-]*)[ =]([^\]\s|]+)\]")
# "--limit 0: every row (default 20)", "--related ... (default 5)": the nearest option before it
STATED = re.compile(r"(--[a-z][a-z0-9-]*)\b(?:(?!--)[^\n]){0,60}?\(default:? ([0-9][0-9_.]*)\)")


def _defaults() -> dict[tuple[str, ...], dict[str, str]]:
    out: dict[tuple[str, ...], dict[str, str]] = {}
    for path, cmd in _commands(get_command(app)):
        opts = {}
        for p in cmd.params:
            if p.param_type_name == "option" and p.default is not None and not callable(p.default) \
                    and not p.multiple:  # a repeatable option (--param k=v) has no single default
                for name in p.opts:
                    opts[name] = str(p.default)
        out[path] = opts
    return out


def stated_defaults() -> list[tuple[str, int, tuple[str, ...] | None, str, str]]:
    """(file, line, command or None, option, value) of every default the docs state."""
    commands = sorted((p for p in _defaults() if p), key=len, reverse=True)
    found = []
    for doc in DOCS:
        for n, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            cmd = None
            m = re.search(r"paperkg ([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)?)", line)
            if m:
                words = tuple(m.group(1).split())
                cmd = next((c for c in commands if words[:len(c)] == c), None)
            for pattern in (BRACKET, STATED):
                for opt, value in pattern.findall(line):
                    found.append((doc.name, n, cmd, opt, value.rstrip(".")))
    return found


def test_defaults_stated_in_the_docs_are_the_commands_defaults():
    defaults = _defaults()
    stated = stated_defaults()
    assert len(stated) >= 5  # the parser still finds what the docs say
    wrong = []
    for doc, line, cmd, opt, value in stated:
        have = [d[opt] for c, d in defaults.items() if opt in d and (cmd is None or c == cmd)]
        if have and value not in have:
            wrong.append(f"{doc}:{line}: {opt} {value}, but the command's default is {' or '.join(have)}")
    assert wrong == []


def test_the_defaults_check_catches_a_wrong_default():
    defaults = _defaults()
    assert defaults[("cites-like",)]["--limit"] == "20"
    line = "| `paperkg cites-like METHOD [--limit 25]` |"
    assert BRACKET.findall(line) == [("--limit", "25")]
    assert STATED.findall("`--related` caps these rows (default 5).") == [("--related", "5")]
