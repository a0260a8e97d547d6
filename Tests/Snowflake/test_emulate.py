"""Unit tests of the emulator runner: normalisation, constraint stripping, SQL text
helpers, the stream reader, and end-to-end runs of small streams on fakesnow
(the sample stream must pass; each kind of difference must fail, precisely).

Run with `emulate.py --self-test` (the Swift SnowflakeTests target does).
"""

from __future__ import annotations

import datetime
import io
import json
import unittest
from decimal import Decimal
from pathlib import Path

from constraints import strip_key_constraints
from normalise import compare_rows, normalise
from sqltext import code_view, count_markers, first_word, replace_markers
from stream import StreamError, parse_record, read_stream

HERE = Path(__file__).resolve().parent
UTC = datetime.timezone.utc


class NormaliseTests(unittest.TestCase):
    def test_nulls_booleans_and_integers(self):
        self.assertIsNone(normalise(None))
        self.assertEqual([normalise(True), normalise(False), normalise(1), normalise(0)], ["1", "0", "1", "0"])
        self.assertEqual(normalise(7340032145112233445), "7340032145112233445")

    def test_numbers_lose_trailing_zeros_and_float_noise(self):
        self.assertEqual(normalise(Decimal("19.90")), "19.9")
        self.assertEqual(normalise(Decimal("1E+2")), "100")
        self.assertEqual(normalise(Decimal("-0.00")), "0")
        self.assertEqual(normalise(39.980000000000004), "39.98")
        self.assertEqual(normalise(344.97), "344.97")
        self.assertEqual(normalise(25.0), "25")
        self.assertEqual(normalise("37.50"), "37.5")
        self.assertEqual(normalise("-12"), "-12")
        self.assertNotEqual(normalise(Decimal("0.01")), normalise(Decimal("0.02")))

    def test_timestamps_in_any_spelling_become_one_text(self):
        canonical = "2026-11-20 09:00:00.000000"
        self.assertEqual(normalise(datetime.datetime(2026, 11, 20, 9)), canonical)
        self.assertEqual(normalise("2026-11-20 09:00:00"), canonical)
        self.assertEqual(normalise("2026-11-20T09:00:00"), canonical)
        self.assertEqual(normalise("2026-11-20 09:00:00.000"), canonical)
        self.assertEqual(normalise("2026-11-20 09:00:00.5"), "2026-11-20 09:00:00.500000")
        self.assertEqual(normalise(datetime.datetime(2026, 11, 20, 9, 0, 0, 123456)), "2026-11-20 09:00:00.123456")

    def test_an_aware_timestamp_never_equals_a_naive_one(self):
        aware = normalise(datetime.datetime(2026, 11, 20, 9, tzinfo=UTC))
        self.assertEqual(aware, "2026-11-20 09:00:00.000000+00:00")
        self.assertNotEqual(aware, normalise("2026-11-20 09:00:00"))
        self.assertEqual(normalise("2026-11-20T09:00:00Z"), "2026-11-20T09:00:00Z", "an offset in text stays text")

    def test_dates_and_text(self):
        self.assertEqual(normalise(datetime.date(2026, 11, 21)), "2026-11-21")
        self.assertEqual(normalise("2026-11-21"), "2026-11-21")
        self.assertEqual(normalise("Cy Díaz"), "Cy Díaz")
        self.assertEqual(normalise("ORD-0042"), "ORD-0042")

    def test_rows_compare_as_multisets(self):
        sqlite = [["C2", 1, "2026-11-21 12:30:00"], ["C1", 0, None], ["C1", 0, None]]
        emulator = [("C1", False, None), ("C2", True, datetime.datetime(2026, 11, 21, 12, 30)), ("C1", False, None)]
        self.assertIsNone(compare_rows(sqlite, emulator))

    def test_a_difference_names_the_first_differing_rows(self):
        problem = compare_rows([["C1", Decimal("12.50")], ["C2", 1]], [("C1", Decimal("12.5")), ("C2", 2)])
        self.assertIn("expected 2 rows, emulator returned 2", problem)
        self.assertIn("lacks: ('C2', '1')", problem)
        self.assertIn("not expected: ('C2', '2')", problem)
        self.assertIn("emulator returned 1", compare_rows([["a"], ["a"]], [("a",)]), "duplicates count")


