"""Parser of Gambit ``.nfg`` files: the grammar of NFG-FORMAT.md over the lexer's tokens.

Every error is a :class:`~blitzgame.exceptions.GameFormatError` whose message
starts with ``line L:C`` and names what was expected and what was found. The
declared size of the game (strategy counts or label lists) is checked against
``max_size`` and :data:`~blitzgame.io._limits.MAX_PLAYERS` before the payoff
table is allocated.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import numpy as np

from ..exceptions import GameFormatError, InvalidGameError
from ..games.normal_form import NormalFormGame
from ._limits import (
    MAX_PLAYERS,
    MAX_PROFILES,
    NumberError,
    digit_limit,
    magnitude,
    size_problem,
    to_float,
)
from ._nfg_lexer import _number, _Token, _tokenize


def _at(tok: _Token, message: str) -> GameFormatError:
    return GameFormatError(f"line {tok.line}:{tok.col}: {message}")


class _Parser:
    def __init__(self, src: str) -> None:
        self.toks = _tokenize(src)
        self.pos = 0

    def peek(self) -> _Token:
        return self.toks[self.pos]

    def next(self) -> _Token:
        tok = self.toks[self.pos]
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def error(self, tok: _Token, what: str) -> GameFormatError:
        return _at(tok, f"expected {what}; got {tok.describe()}")

    def expect_punct(self, ch: str) -> _Token:
        tok = self.next()
        if tok.kind != "punct" or tok.text != ch:
            raise self.error(tok, repr(ch))
        return tok

    def expect_text(self, what: str) -> str:
        tok = self.next()
        if tok.kind != "text":
            raise self.error(tok, f"{what} (a double-quoted string)")
        return tok.text

    def is_punct(self, ch: str) -> bool:
        tok = self.peek()
        return tok.kind == "punct" and tok.text == ch

    def count(self, what: str) -> int:
        tok = self.next()
        if tok.kind != "num" or not tok.text.isdigit():
            raise self.error(tok, f"{what} (a non-negative integer)")
        limit = digit_limit()
        if limit and len(tok.text) > limit:
            raise _at(tok, f"expected {what} (a non-negative integer); got a number of "
                           f"{len(tok.text)} digits, more than Python's limit of {limit}")
        return int(tok.text)

    def number(self, exact: bool) -> Fraction | float:
        tok = self.next()
        value = _number(tok)
        if exact:
            return value
        try:
            return to_float(value)
        except NumberError as err:
            raise _at(tok, f"bad number {tok.describe()} ({err}; read the file with exact=True)"
                      ) from None

    def text_list(self, what: str) -> list[str]:
        self.expect_punct("{")
        out = []
        while not self.is_punct("}"):
            out.append(self.expect_text(what))
        self.next()
        return out


def gambit_labels(labels: list[str], start: int = 1) -> tuple[str, ...]:
    """Distinct labels from Gambit's: empty ones get their 1-based index, repeats a ``_k`` suffix.

    Raw labels are kept when they are already usable.

    Examples
    --------
    >>> gambit_labels(["a", "", "a"])
    ('a_1', '2', 'a')

    Label ``k`` becomes the first of ``lab``, ``lab_1``, ``lab_2``, ... that is
    neither an earlier result nor a later raw label. Linear time: a candidate
    once refused stays refused, so each base resumes at its next suffix.
    """
    if all(labels) and len(set(labels)) == len(labels):
        return tuple(labels)
    later = Counter(labels)
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    out: list[str] = []
    for k, lab in enumerate(labels):
        later[lab] -= 1
        cand = lab or str(k + start)
        if cand in taken or later[cand] > 0:
            base, m = cand, next_suffix.get(cand, 1)
            cand = f"{base}_{m}"
            while cand in taken or later[cand] > 0:
                m += 1
                cand = f"{base}_{m}"
            next_suffix[base] = m + 1
        taken.add(cand)
        out.append(cand)
    return tuple(out)


def _prologue(p: _Parser, max_size: int) -> tuple[str, list[str], list[list[str]]]:
    """Read the header, the title, the players and the strategy block; check the size."""
    tok = p.next()
    if tok.kind != "sym" or tok.text != "NFG":
        raise _at(tok, "missing header: a .nfg file starts with 'NFG 1 R'; "
                       f"got {tok.describe()}")
    tok = p.next()
    if tok.text != "1":
        raise p.error(tok, "format version 1 after 'NFG'")
    tok = p.next()
    if tok.kind != "sym" or tok.text not in ("R", "D"):
        raise p.error(tok, "'R' (or legacy 'D') after 'NFG 1'")
    title = p.expect_text("the game title")
    players_tok = p.peek()
    players = p.text_list("a player label")
    n_players = len(players)
    if n_players == 0:
        raise _at(tok, "the player list is empty; a game needs a player")
    if n_players > MAX_PLAYERS:
        raise _at(players_tok, f"the player list has {n_players} players; expected at most "
                               f"{MAX_PLAYERS} (one numpy array axis per player)")
    open_tok = p.expect_punct("{")
    labels: list[list[str]] | None = None
    if p.is_punct("{"):
        labels = []
        for i in range(n_players):
            if not p.is_punct("{"):
                raise p.error(p.peek(), f"the strategy labels of player {i + 1} ('{{')")
            labels.append(p.text_list(f"a strategy label of player {i + 1}"))
        shape = tuple(len(a) for a in labels)
    else:
        shape = tuple(p.count(f"the strategy count of player {i + 1}") for i in range(n_players))
    p.expect_punct("}")
    for i, n_i in enumerate(shape):
        if n_i == 0:
            raise _at(open_tok, f"player {i + 1} ({players[i]!r}) has no strategies; "
                                "every player needs at least one")
    problem = size_problem(shape, n_players, max_size, "read_nfg")
    if problem:  # before anything of that size is allocated
        raise _at(open_tok, problem)
    if labels is None:
        labels = [[str(k + 1) for k in range(n_i)] for n_i in shape]
    if p.peek().kind == "text":
        p.next()  # comment / description
    return title, players, labels


def _payoff_body(p: _Parser, flat: np.ndarray, exact: bool) -> None:
    n_prof, n_players = flat.shape
    for k in range(n_prof):
        for i in range(n_players):
            tok = p.peek()
            if tok.kind == "eof":
                got = k * n_players + i
                raise _at(tok, f"wrong number of payoffs: expected {n_prof * n_players} "
                               f"({n_prof} profiles x {n_players} players); got {got}")
            flat[k, i] = p.number(exact)


def _outcome_body(p: _Parser, flat: np.ndarray, exact: bool) -> None:
    n_prof, n_players = flat.shape
    p.next()
    outcomes: list[list[Fraction | float]] = []
    while not p.is_punct("}"):
        otok = p.expect_punct("{")
        p.expect_text(f"the label of outcome {len(outcomes) + 1}")
        vals: list[Fraction | float] = []
        for _ in range(n_players):
            if p.is_punct("}"):
                raise _at(otok, f"wrong number of payoffs in outcome {len(outcomes) + 1}: "
                                f"expected {n_players}; got {len(vals)}")
            vals.append(p.number(exact))
            if p.is_punct(","):
                p.next()
        tok = p.peek()
        if not (tok.kind == "punct" and tok.text == "}"):
            raise _at(tok, f"wrong number of payoffs in outcome {len(outcomes) + 1}: "
                           f"expected {n_players}, then '}}'; got {tok.describe()}")
        p.next()
        outcomes.append(vals)
    p.next()
    zero = [Fraction(0) if exact else 0.0] * n_players
    for k in range(n_prof):
        tok = p.peek()
        if tok.kind == "eof":
            raise _at(tok, f"expected {n_prof} outcome indices (one per profile); got {k}")
        idx = p.count("an outcome index")
        if idx > len(outcomes):
            raise _at(tok, f"unknown outcome index {magnitude(idx)}; the file defines "
                           f"outcomes 1..{len(outcomes)} (0 is the null outcome)")
        flat[k] = outcomes[idx - 1] if idx else zero


def _parse(src: str, exact: bool | None, max_size: int = MAX_PROFILES
           ) -> tuple[NormalFormGame, str]:
    """The game of a .nfg text and its title."""
    p = _Parser(src)
    title, players, actions = _prologue(p, max_size)
    shape = tuple(len(a) for a in actions)
    n_players = len(players)
    use_exact = exact is None or bool(exact)
    flat = np.empty((int(np.prod(shape, dtype=object)), n_players), dtype=object)  # file order
    if p.peek().kind == "num":
        _payoff_body(p, flat, use_exact)
    elif p.is_punct("{"):
        _outcome_body(p, flat, use_exact)
    else:
        raise p.error(p.peek(), "the payoffs (numbers) or the outcome list ('{')")
    tok = p.peek()
    if tok.kind != "eof":
        raise _at(tok, f"expected end of file after the {flat.shape[0]} profiles; "
                       f"got {tok.describe()} (too many payoffs?)")
    u = flat.reshape(shape + (n_players,), order="F")
    try:
        game = NormalFormGame(
            u, players=gambit_labels(players), actions=[gambit_labels(a) for a in actions],
            exact=use_exact,
        )
    except InvalidGameError as err:  # pragma: no cover - parsing guarantees validity
        raise GameFormatError(f"invalid game: {err}") from None
    return game, title
