"""The Lemke-Howson algorithm by complementary pivoting, with the lexicographic rule.

With payoffs shifted so that ``A, B > 0``, write the polytopes of
:mod:`.vertex_enumeration` as two tableaux with slack variables ``r`` and ``s``
(Lemke and Howson 1964; von Stengel 2007):

    r + A y = 1   (m rows),        s + B^T x = 1   (n rows),     x, y, r, s >= 0.

Variable ``x_i`` and slack ``r_i`` carry label ``i``; ``y_j`` and ``s_j`` carry
label ``m + j``. A label is "present" when its variable is non-basic (zero)
in a tableau. Each tableau below has one column per label.

Algorithm:

1. Start at the artificial equilibrium ``x = 0, y = 0`` (basic: all slacks).
2. Drop ``label``: its variable enters the basis of the tableau where it is
   non-basic (``x_label`` if ``label < m``, else ``y_{label-m}``).
3. Minimum ratio test in that tableau picks the leaving variable; ties are
   broken lexicographically by the rows of ``[rhs | B^{-1}]`` divided by the
   pivot entry (the columns of the initial slack basis give ``B^{-1}``), so the
   path is well defined in degenerate games too.
4. Pivot. If the leaving variable has the dropped label, stop; otherwise its
   label is now duplicated and the complementary variable (the same label in
   the *other* tableau) enters next; go to 3.
5. Read ``x`` and ``y`` from the basic solutions and normalise them.

References
----------
.. [1] C. E. Lemke, J. T. Howson, "Equilibrium points of bimatrix games",
   J. SIAM 12 (1964) 413-423.
.. [2] B. von Stengel, "Equilibrium computation for two-player games in strategic
   and extensive form", in Nisan et al. (eds.), "Algorithmic Game Theory", 2007, ch. 3.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ._exact import matrix, normalise, shifted


def _pivot(rows: list[list[Fraction]], r: int, c: int) -> None:
    rows[r] = [v / rows[r][c] for v in rows[r]]
    for k, row in enumerate(rows):
        if k != r and row[c] != 0:
            f = row[c]
            rows[k] = [a - f * b for a, b in zip(row, rows[r], strict=True)]


def lemke_howson(A: Any, B: Any, label: int) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """The equilibrium at the end of the Lemke-Howson path that drops ``label`` first."""
    A, B = shifted(matrix(A)), shifted(matrix(B))
    m, n = len(A), len(A[0])
    if not 0 <= label < m + n:
        raise ValueError(f"label must be in 0..{m + n - 1}; got {label}")
    one, zero = Fraction(1), Fraction(0)
    # columns 0..m-1: r (tableau 0) / x (tableau 1); columns m..m+n-1: y / s; last: rhs
    tableaux = [
        [[one if c == i else zero for c in range(m)] + A[i] + [one] for i in range(m)],
        [[B[i][j] for i in range(m)] + [one if c == j else zero for c in range(n)] + [one]
         for j in range(n)],
    ]
    basis = [list(range(m)), list(range(m, m + n))]
    slack_cols = [range(m), range(m, m + n)]
    t, entering = (1 if label < m else 0), label
    while True:
        rows = tableaux[t]

        def lex_key(r: int, rows: list[list[Fraction]] = rows, t: int = t,
                    e: int = entering) -> list[Fraction]:
            return [rows[r][-1] / rows[r][e]] + [rows[r][c] / rows[r][e] for c in slack_cols[t]]

        r = min((r for r in range(len(rows)) if rows[r][entering] > 0), key=lex_key)
        _pivot(rows, r, entering)
        leaving, basis[t][r] = basis[t][r], entering
        if leaving == label:
            break
        t, entering = 1 - t, leaving
    x, y = [zero] * m, [zero] * n
    for r, b in enumerate(basis[1]):
        if b < m:
            x[b] = tableaux[1][r][-1]
    for r, b in enumerate(basis[0]):
        if b >= m:
            y[b - m] = tableaux[0][r][-1]
    return normalise(x), normalise(y)
