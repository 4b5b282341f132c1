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
strategies, Fractions as ``p/q`` and floats via :func:`repr`.

**Round trips.** The format has no mark for floating point: every number in a
file is exact. So the rule is ``read_nfg(write_nfg(g), exact=g.exact) == g``
for every game ``g``: an exact game comes back by plain ``read_nfg``; a float
game comes back bit for bit with ``exact=False`` (:func:`repr` is the shortest
text that reads back as the same float), while plain ``read_nfg`` gives
``g.to_exact()``, the exact decimal of each float's shortest repr.
Labels are written verbatim (so the round trip is lossless); Gambit 17 refuses
labels with leading, trailing or doubled whitespace, so keep labels trimmed
when the file is meant for Gambit.

Files are untrusted input. Every malformed file raises
:class:`~blitzgame.exceptions.GameFormatError` with the file name and
``line L:C``; the declared size (strategy counts or label lists) is checked
against ``max_size`` (default :data:`~blitzgame.io.MAX_PROFILES`, payoff
entries) and :data:`~blitzgame.io.MAX_PLAYERS` before the payoff table is
allocated, and numbers are limited to Python's int-conversion limit (4300
digits) and exponents of at most 4000.

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
>>> f = g.to_float()   # a float game: the file does not say so, the reader is told
>>> read_nfg(write_nfg(f), exact=False) == f, read_nfg(write_nfg(f)) == f.to_exact()
(True, True)
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import IO, Any

from .._validate import check_bool, check_optional_bool, describe
from ..exceptions import GameFormatError, InvalidParameterError
from ..games.normal_form import NormalFormGame
from ._limits import MAX_PLAYERS, MAX_PROFILES, check_max_size
from ._nfg_lexer import _quote
from ._nfg_parser import _parse, gambit_labels
from ._source import read_source, with_name

__all__ = ["read_nfg", "write_nfg", "gambit_labels", "MAX_PROFILES", "MAX_PLAYERS"]


def read_nfg(source: str | os.PathLike[str] | IO[str] | IO[bytes], *, exact: bool | None = None,
             max_size: int = MAX_PROFILES) -> NormalFormGame:
    """Read a game from a Gambit ``.nfg`` file or text.

    Parameters
    ----------
    source : str, os.PathLike or file object
        A path, an open file (text, or binary holding UTF-8), or the text
        itself (a string that starts with ``NFG`` or contains a newline or ``{``).
    exact : bool, optional
        ``None`` or ``True`` (default): exact ``Fraction`` payoffs, Gambit's
        semantics (``0.1`` is 1/10). ``False``: float64 payoffs, each the
        nearest float to the file's number -- what reads back a float game
        written by :func:`write_nfg` bit for bit (the file cannot say that
        its game was a float game; the reader is told with ``exact=False``).
    max_size : int
        The most payoff entries (pure profiles x players) the game may have;
        default :data:`MAX_PROFILES` (10**7). It is checked against the
        dimensions the strategy block *declares*, before any payoff is read or
        any memory is allocated for them.

    Returns
    -------
    NormalFormGame
        Players and strategies keep the file's labels (strategy counts give
        labels ``"1".."n_i"``); empty or duplicate labels are made unique as
        Gambit does, by an index or a ``_k`` suffix.

    Raises
    ------
    GameFormatError
        Malformed file; the message starts with the file name (when read from
        a path or a named file object) and ``line L:C``, and names what was
        expected and what was found. Among the malformed files: invalid UTF-8,
        a game larger than ``max_size`` or with more than :data:`MAX_PLAYERS`
        players, a number with more digits than Python's int-conversion limit
        (4300) or an exponent beyond ``1e4000``, a zero denominator, a number
        beyond the float range with ``exact=False``, a wrong count of payoffs
        and a truncated file.
    InvalidParameterError
        ``source`` is of the wrong type, or ``max_size`` is not a positive int.
    FileNotFoundError
        ``source`` is a path that does not exist.

    Examples
    --------
    >>> g = read_nfg('NFG 1 R "" { "A" "B" } { { "x" "y" } { "z" } } 0.1 1 -1/3 2e1')
    >>> g.payoff_of(("x", "z")), g.payoff_of(("y", "z"))
    ((Fraction(1, 10), Fraction(1, 1)), (Fraction(-1, 3), Fraction(20, 1)))

    A file that declares a huge game is refused before anything is allocated;
    ``max_size`` raises the limit for files you trust:

    >>> read_nfg('NFG 1 R "" { "A" "B" } { 30000 30000 }')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.GameFormatError: line 1:24: the game is too large: 30000 x 30000 ...
    >>> read_nfg('NFG 1 R "" { "A" } { 3 } 1 2 3', max_size=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.GameFormatError: line 1:20: the game is too large: ... max_size=2 ...
    >>> read_nfg('NFG 1 R "" { "A" } { 3 } 1 2 3', max_size=3).shape
    (3,)
    """
    max_size = check_max_size(max_size)
    exact = check_optional_bool("exact", exact)
    text, name = read_source(
        source, what=".nfg text",
        is_text=lambda s: s.lstrip().startswith("NFG") or "\n" in s or "{" in s)
    try:
        return _parse(text, exact, max_size)[0]
    except GameFormatError as err:
        raise with_name(err, name) from None


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
        via :func:`repr` (their shortest round-trip form). The file does not
        record whether the game was exact, so read it back with
        ``read_nfg(text, exact=game.exact)``: plain ``read_nfg`` returns a float
        game as ``game.to_exact()`` (0.1 as 1/10).

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
    >>> h = NormalFormGame.from_bimatrix([[0.1, 2.5]], [[1 / 3, 0.0]])
    >>> read_nfg(write_nfg(h), exact=h.exact) == h
    True
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got {type(game).__name__}")
    outcome_version = check_bool("outcome_version", outcome_version)
    for name, text in (("title", title), ("description", description)):
        if text is not None and not isinstance(text, str):
            raise InvalidParameterError(f"{name} must be a string or None; got {describe(text)}")
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
