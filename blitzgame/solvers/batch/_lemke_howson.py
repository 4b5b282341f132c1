r"""Batched Lemke–Howson: complementary pivoting on a stack of bimatrix games (array API).

Payoffs are shifted to be positive (:math:`A' = A - \min A + 1`, likewise
:math:`B'`), which changes no equilibrium. With labels ``0..n0-1`` for the row
player's actions and ``n0..n0+n1-1`` for the column player's, the two
polytopes are written as tableaux whose columns are indexed by label:

* :math:`P`: :math:`B'^\top x + s = 1` -- columns ``[B'^T | I | 1]``, basis the slacks ``s``;
* :math:`Q`: :math:`r + A' y = 1` -- columns ``[I | A' | 1]``, basis the slacks ``r``.

Dropping ``initial_label`` makes that variable enter its tableau; the minimum
ratio test picks the leaving variable, whose label then enters the *other*
tableau, and so on until the leaving label is the dropped one (Lemke & Howson
1964). Because the tableaux alternate at every step for every game, one step
is the same array operation for the whole stack: each game has its own
entering column and pivot row (gathered with ``take_along_axis``), and games
that have finished are masked so that their tableaux stop changing. The
equilibrium is read from the basic variables and normalised, then verified:
``converged`` is true only if the path ended within ``max_iter`` pivots *and*
the regret is at most ``tol``. Ties in the ratio test take the first row, so a
degenerate game may cycle; it then reports ``converged=False`` (for numpy
batches :func:`blitzgame.solve_batch` re-solves those games with
:func:`blitzgame.lemke_howson`, whose lexicographic rule cannot cycle).

References
----------
1. Lemke, C. E. and Howson, J. T. (1964). Equilibrium points of bimatrix games.
   *J. SIAM* 12(2), 413-423.
2. von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook
   of Game Theory* 3, ch. 45, §3.
"""

from __future__ import annotations

from typing import Any

from array_api_compat import device

from ._support import bimatrix_regret, clip_strategies

__all__ = ["lemke_howson"]


def _pivot(xp: Any, T: Any, basis: Any, entering: Any, active: Any) -> tuple[Any, Any, Any, Any]:
    """One pivot per game: returns the new tableau, basis, leaving label and ray flag."""
    Bn, rows, cols = (int(s) for s in T.shape)
    idx = xp.broadcast_to(xp.reshape(entering, (Bn, 1, 1)), (Bn, rows, 1))
    col = xp.take_along_axis(T, idx, axis=2)[:, :, 0]
    rhs = T[:, :, cols - 1]
    scale = xp.max(xp.abs(col), axis=1, keepdims=True)
    positive = col > 1e-12 * scale
    ratio = xp.where(positive, rhs / xp.where(positive, col, xp.ones_like(col)),
                     xp.full_like(col, float("inf")))
    r = xp.argmin(ratio, axis=1)
    ray = ~xp.any(positive, axis=1)
    ridx = xp.broadcast_to(xp.reshape(r, (Bn, 1, 1)), (Bn, 1, cols))
    prow = xp.take_along_axis(T, ridx, axis=1)  # (B, 1, cols)
    piv = xp.take_along_axis(col, xp.reshape(r, (Bn, 1)), axis=1)  # (B, 1)
    piv = xp.where(ray[:, None], xp.ones_like(piv), piv)
    prow = prow / piv[:, :, None]
    rowmask = xp.reshape(xp.arange(rows, device=device(T)), (1, rows)) == xp.reshape(r, (Bn, 1))
    new = xp.where(rowmask[:, :, None], prow, T - col[:, :, None] * prow)
    go = active & ~ray
    T = xp.where(go[:, None, None], new, T)
    leaving = xp.take_along_axis(basis, xp.reshape(r, (Bn, 1)), axis=1)[:, 0]
    basis = xp.where(go[:, None] & rowmask, xp.reshape(entering, (Bn, 1)), basis)
    return T, basis, leaving, ray


def _read(xp: Any, T: Any, basis: Any, first: int, n: int) -> Any:
    """Normalised strategy whose labels are ``first..first+n-1`` from a final tableau."""
    rhs = T[:, :, -1]
    labels = xp.reshape(xp.arange(first, first + n, device=device(T)), (1, 1, n))
    onehot = xp.astype(basis[:, :, None] == labels, T.dtype)
    return clip_strategies(xp, xp.sum(onehot * rhs[:, :, None], axis=1))


def _unit_range(xp: Any, M: Any) -> Any:
    """Each game's payoffs ``M (B, n0, n1)`` mapped affinely onto [1, 2] (equilibria
    unchanged; pivot thresholds then do not depend on the payoff units)."""
    flat = xp.reshape(M, (int(M.shape[0]), -1))
    lo = xp.reshape(xp.min(flat, axis=1), (-1, 1, 1))
    span = xp.reshape(xp.max(flat, axis=1), (-1, 1, 1)) - lo
    return (M - lo) / xp.where(span > 0, span, xp.ones_like(span)) + 1


def lemke_howson(xp: Any, u: Any, tol: Any, *, initial_label: int, max_iter: int) -> dict[str, Any]:
    """One equilibrium of every game in a chunk ``u (B, n0, n1, 2)`` (module docstring)."""
    Bn, n0, n1 = int(u.shape[0]), int(u.shape[1]), int(u.shape[2])
    dev = device(u)
    A, Bm = u[..., 0], u[..., 1]
    A1, B1 = _unit_range(xp, A), _unit_range(xp, Bm)
    TP = xp.concat([xp.matrix_transpose(B1),
                    xp.broadcast_to(xp.eye(n1, dtype=u.dtype, device=dev), (Bn, n1, n1)),
                    xp.ones((Bn, n1, 1), dtype=u.dtype, device=dev)], axis=2)
    TQ = xp.concat([xp.broadcast_to(xp.eye(n0, dtype=u.dtype, device=dev), (Bn, n0, n0)), A1,
                    xp.ones((Bn, n0, 1), dtype=u.dtype, device=dev)], axis=2)
    basis_p = xp.broadcast_to(xp.reshape(xp.arange(n0, n0 + n1, device=dev), (1, n1)), (Bn, n1))
    basis_q = xp.broadcast_to(xp.reshape(xp.arange(n0, device=dev), (1, n0)), (Bn, n0))
    entering = xp.full((Bn,), initial_label, dtype=basis_p.dtype, device=dev)
    active = xp.ones((Bn,), dtype=xp.bool, device=dev)
    failed = xp.zeros((Bn,), dtype=xp.bool, device=dev)
    in_p = initial_label < n0
    steps = 0
    while steps < max_iter and bool(xp.any(active)):
        if in_p:
            TP, basis_p, leaving, ray = _pivot(xp, TP, basis_p, entering, active)
        else:
            TQ, basis_q, leaving, ray = _pivot(xp, TQ, basis_q, entering, active)
        failed = failed | (active & ray)
        active = active & ~ray
        entering = xp.where(active, leaving, entering)
        active = active & (leaving != initial_label)
        in_p = not in_p
        steps += 1
    x = _read(xp, TP, basis_p, 0, n0)
    y = _read(xp, TQ, basis_q, n0, n1)
    regret, payoffs = bimatrix_regret(xp, A, Bm, x[:, None, :], y[:, None, :])
    regret, payoffs = regret[:, 0], payoffs[:, 0, :]
    converged = ~active & ~failed & (regret <= tol)
    return {"count": xp.astype(converged, xp.int64), "strategies": (x, y), "payoffs": payoffs,
            "converged": converged, "max_regret": regret}
