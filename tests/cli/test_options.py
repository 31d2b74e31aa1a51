"""The options several commands share are declared once, in paperkg/cli/options.py, and every command
that has one gets the same name, help and default from there."""

from pathlib import Path

from typer.main import get_command

from paperkg.cli import app
from paperkg.cli.options import DEFAULT_DB, NEO4J_HELP, PROFILE_HELP, STORE_HELP

CLI = Path(__file__).resolve().parents[2] / "paperkg" / "cli"
# declared only in options.py; --json and --format also have command-specific variants
SHARED = ("--db", "--neo4j", "--profile")


def _commands(cmd, path=()):
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def _options(name: str):
    for path, cmd in _commands(get_command(app)):
        for p in cmd.params:
            if p.param_type_name == "option" and name in p.opts:
                yield " ".join(path), p


def test_shared_options_are_declared_only_in_options_py():
    found = []
    for path in sorted(CLI.glob("*.py")):
        if path.name == "options.py":
            continue
        text = path.read_text(encoding="utf-8")
        # the name as a whole string literal is a declaration (help texts and examples quote it in text)
        found += [f"{path.name}: {name}" for name in SHARED if f'"{name}"' in text]
    assert found == []


def test_db_is_the_store_everywhere():
    seen = {cmd: (p.help, p.default) for cmd, p in _options("--db")}
    assert len(seen) >= 13  # 7 analytics, query, export, viz and its 3 pages, build, load-neo4j
    for cmd, (help_, default) in seen.items():
        if cmd == "build":
            assert help_ == "The store file (created when missing)." and default == DEFAULT_DB
        elif cmd in ("load-neo4j", "viz method", "viz dataset", "viz paper"):
            assert help_ == STORE_HELP and default is None, cmd  # optional / viz's own --db
        else:
            assert help_ == STORE_HELP and default == DEFAULT_DB, cmd
    assert str(DEFAULT_DB) == "paperkg.db"  # what the README says


def test_neo4j_and_profile_are_the_same_everywhere():
    neo4j = dict(_options("--neo4j"))
    assert set(neo4j) == {"cites-like", "leaderboard", "query"}
    assert all(p.help == NEO4J_HELP and p.default is False for p in neo4j.values())
    profile = dict(_options("--profile"))
    assert set(profile) == {"extract", "build", "eval"}
    assert all(p.help == PROFILE_HELP and p.default == "accurate" for p in profile.values())
