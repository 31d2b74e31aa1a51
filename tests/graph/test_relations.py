"""Relations as extracted: proposes, compares, uses and mentions kept apart from the build to the answers.

The hand-made papers of relations_corpus.py name LoRA in each of the four ways; the same relations must
come out of the in-memory graph, the LadybugDB store (written at once, in pieces and twice), the named
query, the cites-like paths (memory, store, rankings index, CLI) and the neo4j-admin export.
"""

from __future__ import annotations

import csv
import json

import pytest
from relations_corpus import CITES_ORDER, EVIDENCE, LORA, RELATIONS, corpus, graph, relations_of
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.analytics import rankings as rk
from paperkg.cypher.analytics.lookups_on_store import cached, cites_like_on_store, direct_key
from paperkg.cypher.ladybug import LadybugStore, to_networkx
from paperkg.cypher.library import run_named
from paperkg.extract.model import Mention
from paperkg.graph.analytics import cites_like
from paperkg.graph.build import build_graph, fragment
from paperkg.graph.context import paper_entities
from paperkg.graph.relations import COMPARES, MENTIONS, USES, cues, mention_relations, strongest
from paperkg.graph.resolve import Resolver

runner = CliRunner()


# -- the rule ---------------------------------------------------------------------------------------------


def _read(sentence: str, name: str, others: tuple[str, ...] = ()) -> str:
    """The relation the cue words give ``name`` in ``sentence`` (other names become one word each)."""
    def m(form: str) -> Mention:
        i = sentence.index(form)
        return Mention("abstract", i, i + len(form), sentence, form)
    target = m(name)
    return mention_relations({"abstract": sentence}, [target, *map(m, others)], [target])[target]


@pytest.mark.parametrize(("sentence", "name", "others", "want"), [
    ("We compare with LoRA on GLUE.", "LoRA", (), COMPARES),
    ("Our method outperforms LoRA, DoRA and PiSSA by 2 points.", "PiSSA", ("LoRA", "DoRA"), COMPARES),
    ("It is compared to strong baselines such as LoRA.", "LoRA", (), COMPARES),
    ("It is 3x faster than LoRA.", "LoRA", (), COMPARES),
    ("We use LoRA as a baseline.", "LoRA", (), COMPARES),  # uses before, compares after: the stronger
    ("We fine-tune Llama 2 with LoRA.", "LoRA", ("Llama 2",), USES),
    ("Our model is built upon LoRA.", "LoRA", (), USES),
    ("A detector with a ResNet backbone.", "ResNet", (), USES),
    ("Methods such as LoRA are popular.", "LoRA", (), MENTIONS),
    ("LoRA outperforms full fine-tuning.", "LoRA", (), MENTIONS),  # the subject is not compared
    ("We compare two settings; LoRA is cheap.", "LoRA", (), MENTIONS),  # a barrier ends the window
    ("We compare the quality of outputs from ten different models and LoRA.", "LoRA", (), MENTIONS),  # far
])
def test_cue_words_in_a_window_around_the_mention(sentence, name, others, want):
    assert _read(sentence, name, others) == want


def test_the_cue_words_come_from_the_data_file():
    c = cues()
    assert (c.before, c.after) == (6, 3)
    assert ("outperforms",) in {p for p, rel in c.ending["outperforms"] if rel == COMPARES}
    assert ("build", "on") in {p for p, rel in c.ending["on"] if rel == USES}
    assert "," in c.skip and "the" in c.skip and ";" in c.barrier
    assert strongest([MENTIONS, USES, COMPARES, USES]) == COMPARES and strongest([]) == MENTIONS


def test_a_mention_whose_sentence_is_not_in_the_text_only_mentions():
    gone = Mention("abstract", 0, 4, "We compare with LoRA.", "LoRA")
    assert mention_relations({"abstract": "Text edited since."}, [gone], [gone]) == {gone: MENTIONS}


# -- the graph ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def G():
    return graph()


def test_each_paper_gets_its_relation_in_the_graph(G):
    assert relations_of(G) == RELATIONS
    relations = {d["relation"] for *_, d in G.edges(data=True) if d["type"] == "USES"}
    assert relations == {COMPARES, USES, MENTIONS}
    assert all("relation" not in d for *_, d in G.edges(data=True) if d["type"] != "USES")


def test_the_edge_evidence_shows_the_relation(G):
    for pid, sentence in EVIDENCE.items():
        d = G.edges[f"Paper:{pid}", LORA, "USES"]
        assert d["sentence"] == sentence
        text = G.nodes[f"Paper:{pid}"]["abstract"]
        assert text[d["start"]:d["end"]] == "LoRA" and sentence in text
    assert G.edges["Paper:r8", LORA, "USES"]["mentions"] == 2  # every mention counts, whatever the relation


def test_relations_do_not_depend_on_the_batch():
    pairs = corpus()
    resolver = Resolver(per_paper=False)
    for rec, ext in pairs:
        for ent in paper_entities(rec, ext):
            resolver.add(rec.id, ent)
    res = resolver.resolve()
    merged = {}
    for part in (pairs[:3], pairs[3:]):
        merged.update(relations_of(fragment(part, res)))
    assert merged == RELATIONS


# -- the store -------------------------------------------------------------------------------------------


