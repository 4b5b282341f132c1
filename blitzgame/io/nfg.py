r"""Read and write Gambit ``.nfg`` files (normal-form games), exactly.

A ``.nfg`` file has a prologue ``NFG 1 R "title" { "P1" "P2" ... }``, a
strategy block (counts ``{ 2 3 }`` or labels ``{ { "a" "b" } { ... } }``), an
optional comment, and a body in one of two versions:

* the **payoff version**: for every pure profile, one number per player;
* the **outcome version**: a list of outcomes ``{ "name" u_1, ..., u_N }``
  followed by one outcome index (1-based; ``0`` pays 0 to everyone) per profile.

Profiles are listed like an odometer in which *player 1's strategy changes
fastest* -- Fortran (column-major) order over the shape :math:`(n_1, \dots,
n_N)`. Numbers are exact: ``0.1`` is 1/10 and ``1.5e-1`` is 3/20, ``3/4`` is a
rational; so a game read from a file is always exact (``Fraction`` payoffs)
unless ``exact=False`` is asked for.

The writer emits the payoff version (or, with ``outcome_version=True``, the
outcome version with one outcome per distinct payoff vector), labelled
strategies, Fractions as ``p/q`` and floats via :func:`repr`. Reading back a
float game therefore gives the exact decimal of each float's shortest repr;
``read_nfg(text, exact=False)`` recovers the original float game bit for bit.
Labels are written verbatim (so the round trip is lossless); Gambit 17 refuses
labels with leading, trailing or doubled whitespace, so keep labels trimmed
when the file is meant for Gambit.

The format and its corner cases are specified in the project's
``NFG-FORMAT.md``; the reference is the Gambit documentation [1]_.

References
----------
.. [1] McKelvey, R. D., McLennan, A. M. and Turocy, T. L. Gambit: Software
   Tools for Game Theory. https://www.gambit-project.org (file formats).

Examples
--------
>>> from blitzgame.io.nfg import read_nfg, write_nfg
>>> g = read_nfg('NFG 1 R "pd" { "row" "col" } { 2 2 } 3 3 5 0 0 5 1 1')
>>> g.players, g.actions
(('row', 'col'), (('1', '2'), ('1', '2')))
>>> g.payoff_of((1, 0))
(Fraction(5, 1), Fraction(0, 1))
>>> read_nfg(write_nfg(g)) == g
True
"""

from __future__ import annotations

import math
import os
from fractions import Fraction
from typing import IO, Any

import numpy as np

from ..exceptions import GameFormatError, InvalidGameError, InvalidParameterError
from ..games.normal_form import NormalFormGame
from ._nfg_lexer import _number, _quote, _Token, _tokenize
from ._source import read_source

__all__ = ["read_nfg", "write_nfg"]


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
        return GameFormatError(f"line {tok.line}:{tok.col}: expected {what}; got {tok.describe()}")

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
        return int(tok.text)

    def text_list(self, what: str) -> list[str]:
        self.expect_punct("{")
        out = []
        while not self.is_punct("}"):
            out.append(self.expect_text(what))
        self.next()
        return out


def _normalize(labels: list[str], start: int = 1) -> tuple[str, ...]:
    """Raw labels if usable; else fill empty ones with their 1-based index and de-duplicate."""
    if all(labels) and len(set(labels)) == len(labels):
        return tuple(labels)
    out: list[str] = []
    for k, lab in enumerate(labels):
        cand = lab or str(k + start)
        base, m = cand, 1
        while cand in out or cand in labels[k + 1:]:
            cand = f"{base}_{m}"
            m += 1
        out.append(cand)
    return tuple(out)


