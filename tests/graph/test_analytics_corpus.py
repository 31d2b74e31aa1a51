"""cites-like on the real sample corpus: facts a reader can check against the annotated dev gold.

Every annotated paper whose gold methods name the method (any surface form, compared on letters and
digits, singular or plural) and which is in the sample corpus must be among the method's direct
results. The expected sets come from tests/data/dev_gold.jsonl, never from a hand-made list.

The store is built with the fast profile, whose extraction of these four names on those papers is
complete, so that a missing paper is an error of cites-like and not of the extractor (the accurate
profile does not take "transformer layers" for a mention of the Transformer; extraction recall
is tests/extract/test_quality.py's business).
"""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.analytics.lookups_on_store import cites_like_on_store
from paperkg.cypher.ladybug import open_store, to_networkx
from paperkg.graph.analytics import cites_like
from paperkg.util.names import alnum_key

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "dev_gold.jsonl"
CORPUS = ROOT / "examples" / "hf-daily-papers"
METHODS = ["LoRA", "Transformer", "GPT-4", "reinforcement learning"]

runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "paperkg.db"
    result = runner.invoke(app, ["build", str(CORPUS), "--db", str(path), "--profile", "fast"])
    assert result.exit_code == 0, result.output
    return str(path)


@pytest.fixture(scope="module")
def corpus_ids(db):
    with open_store(db) as store:
        return {r[0] for r in store.run("MATCH (p:Paper) RETURN p.id").rows}


def gold_papers_naming(method: str, corpus_ids: set[str]) -> set[str]:
    key = alnum_key(method)
    out = set()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        forms = {alnum_key(f) for entity in g["methods"] for f in entity}
        if g["id"] in corpus_ids and (key in forms or key + "s" in forms):
            out.add(g["id"])
    return out


@pytest.mark.parametrize("method", METHODS)
def test_gold_papers_naming_the_method_are_direct_results(db, corpus_ids, method):
    expected = gold_papers_naming(method, corpus_ids)
    assert expected, f"the gold file names {method} in no corpus paper: the test would prove nothing"
    args = ["cites-like", method, "--db", db, "--limit", "1000", "--related", "0", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    direct = {r["id"] for r in rows if r["direct"]}
    assert expected <= direct, f"missing for {method}: {sorted(expected - direct)}"
    assert all(r["evidence"] for r in rows)


def test_unknown_name_gives_suggestions_not_a_traceback(db):
    result = runner.invoke(app, ["cites-like", "Transformr", "--db", db])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no method named Transformr; did you mean: ")
    assert "Transformer" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("limit", [3, 50])
@pytest.mark.parametrize("method", METHODS)
def test_store_and_memory_agree_on_the_corpus(db, method, limit):
    with open_store(db) as store:
        G = to_networkx(store)
        key = alnum_key(method)
        node = next(n for n, d in G.nodes(data=True)
                    if d.get("label") == "Method" and alnum_key(d["name"]) == key)
        on_store = cites_like_on_store(store, G.nodes[node]["id"], limit=limit)
        assert on_store == cites_like(G, node, limit=limit)
