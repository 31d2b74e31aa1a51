"""Read-only queries and user values as parameters: the store is unchanged by anything a user can type.

tests/cypher/test_library.py covers the guard's tokenizer on plain spellings and
tests/cli/test_store_cli.py the basic refusal; here: tricky spellings and procedure calls through
the real CLI, the read-only store behind the guard, and injection payloads through every command
that takes a name, each followed by a content-hash check of the real store.
"""

from __future__ import annotations

import json
import shutil

import pytest
from robustness_helpers import cli, graph_hash, one_line_messages

import paperkg.cypher.guard as guard


@pytest.fixture(scope="module")
def db(dev_db, tmp_path_factory):
    """A private copy of the dev store, and its content hash before any test touched it."""
    path = tmp_path_factory.mktemp("q") / "kg.db"
    shutil.copy(dev_db, path)
    return path, graph_hash(path)


REFUSED = [
    ("CREATE (:Paper {id: 'x'})", "CREATE"),
    ("create (:Paper {id: 'x'})", "CREATE"),
    ("MATCH (n) /* harmless? */ dEtAcH\n  DeLeTe n", "DETACH, DELETE"),
    ("MATCH (n:Paper) // comment\nSET n.title = 'x'", "SET"),
    ("MERGE (m:Method {id: 'x'})", "MERGE"),
    ("MATCH (n:Paper) REMOVE n.title", "REMOVE"),
    ("DROP TABLE Paper", "DROP"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD"),
    ("LOAD FROM '/etc/passwd' RETURN *", "LOAD"),
    ("COPY Paper FROM '/tmp/x.csv'", "COPY"),
    ("MATCH (n) RETURN n; MATCH (n) DETACH DELETE n", "DETACH, DELETE"),
    ("UNWIND [1] AS x CALL { CREATE (:Paper {id: 'z'}) } RETURN x", "CREATE"),
    ("FOREACH (x IN [1] | CREATE (:Paper {id: 'q'}))", "CREATE"),
    ("MATCH (n) WHERE n.title = 'it''s' DELETE n", "DELETE"),  # doubled quote does not hide DELETE
    ("MATCH (n) WHERE n.title = \"a\\\" \" DELETE n", "DELETE"),  # an escaped quote ends nothing early
    ("CALL CREATE_FTS_INDEX('Paper', 'idx', ['title'])", "CALL CREATE_FTS_INDEX"),
    ("call drop_fts_index('Paper', 'idx')", "CALL drop_fts_index"),
    ("CALL clear_warnings()", "CALL clear_warnings"),
    ("CALL threads=1", "CALL threads="),
    ("CALL db.index.fulltext.createNodeIndex('i', ['P'], ['t'])", "CALL db.index.fulltext.createNodeIndex"),
    ("CALL apoc.cypher.doIt('MATCH (n) DETACH DELETE n', {})", "CALL apoc.cypher.doIt"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "CALL apoc.periodic.iterate"),
    ("CALL dbms.security.createUser('eve', 'x', false)", "CALL dbms.security.createUser"),
    ("GRANT ALL ON DATABASE * TO eve", "GRANT"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("INSTALL httpfs", "INSTALL"),
    ("ATTACH '/tmp/other.db' AS other (dbtype lbug)", "ATTACH"),
]

ALLOWED = [
    "MATCH (n:Paper) WHERE n.title = 'CREATE DELETE SET' RETURN count(n) AS n",
    'MATCH (n:Paper) WHERE n.title = "MERGE (x) DETACH DELETE x" RETURN count(n) AS n',
    "MATCH (n:Paper) // DELETE everything\nRETURN count(n) AS n",
    "MATCH (n:Paper) /* SET n.x = 1 */ RETURN count(n) AS n",
    "MATCH (`CREATE`:Paper) RETURN count(`CREATE`) AS n",
    "MATCH (n:Method) RETURN n.name AS set LIMIT 1",
    "CALL show_tables() RETURN count(*) AS n",
    "CALL table_info('Paper') RETURN count(*) AS n",
    "CALL current_setting('threads') RETURN *",
]


def test_writes_are_refused_without_write(db):
    path, before = db
    for cypher, named in REFUSED:
        r = cli("query", cypher, "--db", path)
        assert r.exit_code == 2, (cypher, r.output)
        want = [f"error: {named} would change the store; add --write to allow it"]
        assert one_line_messages(r.stderr) == want, cypher
    assert graph_hash(path) == before


def test_keywords_in_strings_comments_and_names_are_not_refused(db):
    path, before = db
    for cypher in ALLOWED:
        r = cli("query", cypher, "--db", path, "--json")
        assert r.exit_code == 0, (cypher, r.output)
        assert json.loads(r.stdout), cypher
    assert graph_hash(path) == before


@pytest.mark.parametrize(
    "cypher",
    ["CREATE (:Paper {id: 'x'})", "MATCH (n) DETACH DELETE n", "MATCH (n:Paper) SET n.title = 'x'",
     "CALL clear_warnings()"],
)
def test_the_read_only_store_refuses_writes_the_guard_missed(db, cypher, monkeypatch):
    """Defence in depth: with the guard switched off, the store itself (opened read-only) refuses."""
    path, before = db
    monkeypatch.setattr(guard, "write_clauses", lambda _: [])
    r = cli("query", cypher, "--db", path)
    assert r.exit_code == 1
    assert one_line_messages(r.stderr)[0].startswith("error: query failed:")
    assert "read-only" in r.stderr
    assert graph_hash(path) == before


PAYLOADS = [
    "' OR 1=1 //",
    "\"}) DETACH DELETE n //",
    "LoRA'}) MATCH (n) DETACH DELETE n //",
    "LoRA\\'}) MATCH (n) DETACH DELETE n //",
    "`) DETACH DELETE n //",
    "$method",
    "{method}",
    "LoRA\n; MATCH (n) DETACH DELETE n",
    "\x00LoRA",
    "' UNION MATCH (n) DETACH DELETE n RETURN 1 AS x //",
    "a" * 5000,
]

COMMANDS = [
    lambda p: ["cites-like", p],
    lambda p: ["similar", p],
    lambda p: ["leaderboard", p],
    lambda p: ["leaderboard", "ImageNet", "--metric", p],
    lambda p: ["path", p, "LoRA"],
    lambda p: ["query", "cites-like", "--param", f"method={p}"],
    lambda p: ["query", "leaderboard", "--param", f"dataset={p}", "--param", f"metric={p}"],
    lambda p: ["query", "search", "--param", f"q={p}"],
    lambda p: ["query", "paper", "--param", f"paper={p}"],
    lambda p: ["query", "MATCH (m:Method) WHERE m.name = $name RETURN count(m) AS n", "--param", f"name={p}"],
]
COMMAND_IDS = ["cites-like", "similar", "leaderboard", "leaderboard-metric", "path", "query-cites-like",
               "query-leaderboard", "query-search", "query-paper", "query-param"]


@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
def test_injection_payloads_are_only_ever_values(db, command):
    path, before = db
    for payload in PAYLOADS:
        r = cli(*command(payload), "--db", path, "--json")
        assert r.exit_code in (0, 1), (payload, r.output)  # nothing found (1, one line) or an answer (0)
        if r.exit_code:
            assert len(one_line_messages(r.stderr)) == 1, payload
        else:
            json.loads(r.stdout)
    assert graph_hash(path) == before


@pytest.mark.parametrize("kind", ["method", "dataset", "paper"])
def test_viz_pages_take_hostile_names_as_values(db, kind, tmp_path):
    path, before = db
    page = tmp_path / "page.html"
    for payload in PAYLOADS[:9]:
        r = cli("viz", kind, payload, "-o", page, "--db", path, "--json")
        if r.exit_code == 0:  # the name normalises to a real one ("\x00LoRA" is LoRA): a normal page
            assert json.loads(r.stdout)["out"] == str(page) and page.exists(), payload
            page.unlink()
            continue
        assert r.exit_code == 1, (payload, r.output)  # no such entity: one line naming what was asked
        assert len(one_line_messages(r.stderr)) == 1, payload
        assert not page.exists()
    assert graph_hash(path) == before


def test_tried_counts():
    """For docs/reliability.md: how many hostile strings went through how many commands."""
    assert (len(REFUSED), len(ALLOWED), len(PAYLOADS), len(COMMANDS) + 3) == (27, 9, 11, 13)
