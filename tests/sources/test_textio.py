"""Encodings, empty and binary files, control characters: one problem each, never a crash."""

from __future__ import annotations

import os

import pytest

from paperkg.sources import ProblemLog, iter_records

RECORD = '{"title": "Caf\u00e9 R\u00e9sum\u00e9", "abstract": "Na\u00efve."}\n'


def read(path, **kw):
    problems = ProblemLog(on_problem=None)
    return list(iter_records(path, problems=problems, **kw)), problems


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_encodings_with_bom(tmp_path, encoding):
    path = tmp_path / "r.jsonl"
    path.write_bytes((RECORD * 2).encode(encoding))
    recs, problems = read(path)
    assert [r.title for r in recs] == ["Café Résumé"] * 2
    assert not problems.problems


def test_utf16_json_document(tmp_path):
    path = tmp_path / "r.json"
    path.write_bytes(("[" + RECORD + "]").encode("utf-16"))
    recs, problems = read(path)
    assert [r.title for r in recs] == ["Café Résumé"] and not problems.problems


def test_latin1_falls_back_with_one_warning_naming_the_line(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(RECORD.encode("utf-8") + RECORD.encode("latin-1") + RECORD.encode("latin-1"))
    recs, problems = read(path)
    assert [r.title for r in recs] == ["Café Résumé"] * 3
    assert [(p.reason, p.line) for p in problems.problems] == [("encoding-fallback", 2)]


def test_latin1_hf_page(tmp_path):
    path = tmp_path / "page.txt"
    text = "Daily Papers\n\nCaf\u00e9 Models\n\n" + "We study caf\u00e9 models in depth. " * 12 + "\n"
    path.write_bytes(text.encode("latin-1"))
    recs, problems = read(path)
    assert [r.title for r in recs] == ["Café Models"]
    assert [p.reason for p in problems.problems] == ["encoding-fallback"]


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty-file"),
        (b"   \n\n\t\n", "empty-file"),
        (b"\x00\x01\x02binary\x00data" * 10, "binary-file"),
    ],
)
def test_empty_and_binary_files(tmp_path, content, reason):
    for name in ("x.json", "x.jsonl", "x.txt", "x.xml"):
        path = tmp_path / name
        path.write_bytes(content)
        recs, problems = read(path)
        assert recs == [] and [p.reason for p in problems.problems] == [reason], name


def test_control_characters_are_stripped(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"title": "A\\u0000B\\u001bC\\u0085D", "abstract": "x\\u0007y\\nz"}\n', encoding="utf-8")
    [rec] = read(path)[0]
    assert rec.title == "ABCD" and rec.abstract == "xy z"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.jsonl"
    path.write_text(RECORD, encoding="utf-8")
    path.chmod(0)
    try:
        recs, problems = read(path)
    finally:
        path.chmod(0o644)
    assert recs == [] and [p.reason for p in problems.problems] == ["unreadable"]
