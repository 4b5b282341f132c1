"""Limits that keep reading a hostile or corrupt game file cheap, and exact number parsing.

A game file is untrusted input. Before the readers allocate anything they
check the *declared* size of the game against ``max_size`` (default
:data:`MAX_PROFILES`), the number of players against :data:`MAX_PLAYERS`, and
every number against Python's int-conversion limit and :data:`MAX_EXPONENT`,
so a short file cannot make them allocate gigabytes or compute ``10**(10**9)``.

Numbers are parsed exactly: ``0.1`` is 1/10, ``1.5e-1`` is 3/20, ``3/4`` is a
rational, with ASCII digits only.

Examples
--------
>>> from blitzgame.io._limits import parse_number, MAX_PROFILES
>>> parse_number("1.5e-1"), parse_number("-3/4")
(Fraction(3, 20), Fraction(-3, 4))
>>> MAX_PROFILES
10000000
"""

from __future__ import annotations

import math
import re
import sys
from fractions import Fraction

import numpy as np

from .._validate import check_positive_int

__all__ = ["MAX_PROFILES", "MAX_PLAYERS", "MAX_EXPONENT", "parse_number", "NumberError"]

MAX_PROFILES = 10**7
"""Default ``max_size`` of the readers: pure profiles x players (the number of payoffs).

A game read from a file may have at most this many payoff entries, checked
against the dimensions the file *declares*, before any payoff is read. Ten
million exact payoffs take about 1-2 GB; pass ``max_size=`` to the readers to
allow bigger games.
"""


def _numpy_max_ndim() -> int:
    try:
        np.empty((1,) * 64, dtype=np.uint8)
    except ValueError:  # numpy 1.x allows 32 axes
        return 32
    return 64


MAX_PLAYERS = _numpy_max_ndim() - 1
"""The most players a game may have: numpy's axis limit (64 in numpy 2) minus one.

The payoff array has one axis per player plus one for the players' payoffs.
"""

MAX_EXPONENT = 4000
"""The largest decimal exponent accepted in a number (``1e4000``; ``1e4001`` is refused)."""

_NUMBER = re.compile(
    r"([-+]?)(?:([0-9]+)/([0-9]+)|([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?)\Z"
)
_NON_FINITE = frozenset({"nan", "inf", "infinity"})


class NumberError(ValueError):
    """Why a number's text was refused (the caller adds where it was)."""


def digit_limit() -> int:
    """Python's int-conversion limit (``sys.get_int_max_str_digits()``), or 0 for none."""
    get = getattr(sys, "get_int_max_str_digits", None)
    return int(get()) if get is not None else 0


def short(text: str, width: int = 40) -> str:
    """``repr(text)``, shortened to about ``width`` characters for error messages."""
    if len(text) <= width:
        return repr(text)
    return repr(text[:width]) + f"... ({len(text)} characters)"


def magnitude(n: int) -> str:
    """An integer for a message: in full when short, else ``about 10^k``."""
    if n.bit_length() <= 64:
        return str(n)
    return f"about 10^{int(n.bit_length() * math.log10(2))}"


def parse_number(text: str) -> Fraction:
    """Return the exact value of a decimal, exponent or ``p/q`` number.

    Raises
    ------
    NumberError
        ``text`` is not such a number, is non-finite (``nan``, ``inf``), has a
        zero denominator, has more digits than Python's int-conversion limit
        (4300 by default), or an exponent beyond :data:`MAX_EXPONENT`.
    """
    m = _NUMBER.match(text)
    if m is None or not (m[2] or m[4] or m[5]):
        if text.lstrip("+-").lower() in _NON_FINITE:
            raise NumberError("not finite; payoffs must be finite numbers")
        raise NumberError("not a number")
    sign, num, den, whole, frac, expo = m.groups()
    limit = digit_limit()
    if den is not None:
        if limit and max(len(num), len(den)) > limit:
            raise NumberError(f"more than {limit} digits (Python's int-conversion limit)")
        q = int(den)
        if q == 0:
            raise NumberError("zero denominator")
        return Fraction(int(sign + num), q)
    frac = frac or ""
    digits = (whole or "") + frac
    if limit and len(digits) > limit:
        raise NumberError(f"more than {limit} digits (Python's int-conversion limit)")
    e = 0
    if expo is not None:
        mag = expo.lstrip("+-").lstrip("0") or "0"
        if len(mag) > len(str(MAX_EXPONENT)) or int(mag) > MAX_EXPONENT:
            raise NumberError(f"exponent beyond +-{MAX_EXPONENT}")
        e = -int(mag) if expo.startswith("-") else int(mag)
    value = int(digits) * (-1 if sign == "-" else 1)
    scale = e - len(frac)
    if scale >= 0:
        return Fraction(value * 10**scale)
    return Fraction(value, 10**-scale)


def to_float(value: Fraction) -> float:
    """``float(value)``, refusing values beyond the float range (a NumberError)."""
    try:
        return float(value)
    except OverflowError:
        raise NumberError("too large for a float") from None


def check_max_size(max_size: int) -> int:
    """Validate the ``max_size`` argument of a reader (an int >= 1, numpy ints too)."""
    return check_positive_int("max_size", max_size)


def size_problem(shape: tuple[int, ...], n_players: int, max_size: int, reader: str
                 ) -> str | None:
    """The message if a game of this shape has more than ``max_size`` payoffs, else None."""
    n_prof = math.prod(shape)
    total = n_prof * n_players
    if total <= max_size:
        return None
    dims = " x ".join(magnitude(n) for n in shape[:6])
    if len(shape) > 6:
        dims += f" x ... ({len(shape)} strategy counts)"
    return (
        f"the game is too large: {dims} strategies give {magnitude(n_prof)} profiles x "
        f"{n_players} players = {magnitude(total)} payoffs; expected at most "
        f"max_size={max_size} (pass {reader}(..., max_size=...) to read bigger games)"
    )
