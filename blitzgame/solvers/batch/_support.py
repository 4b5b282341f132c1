r"""Batched support enumeration: all equilibria of small bimatrix games (array API).

In a non-degenerate bimatrix game every equilibrium has supports ``I``, ``J``
of equal size ``k`` (Mangasarian 1964; Nisan et al. 2007, §3.3). For every pair
of size-``k`` supports and every game of the chunk at once, the column
player's mix :math:`y_J` makes the row player indifferent on ``I``
(:math:`A_{IJ} y_J = v 1`, :math:`1^\top y_J = 1`) and :math:`x_I` makes the
column player indifferent on ``J``. By Cramer's rule the solution is
:math:`y_j = D_j / \sum_l D_l` with :math:`D_j = \det A_{IJ}[\text{column } j
\leftarrow 1]`; for ``k <= 3`` these determinants are written out as
elementwise products (fast), for larger ``k`` the bordered system
:math:`[A_{IJ}, -1; 1^\top, 0](y_J, v) = (0, 1)` goes to one batched
``linalg.solve`` per support size (singular systems are replaced by the
identity and discarded). A pair is kept when both strategies are non-negative
(down to ``-tol / max(1, max|u|)``: the tolerance carried over to probabilities)
and the regret is at most tol -- so every reported equilibrium is verified.

A game is flagged degenerate when, at the solution of some support pair's
system, a non-negative strategy with support size at most ``k`` has more pure
best responses than its support size (within tol; ``k = 1`` covers a pure
strategy with two best responses) -- that is the definition of a degenerate
game, checked on every candidate the enumeration visits -- or when the number
of equilibria is even (Wilson's oddness theorem). A degeneracy whose witness
strategy solves only singular support systems can go undetected; for games
not flagged, the list is complete when the game is non-degenerate.

References
----------
1. Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *J. SIAM* 12, 778-780.
2. Nisan, N., Roughgarden, T., Tardos, E. and Vazirani, V. (2007). *Algorithmic
   Game Theory*, ch. 3. Cambridge University Press.
3. Wilson, R. (1971). Computing equilibria of N-person games. *SIAM J. Appl. Math.* 21, 80-87.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache
from typing import Any

import numpy as np
from array_api_compat import device

from ._threads import run_chunks

__all__ = ["support_enumeration", "work_per_game", "bimatrix_regret", "clip_strategies",
           "drop_repeats", "drop_repeats_numpy"]


def work_per_game(n0: int, n1: int) -> int:
    """Array elements the support enumeration of one n0×n1 game allocates (rough)."""
    total = 0
    for k in range(1, min(n0, n1) + 1):
        total += math.comb(n0, k) * math.comb(n1, k) * (4 * (k + 1) ** 2 + 4 * (n0 + n1))
    return total


def bimatrix_regret(xp: Any, A: Any, B: Any, x: Any, y: Any) -> tuple[Any, Any]:
    """Regret ``(B, K)`` and payoffs ``(B, K, 2)`` of profiles ``x (B,K,n0)``, ``y (B,K,n1)``."""
    vals_row = xp.matmul(y, xp.matrix_transpose(A))  # (B, K, n0)
    vals_col = xp.matmul(x, B)  # (B, K, n1)
    pay_row = xp.sum(x * vals_row, axis=-1)
    pay_col = xp.sum(y * vals_col, axis=-1)
    regret = xp.maximum(xp.max(vals_row, axis=-1) - pay_row, xp.max(vals_col, axis=-1) - pay_col)
    return regret, xp.stack([pay_row, pay_col], axis=-1)


@lru_cache(maxsize=64)
def _supports(n0: int, n1: int, k: int) -> tuple[list[int], list[int], list[int], int]:
    """Flat indices of A[I, J] (P, k, k) row-major in (i, j), and I, J per pair (P, k)."""
    rows = list(itertools.combinations(range(n0), k))
    cols = list(itertools.combinations(range(n1), k))
    flat: list[int] = []
    ri: list[int] = []
    cj: list[int] = []
    for I in rows:
        for J in cols:
            flat.extend(i * n1 + j for i in I for j in J)
            ri.extend(I)
            cj.extend(J)
    return flat, ri, cj, len(rows) * len(cols)


def _det(m: list[list[Any]]) -> Any:
    """Determinant of a small matrix given as nested lists of arrays (Laplace expansion)."""
    if len(m) == 1:
        return m[0][0]
    if len(m) == 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0]
    total = None
    for j in range(len(m)):
        minor = [row[:j] + row[j + 1:] for row in m[1:]]
        term = m[0][j] * _det(minor)
        total = term if total is None else (total - term if j % 2 else total + term)
    return total


def _indifference(xp: Any, M: Any) -> tuple[Any, Any]:
    """Mix ``z`` with ``M z = v 1``, ``sum z = 1`` for a stack ``M (..., k, k)``; z and ok."""
    k = int(M.shape[-1])
    if k <= 3:
        entries = [[M[..., i, j] for j in range(k)] for i in range(k)]
        one = xp.ones_like(entries[0][0])
        D = [_det([[one if jj == j else row[jj] for jj in range(k)] for row in entries])
             for j in range(k)]
        total = D[0]
        for d in D[1:]:
            total = total + d
        ok = total != 0
        safe = xp.where(ok, total, one)
        return xp.stack([d / safe for d in D], axis=-1), ok
    lead = tuple(M.shape[:-2])
    dev = device(M)
    top = xp.concat([M, -xp.ones(lead + (k, 1), dtype=M.dtype, device=dev)], axis=-1)
    bottom = xp.concat([xp.ones(lead + (1, k), dtype=M.dtype, device=dev),
                        xp.zeros(lead + (1, 1), dtype=M.dtype, device=dev)], axis=-1)
    S = xp.concat([top, bottom], axis=-2)
    rhs = xp.concat([xp.zeros(lead + (k, 1), dtype=M.dtype, device=dev),
                     xp.ones(lead + (1, 1), dtype=M.dtype, device=dev)], axis=-2)
    try:
        z = xp.linalg.solve(S, rhs)[..., :k, 0]
    except Exception:  # a singular system somewhere in the stack: guard each one
        scale = xp.max(xp.abs(S), axis=(-2, -1))
        ok = xp.abs(xp.linalg.det(S)) > 1e-13 * scale ** (k + 1)
        S = xp.where(xp.reshape(ok, lead + (1, 1)), S,
                     xp.eye(k + 1, dtype=M.dtype, device=dev))
        return xp.linalg.solve(S, rhs)[..., :k, 0], ok
    return z, xp.all(xp.isfinite(z), axis=-1)


def _scatter(xp: Any, z: Any, positions: list[int], n: int, P: int, k: int) -> Any:
    """Vectors (B, P, n) with ``z[..., m]`` at ``positions[p * k + m]``."""
    dev = device(z)
    pos = xp.reshape(xp.asarray(positions, device=dev), (P, k, 1))
    onehot = xp.astype(pos == xp.reshape(xp.arange(n, device=dev), (1, 1, n)), z.dtype)
    return xp.matmul(xp.reshape(z, (z.shape[0], P, 1, k)), onehot)[:, :, 0, :]


def clip_strategies(xp: Any, z: Any) -> Any:
    """Round-off negatives (>= -tol, else the pair was rejected) to 0 and renormalise."""
    z = xp.maximum(z, xp.zeros_like(z))
    total = xp.sum(z, axis=-1, keepdims=True)
    return z / xp.where(total > 0, total, xp.ones_like(total))


#: Two listed equilibria of a game closer than this (largest probability difference)
#: are one (as :func:`blitzgame.solvers._verify._unique_index` decides for one game).
REPEAT_ATOL = 1e-7


def drop_repeats(xp: Any, count: Any, valid: Any, x: Any, y: Any, payoffs: Any
                 ) -> tuple[Any, ...]:
    """Each game's equilibria with repeats removed, slots compacted in order.

    Arrays are batch-first: ``valid (B, K)``, ``x (B, K, n0)``, ``y (B, K, n1)``,
    ``payoffs (B, K, 2)``. An equilibrium within :data:`REPEAT_ATOL` of an earlier
    one of its game is dropped (a degenerate game can reach one equilibrium from
    several support pairs). Returns ``(count, valid, x, y, payoffs)``, the slot axis
    cut to the new largest count.
    """
    K = int(valid.shape[1])
    if K < 2:
        return count, valid, x, y, payoffs
    dev = device(x)
    P = xp.concat([x, y], axis=-1)
    same = xp.max(xp.abs(P[:, :, None, :] - P[:, None, :, :]), axis=-1) <= REPEAT_ATOL
    k = xp.arange(K, device=dev)
    earlier = xp.reshape(k, (1, K, 1)) < xp.reshape(k, (1, 1, K))   # [., k, l]: k before l
    repeat = xp.any(same & earlier & valid[:, :, None], axis=1)
    if not bool(xp.any(repeat & valid)):
        return count, valid, x, y, payoffs
    keep = valid & ~repeat
    ki = xp.astype(keep, xp.int64)
    count = xp.sum(ki, axis=1)
    K2 = max(1, int(xp.max(count)))
    pos = xp.cumulative_sum(ki, axis=1) - 1
    onehot = xp.astype((xp.reshape(pos, (-1, 1, K)) == xp.reshape(k[:K2], (1, K2, 1)))
                       & keep[:, None, :], x.dtype)             # [b, new slot, old slot]
    return (count, xp.reshape(k[:K2], (1, K2)) < count[:, None], xp.matmul(onehot, x),
            xp.matmul(onehot, y), xp.matmul(onehot, payoffs))


def drop_repeats_numpy(res: dict[str, Any]) -> dict[str, Any]:
    """:func:`drop_repeats` on the games of a numpy result that can have repeats.

    Repeats need a degenerate game (the same profile from two support pairs) and
    two listed equilibria; only those games are examined.
    """
    games = np.flatnonzero(res["degenerate"] & (res["count"] >= 2))
    if not len(games):
        return res
    x, y = res["strategies"]
    count, valid, xs, ys, pay = drop_repeats(np, res["count"][games], res["valid"][games],
                                             x[games], y[games], res["payoffs"][games])
    K2 = valid.shape[1]
    res["count"][games] = count
    for full, part in ((res["valid"], valid), (x, xs), (y, ys), (res["payoffs"], pay)):
        full[games] = 0
        full[games, :K2] = part
    K = max(1, int(res["count"].max()))
    res["valid"] = res["valid"][:, :K]
    res["strategies"] = (x[:, :K], y[:, :K])
    res["payoffs"] = res["payoffs"][:, :K]
    return res


def _count_true(xp: Any, mask: Any) -> Any:
    return xp.sum(xp.astype(mask, xp.int64), axis=-1)


def support_enumeration(xp: Any, u: Any, tol: Any) -> dict[str, Any]:
    """All equilibria of a chunk ``u (B, n0, n1, 2)`` of small bimatrix games."""
    Bn, n0, n1 = int(u.shape[0]), int(u.shape[1]), int(u.shape[2])
    dev = device(u)
    t = xp.reshape(tol, (Bn, 1))
    t3 = xp.reshape(tol, (Bn, 1, 1))
    # the tolerance on probabilities: tol over the payoff scale max(1, max|u|)
    scale = xp.max(xp.abs(xp.reshape(u, (Bn, -1))), axis=1)
    pt3 = xp.reshape(tol / xp.maximum(scale, xp.ones_like(scale)), (Bn, 1, 1))
    # each player's payoffs shifted to start at 0 (the same equilibria), so that the
    # indifference determinants keep their digits; reported payoffs and regrets use u
    shift = xp.min(xp.reshape(u, (Bn, n0 * n1, 2)), axis=1)           # (B, 2)
    A = u[..., 0] - xp.reshape(shift[:, 0], (Bn, 1, 1))
    Bm = u[..., 1] - xp.reshape(shift[:, 1], (Bn, 1, 1))
    Af = xp.reshape(A, (Bn, n0 * n1))
    Bf = xp.reshape(Bm, (Bn, n0 * n1))
    xs, ys, valids, wide = [], [], [], []
    for k in range(1, min(n0, n1) + 1):
        flat, ri, cj, P = _supports(n0, n1, k)
        idx = xp.asarray(flat, device=dev)
        if k == 1:
            x_I = xp.ones((Bn, P, 1), dtype=u.dtype, device=dev)
            y_J = x_I
            ok = xp.ones((Bn, P), dtype=xp.bool, device=dev)
        else:
            y_J, ok_y = _indifference(xp, xp.reshape(xp.take(Af, idx, axis=1), (Bn, P, k, k)))
            x_I, ok_x = _indifference(xp, xp.matrix_transpose(
                xp.reshape(xp.take(Bf, idx, axis=1), (Bn, P, k, k))))
            ok = ok_x & ok_y
        nonneg_x = xp.all(x_I >= -pt3, axis=-1)
        nonneg_y = xp.all(y_J >= -pt3, axis=-1)
        # verify (and report) the strategies with round-off negatives clipped to 0
        x = _scatter(xp, clip_strategies(xp, x_I), ri, n0, P, k)
        y = _scatter(xp, clip_strategies(xp, y_J), cj, n1, P, k)
        vals_row = xp.matmul(y, xp.matrix_transpose(A))  # (B, P, n0)
        vals_col = xp.matmul(x, Bm)  # (B, P, n1)
        best_row = xp.max(vals_row, axis=-1)
        best_col = xp.max(vals_col, axis=-1)
        regret = xp.maximum(best_row - xp.sum(x * vals_row, axis=-1),
                            best_col - xp.sum(y * vals_col, axis=-1))
        # a strategy (support <= k) with more pure best responses than its support size
        wide_x = nonneg_x & (_count_true(xp, vals_col >= best_col[..., None] - t3)
                             > _count_true(xp, x_I > pt3))
        wide_y = nonneg_y & (_count_true(xp, vals_row >= best_row[..., None] - t3)
                             > _count_true(xp, y_J > pt3))
        wide.append(xp.any(ok & (wide_x | wide_y), axis=1))
        xs.append(x)
        ys.append(y)
        valids.append(ok & nonneg_x & nonneg_y & (regret <= t))
    valid = xp.concat(valids, axis=1)
    vi = xp.astype(valid, xp.int64)
    count = xp.sum(vi, axis=1)
    pos = xp.where(valid, xp.cumulative_sum(vi, axis=1) - 1, xp.full_like(vi, -1))
    K = max(1, int(xp.max(count))) if Bn else 1
    onehot = xp.astype(xp.reshape(pos, (Bn, 1, -1))
                       == xp.reshape(xp.arange(K, device=dev), (1, K, 1)), u.dtype)
    x_out = xp.matmul(onehot, xp.concat(xs, axis=1))
    y_out = xp.matmul(onehot, xp.concat(ys, axis=1))
    valid_out = xp.reshape(xp.arange(K, device=dev), (1, K)) < xp.reshape(count, (Bn, 1))
    regret, payoffs = bimatrix_regret(xp, u[..., 0], u[..., 1], x_out, y_out)
    max_regret = xp.max(xp.where(valid_out, regret, xp.zeros_like(regret)), axis=1)
    payoffs = xp.where(valid_out[:, :, None], payoffs, xp.zeros_like(payoffs))
    degenerate = count % 2 == 0
    for w in wide:
        degenerate = degenerate | w
    count, valid_out, x_out, y_out, payoffs = drop_repeats(xp, count, valid_out, x_out, y_out,
                                                           payoffs)
    return {"count": count, "valid": valid_out, "strategies": (x_out, y_out),
            "payoffs": payoffs, "degenerate": degenerate, "max_regret": max_regret}


# ---------------------------------------------------------------- numpy fast path
def _cramer(M: list[list[Any]]) -> list[Any]:
    """Unnormalised indifference weights ``D_j`` of ``M z = v 1`` (Cramer's rule)."""
    k = len(M)
    one = 1.0
    return [_det([[one if jj == j else row[jj] for jj in range(k)] for row in M])
            for j in range(k)]


def _dot(a: list[Any], b: list[Any]) -> Any:
    """``sum_l a[l] * b[l]`` of equal-length lists of vectors, accumulated left to right."""
    total = a[0] * b[0]
    for p, q in zip(a[1:], b[1:], strict=True):
        total = total + p * q
    return total


def _maximum(vs: list[Any]) -> Any:
    """Elementwise maximum of a list of vectors."""
    out = vs[0]
    for v in vs[1:]:
        out = np.maximum(out, v)
    return out


def _count(masks: list[Any]) -> Any:
    """How many of a list of boolean vectors hold, elementwise (uint8)."""
    return sum((b.view(np.uint8) for b in masks[1:]), masks[0].view(np.uint8))


def _fast_chunk(u: Any, lo: int, hi: int, tol: float | None, rtol: float,
                tol_out: Any) -> tuple[Any, Any, Any, list[tuple[Any, ...]]]:
    """Support enumeration of games ``lo:hi`` with one array per payoff entry (numpy).

    Games run down the arrays and supports in a Python loop, so every operation
    is elementwise on contiguous vectors -- no tiny matrices. Returns count,
    degenerate and max_regret for the chunk and, per support pair, the games
    where it is an equilibrium (sparse: rows, slot, strategies, payoffs).
    """
    m, n0, n1 = hi - lo, int(u.shape[1]), int(u.shape[2])
    U = np.array(np.reshape(u[lo:hi], (m, n0 * n1 * 2)).T, order="C")  # a copy: shifted below
    t = tol_out[lo:hi]
    scale = np.maximum(np.max(np.abs(U), axis=0), 1.0)
    if tol is None:
        np.multiply(scale, rtol, out=t)
    else:
        t[...] = tol
    pt = t / scale                  # the tolerance on probabilities
    # each player's payoffs shifted to start at 0 (the same equilibria): Cramer's
    # determinants of payoffs near 1e6 would lose the digits that tell them apart
    shift = (U[0::2].min(axis=0), U[1::2].min(axis=0))
    U[0::2] -= shift[0]
    U[1::2] -= shift[1]
    A = [[U[(i * n1 + j) * 2] for j in range(n1)] for i in range(n0)]
    B = [[U[(i * n1 + j) * 2 + 1] for j in range(n1)] for i in range(n0)]
    mpt = -pt
    count = np.zeros(m, dtype=np.int64)
    wide = np.zeros(m, dtype=bool)
    max_regret = np.zeros(m, dtype=u.dtype)
    found: list[tuple[Any, ...]] = []
    # pure pairs (k = 1): the best replies to every pure strategy, once
    col_best = [_maximum([A[i][j] for i in range(n0)]) for j in range(n1)]
    row_best = [_maximum([B[i][j] for j in range(n1)]) for i in range(n0)]
    one_counts = (pt < 1.0).view(np.uint8)  # support-size count of a pure strategy, as below
    for j in range(n1):
        lim = col_best[j] - t
        wide |= _count([A[i][j] >= lim for i in range(n0)]) > one_counts
    for i in range(n0):
        lim = row_best[i] - t
        wide |= _count([B[i][j] >= lim for j in range(n1)]) > one_counts
    for i in range(n0):
        for j in range(n1):
            regret = np.maximum(col_best[j] - A[i][j], row_best[i] - B[i][j])
            rows = np.flatnonzero(regret <= t)
            if rows.size:
                found.append((rows + lo, count[rows].copy(), (i,), (j,), np.ones((1, rows.size)),
                              np.ones((1, rows.size)), u[rows + lo, i, j].T))  # exact entries
                np.maximum.at(max_regret, rows, regret[rows])
                count[rows] += 1
    with np.errstate(all="ignore"):  # singular support systems give inf/nan: rejected below
        for k in range(2, min(n0, n1) + 1):
            for I in itertools.combinations(range(n0), k):
                for J in itertools.combinations(range(n1), k):
                    Dy = _cramer([[A[i][j] for j in J] for i in I])
                    Dx = _cramer([[B[i][j] for i in I] for j in J])
                    sy, sx = sum(Dy[1:], Dy[0]), sum(Dx[1:], Dx[0])
                    ok = (sy != 0) & (sx != 0)
                    ys, xs = [d / sy for d in Dy], [d / sx for d in Dx]
                    nonneg_x = np.ones(m, dtype=bool)
                    for z in xs:
                        nonneg_x &= z >= mpt
                    nonneg_y = np.ones(m, dtype=bool)
                    for z in ys:
                        nonneg_y &= z >= mpt
                    nonneg = nonneg_x & nonneg_y
                    # round-off negatives clipped to 0 (the pair is rejected otherwise)
                    xc = [np.maximum(z, 0.0) for z in xs]
                    yc = [np.maximum(z, 0.0) for z in ys]
                    sx, sy = sum(xc[1:], xc[0]), sum(yc[1:], yc[0])
                    xc, yc = [z / sx for z in xc], [z / sy for z in yc]
                    vr = [_dot([A[i][j] for j in J], yc) for i in range(n0)]
                    vc = [_dot([B[i][j] for i in I], xc) for j in range(n1)]
                    best_r, best_c = _maximum(vr), _maximum(vc)
                    pay_r = _dot([vr[i] for i in I], xc)
                    pay_c = _dot([vc[j] for j in J], yc)
                    regret = np.maximum(best_r - pay_r, best_c - pay_c)
                    valid = nonneg & (regret <= t)
                    # a strategy (support <= k) with more pure best responses than its support
                    lr, lc = best_r - t, best_c - t
                    w = (((_count([v >= lc for v in vc]) > _count([z > pt for z in xs]))
                          & nonneg_x)
                         | ((_count([v >= lr for v in vr]) > _count([z > pt for z in ys]))
                            & nonneg_y))
                    wide |= w & ok
                    valid &= ok
                    rows = np.flatnonzero(valid)
                    if rows.size:
                        found.append((rows + lo, count[rows].copy(), I, J,
                                      np.stack([z[rows] for z in xc]),
                                      np.stack([z[rows] for z in yc]),
                                      np.stack([pay_r[rows] + shift[0][rows],
                                                pay_c[rows] + shift[1][rows]])))
                        np.maximum.at(max_regret, rows, regret[rows])
                        count[rows] += 1
    return count, (count % 2 == 0) | wide, max_regret, found


def support_enumeration_numpy(u: Any, tol: float | None, rtol: float, chunk: int,
                              workers: int) -> dict[str, Any]:
    """All equilibria of float numpy games ``u (B, n0, n1, 2)``, as :func:`support_enumeration`.

    The numpy fast path for small games (supports of size <= 3, solved by
    Cramer's rule): chunks run on ``workers`` threads; results are batch-first.
    """
    Bn, n0, n1 = int(u.shape[0]), int(u.shape[1]), int(u.shape[2])
    tol_out = np.empty(Bn, dtype=u.dtype)
    starts = range(0, Bn, chunk)

    def work(lo: int) -> tuple[Any, Any, Any, list[tuple[Any, ...]]]:
        return _fast_chunk(u, lo, min(lo + chunk, Bn), tol, rtol, tol_out)

    done = run_chunks(work, starts, workers)
    count = np.concatenate([d[0] for d in done])
    K = max(1, int(count.max()))
    x = np.zeros((Bn, K, n0), dtype=u.dtype)
    y = np.zeros((Bn, K, n1), dtype=u.dtype)
    payoffs = np.zeros((Bn, K, 2), dtype=u.dtype)
    xf, yf, pf = x.reshape(-1), y.reshape(-1), payoffs.reshape(-1)  # flat scatter: fastest
    for d in done:
        for rows, slot, I, J, xv, yv, pay in d[3]:
            at = rows * K + slot
            xf[(at * n0)[None, :] + np.asarray(I)[:, None]] = xv
            yf[(at * n1)[None, :] + np.asarray(J)[:, None]] = yv
            pf[(at * 2)[None, :] + np.arange(2)[:, None]] = pay
    return drop_repeats_numpy({
        "count": count, "valid": np.arange(K) < count[:, None], "strategies": (x, y),
        "payoffs": payoffs, "degenerate": np.concatenate([d[1] for d in done]),
        "max_regret": np.concatenate([d[2] for d in done]), "tol": tol_out})
