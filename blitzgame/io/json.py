"""Lossless JSON for games and equilibrium results.

A game is stored as ::

    {"format": "blitzgame.game", "version": 1, "title": "", "exact": true,
     "players": ["row", "col"], "actions": [["C", "D"], ["C", "D"]],
     "payoffs": [[["3", "3"], ["0", "5"]], [["5", "0"], ["1", "1"]]]}

``payoffs`` is the nested payoff tensor of shape ``(n_0, ..., n_{N-1}, N)``
(entry ``[a_0, ..., a_{N-1}, i]`` is player i's payoff, C order, the layout of
:attr:`NormalFormGame.payoff_array`). Every number is a string: a Fraction as
``"p/q"`` (or ``"p"``), a float as its shortest :func:`repr`, which converts
back to the same float bit for bit. ``"exact"`` says which one it is, so the
round trip ``read_json(write_json(g)) == g`` holds for exact *and* float games.

Hand-written files may use plain JSON numbers and may leave out ``"exact"``;
then integers and ``"p/q"`` strings are exact, and any JSON float makes the
game a float game (the :class:`NormalFormGame` rule). This is the
blitzgame-native JSON of NFG-FORMAT.md; results use ``"blitzgame.result"``.

Files are untrusted input: invalid UTF-8 or JSON is a
:class:`~blitzgame.exceptions.GameFormatError` with ``line L:C``, any other
problem one that names the JSON path (``payoffs[0][1][0]``). ``NaN``,
``Infinity``, floats beyond the float range, integers beyond Python's
4300-digit limit, exponents beyond 4000, ragged payoffs, more than
:data:`~blitzgame.io.MAX_PLAYERS` players, and games with more than
``max_size`` payoff entries (default :data:`~blitzgame.io.MAX_PROFILES`,
checked before any number is converted) are refused.

Examples
--------
>>> from blitzgame import NormalFormGame
>>> from blitzgame.io.json import read_json, write_json
>>> g = NormalFormGame.from_bimatrix([[1, 0]], [[0.5, 2]], exact=True)
>>> read_json(write_json(g)) == g
True
"""

from __future__ import annotations

import json
import math
import os
from fractions import Fraction
from typing import IO, Any

import numpy as np

from .._validate import check_int, describe
from ..exceptions import GameFormatError, InvalidGameError, InvalidParameterError
from ..games.normal_form import NormalFormGame
from ._json_decode import check_labels, loads, payoff_array, show
from ._limits import MAX_PLAYERS, MAX_PROFILES, check_max_size
from ._source import read_source, with_name

__all__ = ["write_json", "read_json", "game_to_dict", "game_from_dict", "result_to_dict",
           "MAX_PROFILES", "MAX_PLAYERS"]

FORMAT = "blitzgame.game"
RESULT_FORMAT = "blitzgame.result"
VERSION = 1


def _num(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v)
    return repr(float(v))


def _jsonable(v: Any) -> Any:
    """A JSON-safe version of a value: Fractions as strings, numpy scalars as Python."""
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return f if math.isfinite(f) else repr(f)
    if isinstance(v, str) or v is None:
        return v
    if isinstance(v, np.ndarray):
        return [_jsonable(x) for x in v.tolist()]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return repr(v)


