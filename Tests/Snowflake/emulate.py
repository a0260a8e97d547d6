#!/usr/bin/env python3
"""Runs a `starsink sql --dialect snowflake --format json --checks` stream on fakesnow.

    emulate.py [--replay-fences] [STREAM]     STREAM defaults to standard input
    emulate.py --self-test                    unit tests + Tests/Snowflake/sample-stream.jsonl

Statements run in order on fakesnow (Snowflake's connector API on DuckDB); the
rows a SELECT got during a batch, each statement's expected row count and every
final check are compared with what the emulator returns. It stops at the first
statement that fails or differs and says which line, which statement, what was
expected and what came back; all checks are run and reported. Exit status: 0 all
passed, 1 a difference or failure, 2 a malformed stream.

--replay-fences: after the stream, inside a transaction that is rolled back,
every statement that carried "expect_rows" (the offset fences: a conditional
UPDATE of the stored offset, an INSERT ... WHERE NOT EXISTS of a first offset
row) runs again and must affect 0 rows. That is a second worker holding the old
offsets trying to load the same batch again: its fence must stop it.

How Snowflake is emulated (see also constraints.py and fakesnow_fixes.py):
- Transactions: fakesnow passes BEGIN TRANSACTION / COMMIT / ROLLBACK to DuckDB
  (checked with fakesnow 0.12.1: a ROLLBACK undoes DML and DDL). The runner
  opens a transaction before the first DML statement after a commit and
  commits at each {"commit": true}, as the Snowflake ODBC driver does with
  autocommit off. Snowflake commits an open transaction before any DDL
  (https://docs.snowflake.com/sql-reference/transactions), DuckDB does not, so
  the runner commits first; once a batch has committed, DDL with uncommitted
  writes pending is a failure, since on Snowflake it would split the batch.
- PRIMARY KEY / UNIQUE / FOREIGN KEY are removed from DDL (Snowflake does not
  enforce them, DuckDB would).
- The database is not called E_COMMERCE: a DuckDB database E_COMMERCE holding a
  schema E_COMMERCE makes every e_commerce.<table> ambiguous.
"""

from __future__ import annotations

import argparse
import logging
import sys
import unittest
import warnings
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from constraints import strip_key_constraints  # noqa: E402
from fakesnow_fixes import install_merge_fix, nondeterministic_merge, nondeterministic_update  # noqa: E402
from normalise import compare_rows  # noqa: E402
from sqltext import count_markers, first_word, literal, replace_markers  # noqa: E402
from stream import Record, StreamError, read_stream  # noqa: E402

