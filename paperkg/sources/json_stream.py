"""Stream JSON values out of ``.json``/``.jsonl`` files without loading a whole file.

Two containers are recognised by content, whatever the extension:

* **lines** — one JSON value per line (JSONL, the arXiv snapshot, OpenAlex snapshots);
* **document** — one JSON document: an array of records, an object holding the record list under
  ``papers``/``records``/``results``/``data``, or a single record object.

Documents are streamed with a small hand-written splitter over ``json.JSONDecoder.raw_decode``:
the reader holds one array element at a time (plus a read-ahead chunk), never the whole file, so a
multi-gigabyte array costs as much memory as its largest element. A syntax error inside a document
cannot be resynchronised reliably, so it ends that file with one warning naming the line.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path

from paperkg.sources.problems import ProblemLog
from paperkg.sources.textio import (
    Unreadable,
    bom_encoding,
    check_text_file,
    decode_head,
    iter_lines,
    open_binary,
)

LIST_KEYS = ("papers", "records", "results", "data")
CHUNK_CHARS = 1 << 20
MAX_VALUE_CHARS = 256 << 20  # one record bigger than this is hostile input, not a paper
_WS = " \t\r\n"

_fallbacks = [0]


def _latin1_fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):  # registered for decoding only
        raise err
    _fallbacks[0] += 1
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("paperkg-latin1", _latin1_fallback)
_DECODER = json.JSONDecoder()


def container_of(path: Path, head_text: str) -> str:
    """The container of a file: a ``.jsonl``/``.ndjson`` name says lines whatever the content.

    Content alone would take a JSON Lines file whose first line is broken, or is an array, for one
    JSON document, and a syntax error in a document ends the file: every later line would be lost.
    """
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson")):
        return "lines"
    return container(head_text)


def container(head_text: str) -> str:
    """``"lines"`` or ``"document"`` from the first bytes of a file (already decoded)."""
    text = head_text.lstrip("\ufeff" + _WS)
    if not text.startswith("{"):
        return "document" if text.startswith("[") else "lines"
    first, sep, rest = text.partition("\n")
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return "document"  # a pretty-printed object, or a first line longer than the sniff window
    return "lines" if sep and rest.strip() else "document"


def first_object(head_text: str) -> dict | None:
    """The first record-like object, parsed from the sniff window, for format detection."""
    text = head_text.lstrip("\ufeff" + _WS)
    kind = container(head_text)
    if kind == "lines":
        for line in text.splitlines()[:-1] or text.splitlines():
            try:
                value = json.loads(line)
            except (ValueError, RecursionError):
                continue
            return value if isinstance(value, dict) else None
        return None
    if text.startswith("["):
        text = text[1:].lstrip(_WS)
        try:
            value, _ = _DECODER.raw_decode(text)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None
    # An object document: the start of its list, if any, else the object itself (when complete).
    for key in LIST_KEYS:
        at = text.find(f'"{key}"')
        if at >= 0:
            bracket = text.find("[", at)
            if bracket >= 0:
                try:
                    value, _ = _DECODER.raw_decode(text[bracket + 1:].lstrip(_WS))
                except (ValueError, RecursionError):
                    continue
                if isinstance(value, dict):
                    return value
    try:
        value, _ = _DECODER.raw_decode(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


class _Syntax(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class _Stream:
    """A sliding window over decoded text with line accounting."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text = text
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 1  # line number at buf[0]
        self._counted_pos = 0
        self._counted_lines = 0

    def fill(self, at_least: int = CHUNK_CHARS) -> bool:
        if self.eof:
            return False
        if self.pos > CHUNK_CHARS:  # drop consumed text, keeping line numbers right
            self.lines_before += self.buf.count("\n", 0, self.pos)
            self.buf = self.buf[self.pos:]
            self.pos = 0
            self._counted_pos = self._counted_lines = 0
        chunk = self.text.read(max(at_least, CHUNK_CHARS))
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def line(self) -> int:
        if self.pos < self._counted_pos:
            self._counted_pos = self._counted_lines = 0
        self._counted_lines += self.buf.count("\n", self._counted_pos, self.pos)
        self._counted_pos = self.pos
        return self.lines_before + self._counted_lines

    def skip_ws(self) -> str:
        """The next non-whitespace character (consumed: no), or "" at the end."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def value(self) -> object:
        self.skip_ws()
        start_line = self.line()
        want = CHUNK_CHARS
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self._grow(want):
                    want *= 2
                    continue
                line = start_line + self.buf.count("\n", self.pos, exc.pos)
                raise _Syntax(line, f"invalid JSON: {exc.msg}") from None
            if end == len(self.buf) and self._grow(want):  # a number may continue in the next chunk
                want *= 2
                continue
            self.pos = end
            return value

    def _grow(self, want: int) -> bool:
        if len(self.buf) - self.pos > MAX_VALUE_CHARS:
            raise _Syntax(self.line(), f"a single JSON value over {MAX_VALUE_CHARS} characters")
        return self.fill(want)

    def expect(self, chars: str) -> str:
        c = self.skip_ws()
        if not c or c not in chars:
            found = repr(c) if c else "end of file"
            wanted = " or ".join(map(repr, chars))
            raise _Syntax(self.line(), f"invalid JSON: expected {wanted}, found {found}")
        self.pos += 1
        return c

    def array(self) -> Iterator[tuple[int, object]]:
        self.expect("[")
        if self.skip_ws() == "]":
            self.pos += 1
            return
        while True:
            self.skip_ws()
            line = self.line()
            yield line, self.value()
            if self.expect(",]") == "]":
                return


def _document(stream: _Stream) -> Iterator[tuple[int, object]]:
    c = stream.skip_ws()
    if c == "[":
        yield from stream.array()
    elif c == "{":
        line = stream.line()
        stream.pos += 1
        fields: dict = {}
        streamed = False
        if stream.skip_ws() == "}":
            stream.pos += 1
        else:
            while True:
                stream.skip_ws()
                key = stream.value()
                if not isinstance(key, str):
                    raise _Syntax(stream.line(), "invalid JSON: object key is not a string")
                stream.expect(":")
                if key in LIST_KEYS and not streamed and stream.skip_ws() == "[":
                    streamed = True
                    yield from stream.array()
                else:
                    fields[key] = stream.value()
                if stream.expect(",}") == "}":
                    break
        if not streamed:
            yield line, fields
            # More values after one object: JSON Lines (or concatenated JSON) whose first line was
            # longer than the sniff window; read on value by value instead of dropping the rest.
            while stream.skip_ws() == "{":
                line = stream.line()
                yield line, stream.value()
    elif c:
        line = stream.line()
        yield line, stream.value()
    if stream.skip_ws():
        raise _Syntax(stream.line(), "invalid JSON: extra data after the document")


def iter_values(path: Path, problems: ProblemLog) -> Iterator[tuple[int, object]]:
    """``(line, value)`` for every record-level JSON value; bad lines are reported and skipped."""
    where = str(path)
    try:
        head = check_text_file(path)
    except Unreadable as exc:
        problems.report(where, None, exc.reason, str(exc))
        return
    if container_of(path, decode_head(head)) == "lines":
        for n, line in iter_lines(path, problems):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except (ValueError, RecursionError) as exc:
                msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                problems.report(where, n, "invalid-json", f"invalid JSON line skipped: {msg}")
        return
    before = _fallbacks[0]
    try:
        with open_binary(path) as raw:
            text = io.TextIOWrapper(raw, encoding=bom_encoding(head) or "utf-8-sig", errors="paperkg-latin1")
            stream = _Stream(text)
            yield from _document(stream)
    except _Syntax as exc:
        problems.report(where, exc.line, "invalid-json", f"{exc}; rest of file skipped")
    except RecursionError:
        problems.report(where, None, "invalid-json", "JSON nested too deeply; rest of file skipped")
    except (OSError, EOFError, UnicodeError) as exc:
        problems.report(where, None, "unreadable", f"read error, rest of file skipped: {exc}")
    finally:
        if _fallbacks[0] != before:
            problems.report(where, None, "encoding-fallback",
                            "not valid UTF-8; undecodable bytes read as Latin-1")
