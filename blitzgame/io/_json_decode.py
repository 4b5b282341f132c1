"""Decoding of blitzgame JSON game files: strict numbers, bounded nesting, checked shapes.

:func:`loads` parses the text with hooks that never raise from inside the
decoder: a number it cannot represent (a float beyond the float range, an
integer beyond Python's int-conversion limit, ``NaN`` or ``Infinity``) becomes
a :class:`BadNumber` that is reported with its JSON path when it is used.
:func:`payoff_array` checks the nesting depth, the declared size and the
rectangular shape of ``"payoffs"`` before converting any number.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..exceptions import GameFormatError
from ._limits import (
    MAX_PLAYERS,
    NumberError,
    digit_limit,
    magnitude,
    parse_number,
    short,
    size_problem,
    to_float,
)

MAX_DEPTH = MAX_PLAYERS + 2
"""The deepest nesting a game file needs: the top object plus one array per payoff axis."""

_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class BadNumber:
    """A JSON number the decoder could not represent, with the reason."""

    __slots__ = ("text", "reason")

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 40 else self.text[:40] + "..."


def _parse_float(text: str) -> float | BadNumber:
    f = float(text)
    if math.isfinite(f):
        return f
    return BadNumber(text, "beyond the float range (write it as a string, e.g. \"1e400\", "
                           "to keep it exact)")


def _parse_int(text: str) -> int | BadNumber:
    limit = digit_limit()
    if limit and len(text.lstrip("-")) > limit:
        return BadNumber(text, f"more than {limit} digits (Python's int-conversion limit)")
    return int(text)


def _parse_constant(text: str) -> BadNumber:
    return BadNumber(text, "not finite; payoffs must be finite numbers")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def loads(text: str) -> Any:
    """Parse JSON text; errors are GameFormatErrors with ``line L:C``."""
    try:
        return json.loads(text, parse_float=_parse_float, parse_int=_parse_int,
                          parse_constant=_parse_constant)
    except json.JSONDecodeError as err:
        raise GameFormatError(f"line {err.lineno}:{err.colno}: invalid JSON: {err.msg}") from None
    except RecursionError:
        depth = 0
        offset = 0
        for m in _STRUCTURE.finditer(text):
            ch = m.group()
            if ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    offset = m.start()
                    break
            elif ch in "]}":
                depth -= 1
        line, col = _position(text, offset)
        raise GameFormatError(
            f"line {line}:{col}: JSON nested too deeply: expected at most {MAX_DEPTH} levels "
            f"of arrays and objects (a game of {MAX_PLAYERS} players); got more than "
            "Python's JSON decoder can handle"
        ) from None


def show(v: Any) -> str:
    """A short description of a JSON value for an error message (never recursive)."""
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, str):
        return short(v)
    if isinstance(v, list):
        return f"an array of {len(v)} item{'' if len(v) == 1 else 's'}"
    if isinstance(v, dict):
        return f"an object of {len(v)} key{'' if len(v) == 1 else 's'}"
    if isinstance(v, BadNumber):
        return repr(v)
    if isinstance(v, (int, float)):
        text = repr(v)
        return text if len(text) <= 40 else text[:40] + f"... ({len(text)} digits)"
    return type(v).__name__


def magnitude_of(v: Fraction | float) -> str:
    """A possibly huge exact number for a message."""
    if isinstance(v, Fraction) and v.denominator == 1:
        return ("-" if v < 0 else "") + magnitude(abs(v.numerator))
    return short(str(v))


def _path(index: list[int]) -> str:
    return "payoffs" + "".join(f"[{k}]" for k in index)


def _shape(payoffs: Any) -> tuple[int, ...]:
    """The shape given by the first entry at each level, without recursion."""
    if not isinstance(payoffs, list):
        raise GameFormatError(
            f"'payoffs' must be a nested array of shape (n_0, ..., n_(N-1), N); "
            f"got {show(payoffs)}"
        )
    shape: list[int] = []
    x: Any = payoffs
    while isinstance(x, list):
        if len(shape) > MAX_PLAYERS:
            raise GameFormatError(
                f"'payoffs' has more than {MAX_PLAYERS + 1} levels of nested arrays; expected "
                f"at most {MAX_PLAYERS + 1} (one per player, at most {MAX_PLAYERS} players, "
                "and one for the payoffs)"
            )
        if not x:
            raise GameFormatError(
                f"{_path([0] * len(shape))} is an empty array; every player needs at least "
                "one action"
            )
        shape.append(len(x))
        x = x[0]
    return tuple(shape)


_EXAMPLES = "a number such as 3, \"-3/4\" or \"0.25\""


def _value(v: Any, exact: bool | None) -> Fraction | float:
    """A payoff's value: Fraction, or float for a JSON float (or any number if not exact)."""
    if isinstance(v, bool) or v is None or isinstance(v, (list, dict)):
        raise NumberError(f"expected {_EXAMPLES}; got {show(v)}")
    if isinstance(v, BadNumber):
        raise NumberError(f"expected a finite number; got {v!r} ({v.reason})")
    if isinstance(v, str):
        try:
            value = parse_number(v.strip())
        except NumberError as err:
            raise NumberError(f"expected {_EXAMPLES}; got {short(v)} ({err})") from None
    elif isinstance(v, numbers.Rational):  # int; from Python callers also Fraction, np.int64
        value = Fraction(int(v.numerator), int(v.denominator))
    elif isinstance(v, numbers.Real):  # a JSON float; from Python callers also np.float32
        f = float(v)
        if not math.isfinite(f):
            raise NumberError(f"expected a finite number; got {f!r}")
        return Fraction(repr(f)) if exact else f
    else:
        raise NumberError(f"expected {_EXAMPLES}; got {show(v)}")
    if exact is False:
        try:
            return to_float(value)
        except NumberError as err:
            raise NumberError(f"expected a number in the float range (\"exact\" is false); "
                              f"got {show(v)} ({err})") from None
    return value


