"""Two-player helpers shared by the solvers: cached payoff matrices, lean verification,
and a fraction-free exact linear solver.

* :func:`_float_bimatrix` / :func:`_int_bimatrix`: contiguous float64 copies of
  :math:`A, B`, and exact integer multiples :math:`l_0 A, l_1 B` (:math:`l_i` the
  lcm of player :math:`i`'s payoff denominators), cached on the game.
* :func:`_eval_two_player`: expected payoffs and max regret of :math:`(x, y)`
  from two matrix-vector products, :math:`A y` and :math:`x^\top B`. In exact
  mode the strategies are written as integer vectors over a common
  denominator, so the regret is exactly zero iff an integer identity holds,
  and only the final payoffs and regret become Fractions.
* :func:`bareiss_solve`: fraction-free Gaussian elimination (Bareiss, *Math.
  Comp.* 22, 1968) for square integer systems.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..games.normal_form import NormalFormGame

__all__ = ["bareiss_solve"]


def _float_bimatrix(game: NormalFormGame) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Contiguous float64 copies of ``A`` and ``B`` of a two-player game (cached)."""
    got = game._cache.get("_float_bimatrix")
    if got is None:
        F = game.float_payoffs
        got = (np.ascontiguousarray(F[..., 0]), np.ascontiguousarray(F[..., 1]))
        game._cache["_float_bimatrix"] = got
    return got  # type: ignore[no-any-return]


def _int_bimatrix(game: NormalFormGame
                  ) -> tuple[NDArray[np.object_], NDArray[np.object_], int, int]:
    """Integer payoffs ``l_0 A`` and ``l_1 B`` (Python ints) and the scales ``l_0, l_1``.

    ``l_i`` is the least common multiple of player ``i``'s payoff denominators,
    so the integer matrices are exact positive multiples of the payoffs (cached).
    """
    got = game._cache.get("_int_bimatrix")
    if got is None:
        u = game.payoff_array
        parts: list[Any] = []
        for i in range(2):
            ui = u[..., i]
            lcm = 1
            for v in ui.flat:
                lcm = math.lcm(lcm, v.denominator)
            mat = np.empty(ui.shape, dtype=object)
            mat.flat[:] = [v.numerator * (lcm // v.denominator) for v in ui.flat]
            parts.append((mat, lcm))
        got = (parts[0][0], parts[1][0], parts[0][1], parts[1][1])
        game._cache["_int_bimatrix"] = got
    return got  # type: ignore[no-any-return]


def _integer_vector(s: NDArray[np.object_]) -> tuple[NDArray[np.object_], int]:
    """Write a Fraction vector as ``p / d`` with integer ``p`` (object array) and ``d > 0``."""
    d = 1
    for v in s:
        d = math.lcm(d, v.denominator)
    p = np.empty(len(s), dtype=object)
    p[:] = [v.numerator * (d // v.denominator) for v in s]
    return p, d


def _eval_two_player(game: NormalFormGame, x: NDArray[Any], y: NDArray[Any], exact: bool
                     ) -> tuple[tuple[Any, Any], Any]:
    """Expected payoffs and max regret of ``(x, y)`` with two matrix-vector products.

    Exact mode works on integer-scaled payoffs and integer numerators of the
    strategies, so every comparison is an integer comparison and the results
    are exact Fractions; float mode uses BLAS ``A @ y`` and ``x @ B``.
    """
    if not exact:
        A, B = _float_bimatrix(game)
        ay = A @ y
        xb = x @ B
        u0 = float(x @ ay)
        u1 = float(xb @ y)
        r = max(float(ay.max()) - u0, float(xb.max()) - u1, 0.0)
        return (u0, u1), r
    px, dx = _integer_vector(x)
    py, dy = _integer_vector(y)
    return eval_integer(game, px, dx, py, dy)[:2]


def eval_integer(game: NormalFormGame, px: NDArray[np.object_], dx: int, py: NDArray[np.object_],
                 dy: int) -> tuple[tuple[Fraction, Fraction], Fraction, bool]:
    """Exact payoffs and max regret of ``(px / dx, py / dy)``: integer numerators, ``d > 0``.

    (:func:`_eval_two_player` in exact mode, for a solver that has the
    strategies in this form already.) Also whether the profile shows the game
    degenerate: unequal support sizes, or a player with more pure best
    responses than the other player's support has actions.
    """
    Ai, Bi, l0, l1 = _int_bimatrix(game)
    I = np.flatnonzero(px)
    J = np.flatnonzero(py)
    ay = Ai[:, J] @ py[J]                     # = dy * l0 * (A y)
    xb = px[I] @ Bi[I, :]                     # = dx * l1 * (x B)
    s0 = int(px[I] @ ay[I])                   # = dx * dy * l0 * u0
    s1 = int(xb[J] @ py[J])                   # = dx * dy * l1 * u1
    den = dx * dy
    r0 = Fraction(int(max(ay)) * dx - s0, den * l0)
    r1 = Fraction(int(max(xb)) * dy - s1, den * l1)
    ay, xb = ay.tolist(), xb.tolist()
    degenerate = (len(I) != len(J) or ay.count(max(ay)) > len(I)
                  or xb.count(max(xb)) > len(J))
    return (Fraction(s0, den * l0), Fraction(s1, den * l1)), max(r0, r1), degenerate


def _exact_regret_zero(game: NormalFormGame, x: NDArray[Any], y: NDArray[Any]) -> bool:
    """Exact check that ``(x, y)`` (Fraction vectors) has zero regret for both players."""
    return _eval_two_player(game, x, y, True)[1] == 0


def bareiss_solve(M: list[list[int]], b: list[int]) -> tuple[list[int], int] | None:
    """Solve the square integer system ``M z = b`` as ``z = y / det``; ``None`` if singular.

    Fraction-free Gaussian elimination (Bareiss 1968): every intermediate entry
    is an integer minor, so no gcd is ever taken; back substitution divides
    exactly because ``det * z`` is an integer vector (Cramer's rule). ``det``
    is returned positive.

    Examples
    --------
    >>> bareiss_solve([[2, 1], [1, 3]], [1, 1])   # z = (2/5, 1/5)
    ([2, 1], 5)
    >>> bareiss_solve([[1, 2], [2, 4]], [1, 1]) is None
    True
    """
    k = len(M)
    a = [[*row, bi] for row, bi in zip(M, b, strict=True)]
    prev = 1
    for c in range(k):
        p = next((r for r in range(c, k) if a[r][c] != 0), None)
        if p is None:
            return None
        a[c], a[p] = a[p], a[c]
        pc = a[c]
        piv = pc[c]
        for r in range(c + 1, k):
            ar = a[r]
            f = ar[c]
            a[r] = [(piv * ar[j] - f * pc[j]) // prev if j > c else 0 for j in range(k + 1)]
        prev = piv
    det = a[k - 1][k - 1] if k else 1
    y = [0] * k
    for i in range(k - 1, -1, -1):
        num = a[i][k] * det - sum(a[i][j] * y[j] for j in range(i + 1, k))
        q, rem = divmod(num, a[i][i])
        if rem:  # impossible in exact integer arithmetic; refuse rather than guess
            return None
        y[i] = q
    if det < 0:
        det, y = -det, [-v for v in y]
    return y, det