EMULATOR_DATABASE = "STARSINK_EMULATOR"
_DDL = {"CREATE", "ALTER", "DROP", "UNDROP", "GRANT", "REVOKE", "COMMENT"}
_WRITES = {"INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "COPY"}


class Failure(Exception):
    def __init__(self, record: Record | None, message: str, sql: str | None = None):
        self.record, self.message, self.sql = record, message, sql
        super().__init__(message)

    def report(self) -> str:
        if self.record is None:
            return f"FAIL: {self.message}"
        what = f"check '{self.record.check}'" if self.record.kind == "check" else f"{self.record.kind} {first_word(self.record.sql)}"
        lines = [f"FAIL line {self.record.line} ({what}): {self.message}", f"  sql: {_clip(self.sql or self.record.sql, 1500)}"]
        if self.record.parameters:
            lines.append(f"  parameters: {_clip(repr(self.record.parameters), 600)}")
        if self.record.parameter_sets:
            lines.append(f"  parameter_sets: {len(self.record.parameter_sets)} rows, first {_clip(repr(self.record.parameter_sets[0]), 600)}")
        return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + f" ... ({len(text)} chars)"


class TranslationLog(logging.Handler):
    """Collects sqlglot's 'unsupported' warnings while fakesnow translates a statement.

    fakesnow translates Snowflake SQL to DuckDB with sqlglot, which drops what it
    cannot translate and only logs it (seen: the format of TO_CHAR(column, 'YYYY-MM'),
    collation specifiers such as 'ci', FOR UPDATE). The result would then not be
    Snowflake's, so such a warning fails the statement.
    """

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def install(self) -> "TranslationLog":
        logger = logging.getLogger("sqlglot")
        logger.addHandler(self)
        logger.propagate = False
        return self


class Emulator:
    """One fakesnow session running a stream, with the state the checks need."""

    def __init__(self, cursor, translation: TranslationLog | None = None):
        self.cursor = cursor
        self.translation = translation or TranslationLog()
        self.in_transaction = False
        self.transaction_line = 0
        self.pending_writes = False
        self.fences: list[tuple[Record, str]] = []
        self.counts = {"statements": 0, "array_bound": 0, "bound_rows": 0, "batches": 0, "row_sets": 0,
                       "fences": 0, "constraints_stripped": 0, "skipped": 0, "implicit_commits": 0}
        self.check_results: list[tuple[Record, str | None]] = []
        self.ignored_keys: set[str] = set()

    def _begin(self, record: Record) -> None:
        if not self.in_transaction:
            self.cursor.execute("BEGIN TRANSACTION")
            self.in_transaction, self.transaction_line, self.pending_writes = True, record.line, False

    def _commit(self) -> None:
        if self.in_transaction:
            self.cursor.execute("COMMIT")
        self.in_transaction, self.pending_writes = False, False

    def run(self, records: list[Record]) -> None:
        for record in records:
            self.ignored_keys.update(record.ignored_keys)
            if record.kind == "commit":
                self._commit()
                self.counts["batches"] += 1
            elif record.kind == "check":
                self.check_results.append((record, self._check(record)))
            else:
                self._statement(record)
        if self.in_transaction and self.pending_writes:
            raise Failure(None, f"the stream ends with writes since line {self.transaction_line} never committed")
        if self.in_transaction:
            self.cursor.execute("ROLLBACK")
            self.in_transaction = False

    @staticmethod
    def _require_bindings(record: Record) -> None:
        markers = count_markers(record.sql)
        sets = record.parameter_sets if record.kind == "many" else [record.parameters]
        for number, values in enumerate(sets, 1):
            if len(values) != markers:
                where = f"parameter set {number} has" if record.kind == "many" else "the statement has"
                raise Failure(record, f"{markers} bind markers but {where} {len(values)} values")

    def _prepare(self, record: Record) -> str | None:
        """The SQL the emulator runs for `record`, or None to skip it."""
        self._require_bindings(record)
        word = first_word(record.sql)
        if word in ("BEGIN", "START"):
            self._begin(record)
            return None
        if word in ("COMMIT", "ROLLBACK"):
            self.cursor.execute(word)
            self.in_transaction = self.pending_writes = False
            return None
        if word in _DDL and not record.sql.lstrip().upper().startswith("ALTER SESSION"):
            if self.in_transaction and self.pending_writes and self.counts["batches"] > 0:
                raise Failure(record, f"DDL inside the transaction begun at line {self.transaction_line}: Snowflake commits the "
                                      "open transaction before every DDL statement, so this batch would not be atomic")
            if self.in_transaction:
                self.counts["implicit_commits"] += int(self.pending_writes)
                self._commit()
            sql, removed = strip_key_constraints(record.sql)
            self.counts["constraints_stripped"] += len(removed)
            if sql is None:
                self.counts["skipped"] += 1
            return sql
        if word in _WRITES:
            self._begin(record)
            self.pending_writes = True
            if record.kind == "statement" and word in ("MERGE", "UPDATE"):
                inlined = replace_markers(record.sql, lambda index: literal(record.parameters[index]))
                check = nondeterministic_merge if word == "MERGE" else nondeterministic_update
                try:
                    problem = check(self.cursor, inlined)
                except Exception as error:  # the check's own query failed: say so, never pass silently
                    raise Failure(record, f"could not check the {word} for nondeterminism: {error}") from None
                if problem:
                    raise Failure(record, f"nondeterministic {word}: {problem}")
        return record.sql

    def _statement(self, record: Record) -> None:
        sql = self._prepare(record)
        if sql is None:
            return
        self.counts["statements"] += 1
        self.translation.messages.clear()
        try:
            if record.kind == "many":
                self.counts["array_bound"] += 1
                self.counts["bound_rows"] += len(record.parameter_sets)
                if record.parameter_sets:
                    self.cursor.executemany(sql, record.parameter_sets)
                return
            self.cursor.execute(sql, record.parameters or None)
        except Exception as error:
            raise Failure(record, f"the emulator rejected it: {type(error).__name__}: {error}", sql) from None
        self._require_faithful_translation(record, sql)
        if record.rows is not None:
            difference = compare_rows(record.rows, self._fetch(record, sql))
            if difference:
                raise Failure(record, "the rows differ from the planner's (SQLite) rows:\n  " + difference.replace("\n", "\n  "), sql)
            self.counts["row_sets"] += 1
        if record.expect_rows is not None:
            if self.cursor.rowcount != record.expect_rows:
                raise Failure(record, f"expected {record.expect_rows} row(s) affected, the emulator affected {self.cursor.rowcount}", sql)
            self.counts["fences"] += 1
            self.fences.append((record, sql))

    def _require_faithful_translation(self, record: Record, sql: str) -> None:
        if self.translation.messages:
            raise Failure(record, "fakesnow could not translate this statement faithfully to DuckDB (sqlglot: "
                                  + "; ".join(dict.fromkeys(self.translation.messages))
                                  + "), so the emulator's result would not be Snowflake's: write it in a form both accept", sql)

    def _fetch(self, record: Record, sql: str) -> list:
        names = [column[0] for column in self.cursor.description or []]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise Failure(record, f"result columns share a name ({', '.join(duplicates)}): fakesnow 0.12.1 returns only one "
                                  "value per name, so give every selected expression a distinct alias", sql)
        return self.cursor.fetchall()

    def _check(self, record: Record) -> str | None:
        self.translation.messages.clear()
        try:
            self._require_bindings(record)
            self.cursor.execute(record.sql, record.parameters or None)
            self._require_faithful_translation(record, record.sql)
            return compare_rows(record.rows, self._fetch(record, record.sql))
        except Failure as failure:
            return failure.message
        except Exception as error:
            return f"the emulator rejected it: {type(error).__name__}: {error}"

    def replay_fences(self) -> list[str]:
        """Re-runs every fence in one rolled-back transaction; the ones that still affected rows."""
        problems = []
        self.cursor.execute("BEGIN TRANSACTION")
        try:
            for record, sql in self.fences:
                self.cursor.execute(sql, record.parameters or None)
                if self.cursor.rowcount != 0:
                    problems.append(Failure(record, f"replayed after the stream, this fence affected {self.cursor.rowcount} row(s) instead "
                                                    "of 0: a worker holding the old offsets would load its batch again", sql).report())
        finally:
            self.cursor.execute("ROLLBACK")
        return problems


def connect():
    """A fakesnow connection (the caller keeps `fakesnow.patch()` active around its use)."""
    import snowflake.connector

    return snowflake.connector.connect(database=EMULATOR_DATABASE, schema="PUBLIC", paramstyle="qmark")


def emulate(records: list[Record], replay: bool, out=sys.stdout) -> int:
    import fakesnow

    install_merge_fix()
    # fakesnow 0.12.1 warns about its own use of DuckDB's Arrow API on every result.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"fakesnow\.")
    with fakesnow.patch():
        connection = connect()
        emulator = Emulator(connection.cursor(), TranslationLog().install())
        try:
            emulator.run(records)
        except Failure as failure:
            print(failure.report(), file=out)
            return 1
        failed_checks = [(record, problem) for record, problem in emulator.check_results if problem]
        replay_problems = emulator.replay_fences() if replay else []
    for record, problem in failed_checks:
        print(Failure(record, "differs from SQLite:\n  " + problem.replace("\n", "\n  ")).report(), file=out)
    for problem in replay_problems:
        print(problem, file=out)
    c = emulator.counts
    print(f"emulate.py: {len(records)} records, {c['statements']} statements ({c['array_bound']} array-bound with "
          f"{c['bound_rows']} rows), {c['batches']} commits; {c['constraints_stripped']} key constraints stripped, "
          f"{c['skipped']} constraint-only statements skipped, {c['implicit_commits']} implicit DDL commits; "
          f"{c['row_sets']} row sets and {c['fences']} row counts matched; checks: "
          f"{len(emulator.check_results) - len(failed_checks)} passed, {len(failed_checks)} failed"
          + (f"; replayed fences: {len(emulator.fences) - len(replay_problems)} of {len(emulator.fences)} affected 0 rows" if replay else ""),
          file=out)
    if emulator.ignored_keys:
        print(f"emulate.py: ignored unknown keys: {', '.join(sorted(emulator.ignored_keys))}", file=out)
    return 1 if failed_checks or replay_problems else 0


def self_test() -> int:
    suite = unittest.defaultTestLoader.discover(str(HERE), pattern="test_*.py", top_level_dir=str(HERE))
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    return 0 if result.wasSuccessful() else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stream", nargs="?", default="-", help="the JSON-lines stream (default: standard input)")
    parser.add_argument("--replay-fences", action="store_true", help="re-run every expect_rows statement at the end; each must affect 0 rows")
    parser.add_argument("--self-test", action="store_true", help="run the unit tests and the sample stream")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    try:
        if args.stream == "-":
            records = read_stream(sys.stdin)
        else:
            with open(args.stream, encoding="utf-8") as handle:
                records = read_stream(handle)
    except StreamError as error:
        print(f"emulate.py: malformed stream: {error}", file=sys.stderr)
        return 2
    return emulate(records, args.replay_fences)


if __name__ == "__main__":
    sys.exit(main())
