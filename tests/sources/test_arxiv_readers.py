"""The arXiv metadata snapshot and arXiv API Atom readers."""

from __future__ import annotations

from pathlib import Path

from paperkg.sources import ProblemLog, iter_records

FIXTURES = Path(__file__).parent / "fixtures"

ENTRY = """  <entry>
    <id>http://arxiv.org/abs/{id}v1</id>
    <published>2020-03-0{n}T00:00:00Z</published>
    <title>Paper {n}</title>
    <summary>Abstract {n}.</summary>
  </entry>
"""


def read(path, **kw):
    problems = ProblemLog(on_problem=None)
    return list(iter_records(path, problems=problems, **kw)), problems


def test_snapshot_records_whitespace_dates_and_bad_lines():
    recs, problems = read(FIXTURES / "arxiv-snapshot.json")
    assert [r.id for r in recs] == ["2101.00001", "hep-th/9901001", "2101.00004"]
    first = recs[0]
    assert first.title == "Sparse Adapters for Low-Resource Translation"
    assert first.abstract == (
        "We propose sparse adapters for translation. On FLORES-101 our method improves "
        "BLEU by 2.1 points over full fine-tuning."
    )
    assert first.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert (first.date, first.year) == ("2021-01-04", 2021)  # first version, not the update
    assert first.categories == ["cs.CL", "cs.LG"] and first.doi == "10.1000/abc.123"
    assert first.url == "https://arxiv.org/abs/2101.00001"
    assert recs[1].authors == ["A. Einstein", "N. Bohr"]  # from the string when authors_parsed is empty
    assert (recs[2].date, recs[2].year) == ("2021-01-06", 2021)  # update_date when no versions
    assert {r.sources[0].format for r in recs} == {"arxiv"}
    assert [(p.reason, p.line) for p in problems.problems] == [("invalid-json", 3), ("missing-title", 4)]


def test_atom_feed_entries():
    recs, problems = read(FIXTURES / "arxiv-feed.xml")
    assert [r.id for r in recs] == ["2101.00001", "2102.00007"]
    first = recs[0]
    assert first.title == "Sparse Adapters for Low-Resource Translation"
    assert first.abstract.startswith("We propose sparse adapters") and "\n" not in first.abstract
    assert first.authors == ["Ada Lovelace", "Alan Turing"] and first.organizations == [
        "Analytical Engine Lab"
    ]
    assert (first.date, first.year, first.doi) == ("2021-01-04", 2021, "10.1000/abc.123")
    assert first.categories == ["cs.CL", "cs.LG"] and first.url == "http://arxiv.org/abs/2101.00001v2"
    assert first.sources[0].line == 8 and first.sources[0].format == "atom"
    assert recs[1].title == "Contrastive Pretraining & Retrieval"
    assert [(p.reason, p.line) for p in problems.problems] == [("missing-title", 32)]


def test_malformed_atom_keeps_earlier_entries_and_names_the_line(tmp_path):
    body = (
        ENTRY.format(id="2003.00001", n=1)
        + "  <entry><title>Broken</entry>\n"
        + ENTRY.format(id="2003.00003", n=3)
    )
    path = tmp_path / "feed.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n{body}</feed>\n',
        encoding="utf-8",
    )
    recs, problems = read(path)
    assert [r.id for r in recs] == ["2003.00001"]
    [p] = problems.problems
    assert p.reason == "invalid-xml" and p.line == 9 and p.path == str(path)


def test_entity_expansion_is_refused(tmp_path):
    path = tmp_path / "lol.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE feed [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>&lol2;</title></entry></feed>\n',
        encoding="utf-8",
    )
    recs, problems = read(path)
    assert recs == []
    assert [p.reason for p in problems.problems] == ["unsafe-xml"]


def test_api_error_entry_is_reported(tmp_path):
    path = tmp_path / "err.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n'
        "<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>\n<title>Error</title>\n"
        "<summary>incorrect id format for 1234</summary>\n</entry>\n</feed>\n",
        encoding="utf-8",
    )
    recs, problems = read(path)
    assert recs == []
    [p] = problems.problems
    assert (p.reason, p.line) == ("api-error", 3) and "incorrect id format" in p.message
