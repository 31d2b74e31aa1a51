"""Hugging Face Daily Papers API JSON: days' arrays, single entries, bare papers, JSONL, .gz, folders."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from paperkg.sources import FORMATS, READERS, ProblemLog, detect_format, iter_records, read_papers
from paperkg.sources.detect import sniff

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
ARCHIVE = ROOT / "examples" / "hf-daily-api"


def paper(pid: str, title: str, summary: object = "We propose a method. It works.", upvotes: int = 3,
          **extra) -> dict:
    return {
        "id": pid,
        "authors": [{"_id": "a1", "name": "Ann Lee", "hidden": False},
                    {"_id": "a2", "name": "  Bo\nChen ", "hidden": True},
                    {"_id": "a3", "name": "", "hidden": False}],
        "publishedAt": "2026-08-13T00:00:00.000Z",
        "submittedOnDailyAt": "2026-08-14T00:00:00.000Z",
        "title": title,
        "summary": summary,
        "upvotes": upvotes,
        "ai_summary": "A machine-written summary.",
        "ai_keywords": ["method", "benchmark"],
        **extra,
    }


def entry(p: dict, **extra) -> dict:
    return {"paper": p, "publishedAt": "2026-08-13T20:00:00.000Z", "title": p.get("title"),
            "numComments": 2, "submittedBy": {"_id": "u1", "user": "someone"}, **extra}


def read(path, **kw):
    problems = ProblemLog(on_problem=None)
    return list(iter_records(path, problems=problems, **kw)), problems


NARU = "NARU: A Benchmark for NARrative Evolution\n  and Cultural Nuance"
DAY = [
    entry(paper("2608.13210", NARU, upvotes=12)),
    entry(paper("2608.00002", "Second Paper", upvotes=5)),
]


def test_format_is_registered():
    assert "hf-api" in FORMATS and "hf-api" in READERS


def test_day_array_maps_every_field(tmp_path):
    path = tmp_path / "2026-08-21.json"
    path.write_text(json.dumps(DAY, indent=1), encoding="utf-8")
    assert detect_format(path) == "hf-api"
    recs, problems = read(path)
    assert not problems.problems
    first, second = recs
    assert first.id == first.arxiv_id == "2608.13210"
    assert first.title == "NARU: A Benchmark for NARrative Evolution and Cultural Nuance"
    assert first.abstract == "We propose a method. It works."
    assert first.authors == ["Ann Lee", "Bo Chen"] and first.authors_count == 2  # hidden kept, empty not
    assert (first.date, first.year, first.upvotes) == ("2026-08-13", 2026, 12)
    assert first.url == "https://huggingface.co/papers/2608.13210"
    assert first.sources[0].format == "hf-api" and first.sources[0].line == 2
    assert second.id == "2608.00002" and second.sources[0].line > first.sources[0].line
    # the listing day, the comment count and Hugging Face's keywords are metadata; its summary is not kept
    assert (first.listed, first.comments, first.keywords) == ("2026-08-14", 2, ["method", "benchmark"])
    assert "machine-written summary" not in json.dumps(first.to_dict())


def test_listing_day_from_a_day_file_name_when_the_paper_does_not_say(tmp_path):
    p = paper("2608.00010", "Old Response")
    del p["submittedOnDailyAt"], p["ai_keywords"]
    (tmp_path / "2024-05-27.json.gz").write_bytes(gzip.compress(json.dumps([entry(p)]).encode()))
    (tmp_path / "saved.json").write_text(json.dumps([entry(paper("2608.00011", "Other", **{
        "submittedOnDailyAt": None}))]), encoding="utf-8")
    recs, _ = read(tmp_path)
    by_id = {r.id: r for r in recs}
    assert by_id["2608.00010"].listed == "2024-05-27" and by_id["2608.00010"].keywords == []
    assert by_id["2608.00011"].listed is None  # never guessed from publishedAt


def test_a_paper_listed_twice_keeps_its_first_day_and_most_comments(tmp_path):
    early = entry(paper("2608.00012", "Twice", submittedOnDailyAt="2026-08-10T00:00:00.000Z",
                        ai_keywords=["a"]), numComments=1)
    late = entry(paper("2608.00012", "Twice", submittedOnDailyAt="2026-08-12T00:00:00.000Z",
                       ai_keywords=["a", "b"]), numComments=5)
    (tmp_path / "x.json").write_text(json.dumps([late, early]), encoding="utf-8")
    [rec] = read_papers(tmp_path / "x.json", problems=ProblemLog(on_problem=None))
    assert (rec.listed, rec.comments, rec.keywords) == ("2026-08-10", 5, ["a", "b"])


def test_white_space_and_line_breaks_in_title_and_abstract_fold(tmp_path):
    path = tmp_path / "day.json"
    p = paper("2608.00003", "Title\n  over\r\n\tthree lines ", summary="An abstract\nwith  a\n\nbreak.")
    path.write_text(json.dumps([entry(p)]), encoding="utf-8")
    [rec], _ = read(path)
    assert rec.title == "Title over three lines" and rec.abstract == "An abstract with a break."


def test_paper_fields_win_and_entry_fields_fill_in(tmp_path):
    p = paper("2608.00004", "Clean Title", organization={"name": "nvidia", "fullname": "NVIDIA"})
    withdrawn = paper("2608.00005", None, summary=None)
    del withdrawn["title"], withdrawn["summary"]
    path = tmp_path / "day.json"
    path.write_text(json.dumps([entry(p, title="Clean \\textsc{Title}"),
                                entry(withdrawn, title="From\n the Entry", summary="Entry abstract.")]))
    first, second = read(path)[0]
    assert first.title == "Clean Title" and first.organizations == ["NVIDIA"]
    assert (second.title, second.abstract) == ("From the Entry", "Entry abstract.")


def test_single_entry_and_bare_paper_objects(tmp_path):
    one = tmp_path / "entry.json"
    one.write_text(json.dumps(DAY[0], indent=2), encoding="utf-8")
    bare = tmp_path / "paper.json"
    bare.write_text(json.dumps(paper("2608.13210", "Bare Title", upvotes=40)), encoding="utf-8")
    assert detect_format(one) == detect_format(bare) == "hf-api"
    [a], _ = read(one)
    [b], _ = read(bare)
    assert a.id == b.id == "2608.13210" and a.upvotes == 12 and b.upvotes == 40
    assert b.title == "Bare Title" and b.url == "https://huggingface.co/papers/2608.13210"


def test_jsonl_of_entries_papers_and_day_arrays(tmp_path):
    path = tmp_path / "listings.jsonl"
    lines = [DAY, entry(paper("2608.00010", "Entry Line")), paper("2608.00011", "Paper Line")]
    path.write_text("".join(json.dumps(v) + "\n" for v in lines), encoding="utf-8")
    assert detect_format(path) == "hf-api"
    recs, problems = read(path)
    assert not problems.problems
    assert [(r.id, r.sources[0].line) for r in recs] == [
        ("2608.13210", 1), ("2608.00002", 1), ("2608.00010", 2), ("2608.00011", 3)]
    entries = tmp_path / "entries.jsonl.gz"  # lines of objects need no .jsonl name, but may have one
    with gzip.open(entries, "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(v) + "\n" for v in lines[1:]))
    assert [r.id for r in read(entries)[0]] == ["2608.00010", "2608.00011"]


def test_gzip_and_directory_of_days(tmp_path):
    days = tmp_path / "days"
    days.mkdir()
    for day, entries in (("2026-08-20", DAY[:1]), ("2026-08-21", DAY[1:])):
        with gzip.open(days / f"{day}.json.gz", "wt", encoding="utf-8") as fh:
            json.dump(entries, fh, indent=1)
    (days / "NOTICE").write_text("Where the files come from.\n", encoding="utf-8")
    assert detect_format(days / "2026-08-20.json.gz") == "hf-api"
    ignored: list[str] = []
    recs, problems = read(days, ignored=ignored)
    assert not problems.problems and [Path(p).name for p in ignored] == ["NOTICE"]
    assert [(r.id, Path(r.sources[0].path).name) for r in recs] == [
        ("2608.13210", "2026-08-20.json.gz"), ("2608.00002", "2026-08-21.json.gz")]


def test_paper_listed_on_two_days_is_one_record(tmp_path):
    again = paper("2608.13210", NARU, upvotes=54)
    (tmp_path / "2026-08-20.json").write_text(json.dumps(DAY), encoding="utf-8")
    (tmp_path / "2026-08-26.json").write_text(json.dumps([entry(again)]), encoding="utf-8")
    problems = ProblemLog(on_problem=None)
    assert len(list(iter_records(tmp_path, problems=ProblemLog(on_problem=None)))) == 3
    papers = read_papers(tmp_path, problems=problems)
    assert [p.id for p in papers] == ["2608.13210", "2608.00002"] and not problems.problems
    naru = papers[0]
    assert naru.upvotes == 54 and [Path(s.path).name for s in naru.sources] == ["2026-08-20.json",
                                                                                 "2026-08-26.json"]


def test_malformed_entries_are_reported_by_file_and_position_and_the_rest_is_read(tmp_path):
    no_title = paper("2608.00022", None)
    del no_title["title"]
    entries = [
        entry(paper("2608.00020", "Good One")),
        "not an entry",
        {"publishedAt": "2026-08-13T20:00:00.000Z", "title": "No Paper", "numComments": 0},
        {"paper": ["not", "an", "object"], "title": "Paper Is A List", "numComments": 0},
        {"paper": no_title, "numComments": 0},
        entry(paper("2608.00023", "Summary Is A Number", summary=42)),
        entry(paper("2608.00024", "Good Two")),
    ]
    compact = tmp_path / "compact.json"  # what the API sends: everything on one line
    compact.write_text(json.dumps(entries), encoding="utf-8")
    recs, problems = read(compact)
    assert [r.id for r in recs] == ["2608.00020", "2608.00023", "2608.00024"]
    assert recs[1].abstract is None and recs[1].title == "Summary Is A Number"
    got = [(Path(p.path).name, p.line, p.reason, p.message.split(":")[0]) for p in problems.problems]
    assert got == [
        ("compact.json", 1, "not-an-object", "entry 2"),
        ("compact.json", 1, "missing-paper", "entry 3"),
        ("compact.json", 1, "missing-paper", "entry 4"),
        ("compact.json", 1, "missing-title", "entry 5"),
        ("compact.json", 1, "bad-field", "entry 6"),
    ]
    pretty = tmp_path / "pretty.json"  # pretty-printed, the line says where as well
    pretty.write_text(json.dumps(entries, indent=1), encoding="utf-8")
    recs, problems = read(pretty)
    assert len(recs) == 3
    text = pretty.read_text(encoding="utf-8").splitlines()
    assert text[problems.problems[0].line - 1].strip() == '"not an entry",'
    assert '"No Paper"' in "".join(text[problems.problems[1].line - 1:problems.problems[1].line + 3])


def test_broken_json_keeps_the_entries_before_it(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(DAY, indent=1)[:-40], encoding="utf-8")
    recs, problems = read(path)
    assert [r.id for r in recs] == ["2608.13210"]
    assert [p.reason for p in problems.problems] == ["invalid-json"]


def test_ids_fall_back_by_the_usual_rules(tmp_path):
    path = tmp_path / "day.json"
    odd = [entry(paper("2608.00030v2", "Versioned Id")), entry(paper("not-arxiv", "Own Id")),
           entry(paper(None, "No Id At All"))]
    path.write_text(json.dumps(odd), encoding="utf-8")
    recs, _ = read(path)
    assert [(r.id, r.arxiv_id, r.url) for r in recs] == [
        ("2608.00030", "2608.00030", "https://huggingface.co/papers/2608.00030"),
        ("not-arxiv", None, None),
        ("no-id-at-all", None, None),
    ]


def test_big_first_entry_is_still_detected(tmp_path):
    many = paper("2608.00040", "A Paper With Many Authors")
    many["authors"] = [{"_id": f"{i:024x}", "name": f"Author Number {i}", "hidden": False}
                       for i in range(2_000)]
    path = tmp_path / "day.json"
    path.write_text(json.dumps([entry(many)] + DAY, indent=1), encoding="utf-8")
    assert path.stat().st_size > 64 * 1024
    assert detect_format(path) == "hf-api"
    recs, _ = read(path)
    assert recs[0].authors_count == 2_000 and len(recs) == 3


@pytest.mark.parametrize("record", [
    {"title": "Generic", "summary": "A generic record.", "upvotes": 4, "id": "g1"},
    {"title": "Generic", "abstract": "Text.", "authors": [{"name": "Ann Lee"}], "id": "g2"},
    {"title": "Generic", "paper": "a string field named paper"},
    {"paper": {"id": "2608.00001", "title": "A part line", "abstract": "Text.", "authors": ["Ann Lee"]},
     "extraction": {"methods": []}},
])
def test_generic_json_records_stay_generic(record):
    text = json.dumps(record)
    assert sniff(text, ".json") == "json" and sniff(text + "\n" + text + "\n", ".jsonl") == "jsonl"


@pytest.mark.parametrize("name,fmt", [
    ("daily-page.txt", "hf-daily"), ("papers.jsonl", "jsonl"), ("papers.json", "json"),
    ("arxiv-snapshot.json", "arxiv"), ("arxiv-feed.xml", "atom"), ("openalex-works.json", "openalex"),
])
def test_other_formats_fixtures_keep_their_format(name, fmt):
    assert detect_format(FIXTURES / name) == fmt


def test_three_real_archive_days():
    files = sorted(ARCHIVE.glob("*.json.gz"))
    chosen = [files[0], files[len(files) // 2], files[-1]]
    problems = ProblemLog(on_problem=None)
    recs = list(iter_records(chosen, problems=problems))
    assert not problems.problems and len(recs) >= 3
    assert {r.sources[0].format for r in recs} == {"hf-api"}
    for r in recs:
        assert re.fullmatch(r"\d{4}\.\d{4,5}", r.id) and r.arxiv_id == r.id, r.id
        assert r.has_abstract and len(r.abstract) > 100 and "\n" not in r.title + r.abstract, r.id
        assert r.authors and r.date and r.upvotes is not None, r.id
