"""One canonical text per value, so rows from SQLite (via the planner's JSON) and from
fakesnow (Python objects from DuckDB) compare equal when they mean the same thing.

- None stays None.
- booleans become "1"/"0" (SQLite stores them as integers);
- datetimes and timestamp-looking strings (YYYY-MM-DD HH:MM:SS[.f{1,6}], 'T' allowed)
  become 'YYYY-MM-DD HH:MM:SS.ffffff'; an aware datetime keeps its offset, so a
  TIMESTAMP_LTZ/TZ value never equals an NTZ one by accident;
- dates and date strings become 'YYYY-MM-DD';
- numbers (int, Decimal, numeric strings) become a plain decimal text without
  trailing zeros ('19.90' -> '19.9', '-0' -> '0'); floats are first rounded to
  15 significant digits (DBL_DIG: every decimal of up to 15 digits survives a
  round trip through a double, binary noise below that does not) - DuckDB's SUM
  over NUMERIC and SQLite's REAL columns both yield floats;
- everything else is its str().
Rows are compared as multisets: collations differ, so ORDER BY results may too.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from decimal import Decimal, InvalidOperation

_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        return str(value)
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def normalise(value):
    """The canonical text of one value (None for SQL NULL)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _decimal_text(Decimal(format(value, ".15g")))
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S.%f")
        offset = value.strftime("%z")
        return text + (offset[:3] + ":" + offset[3:] if offset else "")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    text = str(value)
    match = _TIMESTAMP.match(text)
    if match:
        return f"{match.group(1)} {match.group(2)}.{(match.group(3) or '').ljust(6, '0')}"
    if _DATE.match(text):
        return text
    if _NUMBER.match(text):
        try:
            return _decimal_text(Decimal(text))
        except InvalidOperation:
            return text
    return text


def normalise_rows(rows) -> list[tuple]:
    return [tuple(normalise(value) for value in row) for row in rows]


def _sort_key(row: tuple):
    return tuple((value is None, value or "") for value in row)


def compare_rows(expected, actual) -> str | None:
    """None when the two row sets are equal as multisets; otherwise what differs."""
    want, got = Counter(normalise_rows(expected)), Counter(normalise_rows(actual))
    if want == got:
        return None
    missing = sorted((want - got).elements(), key=_sort_key)
    extra = sorted((got - want).elements(), key=_sort_key)
    lines = [f"expected {sum(want.values())} rows, emulator returned {sum(got.values())}"]
    if missing:
        lines.append(f"first expected row the emulator lacks: {_show(missing[0])}" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    if extra:
        lines.append(f"first emulator row that was not expected: {_show(extra[0])}" + (f" (and {len(extra) - 1} more)" if len(extra) > 1 else ""))
    return "\n".join(lines)


def _show(row: tuple) -> str:
    return "(" + ", ".join("NULL" if value is None else repr(value) for value in row) + ")"