def payoff_array(payoffs: Any, exact: bool | None, max_size: int
                 ) -> tuple[NDArray[Any], bool]:
    """Check and convert ``data["payoffs"]``; return the array and whether it is exact."""
    shape = _shape(payoffs)
    n_players = 1 if len(shape) == 1 else len(shape) - 1
    if len(shape) > 1 and shape[-1] != n_players:
        raise GameFormatError(
            f"'payoffs' has shape {shape}; expected (n_0, ..., n_(N-1), N) with N = "
            f"{n_players} payoffs per profile (one per player), got {shape[-1]}"
        )
    problem = size_problem(shape if len(shape) == 1 else shape[:-1], n_players, max_size,
                           "read_json")
    if problem:
        raise GameFormatError(f"'payoffs': {problem}")
    flat: list[Fraction | float] = []
    index: list[int] = []
    last = len(shape) - 1

    def walk(x: Any, depth: int) -> None:
        if not isinstance(x, list) or len(x) != shape[depth]:
            got = f"has {len(x)} entries" if isinstance(x, list) else f"is {show(x)}"
            raise GameFormatError(
                f"{_path(index)} {got}; expected an array of {shape[depth]} entries "
                f"(the payoffs must be rectangular, of shape {shape} as the first entries say)"
            )
        for k, y in enumerate(x):
            index.append(k)
            if depth < last:
                walk(y, depth + 1)
            else:
                try:
                    flat.append(_value(y, exact))
                except NumberError as err:
                    raise GameFormatError(f"{_path(index)}: {err}") from None
            index.pop()

    walk(payoffs, 0)
    is_exact = exact if exact is not None else not any(isinstance(v, float) for v in flat)
    if is_exact:
        arr = np.empty(len(flat), dtype=object)
        arr[:] = flat
        return arr.reshape(shape), True
    out = np.empty(len(flat), dtype=np.float64)
    for k, v in enumerate(flat):
        try:
            out[k] = v if isinstance(v, float) else to_float(v)
        except NumberError:
            where = _path([int(i) for i in np.unravel_index(k, shape)])
            raise GameFormatError(
                f"{where}: expected a number in the float range (the game is a float game, as "
                f"it has JSON floats); got {magnitude_of(v)} (too large for a float; give "
                "\"exact\": true or write every payoff as a string)"
            ) from None
    return out.reshape(shape), False


def check_labels(data: dict[str, Any], shape: tuple[int, ...]) -> None:
    """Check ``players`` and ``actions`` against the payoff shape, in linear time."""
    n_players = 1 if len(shape) == 1 else len(shape) - 1
    if data.get("players") is not None:
        _check_list(data["players"], n_players, "players", "player labels")
    acts = data.get("actions")
    if acts is not None:
        if not isinstance(acts, list) or len(acts) != n_players:
            raise GameFormatError(
                f"'actions' must be an array of {n_players} arrays of action labels (one per "
                f"player); got {show(acts)}"
            )
        for i, a in enumerate(acts):
            _check_list(a, shape[i], f"actions[{i}]", f"action labels of player {i}")


def _check_list(labels: Any, n: int, key: str, what: str) -> None:
    if not isinstance(labels, list) or len(labels) != n:
        raise GameFormatError(f"'{key}' must be an array of {n} {what}; got {show(labels)}")
    seen: set[str] = set()
    for k, lab in enumerate(labels):
        if not isinstance(lab, str) or not lab:
            raise GameFormatError(
                f"{key}[{k}] must be a non-empty string; got {show(lab)}"
            )
        if lab in seen:
            raise GameFormatError(f"{key}[{k}] repeats the label {short(lab)}; expected "
                                  "distinct labels")
        seen.add(lab)
