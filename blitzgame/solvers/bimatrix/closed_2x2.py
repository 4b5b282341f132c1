r"""Closed-form equilibria of non-degenerate 2x2 bimatrix games.

Write the payoff differences of switching from the second to the first action,

.. math::

    \alpha_j = a_{0j} - a_{1j}\ \text{(row player, column } j\text{)}, \qquad
    \beta_i = b_{i0} - b_{i1}\ \text{(column player, row } i\text{)}.

The game is *non-degenerate* iff all four differences are non-zero (a pure
strategy then has a unique best response, and a mixed strategy of a 2x2 game
has at most two). Then

* the pure equilibria are the cells :math:`(i, j)` where :math:`i` is the row
  player's best response to :math:`j` (the sign of :math:`\alpha_j`) and
  :math:`j` the column player's best response to :math:`i` (the sign of
  :math:`\beta_i`);
* there is a completely mixed equilibrium iff :math:`\alpha_0 \alpha_1 < 0` and
  :math:`\beta_0 \beta_1 < 0`, namely

  .. math:: y = \frac{(\alpha_1, -\alpha_0)}{\alpha_1 - \alpha_0}, \qquad
            x = \frac{(\beta_1, -\beta_0)}{\beta_1 - \beta_0},

  which makes each player indifferent between their two actions;
* there is no other equilibrium (in a non-degenerate game both supports have
  the same size), so the list is complete; it is also the list of extreme
  equilibria that vertex enumeration returns.

Degenerate games (a zero difference, within ``tol`` in float mode) are left to
the general solvers (this module returns ``None``). Every equilibrium is still
verified: exact games on integer-scaled payoffs (:math:`l_i` times player
:math:`i`'s payoffs, :math:`l_i` the lcm of the denominators) so that the
indifference and best-response checks are integer comparisons; float games by
recomputing the action values and regrets, which must be at most ``tol``
(Fudenberg and Tirole, *Game Theory*, 1991, section 1.2; von Stengel,
*Algorithmic Game Theory*, 2007, ch. 3). Float games compare the signs of the
differences (their products could overflow or underflow) and leave payoffs
whose differences leave the float range to the general solvers, which rescale.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction
from typing import Any

import numpy as np

from ..._display import equilibria
from ...games.normal_form import NormalFormGame
from ...results import Equilibrium, EquilibriumResult, Status
from .._verify import _version

__all__ = ["solve_2x2"]


def _frozen(values: list[Any], dtype: Any) -> Any:
    arr = np.array(values, dtype=dtype)
    arr.flags.writeable = False
    return arr


_ONE, _ZERO = Fraction(1), Fraction(0)
_UNIT_EXACT = (_frozen([_ONE, _ZERO], object), _frozen([_ZERO, _ONE], object))
_UNIT_FLOAT = (_frozen([1.0, 0.0], np.float64), _frozen([0.0, 1.0], np.float64))


def _payoff_lists(game: NormalFormGame, exact: bool) -> tuple[Any, ...]:
    """([a00, a01, a10, a11], [b00, b01, b10, b11], l0, l1) as Python numbers."""
    if exact:
        U, (l0, l1) = game.integer_payoffs
        return U[..., 0].ravel().tolist(), U[..., 1].ravel().tolist(), l0, l1
    A, B = game.float_bimatrix
    return A.ravel().tolist(), B.ravel().tolist(), 1, 1


def solve_2x2(game: NormalFormGame, method: str, tol: float) -> EquilibriumResult | None:
    """Every equilibrium of a non-degenerate 2x2 game in closed form, verified.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game of shape (2, 2).
    method : str
        Name stored in the result (the public solver that called this).
    tol : float
        Float games: a payoff difference at most ``tol`` in absolute value
        counts as a tie (degenerate), and each equilibrium must have max
        regret at most ``tol``. Ignored for exact games.

    Returns
    -------
    EquilibriumResult or None
        ``complete=True`` and status ``ok``; ``None`` when the game is
        degenerate or an equilibrium fails verification (the caller then runs
        its general algorithm).

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> res = solve_2x2(g, "vertex_enumeration", 0.0)
    >>> [[str(p) for p in s] for s in res[2].strategies]
    [['3/5', '2/5'], ['2/5', '3/5']]
    >>> solve_2x2(bg.NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 1], [1, 1]]),
    ...           "vertex_enumeration", 0.0) is None
    True
    """
    start = time.perf_counter()
    exact = game.exact
    (a00, a01, a10, a11), (b00, b01, b10, b11), l0, l1 = _payoff_lists(game, exact)
    da0, da1 = a00 - a10, a01 - a11
    db0, db1 = b00 - b01, b10 - b11
    t = 0 if exact else tol
    if abs(da0) <= t or abs(da1) <= t or abs(db0) <= t or abs(db1) <= t:
        return None
    a = ((a00, a01), (a10, a11))
    b = ((b00, b01), (b10, b11))
    units = _UNIT_EXACT if exact else _UNIT_FLOAT
    row_br = (0 if da0 > 0 else 1, 0 if da1 > 0 else 1)  # row's best response to column j
    col_br = (0 if db0 > 0 else 1, 0 if db1 > 0 else 1)  # column's best response to row i
    eqs: list[Equilibrium] = []
    for i in (0, 1):
        j = col_br[i]
        if row_br[j] != i:
            continue
        # verification: no profitable deviation for either player
        r0 = max(a[0][j], a[1][j]) - a[i][j]
        r1 = max(b[i][0], b[i][1]) - b[i][j]
        if exact:
            if r0 != 0 or r1 != 0:
                return None
            u = game.payoff_array[i, j]
            eq = Equilibrium(strategies=(units[i], units[j]), payoffs=(u[0], u[1]),
                             max_regret=_ZERO, exact=True)
        else:
            reg = max(r0, r1, 0.0)
            if reg > tol:
                return None
            eq = Equilibrium(strategies=(units[i], units[j]), payoffs=(a[i][j], b[i][j]),
                             max_regret=reg, exact=False)
        eqs.append(eq)
    if (da0 > 0) != (da1 > 0) and (db0 > 0) != (db1 > 0):  # signs: no product to overflow
        dy, dx = da1 - da0, db1 - db0
        if exact:
            if dy < 0:
                dy, py = -dy, (-da1, da0)
            else:
                py = (da1, -da0)
            if dx < 0:
                dx, px = -dx, (-db1, db0)
            else:
                px = (db1, -db0)
            # scaled action values: l0 * dy * (A y)_i and l1 * dx * (x B)_j
            v0, v1 = a00 * py[0] + a01 * py[1], a10 * py[0] + a11 * py[1]
            w0, w1 = px[0] * b00 + px[1] * b10, px[0] * b01 + px[1] * b11
            if v0 != v1 or w0 != w1:  # both players exactly indifferent
                return None
            x = _frozen([Fraction(px[0], dx), Fraction(px[1], dx)], object)
            y = _frozen([Fraction(py[0], dy), Fraction(py[1], dy)], object)
            eq = Equilibrium(strategies=(x, y),
                             payoffs=(Fraction(v0, dy * l0), Fraction(w0, dx * l1)),
                             max_regret=_ZERO, exact=True)
        else:
            if not (math.isfinite(dy) and math.isfinite(dx)):
                return None     # beyond the float range: the general path rescales
            q, p = da1 / dy, db1 / dx
            v0, v1 = a00 * q + a01 * (1 - q), a10 * q + a11 * (1 - q)
            w0, w1 = p * b00 + (1 - p) * b10, p * b01 + (1 - p) * b11
            u0, u1 = p * v0 + (1 - p) * v1, q * w0 + (1 - q) * w1
            reg = max(max(v0, v1) - u0, max(w0, w1) - u1, 0.0)
            if reg > tol:
                return None
            eq = Equilibrium(strategies=(_frozen([p, 1 - p], np.float64),
                                         _frozen([q, 1 - q], np.float64)),
                             payoffs=(u0, u1), max_regret=reg, exact=False)
        eqs.append(eq)
    return EquilibriumResult(
        game=game, method=method, exact=exact, equilibria=tuple(eqs), complete=True,
        success=True, status=Status.OK, message=f"{equilibria(len(eqs))} found",
        stats={"closed_form": 1, "seconds": time.perf_counter() - start},
        parameters={"tol": tol}, warnings=(), version=_version(),
    )