class ConstraintTests(unittest.TestCase):
    def test_inline_and_out_of_line_keys_go_and_the_rest_stays(self):
        sql, removed = strip_key_constraints(
            "CREATE TABLE IF NOT EXISTS e_commerce.dim_customer (customer_sk BIGINT PRIMARY KEY, "
            "customer_id VARCHAR(256) NOT NULL, valid_from TIMESTAMP_NTZ NOT NULL, UNIQUE (customer_id, valid_from))")
        self.assertEqual(" ".join(sql.split()), "CREATE TABLE IF NOT EXISTS e_commerce.dim_customer (customer_sk BIGINT , "
                                                "customer_id VARCHAR(256) NOT NULL, valid_from TIMESTAMP_NTZ NOT NULL)")
        self.assertEqual(removed, ["PRIMARY KEY", "UNIQUE (customer_id, valid_from)"])

    def test_foreign_keys_in_every_spelling(self):
        sql, removed = strip_key_constraints(
            "CREATE TABLE f (a BIGINT NOT NULL CONSTRAINT f_a_fk REFERENCES e_commerce.d (a), "
            "b BIGINT CONSTRAINT f_b_fk FOREIGN KEY REFERENCES d2 (b) NOT ENFORCED NOT NULL, "
            "c INT REFERENCES x.y MATCH FULL ON DELETE SET NULL ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED RELY, "
            "CONSTRAINT pk PRIMARY KEY (a, b), FOREIGN KEY (c) REFERENCES z (q))")
        self.assertEqual(" ".join(sql.split()), "CREATE TABLE f (a BIGINT NOT NULL , b BIGINT NOT NULL, c INT )")
        self.assertEqual(len(removed), 5)

    def test_check_default_literals_and_quoted_names_are_untouched(self):
        sql = ("CREATE TABLE t (a INT DEFAULT 1 CONSTRAINT a_positive CHECK (a > 0), "
               "\"unique\" VARCHAR DEFAULT 'PRIMARY KEY, UNIQUE (x)', -- REFERENCES y\n b NUMERIC(10,2))")
        self.assertEqual(strip_key_constraints(sql), (sql, []))

    def test_alter_table(self):
        self.assertEqual(strip_key_constraints("ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (a)"), (None, ["CONSTRAINT pk PRIMARY KEY (a)"]))
        sql, removed = strip_key_constraints("ALTER TABLE t ADD COLUMN IF NOT EXISTS c BIGINT NOT NULL REFERENCES p (id)")
        self.assertEqual(sql.strip(), "ALTER TABLE t ADD COLUMN IF NOT EXISTS c BIGINT NOT NULL")
        self.assertEqual(removed, ["REFERENCES p (id)"])
        plain = "ALTER TABLE e_commerce.dim_product ADD COLUMN IF NOT EXISTS run_start_at TIMESTAMP_NTZ"
        self.assertEqual(strip_key_constraints(plain), (plain, []))

    def test_statements_that_are_not_key_ddl_are_unchanged(self):
        for sql in ("CREATE HYBRID TABLE h (a INT PRIMARY KEY)", "CREATE TABLE c AS SELECT 1 AS a",
                    "CREATE SCHEMA IF NOT EXISTS e_commerce", "INSERT INTO t (a) VALUES ('PRIMARY KEY')"):
            self.assertEqual(strip_key_constraints(sql), (sql, []))

    def test_temporary_stage_tables(self):
        sql, _ = strip_key_constraints("CREATE TEMPORARY TABLE IF NOT EXISTS s (a INT UNIQUE, b INT)")
        self.assertEqual(" ".join(sql.split()), "CREATE TEMPORARY TABLE IF NOT EXISTS s (a INT , b INT)")


class SqlTextTests(unittest.TestCase):
    def test_markers_outside_literals_identifiers_and_comments(self):
        sql = "SELECT '?', \"a?\", ? /* ? */, 'it''s ?' -- ?\n, ?, $$?$$ FROM t WHERE x = ?"
        self.assertEqual(count_markers(sql), 3)
        self.assertEqual(replace_markers(sql, "NULL"), sql.replace("\", ? /*", "\", NULL /*").replace(", ?, $$", ", NULL, $$").replace("x = ?", "x = NULL"))
        self.assertEqual(replace_markers("a = ? AND b = ?", lambda i: str(i)), "a = 0 AND b = 1")

    def test_backslash_escapes_in_strings(self):
        self.assertEqual(count_markers(r"SELECT 'it\'s ?', ?"), 1)

    def test_code_view_empties_literals_and_drops_comments(self):
        self.assertEqual(code_view("SELECT 'ON CONFLICT' -- RETURNING\n FROM t"), "SELECT ''  \n FROM t")

    def test_first_word(self):
        self.assertEqual(first_word("  -- c\n(SELECT 1)"), "SELECT")
        self.assertEqual(first_word("merge into t"), "MERGE")