def _stored(store) -> dict[str, str]:
    rows = store.run("MATCH (p:Paper)-[r:PROPOSES|USES]->(m:Method {id: 'lora'}) "
                     "RETURN p.id AS paper, coalesce(r.relation, 'proposes') AS relation").records()
    return {r["paper"]: r["relation"] for r in rows}


@pytest.fixture(scope="module")
def db(G, tmp_path_factory):
    path = tmp_path_factory.mktemp("rel") / "rel.db"
    with LadybugStore(path) as s:
        s.write_graph(G)
    return path


def test_the_store_keeps_the_relations(db, G):
    with LadybugStore(db, read_only=True) as s:
        assert _stored(s) == RELATIONS
        back = to_networkx(s)
    assert relations_of(back) == RELATIONS
    assert {(u, v): d["sentence"] for u, v, d in back.edges(data=True) if d["type"] == "USES"} == {
        (u, v): d["sentence"] for u, v, d in G.edges(data=True) if d["type"] == "USES"}


def test_writing_in_pieces_or_twice_gives_the_same_store(tmp_path):
    pairs = corpus()
    with LadybugStore(tmp_path / "pieces.db") as s:
        s.write_graph(build_graph(pairs[:4]))
        s.write_graph(build_graph(pairs))  # an update: every paper again, the first four unchanged
        s.write_graph(build_graph(pairs), method="merge")  # the same again changes nothing
        assert _stored(s) == RELATIONS
        n = s.run("MATCH ()-[r:USES]->() RETURN count(r) AS n").records()[0]["n"]
    assert n == sum(1 for *_, d in build_graph(pairs).edges(data=True) if d["type"] == "USES")


# -- the answers -----------------------------------------------------------------------------------------


def test_cites_like_lists_each_relation_in_memory_and_on_the_store(G, db):
    rows = cites_like(G, LORA, related=0)
    assert [(r.id, r.relation) for r in rows] == [(p, RELATIONS[p]) for p in CITES_ORDER]
    assert {r.id: r.evidence for r in rows if r.id in EVIDENCE} == EVIDENCE
    with LadybugStore(db, read_only=True) as s:
        for limit in (1, 3, 4, 8):
            assert cites_like_on_store(s, "lora", limit=limit, related=0) == cites_like(G, LORA, limit, 0)


def test_the_named_query_gives_the_same_rows(G, db):
    with LadybugStore(db, read_only=True) as s:
        rows = run_named(s, "cites-like", {"method": "lora"}).records()
        assert run_named(s, "cites-like", {"method": "LoRA", "limit": 3}).records() == rows[:3]
    expected = cites_like(G, LORA, related=0)
    assert [(r["paper"], r["relation"], r["tier"], r["score"], r["evidence"]) for r in rows] == [
        (r.id, r.relation, r.tier, r.score, r.evidence) for r in expected]
    assert {r["paper"]: r["relation"] for r in rows} == RELATIONS


def test_the_paper_query_says_how(db):
    with LadybugStore(db, read_only=True) as s:
        for pid, relation in RELATIONS.items():
            rows = run_named(s, "paper", {"paper": pid}).records()
            lora = [r for r in rows if r["id"] == "lora"]
            assert [(r["relation"], r["how"]) for r in lora] == (
                [("PROPOSES", None)] if relation == "proposes" else [("USES", relation)])


def test_the_rankings_index_keeps_the_relations(G, tmp_path, monkeypatch):
    path = tmp_path / "indexed.db"
    with LadybugStore(path) as s:
        s.write_graph(G)
    monkeypatch.setattr(rk, "HUB_PAPERS", 0)  # every entity a hub: LoRA's rows come from the index
    monkeypatch.setattr(rk, "DIRECT_CAP", 5)
    with LadybugStore(path) as s:
        rk.refresh_rankings(s)
    with LadybugStore(path, read_only=True) as s:
        entry = cached(s, [direct_key("lora")])[direct_key("lora")]
        assert [r["relation"] for r in entry["rows"]] == [RELATIONS[p] for p in CITES_ORDER[:5]]
        assert not entry["complete"]  # 8 papers, 5 kept
        for limit in (3, 5, 8):  # from the index, then live past what it holds
            assert cites_like_on_store(s, "lora", limit=limit, related=0) == cites_like(G, LORA, limit, 0)


def test_the_cli_and_the_export_show_the_relations(db, tmp_path):
    r = runner.invoke(app, ["cites-like", "LoRA", "--db", str(db), "--related", "0", "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [(x["id"], x["relation"]) for x in rows] == [(p, RELATIONS[p]) for p in CITES_ORDER]
    r = runner.invoke(app, ["query", "cites-like", "-p", "method=LoRA", "--db", str(db), "--json"])
    assert [x["paper"] for x in json.loads(r.stdout)] == CITES_ORDER
    out = tmp_path / "csv"
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "neo4j-csv", "--out", str(out)])
    assert r.exit_code == 0, r.output
    with (out / "rels_USES_Paper_Method.csv").open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    col = next(i for i, h in enumerate(header) if h.startswith("relation"))
    got = {row[0]: row[col] for row in rows if row[1] == "lora"}
    assert got == {p: rel for p, rel in RELATIONS.items() if rel != "proposes"}
