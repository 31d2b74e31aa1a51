"""Bad input is reported, counted and skipped; it never stops the rest of a run."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped (or partly read) record: which file, which line, why."""

    path: str
    line: int | None
    reason: str  # short machine-friendly category, e.g. "invalid-json", "missing-title"
    message: str  # one human line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return one_line(f"{where}: {self.message}")


# Characters that would break a message's one line or rewrite the terminal (escape sequences,
# carriage return, bidi overrides): user input and stored names are echoed in messages.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters shown as escapes, so it stays one safe line."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def _stderr(problem: Problem) -> None:
    print(f"warning: {problem}", file=sys.stderr)


@dataclass
class ProblemLog:
    """Collects problems; by default each one is printed to stderr as a single line."""

    on_problem: Callable[[Problem], None] | None = _stderr
    problems: list[Problem] = field(default_factory=list)
    keep: int = 10_000  # cap what is remembered so a hostile file cannot eat memory
    counts: Counter = field(default_factory=Counter)

    def report(self, path: str, line: int | None, reason: str, message: str) -> None:
        p = Problem(str(path), line, reason, message)
        self.counts[reason] += 1
        if len(self.problems) < self.keep:
            self.problems.append(p)
        if self.on_problem is not None:
            self.on_problem(p)

    @property
    def skipped(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        if not self.counts:
            return "nothing skipped"
        parts = ", ".join(f"{n} {reason}" for reason, n in sorted(self.counts.items()))
        return f"{self.skipped} skipped ({parts})"
