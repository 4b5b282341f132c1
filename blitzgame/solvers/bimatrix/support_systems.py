"""Batched linear algebra of support enumeration: the indifference systems of many support pairs.

Shared by single games (:mod:`blitzgame.solvers.bimatrix.support`), batches of games
(:mod:`blitzgame.solvers.batch._pruned`) and vertex enumeration's base case
(:mod:`blitzgame.solvers.bimatrix.vertex`). For a support pair ``(I, J)`` of a bimatrix
game the column player's mix solves the bordered system
:math:`[A_{IJ}, -1; 1^\top, 0] (y_J, v) = (0, 1)` and the row player's mix the
same with :math:`B^\top`; pairs of every size and of every game of a stack are
gathered into padded systems (:func:`~.support_pairs.bordered_index`: padded
rows and columns are the identity) and solved in one batched
:func:`numpy.linalg.solve`. :func:`equilibrium_pairs` keeps the pairs whose
solutions are non-negative best responses; :func:`evaluate_profiles` turns
them into verified profiles with payoffs, regret and the degeneracy test.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from .support_pairs import bordered_index

__all__ = ["batched_solve", "equilibrium_pairs", "evaluate_profiles"]


def batched_solve(M: NDArray[np.float64], rhs: NDArray[np.float64]) -> NDArray[np.float64]:
    """Solve a stack of square systems; singular ones give NaN rows instead of an error.

    ``M`` is ``(b, k, k)`` and ``rhs`` ``(b, k)``, or ``(1, k)`` for one right-hand
    side shared by every system.
    """
    try:
        return cast("NDArray[np.float64]", np.linalg.solve(M, rhs[..., None])[..., 0])
    except np.linalg.LinAlgError:
        sign, _ = np.linalg.slogdet(M)
        bad = sign == 0
        M = M.copy()
        M[bad] = np.eye(M.shape[-1])
        out = cast("NDArray[np.float64]", np.linalg.solve(M, rhs[..., None])[..., 0])
        out[bad] = np.nan
        return out


def _take(M: NDArray[Any], g: NDArray[np.intp], *idx: NDArray[np.intp]) -> NDArray[Any]:
    """``M[g_b][idx...]`` for a stack ``M (G, ...)``, broadcasting ``g`` over the indices."""
    out: NDArray[Any]
    if len(M) == 1:  # one game: plain indexing is faster
        out = M[0][idx]
    else:
        out = M[(np.reshape(g, (-1,) + (1,) * (idx[0].ndim - 1)),) + idx]
    return out


def _indifferent(Mat: NDArray[np.float64], g: NDArray[np.intp], idx: NDArray[np.intp]
                 ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Solve ``Mat[g_b][I_b, J_b] z = v 1, 1^T z = 1`` for a stack of padded supports.

    ``Mat`` is a stack of matrices ``(G, m, n)``; system ``b`` uses matrix
    ``g[b]``, gathered by ``idx[b]`` (:func:`~.support_pairs.bordered_index`,
    shape ``(b, K + 1, K + 1)``): padded entries get an identity row and column,
    so their ``z`` is 0 and every support size is solved in one batched call.
    Returns ``z`` ``(b, K)`` (NaN rows for singular systems) and ``v`` ``(b,)``.
    """
    G = len(Mat)
    K = idx.shape[-1] - 1
    nflat = Mat[0].size
    aug = np.empty((G, nflat + 3))
    aug[:, :nflat] = Mat.reshape(G, nflat)
    aug[:, nflat:] = (0.0, 1.0, -1.0)
    if G == 1:                                  # one game: plain indexing is faster
        M = aug[0][idx]
    else:
        M = aug.reshape(-1)[idx + (g * (nflat + 3))[:, None, None]]
    sol = batched_solve(M, _unit_rhs(K))
    return sol[:, :K], sol[:, K]


@lru_cache(maxsize=64)
def _unit_rhs(K: int) -> NDArray[np.float64]:
    """The right-hand side ``(0, ..., 0, 1)``, shape ``(1, K + 1)``, of the bordered systems."""
    rhs = np.zeros((1, K + 1))
    rhs[0, K] = 1.0
    rhs.flags.writeable = False
    return rhs


