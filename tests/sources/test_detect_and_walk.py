"""Format detection, directory walking, .gz and --format overrides."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from paperkg.sources import FORMATS, ProblemLog, detect_format, iter_records, read_papers

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("daily-page.txt", "hf-daily"),
        ("papers.jsonl", "jsonl"),
        ("papers.json", "json"),
        ("arxiv-snapshot.json", "arxiv"),
        ("arxiv-feed.xml", "atom"),
        ("openalex-works.json", "openalex"),
    ],
)
def test_fixture_formats_are_detected(name, fmt):
    assert detect_format(FIXTURES / name) == fmt
    assert fmt in FORMATS


def test_detection_uses_content_not_just_extension(tmp_path):
    for src, dst in [
        ("arxiv-feed.xml", "feed.data"),
        ("openalex-works.json", "works.txt"),
        ("daily-page.txt", "page"),
    ]:
        shutil.copy(FIXTURES / src, tmp_path / dst)
    assert detect_format(tmp_path / "feed.data") == "atom"
    assert detect_format(tmp_path / "works.txt") == "openalex"
    assert detect_format(tmp_path / "page") == "hf-daily"
    assert detect_format(ROOT / "examples/hf-daily-papers/NOTICE") is None
    assert detect_format(ROOT / "examples/hf-daily-papers/000_4f797fd9db1731a9.txt") == "hf-daily"
    assert detect_format(tmp_path / "missing.json") is None


def test_gzip_is_read_transparently(tmp_path):
    for name in ("arxiv-snapshot.json", "daily-page.txt", "arxiv-feed.xml", "papers.json"):
        with (FIXTURES / name).open("rb") as src, gzip.open(tmp_path / f"{name}.gz", "wb") as dst:
            dst.write(src.read())
        plain = [r.to_dict() for r in iter_records(FIXTURES / name, problems=ProblemLog(on_problem=None))]
        zipped = [
            r.to_dict() for r in iter_records(tmp_path / f"{name}.gz", problems=ProblemLog(on_problem=None))
        ]
        for d in plain + zipped:
            d.pop("sources")
        assert zipped == plain and plain, name


def test_corrupt_gzip_is_one_problem(tmp_path):
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    problems = ProblemLog(on_problem=None)
    assert list(iter_records(path, problems=problems)) == []
    assert [p.reason for p in problems.problems] == ["unreadable"]


def test_directory_walk_is_sorted_recursive_and_skips_non_papers(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(FIXTURES / "papers.json", tmp_path / "b" / "z.json")
    shutil.copy(FIXTURES / "daily-page.txt", tmp_path / "a.txt")
    shutil.copy(FIXTURES / "daily-page.txt", tmp_path / ".hidden" / "x.txt")
    shutil.copy(FIXTURES / "daily-page.txt", tmp_path / ".dotfile.txt")
    (tmp_path / "README.md").write_text("# Not papers\n", encoding="utf-8")
    (tmp_path / "NOTICE").write_text("Copyright notes.\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    problems = ProblemLog(on_problem=None)
    ignored: list[str] = []
    recs = list(iter_records(tmp_path, problems=problems, ignored=ignored))
    assert [Path(r.sources[0].path).name for r in recs] == ["a.txt"] * 4 + ["z.json"] * 2
    assert sorted(Path(p).name for p in ignored) == sorted(
        [".dotfile.txt", "NOTICE", "README.md", "logo.png", "notes.csv"]
    )
    notes = [p for p in problems.problems if p.reason == "not-a-paper-file"]
    assert len(notes) == 1 and "2 file(s)" in notes[0].message  # one line for the whole directory


def test_seed_directory_skips_notice_silently():
    problems = ProblemLog(on_problem=None)
    ignored: list[str] = []
    assert len(read_papers(ROOT / "examples/hf-daily-papers", problems=problems, ignored=ignored)) == 315
    assert [Path(p).name for p in ignored] == ["NOTICE"] and not problems.problems


def test_format_override(tmp_path):
    path = tmp_path / "records.dat"
    path.write_text("Just One Line Of Text\n", encoding="utf-8")
    problems = ProblemLog(on_problem=None)
    assert list(iter_records(path, problems=problems)) == []
    assert [p.reason for p in problems.problems] == ["unknown-format"]
    [rec] = iter_records(path, format="hf-daily", problems=ProblemLog(on_problem=None))
    assert rec.title == "Just One Line Of Text" and rec.sources[0].format == "hf-daily"
    misnamed = tmp_path / "records.txt"  # content wins over the extension
    misnamed.write_text('{"title": "Forced", "abstract": "As JSON lines."}\n', encoding="utf-8")
    [rec] = iter_records(misnamed, problems=ProblemLog(on_problem=None))
    assert rec.title == "Forced" and rec.sources[0].format == "json"
    with pytest.raises(ValueError):
        list(iter_records(path, format="csv"))


def test_missing_path_is_reported_and_others_still_read(tmp_path):
    problems = ProblemLog(on_problem=None)
    recs = list(iter_records([tmp_path / "nope.json", FIXTURES / "papers.json"], problems=problems))
    assert len(recs) == 2
    assert [(p.reason, Path(p.path).name) for p in problems.problems] == [
        ("not-found", "nope.json"),
        ("not-an-object", "papers.json"),
    ]


def test_file_without_records_is_reported(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<catalog><book>Not a feed</book></catalog>\n', encoding="utf-8")
    problems = ProblemLog(on_problem=None)
    assert list(iter_records(path, problems=problems)) == []
    assert [(p.reason, p.message) for p in problems.problems] == [
        ("no-records", "no paper records found (read as atom)")
    ]


def test_windows_line_endings_give_the_same_papers(tmp_path):
    page = ROOT / "examples/hf-daily-papers/003_da6a1d657027e734.txt"
    crlf = tmp_path / "page.txt"
    crlf.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))
    want = [(r.title, r.abstract, r.date, r.authors_count) for r in iter_records(page)]
    got = [(r.title, r.abstract, r.date, r.authors_count) for r in iter_records(crlf)]
    assert got == want and len(want) > 50
