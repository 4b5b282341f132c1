"""The value of a two-player zero-sum game, by brute force over the bases of its LP.

The row player's maximin problem (von Neumann 1928; Dantzig's LP duality, see
von Stengel 2007, in Nisan et al. 2007 ch. 3) is the linear program

    maximise v  subject to  sum_i x_i A[i][j] >= v  (every column j),
                            sum_i x_i = 1,  x >= 0,

whose optimum is the value of the game (the column player's minimax value
equals it by the minimax theorem). A bounded LP attains its optimum at a basic
feasible solution, so:

1. For every choice of ``m`` of the ``n + m`` inequality constraints, make
   them tight, add ``sum x = 1``, and solve the square system in ``(x, v)``
   exactly (skip singular choices);
2. keep the feasible solutions (``x >= 0`` and every column constraint holds);
3. the value is the largest ``v`` among them.

This is independent of the bimatrix oracles (no polytope of equilibria).

References
----------
.. [1] J. von Neumann, "Zur Theorie der Gesellschaftsspiele", Math. Ann. 100 (1928).
.. [2] B. von Stengel, "Equilibrium computation for two-player games in strategic
   and extensive form", in Nisan et al. (eds.), "Algorithmic Game Theory", 2007, ch. 3.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import Any

from ._exact import matrix, solve


def zero_sum_value(A: Any) -> Fraction:
    """The value (to the row player) of the zero-sum game with row payoffs ``A``."""
    A = matrix(A)
    m, n = len(A), len(A[0])
    one, zero = Fraction(1), Fraction(0)
    # each constraint as (coefficients of x_0..x_{m-1}, v) with "= 0" when tight
    cols = [[A[i][j] for i in range(m)] + [-one] for j in range(n)]   # x^T A_j - v >= 0
    signs = [[one if c == i else zero for c in range(m)] + [zero] for i in range(m)]  # x_i >= 0
    total = [one] * m + [zero]
    best = None
    for tight in combinations(cols + signs, m):
        z = solve(list(tight) + [total], [zero] * m + [one])
        if z is None or min(z[:m]) < 0:
            continue
        if all(sum(c * v for c, v in zip(col, z, strict=True)) >= 0 for col in cols):
            best = z[m] if best is None else max(best, z[m])
    assert best is not None, "an LP with a non-empty bounded feasible set has a basic optimum"
    return best
