"""The root of the CLI: version, help, and that every command explains itself."""

from typer.testing import CliRunner

from paperkg import __version__
from paperkg.cli import app

runner = CliRunner()


def _name(cmd):
    return cmd.name or cmd.callback.__name__.replace("_", "-")


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"paperkg {__version__}"


def test_help_lists_every_command_with_a_summary():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = [_name(c) for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert {"read", "extract", "eval", "build", "query", "queries", "cites-like", "viz"} <= set(commands)
    for cmd in app.registered_commands:
        assert cmd.help and len(cmd.help.strip()) > 10, cmd.name
    assert "Examples" in result.stdout


def test_every_command_has_help():
    for cmd in app.registered_commands:
        name = _name(cmd)
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