def _parse(src: str, exact: bool | None) -> NormalFormGame:
    p = _Parser(src)
    tok = p.next()
    if tok.kind != "sym" or tok.text != "NFG":
        raise GameFormatError(
            f"line {tok.line}:{tok.col}: missing header: a .nfg file starts with 'NFG 1 R'; "
            f"got {tok.describe()}"
        )
    tok = p.next()
    if tok.text != "1":
        raise p.error(tok, "format version 1 after 'NFG'")
    tok = p.next()
    if tok.kind != "sym" or tok.text not in ("R", "D"):
        raise p.error(tok, "'R' (or legacy 'D') after 'NFG 1'")
    p.expect_text("the game title")
    players = p.text_list("a player label")
    n_players = len(players)
    if n_players == 0:
        raise GameFormatError(
            f"line {tok.line}:{tok.col}: the player list is empty; a game needs a player"
        )
    open_tok = p.expect_punct("{")
    actions: list[list[str]] = []
    if p.is_punct("{"):
        for i in range(n_players):
            if not p.is_punct("{"):
                raise p.error(p.peek(), f"the strategy labels of player {i + 1} ('{{')")
            actions.append(p.text_list(f"a strategy label of player {i + 1}"))
    else:
        for i in range(n_players):
            n_i = p.count(f"the strategy count of player {i + 1}")
            actions.append([str(k + 1) for k in range(n_i)])
    p.expect_punct("}")
    for i, acts in enumerate(actions):
        if not acts:
            raise GameFormatError(
                f"line {open_tok.line}:{open_tok.col}: player {i + 1} ({players[i]!r}) "
                "has no strategies; every player needs at least one"
            )
    if p.peek().kind == "text":
        p.next()  # comment / description
    shape = tuple(len(a) for a in actions)
    n_prof = math.prod(shape)
    flat = np.empty((n_prof, n_players), dtype=object)  # profiles in file (Fortran) order
    if p.peek().kind == "num":
        for k in range(n_prof):
            for i in range(n_players):
                tok = p.peek()
                if tok.kind == "eof":
                    got = k * n_players + i
                    raise GameFormatError(
                        f"line {tok.line}:{tok.col}: wrong number of payoffs: expected "
                        f"{n_prof * n_players} ({n_prof} profiles x {n_players} players); got {got}"
                    )
                flat[k, i] = _number(p.next())
    elif p.is_punct("{"):
        p.next()
        outcomes: list[list[Fraction]] = []
        while not p.is_punct("}"):
            otok = p.expect_punct("{")
            p.expect_text(f"the label of outcome {len(outcomes) + 1}")
            vals = []
            for _ in range(n_players):
                tok = p.peek()
                if tok.kind == "punct" and tok.text == "}":
                    raise GameFormatError(
                        f"line {otok.line}:{otok.col}: wrong number of payoffs in outcome "
                        f"{len(outcomes) + 1}: expected {n_players}; got {len(vals)}"
                    )
                vals.append(_number(p.next()))
                if p.is_punct(","):
                    p.next()
            tok = p.peek()
            if not (tok.kind == "punct" and tok.text == "}"):
                raise GameFormatError(
                    f"line {tok.line}:{tok.col}: wrong number of payoffs in outcome "
                    f"{len(outcomes) + 1}: expected {n_players}, then '}}'; got {tok.describe()}"
                )
            p.next()
            outcomes.append(vals)
        p.next()
        zero = [Fraction(0)] * n_players
        for k in range(n_prof):
            tok = p.peek()
            if tok.kind == "eof":
                raise GameFormatError(
                    f"line {tok.line}:{tok.col}: expected {n_prof} outcome indices "
                    f"(one per profile); got {k}"
                )
            idx = p.count("an outcome index")
            if idx > len(outcomes):
                raise GameFormatError(
                    f"line {tok.line}:{tok.col}: unknown outcome index {idx}; the file defines "
                    f"outcomes 1..{len(outcomes)} (0 is the null outcome)"
                )
            flat[k] = outcomes[idx - 1] if idx else zero
    else:
        raise p.error(p.peek(), "the payoffs (numbers) or the outcome list ('{')")
    tok = p.peek()
    if tok.kind != "eof":
        raise GameFormatError(
            f"line {tok.line}:{tok.col}: expected end of file after the "
            f"{n_prof} profiles; got {tok.describe()} (too many payoffs?)"
        )
    u = flat.reshape(shape + (n_players,), order="F")
    try:
        return NormalFormGame(
            u, players=_normalize(players), actions=[_normalize(a) for a in actions],
            exact=True if exact is None else exact,
        )
    except InvalidGameError as err:  # pragma: no cover - parsing guarantees validity
        raise GameFormatError(f"invalid game: {err}") from None


