"""Vertex enumeration of the best-response polytopes, by brute force over all bases.

With payoffs shifted so that ``A, B > 0`` (which changes no equilibrium), the
best-response polytopes are (von Stengel 2007, in Nisan et al. 2007 ch. 3)

    P = {x in R^m : x >= 0, B^T x <= 1},    Q = {y in R^n : A y <= 1, y >= 0}.

A point of ``P`` has label ``i`` if ``x_i = 0`` and label ``m + j`` if
``(B^T x)_j = 1``; a point of ``Q`` has label ``i`` if ``(A y)_i = 1`` and
label ``m + j`` if ``y_j = 0``.

Algorithm:

1. Enumerate the vertices of ``P``: for every choice of ``m`` of its ``m + n``
   constraints, make them tight and solve the square system exactly (the
   tight ``x_i = 0`` fix coordinates, leaving ``k`` rows of ``B^T`` in ``k``
   unknowns); keep the unique, feasible solutions (every vertex has ``m``
   linearly independent tight constraints, so none is missed). Likewise for
   ``Q`` with ``n``.
2. Record each vertex's labels (all its tight constraints).
3. A pair of vertices ``(x, y) != (0, 0)`` whose labels together cover all
   ``m + n`` labels ("completely labelled") is an extreme equilibrium
   ``(x / sum x, y / sum y)``.

This lists the extreme equilibria of every game, degenerate or not (Avis,
Rosenberg, Savani and von Stengel 2010). The game is non-degenerate iff no
point of ``P`` has more than ``m`` labels and no point of ``Q`` more than
``n`` (von Stengel 2007; this restates the definition:
no mixed strategy with ``k`` actions in its support has more than ``k`` pure
best responses). The most labels are attained at a vertex, which gives
:func:`is_degenerate`.

References
----------
.. [1] B. von Stengel, "Equilibrium computation for two-player games in strategic
   and extensive form", in Nisan et al. (eds.), "Algorithmic Game Theory", 2007, ch. 3.
.. [2] D. Avis, G. D. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash
   equilibria for two-player games", Economic Theory 42 (2010) 9-37.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from typing import Any

from ._exact import matrix, normalise, shifted, solve


def _vertices(M: list[list[Fraction]], zero_labels: range, row_labels: range
              ) -> dict[tuple[Fraction, ...], frozenset[int]]:
    """Vertices of ``{z >= 0 : M z <= 1}`` mapped to their labels.

    Constraint ``z_k >= 0`` carries ``zero_labels[k]``; ``(M z)_r <= 1`` carries
    ``row_labels[r]``. Making ``d`` constraints tight: rows ``R`` and ``z_k = 0``
    outside ``free`` (``|free| = |R|``), that is ``M[R, free] z_free = 1``.
    """
    c, d = len(M), len(M[0])
    found = {}
    for size in range(min(c, d) + 1):
        for R in combinations(range(c), size):
            for free in combinations(range(d), size):
                zf = solve([[M[i][k] for k in free] for i in R], [Fraction(1)] * size)
                if zf is None or min(zf, default=0) < 0:
                    continue
                z = [Fraction(0)] * d
                for k, v in zip(free, zf, strict=True):
                    z[k] = v
                slack = [1 - sum(a * v for a, v in zip(row, z, strict=True)) for row in M]
                if min(slack) < 0:
                    continue
                found[tuple(z)] = frozenset(
                    [zero_labels[k] for k in range(d) if z[k] == 0]
                    + [row_labels[r] for r in range(c) if slack[r] == 0])
    return found


def _polytopes(A: Any, B: Any) -> tuple[dict, dict, int, int]:
    return _polytopes_cached(tuple(map(tuple, matrix(A))), tuple(map(tuple, matrix(B))))


@lru_cache(maxsize=64)  # vertex_enumeration and is_degenerate of one game share the work
def _polytopes_cached(A: tuple, B: tuple) -> tuple[dict, dict, int, int]:
    A, B = shifted([list(r) for r in A]), shifted([list(r) for r in B])
    m, n = len(A), len(A[0])
    Bt = [[B[i][j] for i in range(m)] for j in range(n)]
    P = _vertices(Bt, range(m), range(m, m + n))
    Q = _vertices(A, range(m, m + n), range(m))
    return P, Q, m, n


def vertex_enumeration(A: Any, B: Any) -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Every extreme equilibrium of the bimatrix game ``(A, B)`` (degenerate or not)."""
    P, Q, m, n = _polytopes(A, B)
    return {(normalise(list(x)), normalise(list(y)))
            for x, lx in P.items() if any(x)
            for y, ly in Q.items() if any(y) and len(lx | ly) == m + n}


def is_degenerate(A: Any, B: Any) -> bool:
    """Whether some mixed strategy with support size k has more than k pure best responses."""
    P, Q, m, n = _polytopes(A, B)
    return any(len(lx) > m for lx in P.values()) or any(len(ly) > n for ly in Q.values())
