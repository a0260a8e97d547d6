"""Lexical helpers for Snowflake SQL text, shared by emulate.py and grammar.py.

Everything here works on tokens, never on raw regular expressions over the whole
statement, so a `?`, a keyword or a comma inside a string literal, a quoted
identifier or a comment is never mistaken for SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Snowflake string literals: '...' with '' or backslash escapes, and $$...$$.
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>--[^\n]*|//[^\n]*|/\*.*?\*/)
    | (?P<string>'(?:[^'\\]|\\.|'')*'|\$\$.*?\$\$)
    | (?P<quoted>"(?:[^"]|"")*")
    | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
    | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<param>\?)
    | (?P<punct>::|=>|<=|>=|<>|!=|\|\||.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # space, comment, string, quoted, word, number, param, punct
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper()

    @property
    def significant(self) -> bool:
        return self.kind not in ("space", "comment")


def tokenize(sql: str) -> list[Token]:
    """Splits `sql` into tokens; an unterminated literal is one token to the end."""
    tokens = []
    position = 0
    while position < len(sql):
        match = _TOKEN.match(sql, position)
        if match is None or match.end() == position:
            # Only an unterminated quote gets here: keep the rest as one string token.
            tokens.append(Token("string", sql[position:]))
            break
        tokens.append(Token(match.lastgroup or "punct", match.group()))
        position = match.end()
    return tokens


def join(tokens: list[Token]) -> str:
    return "".join(token.text for token in tokens)


def count_markers(sql: str) -> int:
    """The number of `?` bind markers outside literals, identifiers and comments."""
    return sum(1 for token in tokenize(sql) if token.kind == "param")


def replace_markers(sql: str, replacements) -> str:
    """Replaces the n-th `?` marker by `replacements(n)` (or by a fixed string)."""
    pick = replacements if callable(replacements) else (lambda _: replacements)
    out, index = [], 0
    for token in tokenize(sql):
        if token.kind == "param":
            out.append(pick(index))
            index += 1
        else:
            out.append(token.text)
    return "".join(out)


def literal(value) -> str:
    """A bound value written as a Snowflake SQL literal (for checks that inline binds)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "''") + "'"


def code_view(sql: str) -> str:
    """The statement with comments dropped and string literals emptied ('').

    The rejected-constructs rules match this view, so text inside a literal can
    neither trigger nor hide a rule.
    """
    parts = []
    for token in tokenize(sql):
        if token.kind == "comment":
            parts.append(" ")
        elif token.kind == "string":
            parts.append("''")
        else:
            parts.append(token.text)
    return "".join(parts)


def first_word(sql: str) -> str:
    """The statement's first keyword, upper-cased ('' if there is none)."""
    for token in tokenize(sql):
        if token.kind == "word":
            return token.upper
        if token.significant and token.text != "(":
            return ""
    return ""
