"""Where fakesnow 0.12.1 differs from Snowflake in ways that matter to starsink, and what
the emulator does about each.

1. MERGE (two fakesnow bugs, fixed here). fakesnow rewrites MERGE into
   `CREATE OR REPLACE TEMPORARY TABLE merge_candidates AS SELECT ...` plus
   UPDATE/DELETE/INSERT statements reading it.
   a) That table carries only the source columns named in ON *with the source's
      table name* (not its alias), bare columns on the right of SET, and INSERT
      VALUES. So `USING stage AS s ON t.id = s.id WHEN MATCHED THEN UPDATE ...`
      and any `SET x = s.a + 1` / `CASE WHEN s.c ...` fail with a binder error
      although Snowflake runs them. Fixed: the table carries `<source alias>.*`.
   b) DuckDB keeps temporary tables outside the emulated database, and one
      DuckDB transaction may write to one database only, so a MERGE after any
      other write in the same transaction fails ("a single transaction can only
      write to a single attached database"). Fixed: merge_candidates is an
      ordinary table in the current schema (replaced by every MERGE, rolled
      back with its transaction). The rest of fakesnow's rewrite is unchanged.

2. Nondeterministic MERGE (Snowflake checks, fakesnow does not). When a target
   row joins several source rows and one of them would UPDATE it, Snowflake
   fails the MERGE ("Duplicate row detected during DML action";
   ERROR_ON_NONDETERMINISTIC_MERGE is TRUE by default), see
   https://docs.snowflake.com/sql-reference/sql/merge . fakesnow silently
   applies one. `nondeterministic_merge` runs the same join and reports it.

3. Nondeterministic UPDATE ... FROM. Snowflake updates a multi-joined target row
   from one arbitrary joined row (ERROR_ON_NONDETERMINISTIC_UPDATE is FALSE by
   default), see https://docs.snowflake.com/sql-reference/sql/update . The
   emulator's pick could match SQLite by luck, so `nondeterministic_update`
   reports a target row whose joined rows would set different values.

Both checks read bound values inlined as literals, on the emulator's own data,
just before the statement runs.
"""

from __future__ import annotations

import importlib

import sqlglot
from sqlglot import exp

_SNOWFLAKE = "snowflake"


def install_merge_fix() -> None:
    merge = importlib.import_module("fakesnow.transforms.merge")
    if getattr(merge, "_starsink_fixed", False):
        return
    original = merge._create_merge_candidates

    def create_merge_candidates(merge_expr):
        created = original(merge_expr)
        properties = created.args.get("properties")
        if properties is not None:
            kept = [p for p in properties.expressions if not isinstance(p, exp.TemporaryProperty)]
            created.set("properties", exp.Properties(expressions=kept) if kept else None)
        select = created.find(exp.Select)
        alias = merge_expr.args["using"].alias_or_name
        merge_op = [e for e in select.expressions if isinstance(e, exp.Alias) and e.alias.upper() == "MERGE_OP"]
        select.set("expressions", [exp.Column(this=exp.Star(), table=exp.to_identifier(alias))] + merge_op)
        return created

    merge._create_merge_candidates = create_merge_candidates
    merge._starsink_fixed = True


def _when_clauses(merge: exp.Merge) -> list[exp.When]:
    whens = merge.args.get("whens")
    return list(whens.expressions) if isinstance(whens, exp.Expression) else list(whens or [])


def nondeterministic_merge(cursor, inlined_sql: str) -> str | None:
    """A description of the first target row Snowflake would refuse to merge, or None."""
    merge = sqlglot.parse_one(inlined_sql, read=_SNOWFLAKE)
    if not isinstance(merge, exp.Merge):
        return None
    branches = []
    for when in _when_clauses(merge):
        if not when.args.get("matched"):
            continue
        condition = when.args.get("condition")
        operation = "U" if isinstance(when.args.get("then"), exp.Update) else "D"
        branches.append(f"WHEN {condition.sql(_SNOWFLAKE) if condition is not None else 'TRUE'} THEN '{operation}'")
    if not branches:
        return None
    target, source, on = merge.this, merge.args["using"], merge.args["on"]
    ref = target.alias_or_name
    action = "CASE " + " ".join(branches) + " END"
    query = (
        f"SELECT target_row, matched, updating FROM ("
        f"SELECT {ref}.rowid AS target_row, COUNT({action}) AS matched, "
        f"COUNT_IF({action} = 'U') AS updating "
        f"FROM {target.sql(_SNOWFLAKE)} JOIN {source.sql(_SNOWFLAKE)} ON {on.sql(_SNOWFLAKE)} "
        f"GROUP BY {ref}.rowid) WHERE matched > 1 AND updating > 0 ORDER BY target_row")
    rows = cursor.execute(query).fetchall()
    if not rows:
        return None
    sample = _target_row(cursor, target, rows[0][0])
    return (f"{len(rows)} target row(s) of {target.sql(_SNOWFLAKE)} each match several source rows that would "
            f"UPDATE or DELETE them (first: {rows[0][1]} matches, row {sample}); Snowflake fails this MERGE with "
            f"'Duplicate row detected during DML action' (ERROR_ON_NONDETERMINISTIC_MERGE=TRUE, the default): "
            f"deduplicate the source per target key")


def nondeterministic_update(cursor, inlined_sql: str) -> str | None:
    """A description of the first multi-joined row an UPDATE ... FROM would set arbitrarily, or None."""
    update = sqlglot.parse_one(inlined_sql, read=_SNOWFLAKE)
    if not isinstance(update, exp.Update) or update.args.get("from_") is None:
        return None
    target = update.this
    ref = target.alias_or_name
    sources = update.args["from_"].sql(_SNOWFLAKE)[len("FROM "):]
    where = update.args.get("where")
    differs = " OR ".join(
        f"COUNT(DISTINCT {value}) > 1 OR (COUNT({value}) > 0 AND COUNT({value}) < COUNT(*))"
        for value in (assignment.expression.sql(_SNOWFLAKE) for assignment in update.expressions))
    query = (
        f"SELECT {ref}.rowid AS target_row, COUNT(*) AS joined FROM {target.sql(_SNOWFLAKE)}, {sources} "
        f"{where.sql(_SNOWFLAKE) if where is not None else ''} "
        f"GROUP BY {ref}.rowid HAVING COUNT(*) > 1 AND ({differs}) ORDER BY target_row")
    rows = cursor.execute(query).fetchall()
    if not rows:
        return None
    sample = _target_row(cursor, target, rows[0][0])
    return (f"{len(rows)} target row(s) of {target.sql(_SNOWFLAKE)} join several FROM rows that set different "
            f"values (first: {rows[0][1]} joined rows, row {sample}); Snowflake would update each from one "
            f"arbitrary joined row (ERROR_ON_NONDETERMINISTIC_UPDATE=FALSE, the default)")


def _target_row(cursor, target: exp.Table, rowid) -> tuple:
    table = exp.Table(this=target.this, db=target.args.get("db"), catalog=target.args.get("catalog"))
    found = cursor.execute(f"SELECT * FROM {table.sql(_SNOWFLAKE)} WHERE rowid = {int(rowid)}").fetchall()
    return found[0] if found else ()
