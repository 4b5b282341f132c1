"""Exact helpers shared by the oracles: Fraction matrices, Gaussian elimination, regret."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np


def frac(v: Any) -> Fraction:
    """``v`` as a Fraction; a float goes through its shortest repr (0.1 -> 1/10)."""
    return Fraction(repr(float(v))) if isinstance(v, float | np.floating) else Fraction(v)


def matrix(M: Any) -> list[list[Fraction]]:
    """A 2-D array-like as a list of rows of Fractions."""
    return [[frac(v) for v in row] for row in np.asarray(M, dtype=object)]


def shifted(M: list[list[Fraction]]) -> list[list[Fraction]]:
    """``M - min(M) + 1``: every entry at least 1 (keeps the equilibria, bounds the polytopes)."""
    low = min(min(row) for row in M)
    return [[v - low + 1 for v in row] for row in M]


def solve(M: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of the square system ``M z = b``, or None if ``M`` is singular.

    Gauss-Jordan elimination in exact arithmetic (any non-zero pivot is exact).
    """
    d = len(M)
    T = [list(row) + [rhs] for row, rhs in zip(M, b, strict=True)]
    for c in range(d):
        p = next((r for r in range(c, d) if T[r][c] != 0), None)
        if p is None:
            return None
        T[c], T[p] = T[p], T[c]
        T[c] = [v / T[c][c] for v in T[c]]
        for r in range(d):
            if r != c and T[r][c] != 0:
                f = T[r][c]
                T[r] = [a - f * e for a, e in zip(T[r], T[c], strict=True)]
    return [row[-1] for row in T]


def action_values(payoffs: Any, strategies: Any) -> list[list[Fraction]]:
    """``values[i][a]``: player i's expected payoff for action a against the others' mixes.

    ``payoffs`` is a sequence of N arrays of shape ``(n_0, ..., n_{N-1})``;
    computed by summing over every pure profile (fine for small games).
    """
    u = [np.asarray(p, dtype=object) for p in payoffs]
    s = [[frac(v) for v in sigma] for sigma in strategies]
    values = [[Fraction(0)] * len(si) for si in s]
    for prof in itertools.product(*(range(len(si)) for si in s)):
        for i in range(len(s)):
            w = Fraction(1)
            for j, a in enumerate(prof):
                if j != i:
                    w *= s[j][a]
            if w:
                values[i][prof[i]] += w * frac(u[i][prof])
    return values


def expected_payoffs(payoffs: Any, strategies: Any) -> tuple[Fraction, ...]:
    """Each player's expected payoff under the mixed profile, exactly."""
    s = [[frac(v) for v in sigma] for sigma in strategies]
    return tuple(sum(p * v for p, v in zip(si, vi, strict=True))
                 for si, vi in zip(s, action_values(payoffs, s), strict=True))


def max_regret(payoffs: Any, strategies: Any) -> Fraction:
    """Largest gain any player gets by a unilateral deviation, exactly (0 at a Nash equilibrium).

    Floats in ``strategies`` are taken at their shortest repr, so a float
    profile's regret is exact for those decimals.
    """
    s = [[frac(v) for v in sigma] for sigma in strategies]
    return max(max(vi) - sum(p * v for p, v in zip(si, vi, strict=True))
               for si, vi in zip(s, action_values(payoffs, s), strict=True))


def normalise(z: list[Fraction]) -> tuple[Fraction, ...]:
    """``z / sum(z)`` as a tuple (a probability vector)."""
    total = sum(z)
    return tuple(v / total for v in z)
