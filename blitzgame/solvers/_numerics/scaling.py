"""Payoff scaling: map payoffs onto [0, 1] so tolerances fit any units."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["unit_range", "pow2_scale", "pow2_floats", "POW2_LIMIT"]


def unit_range(u: NDArray[np.float64], *, per_player: bool = False
               ) -> tuple[NDArray[np.float64], Any, float]:
    """Payoffs in their own units: ``((u - lo) / span, lo, span)``, entries in [0, 1].

    ``lo`` is the minimum -- of each player (the last axis) when ``per_player`` --
    and ``span`` the largest range, one positive number (1 for constant payoffs).
    Best replies, equilibria and dominance do not change under this map, and the
    numerical tolerances of LPs and iterations then fit payoffs of order 1e-6,
    1e9 or 1e6 plus small differences alike; ``v * span + lo`` maps values back.

    Examples
    --------
    >>> u = np.array([[[1e6, 5.0], [1e6 + 2, 7.0]]])      # (1, 2, 2): two players
    >>> m, lo, span = unit_range(u, per_player=True)
    >>> m.tolist(), lo.tolist(), span
    ([[[0.0, 0.0], [1.0, 1.0]]], [1000000.0, 5.0], 2.0)
    """
    flat = u.reshape(-1, u.shape[-1]) if per_player else u
    lo = flat.min(axis=0) if per_player else float(u.min())
    span = float((flat - lo).max()) or 1.0
    return (u - lo) / span, lo, span


#: Payoffs whose largest magnitude lies outside ``[2**-POW2_LIMIT, 2**POW2_LIMIT]`` are
#: rescaled by :func:`pow2_scale` (inside, nothing is done: ordinary games pay nothing).
POW2_LIMIT = 500


def pow2_scale(u: NDArray[np.float64]) -> tuple[NDArray[np.float64], int]:
    """``(u * 2**-e, e)`` (largest magnitude in [1/2, 1)) if ``u`` is extreme, else ``(u, 0)``.

    Scaling by a power of two is exact in binary floating point (barring
    entries far below the largest, which do not matter next to it), so spans
    and products of payoffs near the float range (``1e308``) no longer
    overflow; map results back with ``np.ldexp(v, e)``.

    Examples
    --------
    >>> v, e = pow2_scale(np.array([1.5e308, -1.5e308]))
    >>> float(v.max() - v.min()) < 2, e
    (True, 1024)
    >>> pow2_scale(np.array([3.0, -1.0]))[1]
    0
    """
    big = float(np.max(np.abs(u))) if u.size else 0.0
    if big == 0.0 or 2.0 ** -POW2_LIMIT <= big <= 2.0 ** POW2_LIMIT:
        return u, 0
    e = int(np.frexp(big)[1])
    return np.ldexp(u, -e), e


def pow2_floats(u: NDArray[Any], e: int | None = None) -> tuple[NDArray[np.float64], int]:
    """Floats of ``u * 2**-e`` for exact (int or Fraction) or float payoffs of any size.

    ``e`` defaults to an exponent that brings the largest magnitude into [1/2, 2)
    (0 for payoffs of ordinary size, as :func:`pow2_scale`); exact values are
    divided exactly before the (correctly rounded) conversion, so payoffs beyond
    the float range never overflow. Pass the ``e`` of one array to scale another
    (e.g. deviation payoffs) by the same power.

    Examples
    --------
    >>> from fractions import Fraction
    >>> v, e = pow2_floats(np.array([10**400, Fraction(-1, 3)], dtype=object))
    >>> e, 0.5 <= float(v[0]) < 2
    (1328, True)
    """
    if u.dtype != object:
        f = np.asarray(u, dtype=np.float64)
        if e is None:
            return pow2_scale(f)
        return np.ldexp(f, -e), e
    vals = [Fraction(v) for v in u.reshape(-1).tolist()]
    if e is None:
        big = max((abs(v) for v in vals), default=Fraction(0))
        e = 0
        if big:
            e = big.numerator.bit_length() - big.denominator.bit_length()
            e = 0 if -POW2_LIMIT <= e <= POW2_LIMIT else e
    scale = Fraction(2) ** -e
    return np.array([float(v * scale) for v in vals], dtype=np.float64).reshape(u.shape), e