def equilibrium_pairs(A: NDArray[np.float64], B: NDArray[np.float64], At: NDArray[np.float64],
                      Bt: NDArray[np.float64], g: NDArray[np.intp], I: NDArray[np.intp],
                      J: NDArray[np.intp], size: NDArray[np.intp], tol: NDArray[np.float64],
                      ptol: NDArray[np.float64], index: tuple[NDArray[np.intp], ...] | None = None
                      ) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64]]:
    """The support pairs that carry an equilibrium, and its strategies on the supports.

    ``A``, ``B`` are stacks of games ``(G, m, n)`` (``At``, ``Bt``: their
    transposes ``(G, n, m)``, contiguous) and pair ``b`` is ``(I_b, J_b)`` of game
    ``g[b]``: ``I``, ``J`` of shape ``(b, K)``, of which the first ``size[b]``
    entries count. ``index``, when given, is ``(rows, cols, pairs)``: tables of
    :func:`~.support_pairs.bordered_index` arrays for ``A`` and ``Bt`` and the
    pairs' positions in them (otherwise they are computed here). A pair is kept
    when ``y_J`` from the row player's indifference on ``I`` is non-negative (down
    to ``-ptol[g]``: probabilities) and no row earns more than ``v + tol[g]``
    (payoffs) against it, and likewise ``x_I`` for the columns. Returns the kept
    positions and their ``x_I``, ``y_J`` (padded entries 0).
    """
    m, n = A.shape[1:]
    one = len(A) == 1                   # one game: scalar tolerances, plain indexing
    t, pt = (tol[0], ptol[0]) if one else (tol[g][:, None], ptol[g][:, None])
    y, v = _indifferent(A, g, bordered_index(I, J, size, n, m * n) if index is None
                        else index[0][index[2]])
    # every row's value against y; NaN (singular) rows fail both tests
    vals = np.einsum("bk,bkm->bm", y, _take(At, g, J))
    ok = (y >= -pt).all(axis=1) & (vals.max(axis=1) <= v + (t if one else t[:, 0]))
    idx = np.flatnonzero(ok)
    if not len(idx):
        return idx, y[idx], y[idx]
    if not one:
        g, t, pt = g[idx], t[idx], pt[idx]
    I, J = I[idx], J[idx]
    x, w = _indifferent(Bt, g, bordered_index(J, I, size[idx], m, m * n) if index is None
                        else index[1][index[2][idx]])
    vals = np.einsum("bk,bkn->bn", x, _take(B, g, I))          # every column's value
    ok = (x >= -pt).all(axis=1) & (vals.max(axis=1) <= w + (t if one else t[:, 0]))
    return idx[ok], x[ok], y[idx[ok]]


def evaluate_profiles(A: NDArray[np.float64], B: NDArray[np.float64], g: NDArray[np.intp],
                      I: NDArray[np.intp], J: NDArray[np.intp], size: NDArray[np.intp],
                      x: NDArray[np.float64], y: NDArray[np.float64], tol: NDArray[np.float64]
                      ) -> tuple[NDArray[np.float64], ...]:
    """Full profiles from support solutions, with their payoffs, regret and degeneracy.

    Profile ``f`` plays ``x[f]`` on ``I[f]`` and ``y[f]`` on ``J[f]`` in game
    ``g[f]`` of the stacks ``A``, ``B`` (first ``size[f]`` entries count).
    Round-off negatives are clipped to 0 and the strategies renormalised. Returns
    ``X (F, m)``, ``Y (F, n)``, payoffs ``(F, 2)``, regret ``(F,)`` and whether the
    profile shows the game degenerate: unequal support sizes, or more pure best
    responses (within ``tol[g]``) than support actions.
    """
    F, K = I.shape
    on = np.arange(K)[None, :] < size[:, None]
    r = np.nonzero(on)[0]
    X, Y = np.zeros((F, A.shape[1])), np.zeros((F, A.shape[2]))
    X[r, I[on]] = x[on]
    Y[r, J[on]] = y[on]
    for Z in (X, Y):
        np.maximum(Z, 0.0, out=Z)
        Z /= Z.sum(axis=1, keepdims=True)
    # every action's value at every profile (one formula for any stack, so the
    # rounding, and a regret compared with tol = 0, do not depend on the chunking)
    AY, XB = np.einsum("fn,fmn->fm", Y, A[g]), np.einsum("fm,fmn->fn", X, B[g])
    u0, u1 = np.einsum("fm,fm->f", X, AY), np.einsum("fn,fn->f", Y, XB)
    best0, best1 = AY.max(axis=1, initial=-np.inf), XB.max(axis=1, initial=-np.inf)
    regret = np.maximum(np.maximum(best0 - u0, best1 - u1), 0.0)
    t = tol[g][:, None]
    sx, sy = (X > 0).sum(axis=1), (Y > 0).sum(axis=1)
    brx = (AY >= best0[:, None] - t).sum(axis=1)
    bry = (XB >= best1[:, None] - t).sum(axis=1)
    return X, Y, np.stack([u0, u1], axis=1), regret, (sx != sy) | (brx > sx) | (bry > sy)
