"""Linear-programming helpers shared by the LP-based solvers (dominance, zero-sum, correlated).

The LPs are solved in floats with SciPy's HiGHS interface. For exact games a
float LP solution is turned into an exact one in two ways, and the caller then
re-verifies it in rational arithmetic:

1. :func:`round_to_fractions` -- round each entry to a nearby fraction of small
   denominator (enough whenever the solution is simple, e.g. (1/2, 1/2));
2. :func:`exact_vertex` -- HiGHS returns a *basic* (vertex) solution, which is
   the unique solution of its active constraints: solve the tight inequality
   rows, the equality rows and ``x_j = 0`` for the variables at their zero
   bound exactly over the rationals (:func:`blitzgame.exact.solve_rational`).

Nothing here decides a mathematical claim: callers only report what they have
verified exactly.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ...exact import solve_rational
from .scaling import pow2_scale, unit_range

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

__all__ = ["highs", "MatrixGameLP", "matrix_game_lp", "round_to_fractions", "exact_vertex"]


def highs(
    c: NDArray[np.float64],
    *,
    A_ub: NDArray[np.float64] | None = None,
    b_ub: NDArray[np.float64] | None = None,
    A_eq: NDArray[np.float64] | None = None,
    b_eq: NDArray[np.float64] | None = None,
    bounds: Any = (0, None),
) -> OptimizeResult:
    """Minimise ``c @ x`` with :func:`scipy.optimize.linprog` (``method="highs"``)."""
    from scipy.optimize import linprog  # on first use: scipy.optimize is slow to import

    return linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds,
                   method="highs")


class MatrixGameLP(NamedTuple):
    """Optimal strategies of a matrix game from :func:`matrix_game_lp`, in the game's units."""

    value: float           # the row player's guaranteed payoff (row LP)
    x: NDArray[np.float64] | None
    y: NDArray[np.float64] | None
    duality_gap: float     # |row value - column value|, in payoff units
    message: str           # "" if both LPs succeeded, else HiGHS's messages


def matrix_game_lp(A: NDArray[np.float64], *, row: bool = True) -> MatrixGameLP:
    """Value and optimal strategies of the matrix game ``A`` (row player maximises).

    Both minimax LPs are solved on ``A`` mapped onto [1, 2] (``(A - min) / span + 1``):
    the value is then positive and HiGHS's tolerances fit the game's own units
    whatever they are (payoffs of order 1e-6 or 1e9 alike). ``row=False`` solves
    only the column player's LP (``x`` is then ``None`` and the value is the
    column LP's). ``x`` and ``y`` are ``None`` when an LP failed (``message``
    says why).
    """
    A, e = pow2_scale(A)        # payoffs near the float range: exactly rescaled first
    P, lo, span = unit_range(A)
    P += 1.0
    m, n = P.shape
    # column: min w s.t. P y <= w, sum y = 1
    col = highs(np.append(np.zeros(n), 1.0), A_ub=np.hstack([P, -np.ones((m, 1))]),
                b_ub=np.zeros(m), A_eq=np.append(np.ones(n), 0.0)[None, :], b_eq=np.ones(1),
                bounds=[(0, None)] * n + [(None, None)])
    # row: max v s.t. P^T x >= v, sum x = 1
    rw = highs(np.append(np.zeros(m), -1.0), A_ub=np.hstack([-P.T, np.ones((n, 1))]),
               b_ub=np.zeros(n), A_eq=np.append(np.ones(m), 0.0)[None, :], b_eq=np.ones(1),
               bounds=[(0, None)] * m + [(None, None)]) if row else None
    failed = [f"{name}: {r.message}" for name, r in (("row", rw), ("column", col))
              if r is not None and r.status != 0]
    if failed:
        return MatrixGameLP(np.nan, None, None, np.nan, "; ".join(failed))
    y = np.clip(col.x[:n], 0.0, None)
    x = None if rw is None else np.clip(rw.x[:m], 0.0, None)
    top = col.x[-1] if rw is None else rw.x[-1]
    gap = 0.0 if rw is None else abs(rw.x[-1] - col.x[-1]) * span
    return MatrixGameLP(float(np.ldexp((top - 1.0) * span + lo, e)),
                        None if x is None else x / x.sum(), y / y.sum(),
                        float(np.ldexp(gap, e)), "")


def round_to_fractions(
    x: NDArray[Any], max_denominator: int = 10**6, *, normalize: bool = True
) -> NDArray[np.object_]:
    """Round a float vector to nearby Fractions (non-negative, renormalised to sum 1)."""
    fr = [Fraction(float(v)).limit_denominator(max_denominator) for v in x]
    if normalize:
        fr = [max(v, Fraction(0)) for v in fr]
        total = sum(fr, Fraction(0))
        if total != 0:
            fr = [v / total for v in fr]
    out = np.empty(len(fr), dtype=object)
    out[:] = fr
    return out


def exact_vertex(
    x: NDArray[np.float64],
    *,
    A_ub: NDArray[np.object_] | None,
    b_ub: NDArray[np.object_] | None,
    A_eq: NDArray[np.object_] | None,
    b_eq: NDArray[np.object_] | None,
    nonneg: NDArray[np.bool_],
    eps: float = 1e-7,
) -> NDArray[np.object_] | None:
    """Recover the exact vertex of an LP near the float point ``x``.

    Parameters
    ----------
    x : ndarray
        Float (basic) solution returned by the LP solver.
    A_ub, b_ub, A_eq, b_eq : object arrays of Fractions or None
        The exact constraint data (``A_ub x <= b_ub``, ``A_eq x = b_eq``).
    nonneg : bool array
        Which variables have the bound ``x_j >= 0`` (the others are free).
    eps : float
        Relative slack below which a constraint counts as active.

    Returns
    -------
    object ndarray or None
        The unique exact solution of the active constraints, or ``None`` when
        they do not determine a unique point. The caller must still check
        feasibility and the claim it wants to make.
    """
    n = len(x)
    rows: list[NDArray[np.object_]] = []
    rhs: list[Any] = []
    if A_eq is not None and b_eq is not None:
        rows.extend(A_eq)
        rhs.extend(b_eq)
    if A_ub is not None and b_ub is not None:
        Af = A_ub.astype(np.float64)
        bf = b_ub.astype(np.float64)
        scale = 1.0 + np.abs(Af).sum(axis=1) * max(1.0, float(np.max(np.abs(x)))) + np.abs(bf)
        slack = bf - Af @ x
        for k in np.flatnonzero(np.abs(slack) <= eps * scale):
            rows.append(A_ub[k])
            rhs.append(b_ub[k])
    for j in np.flatnonzero(nonneg & (np.abs(x) <= eps)):
        e = np.full(n, Fraction(0), dtype=object)
        e[j] = Fraction(1)
        rows.append(e)
        rhs.append(Fraction(0))
    if len(rows) < n:
        return None
    return solve_rational(np.array(rows, dtype=object), np.array(rhs, dtype=object))