def read_nfg(source: str | os.PathLike[str] | IO[str], *, exact: bool | None = None
             ) -> NormalFormGame:
    """Read a game from a Gambit ``.nfg`` file or text.

    Parameters
    ----------
    source : str, os.PathLike or text file object
        A path, an open file, or the text itself (a string that starts with
        ``NFG`` or contains a newline or ``{``).
    exact : bool, optional
        ``None`` or ``True`` (default): exact ``Fraction`` payoffs, Gambit's
        semantics (``0.1`` is 1/10). ``False``: float64 payoffs.

    Returns
    -------
    NormalFormGame
        Players and strategies keep the file's labels (strategy counts give
        labels ``"1".."n_i"``); empty or duplicate labels are made unique as
        Gambit does, by an index or a ``_k`` suffix.

    Raises
    ------
    GameFormatError
        Malformed file; the message starts with ``line L:C``.
    FileNotFoundError
        ``source`` is a path that does not exist.

    Examples
    --------
    >>> g = read_nfg('NFG 1 R "" { "A" "B" } { { "x" "y" } { "z" } } 0.1 1 -1/3 2e1')
    >>> g.payoff_of(("x", "z")), g.payoff_of(("y", "z"))
    ((Fraction(1, 10), Fraction(1, 1)), (Fraction(-1, 3), Fraction(20, 1)))
    """
    text = read_source(source, what=".nfg text",
                       is_text=lambda s: s.lstrip().startswith("NFG") or "\n" in s or "{" in s)
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return _parse(text, exact)


def _check_label(label: str, what: str) -> str:
    if label.endswith("\\") or '\\"' in label:
        raise InvalidParameterError(
            f"{what} {label!r} cannot be written to a .nfg file: the format has no escape for a "
            "backslash before a quote or at the end of a string"
        )
    return _quote(label)


def _fmt(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v)  # 'p/q', or 'p' when q == 1; never a leading '+'
    return repr(float(v))


def write_nfg(
    game: NormalFormGame,
    path: str | os.PathLike[str] | None = None,
    *,
    title: str | None = None,
    description: str | None = None,
    outcome_version: bool = False,
) -> str:
    """Write a game in Gambit's ``.nfg`` format and return the text.

    Parameters
    ----------
    game : NormalFormGame
    path : str or os.PathLike, optional
        If given, the text is also written to this file (UTF-8).
    title : str, optional
        The game title (default empty).
    description : str, optional
        The comment after the strategy block (Gambit's ``description``).
    outcome_version : bool
        Write the outcome version (one outcome per distinct payoff vector)
        instead of the payoff version.

    Returns
    -------
    str
        The file's text; exact games are written losslessly (``p/q``), floats
        via :func:`repr`.

    Raises
    ------
    InvalidParameterError
        ``game`` is not a NormalFormGame, or a label/title contains a backslash
        that the format cannot represent (before a ``"`` or at the end).

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = NormalFormGame.from_bimatrix([[Fraction(1, 2), 0]], [[1, 2]])
    >>> print(write_nfg(g, title="tiny"))
    NFG 1 R "tiny" { "0" "1" }
    { { "0" } { "0" "1" } }
    <BLANKLINE>
    1/2 1
    0 2
    <BLANKLINE>
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got {type(game).__name__}")
    lines = [
        "NFG 1 R " + _check_label(title or "", "title") + " { "
        + " ".join(_check_label(p, "player label") for p in game.players) + " }",
        "{ " + " ".join(
            "{ " + " ".join(_check_label(a, "action label") for a in acts) + " }"
            for acts in game.actions
        ) + " }",
    ]
    if description:
        lines.append(_check_label(description, "description"))
    lines.append("")
    n = game.num_players
    # file order: player 1's strategy changes fastest (Fortran order), per player
    cols = [game.payoff_array[..., i].reshape(-1, order="F") for i in range(n)]
    rows = [[_fmt(c[k]) for c in cols] for k in range(len(cols[0]))]
    if not outcome_version:
        lines += [" ".join(r) for r in rows]
    else:
        index: dict[tuple[str, ...], int] = {}
        for r in rows:
            index.setdefault(tuple(r), len(index) + 1)
        lines.append("{")
        lines += ['{ "" ' + ", ".join(r) + " }" for r in index]
        lines.append("}")
        lines.append(" ".join(str(index[tuple(r)]) for r in rows))
    text = "\n".join(lines) + "\n"
    if path is not None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return text
