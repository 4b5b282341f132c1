"""Support enumeration for non-degenerate bimatrix games (the textbook version).

Algorithm (Nisan et al. 2007, ch. 3, Algorithm 3.4; von Stengel 2007):

1. For each size ``k = 1..min(m, n)``, each support ``I`` of ``k`` rows and
   each support ``J`` of ``k`` columns:
2. solve the indifference equations for the column mix ``y`` on ``J``:
   ``sum_{j in J} A[i][j] y_j = v`` for every ``i`` in ``I`` and
   ``sum_{j in J} y_j = 1``; and likewise for the row mix ``x`` on ``I``:
   ``sum_{i in I} x_i B[i][j] = u`` for every ``j`` in ``J``, ``sum x_i = 1``
   (exact Gaussian elimination; a singular system is skipped);
3. keep the pair if ``x, y >= 0`` and the best-response conditions hold:
   ``(A y)_i <= v`` for every row ``i`` and ``(x^T B)_j <= u`` for every column ``j``.

In a non-degenerate game every equilibrium has supports of equal size and
its equations have a unique solution, so this finds all of them; for
degenerate games it may miss some (use :func:`vertex_enumeration`).

References
----------
.. [1] N. Nisan, T. Roughgarden, E. Tardos, V. Vazirani (eds.), "Algorithmic Game
   Theory", Cambridge University Press, 2007, ch. 3 (B. von Stengel,
   "Equilibrium computation for two-player games in strategic and extensive form").
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import Any

from ._exact import matrix, solve


def _indifferent(M: list[list[Fraction]]) -> tuple[list[Fraction], Fraction] | None:
    """Probabilities ``p`` (>= 0, sum 1) over M's columns equalising its rows, and the value."""
    k = len(M)
    system = [row + [Fraction(-1)] for row in M] + [[Fraction(1)] * k + [Fraction(0)]]
    z = solve(system, [Fraction(0)] * k + [Fraction(1)])
    if z is None or min(z[:k]) < 0:
        return None
    return z[:k], z[k]


def support_enumeration(A: Any, B: Any) -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Every equilibrium of the non-degenerate bimatrix game ``(A, B)``, as exact pairs."""
    A, B = matrix(A), matrix(B)
    m, n = len(A), len(A[0])
    found = set()
    for k in range(1, min(m, n) + 1):
        for I in combinations(range(m), k):
            for J in combinations(range(n), k):
                col = _indifferent([[A[i][j] for j in J] for i in I])
                row = _indifferent([[B[i][j] for i in I] for j in J])
                if col is None or row is None:
                    continue
                (yJ, v), (xI, u) = col, row
                x, y = [Fraction(0)] * m, [Fraction(0)] * n
                for i, p in zip(I, xI, strict=True):
                    x[i] = p
                for j, q in zip(J, yJ, strict=True):
                    y[j] = q
                if all(sum(a * q for a, q in zip(A[i], y, strict=True)) <= v for i in range(m)) \
                        and all(sum(x[i] * B[i][j] for i in range(m)) <= u for j in range(n)):
                    found.add((tuple(x), tuple(y)))
    return found
