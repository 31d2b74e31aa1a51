"""Dates as they appear in paper listings, normalised to ISO 8601 without ever inventing a year."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_MONTH_DAY = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?$")
_YEARLESS = re.compile(r"^--(\d{2})-(\d{2})$")
# RFC 2822 as in arXiv version stamps, "Mon, 2 Apr 2007 19:18:42 GMT": the calendar date as printed.
_RFC2822 = re.compile(r"^(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) (\d{4})\b")


def _valid(y: int | None, m: int, d: int) -> bool:
    try:
        date(y or 2000, m, d)  # 2000 is a leap year, so Feb 29 without a year is allowed
    except ValueError:
        return False
    return True


def parse_date(value: object) -> tuple[str | None, int | None]:
    """``(iso_date, year)`` from ``2022-12-08``, ``2022-12-08T10:00:00Z``, ``2022``, ``Dec 8, 2022``,
    ``Jun 21`` (-> ``--06-21``, year None), ``Mon, 2 Apr 2007 19:18:42 GMT``. ``(None, None)`` if unknown.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return (str(value), value) if 1000 <= value <= 9999 else (None, None)
    if not isinstance(value, str):
        return None, None
    s = value.strip()
    if not s:
        return None, None
    m = _ISO.match(s)
    if m:
        y = int(m.group(1))
        if m.group(2) is None:
            return str(y), y
        mo = int(m.group(2))
        if m.group(3) is None:
            return (f"{y:04d}-{mo:02d}", y) if 1 <= mo <= 12 else (str(y), y)
        d = int(m.group(3))
        return (f"{y:04d}-{mo:02d}-{d:02d}", y) if _valid(y, mo, d) else (str(y), y)
    m = _MONTH_DAY.match(s)
    if m and m.group(1).lower() in _MONTHS:
        mo, d = _MONTHS[m.group(1).lower()], int(m.group(2))
        year = int(m.group(3)) if m.group(3) else None
        if not _valid(year, mo, d):
            return None, None
        return (f"{year:04d}-{mo:02d}-{d:02d}", year) if year else (f"--{mo:02d}-{d:02d}", None)
    m = _RFC2822.match(s)
    if m and m.group(2).lower() in _MONTHS:
        y, mo, d = int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))
        return (f"{y:04d}-{mo:02d}-{d:02d}", y) if _valid(y, mo, d) else (None, None)
    m = _YEARLESS.match(s)
    if m and _valid(None, int(m.group(1)), int(m.group(2))):
        return s, None
    try:
        dt = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None, None
    return dt.date().isoformat(), dt.year
