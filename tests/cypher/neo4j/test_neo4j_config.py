"""Neo4j settings: environment, private config files, and a password that never shows."""

from __future__ import annotations

import logging
import os

import pytest

from paperkg.cypher.neo4j.config import DEFAULT_URI, Neo4jConfigError, load_config

SECRET = "s3cret-Pa55word"


def _file(tmp_path, text, mode=0o600):
    path = tmp_path / "neo4j.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_environment_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # no default file there
    env = {"NEO4J_URI": "bolt://db:7687", "NEO4J_USERNAME": "reader", "NEO4J_PASSWORD": SECRET,
           "NEO4J_DATABASE": "papers"}
    cfg = load_config(env=env)
    assert (cfg.uri, cfg.user, cfg.password, cfg.database) == ("bolt://db:7687", "reader", SECRET, "papers")
    assert cfg.auth == ("reader", SECRET)
    assert cfg.source == "environment"


def test_neo4j_user_wins_over_neo4j_username(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_config(env={"NEO4J_USER": "a", "NEO4J_USERNAME": "b"}).user == "a"


def test_defaults_without_anything(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    cfg = load_config(env={})
    assert cfg.uri == DEFAULT_URI and cfg.user == "neo4j" and cfg.password is None and cfg.auth is None


def test_private_file_is_read_and_environment_overrides_it(tmp_path):
    path = _file(tmp_path, f'uri = "neo4j://file:7687"\nuser = "alice"\npassword = "{SECRET}"\n')
    cfg = load_config(path, env={})
    assert (cfg.uri, cfg.user, cfg.password) == ("neo4j://file:7687", "alice", SECRET)
    cfg = load_config(path, env={"NEO4J_URI": "bolt://env:7687"})
    assert cfg.uri == "bolt://env:7687" and cfg.user == "alice"
    assert cfg.source == f"{path} + environment"


def test_a_neo4j_table_is_accepted(tmp_path):
    path = _file(tmp_path, '[neo4j]\nuri = "bolt://t:7687"\n')
    assert load_config(path, env={}).uri == "bolt://t:7687"


def test_default_file_is_used_when_present(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "paperkg").mkdir()
    _file(tmp_path / "paperkg", 'database = "kg"\n')
    assert load_config(env={}).database == "kg"
    assert load_config(env={}, use_default_file=False).database is None


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_file_others_can_read_is_refused(tmp_path, mode):
    path = _file(tmp_path, f'password = "{SECRET}"\n', mode)
    with pytest.raises(Neo4jConfigError) as info:
        load_config(path, env={})
    message = str(info.value)
    assert f"chmod 600 {path}" in message and f"{mode:04o}" in message
    assert SECRET not in message


@pytest.mark.parametrize(("text", "expected"), [
    ('passwd = "x"\n', "unknown key(s) passwd"),
    ("uri = 7687\n", "uri must be a string"),
    ("uri = \n", "not valid TOML"),
])
def test_bad_files_give_one_line_errors(tmp_path, text, expected):
    with pytest.raises(Neo4jConfigError) as info:
        load_config(_file(tmp_path, text), env={})
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_a_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(Neo4jConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", env={})


def test_the_password_never_appears_in_repr_str_or_logs(tmp_path, caplog):
    cfg = load_config(_file(tmp_path, f'password = "{SECRET}"\n'), env={})
    assert SECRET not in repr(cfg) and SECRET not in str(cfg) and SECRET not in f"{cfg}"
    assert "password='***'" in repr(cfg)
    assert SECRET not in cfg.describe()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("paperkg.test").debug("settings: %s %r", cfg, cfg)
    assert SECRET not in caplog.text
    assert SECRET not in repr([cfg]) and SECRET not in repr({"c": cfg})
