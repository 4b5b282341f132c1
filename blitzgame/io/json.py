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

from ..exceptions import GameFormatError, InvalidGameError, InvalidParameterError
from ..games.normal_form import NormalFormGame
from ._source import read_source

__all__ = ["write_json", "read_json", "game_to_dict", "game_from_dict", "result_to_dict"]

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


def _parse_value(v: Any, where: str, exact: bool | None) -> Any:
    if isinstance(v, bool) or v is None or isinstance(v, (list, dict)):
        raise GameFormatError(f"payoffs{where} must be a number or a numeric string; got {v!r}")
    if isinstance(v, str):
        try:
            if exact is False:
                return float(Fraction(v)) if "/" in v else float(v)
            return Fraction(v.strip())
        except (ValueError, ZeroDivisionError):
            raise GameFormatError(
                f"payoffs{where} is not a number: {v!r} (expected e.g. '3', '-3/4' or '0.25')"
            ) from None
    if isinstance(v, float) and exact:
        return Fraction(repr(v))
    return v


def game_from_dict(data: dict[str, Any]) -> NormalFormGame:
    """Build a game from the dictionary written by :func:`game_to_dict`.

    Raises
    ------
    GameFormatError
        Missing or wrong format tag, missing keys, non-numeric payoffs, or data
        that does not make a valid game.

    Examples
    --------
    >>> game_from_dict({"format": "blitzgame.game", "payoffs": [[[1, "1/2"]]]}).payoff_of((0, 0))
    (Fraction(1, 1), Fraction(1, 2))
    """
    if not isinstance(data, dict):
        raise GameFormatError(f"a game must be a JSON object; got {type(data).__name__}")
    tag = data.get("format")
    if tag != FORMAT:
        raise GameFormatError(f"unknown format tag {tag!r}; expected {FORMAT!r}")
    if data.get("version", VERSION) != VERSION:
        raise GameFormatError(f"unsupported version {data.get('version')!r}; expected {VERSION}")
    if "payoffs" not in data:
        raise GameFormatError("missing key 'payoffs' (the payoff tensor of shape (n_0..n_N-1, N))")
    exact = data.get("exact")
    if exact is not None and not isinstance(exact, bool):
        raise GameFormatError(f"'exact' must be true or false; got {exact!r}")

    def walk(x: Any, where: str) -> Any:
        if isinstance(x, list):
            return [walk(y, f"{where}[{k}]") for k, y in enumerate(x)]
        return _parse_value(x, where, exact)

    payoffs = walk(data["payoffs"], "")
    try:
        return NormalFormGame(
            np.array(payoffs, dtype=object) if _rectangular(payoffs) else payoffs,
            players=data.get("players"), actions=data.get("actions"), exact=exact,
        )
    except InvalidGameError as err:
        raise GameFormatError(f"invalid game: {err}") from None


def _rectangular(x: Any) -> bool:
    try:
        arr = np.array(x, dtype=object)
    except ValueError:
        return False
    return not any(isinstance(v, list) for v in arr.reshape(-1))


def write_json(game: NormalFormGame, path: str | os.PathLike[str] | None = None, *,
               title: str | None = None, indent: int | None = None) -> str:
    """Serialize a game to lossless JSON text (and to ``path`` if given).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, 2]], [[3, 4]], exact=True)
    >>> write_json(g)[:42]
    '{"format": "blitzgame.game", "version": 1,'
    """
    text = json.dumps(game_to_dict(game, title=title), indent=indent, ensure_ascii=False)
    if path is not None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return text


def read_json(source: str | os.PathLike[str] | IO[str]) -> NormalFormGame:
    """Read a game written by :func:`write_json` from text, a path or a file object.

    A string that starts with ``{`` or ``[`` or contains a newline is JSON text;
    any other string is a path.

    Raises
    ------
    GameFormatError
        Invalid JSON (with ``line L:C``) or not a blitzgame game.

    Examples
    --------
    >>> read_json('{"format": "blitzgame.game", "payoffs": [["1"], ["2"]]}').shape
    (2,)
    """
    text = read_source(source, what="JSON text",
                       is_text=lambda s: s.lstrip()[:1] in ("{", "[") or "\n" in s)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise GameFormatError(f"line {err.lineno}:{err.colno}: invalid JSON: {err.msg}") from None
    return game_from_dict(data)


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
