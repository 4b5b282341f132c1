"""Tokenizer of Gambit ``.nfg`` files: TEXT, NUMBER, SYMBOL and punctuation tokens.

Whitespace separates tokens; ``{``, ``}`` and ``,`` are single-character
tokens; a TEXT is a double-quoted string in which ``\\"`` is a literal quote
and a backslash before any other character is kept with it; a NUMBER is
``-?digits`` followed by ``/digits`` or an optional ``.digits`` and exponent
(or ``.digits``), with ASCII digits only, and is exact. Every token carries
its 1-based line and column for error messages.
"""

from __future__ import annotations

import re
from fractions import Fraction

from ..exceptions import GameFormatError
from ._limits import NumberError, parse_number, short

_NUMBER = re.compile(r"-?(?:[0-9]+/[0-9]+|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+)\Z")
_PUNCT = "{},"
_WS = " \t\r\n\v\f"


def _quote(label: str) -> str:
    return '"' + label.replace('"', '\\"') + '"'


class _Token:
    __slots__ = ("kind", "text", "line", "col")

    def __init__(self, kind: str, text: str, line: int, col: int) -> None:
        self.kind = kind  # "text", "num", "sym", "punct", "eof"
        self.text = text
        self.line = line
        self.col = col

    def describe(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "text":
            text = self.text if len(self.text) <= 40 else self.text[:40] + "..."
            return f"string {_quote(text)}"
        return short(self.text)


def _tokenize(src: str) -> list[_Token]:
    """Split the file into tokens, each with its 1-based line and column."""
    toks: list[_Token] = []
    i, n, line, lstart = 0, len(src), 1, 0
    while i < n:
        c = src[i]
        if c in _WS:
            if c == "\n":
                line += 1
                lstart = i + 1
            i += 1
            continue
        col = i - lstart + 1
        if c in _PUNCT:
            toks.append(_Token("punct", c, line, col))
            i += 1
        elif c == '"':
            sline, scol = line, col
            buf: list[str] = []
            i += 1
            while True:
                if i >= n:
                    raise GameFormatError(
                        f"line {sline}:{scol}: unterminated string (no closing '\"')"
                    )
                c = src[i]
                if c == "\\" and i + 1 < n:
                    nxt = src[i + 1]
                    buf.append('"' if nxt == '"' else c + nxt)
                    if nxt == "\n":
                        line += 1
                        lstart = i + 2
                    i += 2
                    continue
                if c == '"':
                    i += 1
                    break
                if c == "\n":
                    line += 1
                    lstart = i + 1
                buf.append(c)
                i += 1
            toks.append(_Token("text", "".join(buf), sline, scol))
        else:
            j = i
            while j < n and src[j] not in _WS and src[j] not in _PUNCT and src[j] != '"':
                j += 1
            word = src[i:j]
            kind = "num" if _NUMBER.match(word) else "sym"
            toks.append(_Token(kind, word, line, col))
            i = j
    toks.append(_Token("eof", "", line, n - lstart + 1))
    return toks


def _number(tok: _Token) -> Fraction:
    """The exact value of a NUMBER token (decimals and exponents are exact)."""
    if tok.kind != "num":
        hint = " (a leading '+' is not allowed)" if tok.text.startswith("+") else ""
        raise GameFormatError(
            f"line {tok.line}:{tok.col}: expected a number; got {tok.describe()}{hint}"
        )
    try:
        return parse_number(tok.text)
    except NumberError as err:
        raise GameFormatError(
            f"line {tok.line}:{tok.col}: bad number {short(tok.text)} ({err})"
        ) from None
