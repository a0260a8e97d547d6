#!/usr/bin/env python3
"""Checks Snowflake statements against sqlfluff's snowflake grammar and the list of
constructs Snowflake rejects.

    grammar.py [STREAM]        every distinct statement of a `starsink sql --format json`
                               stream (default: standard input)
    grammar.py --check-rules   the rules themselves: each matches its bad examples in
                               rejected-constructs-examples.tsv, none matches a good
                               example, and every good example parses

A statement fails when sqlfluff (dialect snowflake) leaves any part of it
unparsable, or when a rule of rejected-constructs.tsv matches it. sqlfluff does
not parse `?` bind markers, so each marker outside literals, quoted identifiers
and comments is replaced by NULL first. Rules are Python regular expressions,
matched case-insensitively with '.' matching newlines, against the statement
with comments removed and string literals emptied (see sqltext.code_view), so a
literal can neither trigger nor hide one. Neither check alone is enough: sqlfluff
accepts WITH ... INSERT, VALUES CTEs and COLLATE "C"; fakesnow accepts ON CONFLICT.
Exit status: 0 all passed, 1 a statement or rule failed, 2 a malformed input.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from constraints import column_elements  # noqa: E402
from sqltext import code_view, replace_markers  # noqa: E402
from stream import StreamError, read_stream  # noqa: E402

RULES = HERE / "rejected-constructs.tsv"
EXAMPLES = HERE / "rejected-constructs-examples.tsv"


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern
    why: str
    url: str

    def match(self, sql: str) -> str | None:
        found = self.pattern.search(code_view(sql))
        return None if found is None else " ".join(found.group(0).split())[-120:]


def load_rules(path: Path = RULES) -> list[Rule]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    rules = []
    for line, row in enumerate(rows, 2):
        if None in row or any(not row.get(key) for key in ("id", "regex", "why", "url")):
            raise ValueError(f"{path.name}:{line}: needs four tab-separated columns id, regex, why, url")
        if not row["url"].startswith("https://docs.snowflake.com/"):
            raise ValueError(f"{path.name}:{line}: {row['id']} must cite a docs.snowflake.com page")
        rules.append(Rule(row["id"], re.compile(row["regex"], re.IGNORECASE | re.DOTALL), row["why"], row["url"]))
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path.name}: duplicate rule ids")
    return rules


def _sqlfluff_problem(sql: str) -> str | None:
    import sqlfluff
    from sqlfluff.api.simple import APIParsingError

    try:
        sqlfluff.parse(sql, dialect="snowflake")
    except APIParsingError as error:
        return " | ".join(line.strip() for line in str(error).splitlines() if line.strip())
    except Exception as error:  # sqlfluff itself failed: report, do not pass
        return f"{type(error).__name__}: {error}"
    return None


def parse_problem(sql: str) -> str | None:
    """sqlfluff's complaint about `sql` (markers replaced by NULL), or None if it parses.

    sqlfluff reports a bad column definition as the whole column list being
    unparsable; for CREATE TABLE each element is then parsed alone to name it.
    """
    text = replace_markers(sql, "NULL")
    problem = _sqlfluff_problem(text)
    if problem is None:
        return None
    culprits = [element for element in column_elements(text)
                if _sqlfluff_problem(f"CREATE TABLE t ({element})") is not None]
    if culprits:
        problem += " | the column-list element(s) sqlfluff rejects: " + "; ".join(" ".join(c.split()) for c in culprits)
    return problem


def _clip(text: str, limit: int = 1200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + f" ... ({len(text)} chars)"


def check_statements(statements: dict[str, list[int]], rules: list[Rule], out=sys.stdout) -> int:
    """Reports every failing statement; returns the number of failures."""
    failures = 0
    for sql, lines in statements.items():
        where = f"line {lines[0]}" + (f" (and {len(lines) - 1} more)" if len(lines) > 1 else "")
        problem = parse_problem(sql)
        if problem:
            failures += 1
            print(f"FAIL {where}: sqlfluff (snowflake) cannot parse it: {problem}\n  sql: {_clip(sql)}", file=out)
        for rule in rules:
            matched = rule.match(sql)
            if matched:
                failures += 1
                print(f"FAIL {where}: rejected construct '{rule.id}' (matched: {matched!r}): {rule.why}\n"
                      f"  see {rule.url}\n  sql: {_clip(sql)}", file=out)
    return failures


def check_stream(lines, out=sys.stdout) -> int:
    import sqlfluff

    statements: dict[str, list[int]] = {}
    records = read_stream(lines)
    for record in records:
        if record.kind != "commit":
            statements.setdefault(record.sql, []).append(record.line)
    rules = load_rules()
    failures = check_statements(statements, rules, out)
    print(f"grammar.py: {sum(map(len, statements.values()))} statements, {len(statements)} distinct; "
          f"sqlfluff {sqlfluff.__version__} (snowflake) and {len(rules)} rejected-construct rules: "
          f"{len(statements) * (1 + len(rules)) - failures} checks passed, {failures} failed", file=out)
    return 1 if failures else 0


def check_rules(out=sys.stdout) -> int:
    rules = load_rules()
    by_id = {rule.id: rule for rule in rules}
    with open(EXAMPLES, encoding="utf-8", newline="") as handle:
        examples = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    problems = []
    for line, example in enumerate(examples, 2):
        rule = by_id.get(example["id"])
        if rule is None:
            problems.append(f"{EXAMPLES.name}:{line}: no rule '{example['id']}'")
            continue
        if not rule.match(example["bad"]):
            problems.append(f"{EXAMPLES.name}:{line}: rule '{rule.id}' does not match its bad example: {example['bad']}")
        for other in rules:
            if other.match(example["good"]):
                problems.append(f"{EXAMPLES.name}:{line}: rule '{other.id}' matches the good example: {example['good']}")
        parse = parse_problem(example["good"])
        if parse:
            problems.append(f"{EXAMPLES.name}:{line}: the good example does not parse: {parse}")
    untested = sorted(set(by_id) - {example["id"] for example in examples})
    problems += [f"{EXAMPLES.name}: rule '{rule_id}' has no example" for rule_id in untested]
    for problem in problems:
        print(f"FAIL {problem}", file=out)
    print(f"grammar.py --check-rules: {len(rules)} rules, {len(examples)} examples: "
          f"{len(problems)} problems", file=out)
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stream", nargs="?", default="-", help="the JSON-lines stream (default: standard input)")
    parser.add_argument("--check-rules", action="store_true", help="test the rules against their examples")
    args = parser.parse_args(argv)
    try:
        if args.check_rules:
            return check_rules()
        if args.stream == "-":
            return check_stream(sys.stdin)
        with open(args.stream, encoding="utf-8") as handle:
            return check_stream(handle)
    except (StreamError, ValueError, OSError) as error:
        print(f"grammar.py: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
