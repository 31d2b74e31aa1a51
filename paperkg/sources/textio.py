"""Encoding-aware, line-streaming file access shared by every reader.

Files are never read whole: readers get ``(line_number, text)`` pairs. ``.gz`` is decompressed
on the fly. Encoding: a BOM decides (UTF-8, UTF-16, UTF-32); otherwise each line is decoded as
UTF-8 and, when that fails, as Latin-1 (which never fails), with one warning naming the first such
line — so a mostly-UTF-8 file with one bad byte still yields everything, exactly where it was.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

from paperkg.sources.problems import ProblemLog

SNIFF_BYTES = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 and C1 control characters that are not whitespace (whitespace ones, such as vertical tab and
# form feed, become a space so the words around them stay apart), and the bidirectional embedding,
# override and isolate controls, which only serve to make displayed text differ from stored text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
# Anything clean_text would change inside a string; most titles have none, so one search suffices.
_UNCLEAN = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|[^\S ]|  ")


class Unreadable(Exception):
    """The file cannot be used at all; the message is one human line."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def open_binary(path: Path) -> gzip.GzipFile | io.BufferedReader:
    """The file's bytes, gunzipped when the name ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def head_bytes(path: Path, n: int = SNIFF_BYTES) -> bytes:
    """The first ``n`` (decompressed) bytes; raises ``Unreadable`` with a reason when that fails.

    Only regular files are opened: opening a FIFO blocks until some writer appears (a stray one in a
    data folder would hang the run), and a pipe could not be read twice (head, then the records).
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not path.is_dir():
            raise Unreadable(
                "unreadable", "not a regular file (a FIFO, socket or device); save it to a file first"
            )
        with open_binary(path) as f:
            return f.read(n)
    except FileNotFoundError as exc:
        raise Unreadable("not-found", "no such file or directory") from exc
    except IsADirectoryError as exc:
        raise Unreadable("unreadable", "is a directory") from exc
    except PermissionError as exc:
        raise Unreadable("unreadable", "permission denied") from exc
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        raise Unreadable("unreadable", f"cannot read: {exc}") from exc


def bom_encoding(head: bytes) -> str | None:
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc
    return None


def looks_binary(head: bytes) -> bool:
    """NUL bytes without a UTF-16/32 BOM mean this is not text we can read."""
    return bom_encoding(head) is None and b"\x00" in head


def decode_head(head: bytes) -> str:
    """Best-effort text of the first bytes, for format sniffing only."""
    enc = bom_encoding(head) or "utf-8"
    return head.decode(enc, errors="replace")


def check_text_file(path: Path) -> bytes:
    """The head of a file that is worth reading as text; raises ``Unreadable`` otherwise."""
    head = head_bytes(path)
    if not head.strip():
        raise Unreadable("empty-file", "empty file")
    if looks_binary(head):
        raise Unreadable("binary-file", "binary file, not text")
    return head


def iter_lines(path: Path, problems: ProblemLog) -> Iterator[tuple[int, str]]:
    """``(1-based line number, line without its line ending)`` for every line of a text file.

    Problems (missing, unreadable, binary, mid-file I/O errors) are reported once and end the file;
    this generator itself never raises for bad input. Lines are decoded one by one, so a line that
    is not UTF-8 is read as Latin-1 and named exactly in a single warning per file.
    """
    try:
        head = check_text_file(path)
    except Unreadable as exc:
        problems.report(str(path), None, exc.reason, str(exc))
        return
    n = 0
    try:
        with open_binary(path) as raw:
            bom = bom_encoding(head)
            if bom is not None and bom != "utf-8-sig":  # UTF-16/32: bytes cannot be split on b"\n"
                for n, line in enumerate(io.TextIOWrapper(raw, encoding=bom, errors="replace"), 1):
                    yield n, line.rstrip("\r\n")
                return
            warned = False
            for n, data in enumerate(raw, 1):
                if n == 1 and data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8):]
                try:
                    line = data.decode("utf-8")
                except UnicodeDecodeError:
                    line = data.decode("latin-1")
                    if not warned:
                        warned = True
                        problems.report(str(path), n, "encoding-fallback",
                                        "not valid UTF-8; reading such lines as Latin-1")
                yield n, line.rstrip("\r\n")
    except (OSError, EOFError, zlib.error, UnicodeError) as exc:
        problems.report(str(path), n + 1, "unreadable", f"read error, rest of file skipped: {exc}")


def clean_text(value: object) -> str | None:
    """Text with control characters removed and whitespace runs collapsed; None when empty."""
    if value is None:
        return None
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        else:
            return None
    if _UNCLEAN.search(value) is None:
        s = value.strip()
    else:
        s = _SPACES.sub(" ", _CONTROL.sub("", value)).strip()
    return s or None