class StreamTests(unittest.TestCase):
    def test_record_kinds(self):
        records = read_stream([
            '{"sql": "SELECT ?", "parameters": [19.99], "rows": [[19.99]]}',
            "",
            '{"sql": "INSERT INTO s VALUES (?)", "parameter_sets": [[1], [2]]}',
            '{"commit": true}',
            '{"check": "table t", "sql": "SELECT 1", "rows": [[1]]}',
            '{"sql": "UPDATE o SET n = ? WHERE n = ?", "parameters": [6, 3], "expect_rows": 1}'])
        self.assertEqual([r.kind for r in records], ["statement", "many", "commit", "check", "statement"])
        self.assertEqual(records[0].parameters, [Decimal("19.99")], "fractions are exact")
        self.assertEqual([r.line for r in records], [1, 3, 4, 5, 6])
        self.assertEqual(records[4].expect_rows, 1)

    def test_malformed_lines_name_their_line(self):
        for text, fragment in (("{", "not JSON"), ("[1]", "JSON object"), ('{"parameters": []}', "no 'sql'"),
                               ('{"check": "x", "sql": "SELECT 1"}', "no 'rows'"), ('{"sql": "x", "expect_rows": "1"}', "integer")):
            with self.assertRaises(StreamError) as caught:
                parse_record(text, 7)
            self.assertIn("line 7", str(caught.exception))
            self.assertIn(fragment, str(caught.exception))


def run_stream(lines: list[dict], replay: bool = True) -> tuple[int, str]:
    from emulate import emulate

    out = io.StringIO()
    records = [parse_record(json.dumps(line), number) for number, line in enumerate(lines, 1)]
    return emulate(records, replay, out), out.getvalue()


SETUP = [
    {"sql": "CREATE SCHEMA IF NOT EXISTS e_commerce"},
    {"sql": "USE SCHEMA e_commerce"},
    {"sql": "CREATE TABLE IF NOT EXISTS e_commerce.dim (k INTEGER PRIMARY KEY, v VARCHAR(10), n INTEGER)"},
    {"sql": "CREATE TABLE IF NOT EXISTS e_commerce.offsets (p INTEGER PRIMARY KEY, next_offset BIGINT NOT NULL)"},
    {"commit": True},
    {"sql": "CREATE TEMPORARY TABLE IF NOT EXISTS stage (k INTEGER, v VARCHAR(10), n INTEGER)"},
]
BATCH = [
    {"sql": "DELETE FROM stage"},
    {"sql": "INSERT INTO stage (k, v, n) VALUES (?, ?, ?)", "parameter_sets": [[1, "a", 10], [2, "b", 20]]},
    {"sql": "MERGE INTO e_commerce.dim AS t USING stage AS s ON t.k = s.k WHEN MATCHED THEN UPDATE SET v = s.v, n = s.n + 1 "
            "WHEN NOT MATCHED THEN INSERT (k, v, n) VALUES (s.k, s.v, s.n)"},
    {"sql": "INSERT INTO e_commerce.offsets (p, next_offset) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM e_commerce.offsets WHERE p = ?)",
     "parameters": [0, 2, 0], "expect_rows": 1},
    {"commit": True},
]
CHECK = {"check": "table dim", "sql": "SELECT k, v, n FROM e_commerce.dim", "rows": [[1, "a", 10], [2, "b", 20]]}