def game_to_dict(game: NormalFormGame, *, title: str | None = None) -> dict[str, Any]:
    """The JSON-ready dictionary of a game (see the module docstring).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, 2]], [[3, 4]])
    >>> game_to_dict(g)["payoffs"]
    [[['1', '3'], ['2', '4']]]
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got {type(game).__name__}")
    u = game.payoff_array
    nested = np.vectorize(_num, otypes=[object])(u).tolist()
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": title or "",
        "exact": game.exact,
        "players": list(game.players),
        "actions": [list(a) for a in game.actions],
        "payoffs": nested,
    }


def game_from_dict(data: dict[str, Any], *, max_size: int = MAX_PROFILES) -> NormalFormGame:
    """Build a game from the dictionary written by :func:`game_to_dict`.

    Parameters
    ----------
    data : dict
        The decoded JSON object.
    max_size : int
        The most payoff entries (pure profiles x players) the game may have;
        default :data:`~blitzgame.io.MAX_PROFILES` (10**7). The shape is taken
        from the first entry at each level of ``"payoffs"`` and checked before
        any number is converted.

    Raises
    ------
    GameFormatError
        Missing or wrong format tag, missing keys, non-numeric or non-finite
        payoffs, ragged payoffs, more than :data:`~blitzgame.io.MAX_PLAYERS`
        players, a game larger than ``max_size``, bad labels, or data that does
        not make a valid game. The message names the JSON path (for example
        ``payoffs[0][1][0]``), what was expected and what was found.

    Examples
    --------
    >>> game_from_dict({"format": "blitzgame.game", "payoffs": [[[1, "1/2"]]]}).payoff_of((0, 0))
    (Fraction(1, 1), Fraction(1, 2))
    """
    check_max_size(max_size)
    if not isinstance(data, dict):
        raise GameFormatError(f"a game must be a JSON object; got {show(data)}")
    tag = data.get("format")
    if tag != FORMAT:
        raise GameFormatError(f"unknown format tag {show(tag)}; expected {FORMAT!r}")
    version = data.get("version", VERSION)
    if isinstance(version, bool) or version != VERSION:
        raise GameFormatError(f"unsupported version {show(version)}; expected {VERSION}")
    if "payoffs" not in data:
        raise GameFormatError("missing key 'payoffs' (the payoff tensor of shape (n_0..n_N-1, N))")
    exact = data.get("exact")
    if exact is not None and not isinstance(exact, bool):
        raise GameFormatError(f"'exact' must be true or false; got {show(exact)}")
    payoffs, is_exact = payoff_array(data["payoffs"], exact, max_size)
    check_labels(data, payoffs.shape)
    try:
        return NormalFormGame(
            payoffs, players=data.get("players"), actions=data.get("actions"), exact=is_exact,
        )
    except InvalidGameError as err:
        raise GameFormatError(f"invalid game: {err}") from None


def write_json(game: NormalFormGame, path: str | os.PathLike[str] | None = None, *,
               title: str | None = None, indent: int | None = None) -> str:
    """Serialize a game to lossless JSON text (and to ``path`` if given).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, 2]], [[3, 4]], exact=True)
    >>> write_json(g)[:42]
    '{"format": "blitzgame.game", "version": 1,'
    """
    if indent is not None:
        indent = check_int("indent", indent, 0)
    if title is not None and not isinstance(title, str):
        raise InvalidParameterError(f"title must be a string or None; got {describe(title)}")
    text = json.dumps(game_to_dict(game, title=title), indent=indent, ensure_ascii=False)
    if path is not None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return text


def read_json(source: str | os.PathLike[str] | IO[str] | IO[bytes], *,
              max_size: int = MAX_PROFILES) -> NormalFormGame:
    """Read a game written by :func:`write_json` from text, a path or a file object.

    A string that starts with ``{`` or ``[`` or contains a newline is JSON text;
    any other string is a path. Files must be UTF-8.

    Parameters
    ----------
    source : str, os.PathLike or file object
        The JSON text, a path, or an open file (text, or binary holding UTF-8).
    max_size : int
        The most payoff entries (pure profiles x players) the game may have;
        default :data:`~blitzgame.io.MAX_PROFILES` (10**7), checked before any
        payoff is converted.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    GameFormatError
        Invalid UTF-8 or JSON (with ``line L:C``), nesting deeper than a game
        needs, or not a blitzgame game (see :func:`game_from_dict`). The
        message starts with the file name when one is known.
    InvalidParameterError
        ``source`` is of the wrong type, or ``max_size`` is not a positive int.

    Examples
    --------
    >>> read_json('{"format": "blitzgame.game", "payoffs": [["1"], ["2"]]}').shape
    (2,)
    >>> read_json('{"format": "blitzgame.game", "payoffs": [["1"], ["2"]]}',
    ...           max_size=1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.GameFormatError: 'payoffs': the game is too large: ... max_size=1 ...
    """
    max_size = check_max_size(max_size)
    text, name = read_source(source, what="JSON text",
                             is_text=lambda s: s.lstrip()[:1] in ("{", "[") or "\n" in s)
    try:
        return game_from_dict(loads(text), max_size=max_size)
    except GameFormatError as err:
        raise with_name(err, name) from None


def result_to_dict(result: Any) -> dict[str, Any]:
    """A JSON-ready dictionary of an :class:`~blitzgame.results.EquilibriumResult`.

    Exact values (probabilities, payoffs, regrets) are strings ``"p/q"``; float
    values are JSON numbers. The game is included (:func:`game_to_dict`), with
    provenance (method, exactness, completeness, status, version).

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    >>> res = bg.solve(g, method="pure")
    >>> d = result_to_dict(res)
    >>> d["status"], d["equilibria"][0]["strategies"]
    ('ok', [['1', '0'], ['1', '0']])
    """
    from ..results import EquilibriumResult

    if not isinstance(result, EquilibriumResult):
        raise InvalidParameterError(
            f"result must be an EquilibriumResult; got {type(result).__name__}"
        )
    eqs = []
    for eq in result.equilibria:
        eqs.append({
            "strategies": [[_jsonable(p) for p in s] for s in eq.strategies],
            "payoffs": [_jsonable(p) for p in eq.payoffs],
            "max_regret": _jsonable(eq.max_regret),
            "support": [list(s) for s in eq.support],
            "exact": eq.exact,
        })
    return {
        "format": RESULT_FORMAT,
        "version": VERSION,
        "method": result.method,
        "exact": result.exact,
        "complete": result.complete,
        "success": result.success,
        "status": str(result.status.value),
        "message": result.message,
        "equilibria": eqs,
        "stats": _jsonable(dict(result.stats)),
        "parameters": _jsonable(dict(result.parameters)),
        "warnings": list(result.warnings),
        "blitzgame_version": result.version,
        "game": game_to_dict(result.game),
    }
