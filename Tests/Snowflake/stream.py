"""Reads the JSON-lines stream of `starsink sql --format json --checks` into records.

One object per line:
  {"sql": TEXT, "parameters": [V...], "rows": [[V...]...]?, "expect_rows": N?}
  {"sql": TEXT, "parameter_sets": [[V...], ...]}          (array-bound statement)
  {"commit": true}
  {"check": NAME, "sql": TEXT, "parameters": [V...]?, "rows": [[V...]...]}
Values are JSON strings, numbers or null. Numbers with a fraction are read as
Decimal, so 19.99 stays exactly 19.99 both when bound and when compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

_KNOWN_KEYS = {"sql", "parameters", "parameter_sets", "rows", "expect_rows", "commit", "check"}


class StreamError(Exception):
    """A line that does not follow the stream contract."""


@dataclass
class Record:
    line: int
    kind: str  # statement, many, commit, check
    sql: str = ""
    parameters: list = field(default_factory=list)
    parameter_sets: list = field(default_factory=list)
    rows: list | None = None
    expect_rows: int | None = None
    check: str | None = None
    ignored_keys: tuple = ()


def _list_of_rows(value, line: int, key: str) -> list:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise StreamError(f"line {line}: '{key}' must be an array of arrays")
    return value


def parse_record(text: str, line: int) -> Record:
    try:
        obj = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise StreamError(f"line {line}: not JSON ({error})") from None
    if not isinstance(obj, dict):
        raise StreamError(f"line {line}: expected a JSON object")
    ignored = tuple(sorted(set(obj) - _KNOWN_KEYS))
    if obj.get("commit") is True:
        return Record(line, "commit", ignored_keys=ignored)
    sql = obj.get("sql")
    if not isinstance(sql, str) or not sql.strip():
        raise StreamError(f"line {line}: no 'sql' text and not a commit: {text[:200]}")
    parameters = obj.get("parameters", [])
    if not isinstance(parameters, list):
        raise StreamError(f"line {line}: 'parameters' must be an array")
    record = Record(line, "statement", sql=sql, parameters=parameters, ignored_keys=ignored)
    if "parameter_sets" in obj:
        record.kind = "many"
        record.parameter_sets = _list_of_rows(obj["parameter_sets"], line, "parameter_sets")
    if "rows" in obj:
        record.rows = _list_of_rows(obj["rows"], line, "rows")
    if "expect_rows" in obj:
        if not isinstance(obj["expect_rows"], int) or isinstance(obj["expect_rows"], bool):
            raise StreamError(f"line {line}: 'expect_rows' must be an integer")
        record.expect_rows = obj["expect_rows"]
    if "check" in obj:
        record.kind = "check"
        record.check = str(obj["check"])
        if record.rows is None:
            raise StreamError(f"line {line}: check '{record.check}' has no 'rows'")
    return record


def read_stream(lines) -> list[Record]:
    return [parse_record(text, number) for number, text in enumerate(lines, 1) if text.strip()]
