"""Unit tests of grammar.py: bind markers, sqlfluff's verdicts, the rules' view of a statement."""

from __future__ import annotations

import io
import json
import unittest

from constraints import column_elements
from grammar import check_stream, load_rules, parse_problem


class GrammarTests(unittest.TestCase):
    def test_bind_markers_parse_as_null(self):
        self.assertIsNone(parse_problem("UPDATE e_commerce.starsink_offsets SET next_offset = ? WHERE next_offset = ?"))

    def test_a_bad_column_definition_is_named(self):
        problem = parse_problem("CREATE TABLE t (a INT NOT NULL, b BIGINT CONSTRAINT b_fk REFERENCES d (b))")
        self.assertIn("unparsable", problem)
        self.assertIn("element(s) sqlfluff rejects: b BIGINT CONSTRAINT b_fk REFERENCES d (b)", problem)
        self.assertIsNone(parse_problem("CREATE TABLE t (a INT NOT NULL, b BIGINT CONSTRAINT b_fk FOREIGN KEY REFERENCES d (b))"))

    def test_column_elements(self):
        self.assertEqual(column_elements("CREATE TEMPORARY TABLE IF NOT EXISTS s (a NUMERIC(10,2), b INT, UNIQUE (a, b))"),
                         ["a NUMERIC(10,2)", "b INT", "UNIQUE (a, b)"])
        self.assertEqual(column_elements("SELECT 1"), [])

    def test_rules_see_neither_literals_nor_comments(self):
        rules = {rule.id: rule for rule in load_rules()}
        self.assertIsNone(rules["on-conflict"].match("INSERT INTO t (a) VALUES ('ON CONFLICT') -- ON CONFLICT"))
        self.assertEqual(rules["on-conflict"].match("INSERT INTO t (a) VALUES (1) on conflict do nothing"), "on conflict")

    def test_a_stream_reports_each_distinct_statement_once(self):
        lines = [json.dumps({"sql": "SELECT * FROM t FOR UPDATE", "parameters": []})] * 2 + [json.dumps({"commit": True})]
        out = io.StringIO()
        self.assertEqual(check_stream(lines, out), 1)
        self.assertIn("FAIL line 1 (and 1 more): sqlfluff (snowflake) cannot parse it", out.getvalue())
        self.assertIn("rejected construct 'row-lock' (matched: 'FOR UPDATE')", out.getvalue())
        self.assertIn("2 statements, 1 distinct", out.getvalue())


if __name__ == "__main__":
    unittest.main()