class EmulatorTests(unittest.TestCase):
    def test_the_sample_stream_passes_with_replayed_fences(self):
        from emulate import emulate

        with open(HERE / "sample-stream.jsonl", encoding="utf-8") as handle:
            records = read_stream(handle)
        out = io.StringIO()
        self.assertEqual(emulate(records, True, out), 0, out.getvalue())
        self.assertIn("checks: 8 passed, 0 failed", out.getvalue())
        self.assertIn("replayed fences: 2 of 2 affected 0 rows", out.getvalue())

    def test_a_small_stream_passes(self):
        status, out = run_stream(SETUP + BATCH + [CHECK])
        self.assertEqual(status, 0, out)
        self.assertIn("2 key constraints stripped", out)

    def test_keys_are_not_enforced_as_on_snowflake(self):
        status, out = run_stream(SETUP + [{"sql": "INSERT INTO e_commerce.dim (k, v, n) VALUES (1, 'a', 1), (1, 'b', 2)"}, {"commit": True}])
        self.assertEqual(status, 0, out)

    def test_a_check_that_differs_fails_with_the_first_differing_row(self):
        wrong = dict(CHECK, rows=[[1, "a", 10], [2, "b", 21]])
        status, out = run_stream(SETUP + BATCH + [wrong])
        self.assertEqual(status, 1)
        self.assertIn("FAIL line 12 (check 'table dim')", out)
        self.assertIn("lacks: ('2', 'b', '21')", out)
        self.assertIn("not expected: ('2', 'b', '20')", out)

    def test_rows_seen_during_a_batch_are_compared(self):
        select = {"sql": "SELECT k FROM stage WHERE n > ?", "parameters": [15], "rows": [[1]]}
        status, out = run_stream(SETUP + BATCH[:2] + [select])
        self.assertEqual(status, 1)
        self.assertIn("FAIL line 9 (statement SELECT): the rows differ", out)

    def test_a_wrong_row_count_fails(self):
        batch = [dict(r, expect_rows=0) if "expect_rows" in r else r for r in BATCH]
        status, out = run_stream(SETUP + batch)
        self.assertIn("expected 0 row(s) affected, the emulator affected 1", out)
        self.assertEqual(status, 1)

    def test_a_fence_that_does_not_fence_fails_on_replay(self):
        unfenced = {"sql": "UPDATE e_commerce.offsets SET next_offset = ? WHERE p = ?", "parameters": [4, 0], "expect_rows": 1}
        status, out = run_stream(SETUP + BATCH + [unfenced, {"commit": True}])
        self.assertEqual(status, 1)
        self.assertIn("replayed after the stream, this fence affected 1 row(s) instead of 0", out)
        self.assertIn("replayed fences: 1 of 2 affected 0 rows", out)

    def test_a_merge_with_duplicate_source_keys_fails_as_on_snowflake(self):
        batch = [dict(r, parameter_sets=[[1, "a", 10], [1, "c", 30]]) if "parameter_sets" in r else r for r in BATCH]
        status, out = run_stream(SETUP + BATCH + batch)
        self.assertEqual(status, 1)
        self.assertIn("nondeterministic MERGE", out)
        self.assertIn("Duplicate row detected during DML action", out)

    def test_an_update_from_several_differing_rows_fails(self):
        update = {"sql": "UPDATE e_commerce.dim AS t SET n = s.n FROM stage AS s WHERE t.v = 'a'"}
        status, out = run_stream(SETUP + BATCH + [update, {"commit": True}])
        self.assertEqual(status, 1)
        self.assertIn("nondeterministic UPDATE", out)

    def test_ddl_inside_a_batch_fails(self):
        ddl = {"sql": "CREATE TEMPORARY TABLE IF NOT EXISTS other (a INT)"}
        status, out = run_stream(SETUP + BATCH + BATCH[:2] + [ddl])
        self.assertEqual(status, 1)
        self.assertIn("Snowflake commits the open transaction before every DDL statement", out)

    def test_markers_and_values_must_agree(self):
        status, out = run_stream(SETUP + [{"sql": "INSERT INTO stage (k, v, n) VALUES (?, ?, ?)", "parameter_sets": [[1, "a", 1], [2, "b"]]}])
        self.assertEqual(status, 1)
        self.assertIn("3 bind markers but parameter set 2 has 2 values", out)

    def test_uncommitted_writes_at_the_end_fail(self):
        status, out = run_stream(SETUP + BATCH[:2])
        self.assertEqual(status, 1)
        self.assertIn("never committed", out)

    def test_a_rolled_back_batch_leaves_nothing(self):
        rollback = BATCH[:3] + [{"sql": "ROLLBACK"}]
        status, out = run_stream(SETUP + rollback + [dict(CHECK, rows=[])])
        self.assertEqual(status, 0, out)

    def test_columns_sharing_a_name_fail(self):
        status, out = run_stream(SETUP + BATCH + [dict(CHECK, sql="SELECT t.k, s.k FROM e_commerce.dim AS t, stage AS s", rows=[])])
        self.assertEqual(status, 1)
        self.assertIn("result columns share a name (K)", out)

    def test_what_fakesnow_cannot_translate_fails(self):
        query = {"check": "month", "sql": "SELECT TO_CHAR(v, 'YYYY-MM') AS m FROM e_commerce.dim", "rows": []}
        status, out = run_stream(SETUP + [query])
        self.assertEqual(status, 1)
        self.assertIn("could not translate this statement faithfully", out)


if __name__ == "__main__":
    unittest.main()
