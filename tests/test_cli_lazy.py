"""``paperkg``'s start imports only the module of the command it runs (paperkg/cli/__init__.py):
the command table must name, for every command, the module that registers it, and a command run
alone must neither miss anything nor import the stages it does not use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main

import paperkg.cli as cli
from paperkg.cli import COMMAND_MODULES, MODULES, _command

ROOT_COMMANDS = "import json, typer.main; from paperkg.cli.application import app; " \
                "print(json.dumps(sorted(typer.main.get_command(app).commands)))"


def _registered_by(module: str) -> list[str]:
    code = f"import paperkg.cli as c; c.load_commands(({module!r},)); {ROOT_COMMANDS}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_the_table_names_every_command_and_the_module_that_registers_it():
    every = sorted(typer.main.get_command(cli.app).commands)
    assert sorted(COMMAND_MODULES) == every
    assert set(COMMAND_MODULES.values()) == set(MODULES)
    for module in MODULES:
        assert _registered_by(module) == sorted(c for c, m in COMMAND_MODULES.items() if m == module)


@pytest.mark.parametrize(("argv", "command"), [
    (["extract", "a.jsonl", "-o", "out.jsonl"], "extract"),
    (["--debug", "cites-like", "LoRA"], "cites-like"),
    (["--version"], None),
    ([], None),
])
def test_the_command_is_the_first_word_that_is_not_an_option(argv, command):
    assert _command(argv) == command


def _run_main(*argv: str) -> subprocess.CompletedProcess:
    code = (
        "import sys\n"
        f"sys.argv = ['paperkg', *{list(argv)!r}]\n"
        "from paperkg.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'neo4j', 'networkx')"
        " or m.startswith(('paperkg.viz', 'paperkg.graph.analytics')))\n"
        "print('HEAVY', heavy, 'CODE', code, file=sys.stderr)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_reading_papers_imports_no_other_stage(tmp_path):
    papers = tmp_path / "p.jsonl"
    papers.write_text('{"id": "1", "title": "T", "abstract": "We propose FooNet."}\n')
    done = _run_main("--debug", "read", str(papers), "--jsonl")
    assert '"id": "1"' in done.stdout
    assert "HEAVY [] CODE 0" in done.stderr


def test_help_without_a_command_lists_every_command():
    done = _run_main("--help")
    assert all(name in done.stdout for name in COMMAND_MODULES)
    assert "CODE 0" in done.stderr


def test_an_unknown_command_is_still_told_apart_from_the_known_ones():
    done = _run_main("extrakt")
    assert "No such command" in done.stderr and "CODE 2" in done.stderr


def test_the_packages_app_has_every_command_whatever_was_imported_before():
    code = ("import paperkg.cli.options, paperkg.cli.read, typer, typer.main\n"
            "from paperkg.cli import app\n"
            "assert isinstance(app, typer.Typer), type(app)\n"
            "print(len(typer.main.get_command(app).commands))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) == len(COMMAND_MODULES)
