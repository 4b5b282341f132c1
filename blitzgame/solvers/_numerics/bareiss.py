"""Fraction-free Gaussian elimination for square integer systems.

Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian
elimination. *Math. Comp.* 22, 565-578.
"""

from __future__ import annotations

__all__ = ["bareiss_solve"]


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
