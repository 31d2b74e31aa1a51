"""The bad-input catalogue (docs/reliability.md), each case through the real ``read``, ``extract``, ``build``.

Every case asserts: one ``warning:`` line naming the file (and the line, when there is one), no
traceback, the rest of the input still processed, the skip counted under its reason in the summary,
and the exit code (0 when something useful was done, 1 when nothing could be).
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from robustness_helpers import GOOD, GOOD2, PAPERKG, cli, good_line, one_line_messages, sub

from paperkg.sources import KEPT_REASONS


@dataclass
class Case:
    id: str
    make: Callable[[Path], list[Path]]  # writes the input files into a folder, returns the paths to give
    messages: list[str] = field(default_factory=list)  # regexes, each must match a stderr line
    problems: dict[str, int] = field(default_factory=dict)  # the read summary's reason -> count
    papers: int = 0  # distinct papers read
    with_abstract: int | None = None  # papers with an abstract (default: all)
    rc: int = 0


def _w(folder: Path, name: str, data: bytes | str) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def _plus_good(name: str, data: bytes | str) -> Callable[[Path], list[Path]]:
    return lambda d: [_w(d, name, data), _w(d, "good.jsonl", good_line())]


def _fifo_dir(d: Path) -> list[Path]:
    folder = d / "data"
    _w(folder, "good.jsonl", good_line())
    os.mkfifo(folder / "pipe.jsonl")  # opening it would block forever
    (folder / "gone.jsonl").symlink_to(d / "nowhere.jsonl")  # dangling symlink
    _w(folder / "looks-like-a-file.jsonl", "inner.jsonl", good_line(GOOD2))  # a directory named like a file
    return [folder]


LATIN1 = (
    '{"id": "l1", "title": "Caf\xe9 Transformers", "abstract": "We propose Caf\xe9Net with 91.2% '
    'accuracy on ImageNet."}\n'
).encode("latin-1")
UTF16 = (
    codecs.BOM_UTF16_LE
    + json.dumps(
        {
            "id": "u1",
            "title": "Über Transformers",
            "abstract": "We propose ÜNet and reach 80% accuracy on CIFAR-10.",
        },
        ensure_ascii=False,
    ).encode("utf-16-le")
    + "\n".encode("utf-16-le")
)
CONTROL = (
    json.dumps(
        {
            "id": "c1",
            "title": "Ctrl\x00\x07 Title\x1b[31m with\u202e bidi",
            "abstract": "We propose Zap\x0bNet\x0c with a 12.5% gain\x85 on ImageNet.",
        }
    )
    + "\n"
)
HTML = (
    json.dumps(
        {
            "id": "h1",
            "title": "<script>alert(1)</script> **Bold** [x](javascript:alert(1))",
            "abstract": "<b>We</b> propose <img src=x onerror=alert(1)> `XNet`, reaching 90% "
            'accuracy on ImageNet. Code: https://github.com/x/y"><script>.',
        }
    )
    + "\n"
)
DUPS = (
    json.dumps({"id": "d1", "title": "First Paper", "abstract": "We propose FooNet with 10% accuracy."})
    + "\n"
    + json.dumps({"id": "d1", "title": "Another Paper", "abstract": "We propose BarNet, 20% F1."})
    + "\n"
)
NULLS = (
    "\n".join(
        json.dumps(x)
        for x in [
            {"id": "n1", "title": None, "abstract": "An abstract without a title."},
            {"id": "n2", "abstract": "Also without a title."},
            {"id": "n3", "title": {"text": 1}, "abstract": "An object is not a title."},
            {"id": "n4", "title": "A Title Without Abstract", "abstract": None},
            {"id": "n5", "title": "Another Title Only"},
        ]
    )
    + "\n"
)

# The last line of a run that could do nothing: what could not be read, or what was not built.
NOTHING = (
    r"^error: (no paper records (could be read from|found in) |nothing was built: no paper with an abstract)"
)

CASES = [
    Case(
        "empty-file-alone",
        lambda d: [_w(d, "empty.jsonl", b"")],
        [r"^warning: \S*empty\.jsonl: empty file$", NOTHING],
        rc=1,
    ),
    Case(
        "empty-file",
        _plus_good("empty.jsonl", b""),
        [r"^warning: \S*empty\.jsonl: empty file$"],
        {"empty-file": 1},
        1,
    ),
    Case(
        "whitespace-only",
        _plus_good("blank.jsonl", " \n\n\t\n"),
        [r"^warning: \S*blank\.jsonl: empty file$"],
        {"empty-file": 1},
        1,
    ),
    Case(
        "binary-file",
        _plus_good("blob.jsonl", bytes(range(256)) * 8),
        [r"^warning: \S*blob\.jsonl: binary file, not text$"],
        {"binary-file": 1},
        1,
    ),
    Case(
        "binary-alone",
        lambda d: [_w(d, "blob.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")],
        [r"^warning: \S*blob\.json: binary file", NOTHING],
        rc=1,
    ),
    Case(
        "latin-1",
        _plus_good("latin1.jsonl", good_line(GOOD2).encode() + LATIN1),
        [r"^warning: \S*latin1\.jsonl:2: not valid UTF-8; reading such lines as Latin-1$"],
        {"encoding-fallback": 1},
        3,
    ),
    Case(
        "latin-1-json-document",
        _plus_good("latin1.json", LATIN1),  # a document: no line to name
        [r"^warning: \S*latin1\.json: not valid UTF-8; undecodable bytes read as Latin-1$"],
        {"encoding-fallback": 1},
        2,
    ),
    Case("utf-16-bom", _plus_good("utf16.jsonl", UTF16), [], {}, 2),
    Case(
        "truncated-json-line",
        _plus_good("cut.jsonl", good_line(GOOD2) + '{"id": "t1", "title": "Trunc'),
        [r"^warning: \S*cut\.jsonl:2: invalid JSON line skipped: Unterminated string"],
        {"invalid-json": 1},
        2,
    ),
    Case(
        "invalid-json-lines",
        _plus_good("bad.jsonl", "{not json}\n" + good_line(GOOD2) + "{'single': 1}\n"),
        [r"^warning: \S*bad\.jsonl:1: invalid JSON line skipped", r"^warning: \S*bad\.jsonl:3: invalid JSON"],
        {"invalid-json": 2},
        2,
    ),
    Case(
        "truncated-json-document",
        _plus_good("doc.json", "[\n" + json.dumps(GOOD2) + ',\n{"id": "x", "ti'),
        [r"^warning: \S*doc\.json:3: invalid JSON.*rest of file skipped$"],
        {"invalid-json": 1},
        2,
    ),
    Case(
        "deeply-nested-json",
        _plus_good("deep.jsonl", "[" * 100_000 + "\n"),
        [r"^warning: \S*deep\.jsonl:1: invalid JSON line skipped: nested too deeply$"],
        {"invalid-json": 1},
        1,
    ),
    Case(
        "json-not-an-object",
        _plus_good("vals.jsonl", '[1, 2]\n"a string"\n42\nnull\ntrue\n'),
        [
            r"^warning: \S*vals\.jsonl:1: JSON value is an array, not a paper object$",
            r"^warning: \S*vals\.jsonl:2: JSON value is a string",
            r"^warning: \S*vals\.jsonl:5: JSON value is",
        ],
        {"not-an-object": 5},
        1,
    ),
    Case(
        "null-or-missing-title-abstract",
        _plus_good("nulls.jsonl", NULLS),
        [
            r"^warning: \S*nulls\.jsonl:1: record without a title skipped$",
            r"^warning: \S*nulls\.jsonl:2: ",
            r"^warning: \S*nulls\.jsonl:3: ",
        ],
        {"missing-title": 3},
        3,
        with_abstract=1,
    ),
    Case("control-characters", _plus_good("ctrl.jsonl", CONTROL), [], {}, 2),
    Case("html-and-markdown", _plus_good("html.jsonl", HTML), [], {}, 2),
    Case(
        "duplicate-ids-different-content",
        _plus_good("dups.jsonl", DUPS),
        [
            r"^warning: \S*dups\.jsonl:2: id 'd1' already names a paper with another title \(first at "
            r"\S*dups\.jsonl:1\); this record skipped$"
        ],
        {"duplicate-id": 1},
        2,
    ),
    Case(
        "unreadable-entries-in-a-directory",
        _fifo_dir,
        [
            r"^warning: \S*pipe\.jsonl: not a regular file \(a FIFO, socket or device\)",
            r"^warning: \S*gone\.jsonl: no such file or directory$",
        ],
        {"unreadable": 1, "not-found": 1},
        2,
    ),
    Case(
        "path-does-not-exist",
        lambda d: [d / "missing.jsonl"],
        [r"^error: no such file or directory: \S*missing\.jsonl$"],
        rc=1,
    ),
    Case(
        "one-path-missing",
        lambda d: [d / "missing.jsonl", _w(d, "good.jsonl", good_line())],
        [r"^warning: \S*missing\.jsonl: no such file or directory$"],
        {"not-found": 1},
        1,
    ),
    Case(
        "corrupt-gzip",
        _plus_good("broken.jsonl.gz", gzip.compress(good_line(GOOD2).encode())[:25]),
        [r"^warning: \S*broken\.jsonl\.gz: "],
        None,
        1,
    ),
    Case(
        "not-a-paper-file",
        _plus_good("notes.txt", "Shopping list:\n- milk\n- eggs\n"),
        [r"^warning: \S*notes\.txt: not a recognised paper file \(use --format"],
        {"unknown-format": 1},
        1,
    ),
    Case(
        "bad-field-types",
        _plus_good(
            "types.jsonl",
            json.dumps(
                {
                    "id": "f1",
                    "title": "Typed Fields",
                    "abstract": "We propose TNet with 5% gain.",
                    "upvotes": "many",
                    "year": {"y": 1},
                    "authors": 42,
                    "date": "not a date",
                }
            )
            + "\n",
        ),
        [],
        None,
        2,
    ),
]


def _setup(case: Case, tmp_path: Path) -> list[Path]:
    d = tmp_path / "in"
    d.mkdir()
    return case.make(d)


def _check_messages(case: Case, stderr: str) -> None:
    lines = one_line_messages(stderr)
    for pattern in case.messages:
        assert any(re.search(pattern, ln) for ln in lines), (pattern, lines)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_read(case, tmp_path):
    inputs = _setup(case, tmp_path)
    r = cli("read", *inputs, "--json")
    assert r.exit_code == case.rc, r.output
    _check_messages(case, r.stderr)
    if case.rc:
        return
    s = json.loads(r.stdout)
    assert s["papers"] == case.papers
    assert s["with_abstract"] == (case.papers if case.with_abstract is None else case.with_abstract)
    if case.problems is not None:
        assert s["problems"] == case.problems
    assert s["skipped"] == sum(n for k, n in s["problems"].items() if k not in KEPT_REASONS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_extract(case, tmp_path):
    inputs = _setup(case, tmp_path)
    out = tmp_path / "out.jsonl"
    r = cli("extract", *inputs, "-o", out, "--json")
    assert r.exit_code == case.rc, r.output
    _check_messages(case, r.stderr)
    if case.rc:
        return
    s = json.loads(r.stdout)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == s["papers"] == case.papers
    if case.problems is not None:
        assert {k: n for k, n in case.problems.items() if k not in KEPT_REASONS} == {
            k: n for k, n in s["problems"].items() if k not in KEPT_REASONS
        }
        assert s["skipped"] == sum(n for k, n in case.problems.items() if k not in KEPT_REASONS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_build(case, tmp_path):
    inputs = _setup(case, tmp_path)
    db = tmp_path / "kg.db"
    r = cli("build", *inputs, "--db", db, "--quiet", "--json")
    with_abstract = case.papers if case.with_abstract is None else case.with_abstract
    expected_rc = 0 if case.rc == 0 and with_abstract else 1
    assert r.exit_code == expected_rc, r.output
    _check_messages(case, r.stderr)
    if expected_rc:
        assert not db.exists()  # a failed first build leaves no store behind
        return
    s = json.loads(r.stdout)
    assert s["added"] == with_abstract and s["counts"]["Paper"] == with_abstract
    if case.problems is not None:
        skipped = {k: n for k, n in case.problems.items() if k not in KEPT_REASONS}
        if case.papers > with_abstract:
            skipped["no-abstract"] = case.papers - with_abstract
        assert s["skipped"] == skipped


def test_cleaned_text_keeps_words_apart_and_drops_controls(tmp_path):
    inputs = _setup(CASES[[c.id for c in CASES].index("control-characters")], tmp_path)
    r = cli("read", *inputs, "--jsonl")
    rec = json.loads(r.stdout.splitlines()[0])
    assert rec["title"] == "Ctrl Title[31m with bidi"  # NUL, BEL, ESC and the bidi override are gone
    assert rec["abstract"] == "We propose Zap Net with a 12.5% gain on ImageNet."  # VT/FF are spaces


def test_html_and_markdown_stay_literal_text(tmp_path):
    inputs = _setup(CASES[[c.id for c in CASES].index("html-and-markdown")], tmp_path)
    rec = json.loads(cli("read", *inputs, "--jsonl").stdout.splitlines()[0])
    assert rec["title"] == json.loads(HTML)["title"]  # escaping is the renderer's job, not the reader's
    assert rec["abstract"] == json.loads(HTML)["abstract"]


def test_duplicate_id_keeps_the_first_papers_title_with_its_own_abstract(tmp_path):
    inputs = _setup(CASES[[c.id for c in CASES].index("duplicate-ids-different-content")], tmp_path)
    recs = [json.loads(x) for x in cli("read", *inputs, "--jsonl").stdout.splitlines()]
    d1 = next(r for r in recs if r["id"] == "d1")
    assert (d1["title"], d1["abstract"]) == ("First Paper", "We propose FooNet with 10% accuracy.")


# ----- the same through a real subprocess: exit codes and stderr exactly as a user sees them -----


@pytest.mark.parametrize(
    ("case_id", "command", "rc", "stderr"),
    [
        ("path-does-not-exist", "read", 1, ["error: no such file or directory: {0}"]),
        ("path-does-not-exist", "build", 1, ["error: no such file or directory: {0}"]),
        (
            "empty-file-alone",
            "read",
            1,
            [
                "warning: {0}: empty file",
                "error: no paper records could be read from {0} (1 skipped (1 empty-file))",
            ],
        ),
        ("json-not-an-object", "read", 0, ["warning: {0}:1: JSON value is an array, not a paper object"]),
        (
            "duplicate-ids-different-content",
            "read",
            0,
            [
                "warning: {0}:2: id 'd1' already names a paper with another title (first at {0}:1); "
                "this record skipped"
            ],
        ),
        (
            "unreadable-entries-in-a-directory",
            "read",
            0,
            ["warning: {0}/gone.jsonl: no such file or directory"],
        ),
    ],
)
def test_subprocess_exit_codes_and_stderr(case_id, command, rc, stderr, tmp_path):
    case = next(c for c in CASES if c.id == case_id)
    inputs = [p.relative_to(tmp_path) for p in _setup(case, tmp_path)]
    args = [command, *inputs] + (["--db", "kg.db", "--quiet"] if command == "build" else ["--json"])
    p = sub(*args, cwd=tmp_path, timeout=60)
    assert p.returncode == rc, p.stderr
    lines = one_line_messages(p.stderr)
    first = str(inputs[0])
    for want in stderr:
        line = want.format(first)
        assert any(ln.startswith(line) for ln in lines), (line, lines)


def test_subprocess_debug_shows_the_traceback_that_is_otherwise_one_line(tmp_path):
    """An unexpected error is one line by default and the full traceback with --debug."""
    store = tmp_path / "not-a-store.db"
    store.write_bytes(b"this is not a database file" * 100)
    p = sub("query", "MATCH (n) RETURN n", "--db", store, timeout=60)
    assert p.returncode == 1
    assert one_line_messages(p.stderr) and len(p.stderr.strip().splitlines()) == 1


# ----- a 10 MB abstract: bounded time and memory, cut with a warning -----


def test_a_10mb_abstract_is_cut_with_a_warning_in_bounded_time_and_memory(tmp_path):
    big = "We propose BigNet, improving accuracy by 3.2% on ImageNet over ResNet. " * (10_000_000 // 72)
    path = _w(
        tmp_path,
        "big.jsonl",
        json.dumps({"id": "b1", "title": "Big", "abstract": big}) + "\n" + good_line(GOOD2),
    )
    assert path.stat().st_size > 9_500_000
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr); "
        "print(f'{time.perf_counter() - t:.2f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}',"
        " file=sys.stderr); sys.exit(p.returncode)"
    )
    out = tmp_path / "out.jsonl"
    started = time.perf_counter()
    p = sub_wrapped(wrapper, "extract", path, "-o", out, "--json")
    seconds, rss_kb = p.stderr.strip().splitlines()[-1].split()
    assert p.returncode == 0, p.stderr
    assert time.perf_counter() - started < 90
    assert int(rss_kb) < 1_000_000, f"extract of a 10 MB abstract used {int(rss_kb) // 1024} MB"
    assert re.search(r"big\.jsonl:1: abstract of [\d,]+ characters cut to the first 20,000", p.stderr)
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["b1", "good-2"]  # the record after the big one is not lost
    summary = json.loads(p.stdout)
    assert summary["skipped"] == 0 and summary["problems"] == {"too-long": 1}
    print(f"10 MB abstract: extract {seconds}s, max RSS {int(rss_kb) // 1024} MB")


def sub_wrapped(wrapper: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", wrapper, *PAPERKG, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_reader_keeps_short_fields_whole_and_cuts_at_a_word(tmp_path):
    title = "T" * 999
    abstract = ("word " * 5000).strip()  # 24,999 characters
    path = _w(tmp_path, "long.jsonl", json.dumps({"id": "x", "title": title, "abstract": abstract}) + "\n")
    rec = json.loads(cli("read", path, "--jsonl").stdout)
    assert rec["title"] == title
    assert len(rec["abstract"]) <= 20_000 and rec["abstract"].endswith("word")
    assert GOOD["id"] == "good-1"
