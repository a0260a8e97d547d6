"""Removes PRIMARY KEY, UNIQUE and FOREIGN KEY constraints from DDL before fakesnow runs it.

Why: Snowflake accepts these constraints on standard tables but enforces none of
them (only NOT NULL and CHECK), see
https://docs.snowflake.com/en/sql-reference/constraints.html . fakesnow hands
the DDL to DuckDB, which enforces them immediately, so a statement that is
correct on Snowflake (a second version row, a fact whose dimension row a later
statement of the same transaction writes) would fail on the emulator. To
emulate Snowflake the emulator's tables are created without them.

The rewrite is token based and deliberately narrow:
- CREATE [OR REPLACE] [TEMPORARY|TRANSIENT|...] TABLE ... ( elements ): out-of-line
  PRIMARY KEY / UNIQUE / FOREIGN KEY elements are dropped, and inline
  [CONSTRAINT n] PRIMARY KEY | UNIQUE | [FOREIGN KEY] REFERENCES t [(cols)] clauses
  with their properties (ENFORCED, DEFERRABLE, INITIALLY ..., MATCH ...,
  ON UPDATE/DELETE ..., RELY ...) are removed from column definitions.
- ALTER TABLE ... ADD [COLUMN] ...: the same inline clauses are removed.
- ALTER TABLE ... ADD [CONSTRAINT n] PRIMARY KEY|UNIQUE|FOREIGN KEY ...: the whole
  statement is skipped (returns None).
NOT NULL, CHECK, DEFAULT and everything else stay. HYBRID tables, which do
enforce constraints on Snowflake, are left untouched.
"""

from __future__ import annotations

from sqltext import Token, join, tokenize

_PROPERTY_WORDS = {"ENFORCED", "DEFERRABLE", "ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY"}
_PAIRS = {"NOT": {"ENFORCED", "DEFERRABLE"}, "INITIALLY": {"DEFERRED", "IMMEDIATE"}, "MATCH": {"FULL", "SIMPLE", "PARTIAL"}}
_TABLE_MODIFIERS = {"OR", "REPLACE", "TEMPORARY", "TEMP", "TRANSIENT", "LOCAL", "GLOBAL", "VOLATILE"}


class _Cursor:
    """Walks the significant tokens of a token list, remembering their positions."""

    def __init__(self, tokens: list[Token], start: int = 0):
        self.tokens = tokens
        self.index = start

    def skip_space(self) -> None:
        while self.index < len(self.tokens) and not self.tokens[self.index].significant:
            self.index += 1

    def peek(self, ahead: int = 0) -> Token | None:
        index = self.index
        for _ in range(ahead + 1):
            while index < len(self.tokens) and not self.tokens[index].significant:
                index += 1
            if index >= len(self.tokens):
                return None
            found, index = self.tokens[index], index + 1
        return found

    def peek_word(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.upper if token is not None and token.kind == "word" else ""

    def take(self) -> Token:
        self.skip_space()
        token = self.tokens[self.index]
        self.index += 1
        return token

    def take_name(self) -> None:
        """A possibly qualified identifier: a.b."c"."""
        self.take()
        while self.peek() is not None and self.peek().text == ".":
            self.take()
            self.take()

    def take_parenthesised(self) -> None:
        """A balanced ( ... ) group, if one comes next."""
        if self.peek() is None or self.peek().text != "(":
            return
        depth = 0
        while self.index < len(self.tokens):
            token = self.take()
            depth += {"(": 1, ")": -1}.get(token.text, 0)
            if depth == 0:
                return


def _take_properties(cursor: _Cursor) -> None:
    while True:
        word = cursor.peek_word()
        if word in _PROPERTY_WORDS:
            cursor.take()
        elif word in _PAIRS and cursor.peek_word(1) in _PAIRS[word]:
            cursor.take(), cursor.take()
        elif word == "ON" and cursor.peek_word(1) in ("UPDATE", "DELETE"):
            cursor.take(), cursor.take()
            action = cursor.peek_word()
            if action in ("SET", "NO"):
                cursor.take(), cursor.take()
            elif action in ("CASCADE", "RESTRICT"):
                cursor.take()
        else:
            return


def _constraint_end(tokens: list[Token], index: int) -> int | None:
    """If an inline constraint clause starts at `index`, the index just past it."""
    cursor = _Cursor(tokens, index)
    if cursor.peek_word() == "CONSTRAINT":
        if cursor.peek_word(2) not in ("PRIMARY", "UNIQUE", "FOREIGN", "REFERENCES"):
            return None  # CONSTRAINT n CHECK (...) and the like stay.
        cursor.take(), cursor.take()
    head = cursor.peek_word()
    if head == "PRIMARY" and cursor.peek_word(1) == "KEY":
        cursor.take(), cursor.take()
        cursor.take_parenthesised()
    elif head == "UNIQUE":
        cursor.take()
        cursor.take_parenthesised()
    elif head in ("FOREIGN", "REFERENCES"):
        if head == "FOREIGN":
            if cursor.peek_word(1) != "KEY":
                return None
            cursor.take(), cursor.take()
            cursor.take_parenthesised()
        if cursor.peek_word() != "REFERENCES":
            return None
        cursor.take()
        cursor.take_name()
        cursor.take_parenthesised()
    else:
        return None
    _take_properties(cursor)
    return cursor.index


def _strip_column(tokens: list[Token], removed: list[str]) -> list[Token]:
    """A column definition without its inline key constraints (the name is never a keyword)."""
    out, index, depth, seen_name = [], 0, 0, False
    while index < len(tokens):
        token = tokens[index]
        if token.significant and depth == 0 and seen_name and token.kind == "word":
            end = _constraint_end(tokens, index)
            if end is not None:
                removed.append(join(tokens[index:end]).strip())
                index = end
                continue
        if token.significant:
            seen_name = True
            depth += {"(": 1, ")": -1}.get(token.text, 0)
        out.append(token)
        index += 1
    return out


def _is_out_of_line(element: list[Token]) -> bool:
    cursor = _Cursor(element)
    if cursor.peek_word() == "CONSTRAINT":
        return cursor.peek_word(2) in ("PRIMARY", "UNIQUE", "FOREIGN")
    first, second = cursor.peek_word(), cursor.peek(1)
    return (first == "PRIMARY" and cursor.peek_word(1) == "KEY") or (first == "FOREIGN" and cursor.peek_word(1) == "KEY") \
        or (first == "UNIQUE" and second is not None and second.text == "(")


def _split_top_level(tokens: list[Token]) -> list[list[Token]]:
    parts, current, depth = [], [], 0
    for token in tokens:
        if token.text == "," and depth == 0:
            parts.append(current)
            current = []
            continue
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        current.append(token)
    parts.append(current)
    return parts


def _strip_create(tokens: list[Token], cursor: _Cursor, removed: list[str]) -> str:
    if cursor.peek_word() == "IF":
        cursor.take(), cursor.take(), cursor.take()
    cursor.take_name()
    opening = cursor.peek()
    if opening is None or opening.text != "(":
        return join(tokens)  # CREATE TABLE ... AS / LIKE / CLONE: no column list.
    cursor.skip_space()
    open_index = cursor.index
    cursor.take_parenthesised()
    close_index = cursor.index - 1
    kept = []
    for element in _split_top_level(tokens[open_index + 1:close_index]):
        if _is_out_of_line(element):
            removed.append(join(element).strip())
        else:
            kept.append(join(_strip_column(element, removed)))
    return join(tokens[:open_index + 1]) + ",".join(kept) + join(tokens[close_index:])


def column_elements(sql: str) -> list[str]:
    """The elements of a CREATE TABLE's column list (empty for any other statement)."""
    tokens = tokenize(sql)
    cursor = _Cursor(tokens)
    if cursor.peek_word() != "CREATE":
        return []
    cursor.take()
    while cursor.peek_word() in _TABLE_MODIFIERS | {"HYBRID"}:
        cursor.take()
    if cursor.peek_word() != "TABLE":
        return []
    cursor.take()
    if cursor.peek_word() == "IF":
        cursor.take(), cursor.take(), cursor.take()
    cursor.take_name()
    if cursor.peek() is None or cursor.peek().text != "(":
        return []
    cursor.skip_space()
    start = cursor.index
    cursor.take_parenthesised()
    return [join(element).strip() for element in _split_top_level(tokens[start + 1:cursor.index - 1])]


def strip_key_constraints(sql: str) -> tuple[str | None, list[str]]:
    """`sql` without key constraints, and the clauses removed; None means skip the statement."""
    tokens = tokenize(sql)
    cursor = _Cursor(tokens)
    removed: list[str] = []
    first = cursor.peek_word()
    if first == "CREATE":
        cursor.take()
        while cursor.peek_word() in _TABLE_MODIFIERS:
            cursor.take()
        if cursor.peek_word() != "TABLE":
            return sql, removed  # HYBRID TABLE, VIEW, SCHEMA, ...
        cursor.take()
        return _strip_create(tokens, cursor, removed), removed
    if first == "ALTER" and cursor.peek_word(1) == "TABLE":
        cursor.take(), cursor.take()
        if cursor.peek_word() == "IF":
            cursor.take(), cursor.take()
        cursor.take_name()
        if cursor.peek_word() != "ADD":
            return sql, removed
        cursor.take()
        if _is_out_of_line(tokens[cursor.index:]):
            removed.append(join(tokens[cursor.index:]).strip())
            return None, removed
        if cursor.peek_word() == "COLUMN":
            cursor.take()
        if cursor.peek_word() == "IF":
            cursor.take(), cursor.take(), cursor.take()
        head = join(tokens[:cursor.index])
        columns = [join(_strip_column(part, removed)) for part in _split_top_level(tokens[cursor.index:])]
        return head + ",".join(columns), removed
    return sql, removed
