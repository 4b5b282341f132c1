r"""Batched support enumeration with pruning (numpy): all equilibria of stacks of games.

The numpy fast path of ``solve_batch(question="all")`` for two-player games with
four or more actions each. It is :func:`blitzgame.support_enumeration` run on a
whole chunk of games at once, with the game as one more index:

1. Per game, a table of the rows not conditionally dominated given each set of
   columns, and vice versa (Porter, Nudelman and Shoham 2008;
   :func:`~blitzgame.solvers.bimatrix.support_pairs.undominated`, all games at once).
2. Per game, iterated strict dominance by pure actions (as
   :func:`~blitzgame.solvers.bimatrix.support.reduce_dominated`: lookups in those tables
   on bit masks of the surviving actions).
3. The support pairs with a conditionally dominated action, or an action
   removed in step 2, are dropped: on random games this leaves under a tenth.
4. The surviving (game, I, J) triples of each support size are solved in one
   batched :func:`numpy.linalg.solve` and checked
   (:func:`~blitzgame.solvers.bimatrix.support_systems.equilibrium_pairs`), and the resulting
   profiles are verified and examined for degeneracy
   (:func:`~blitzgame.solvers.bimatrix.support_systems.evaluate_profiles`).

A game is flagged degenerate exactly when
:func:`~blitzgame.support_enumeration` flags it: a pure strategy of the reduced
game with two best responses, an equilibrium with unequal support sizes or
more pure best responses than support actions, or an even number of
equilibria. Chunks run on threads (LAPACK and numpy's loops release the GIL).

Reference: Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods
for finding a Nash equilibrium. *Games Econ. Behav.* 63, 642-662.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from ..bimatrix.support_pairs import PRUNE_MAX, TABLE_MAX, pair_table, pairs_per_game, undominated
from ..bimatrix.support_systems import equilibrium_pairs, evaluate_profiles
from ._support import drop_repeats_numpy
from ._threads import run_chunks

__all__ = ["fits", "pairs_per_game", "pruned_support_enumeration_numpy"]


def fits(n0: int, n1: int) -> bool:
    """Whether the pruned batch path handles n0×n1 games (pair tables of bounded size)."""
    return max(n0, n1) <= PRUNE_MAX and pairs_per_game(n0, n1) <= TABLE_MAX


def _surviving(rows_ok: NDArray[np.int64], cols_ok: NDArray[np.int64], m: int, n: int
               ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Bit masks ``(G,)`` of the rows and columns left by iterated strict dominance.

    ``rows_ok[g, S]`` (from :func:`undominated`) is the mask of rows not
    dominated given the columns ``S``; a row dominated by a removed row is also
    dominated by a surviving one (dominance is transitive), so each round is a
    table lookup. Rows and columns dominated in a round go together (strict
    dominance is order independent).
    """
    g = np.arange(len(rows_ok))
    R = np.full(len(rows_ok), (1 << m) - 1, dtype=np.int64)
    C = np.full(len(rows_ok), (1 << n) - 1, dtype=np.int64)
    while True:
        R2, C2 = R & rows_ok[g, C], C & cols_ok[g, R]
        if (R2 == R).all() and (C2 == C).all():
            return R, C
        R, C = R2, C2


def _flags(masks: NDArray[np.int64], n: int) -> NDArray[np.bool_]:
    """Boolean ``(G, n)`` from bit masks ``(G,)``."""
    return ((masks[:, None] >> np.arange(n)) & 1).astype(bool)


def _tied(M: NDArray[np.float64], rows: NDArray[np.bool_], cols: NDArray[np.bool_],
          t: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Games where some surviving column has two surviving best-response rows in ``M``."""
    Mm = np.where(rows[:, :, None], M, -np.inf)
    best = Mm.max(axis=1, keepdims=True)
    n_best = np.count_nonzero(Mm >= best - t[:, None, None], axis=1)
    return cast("NDArray[np.bool_]", ((n_best > 1) & cols).any(axis=1))


def _chunk(u: NDArray[np.float64], t: NDArray[np.float64], pt: NDArray[np.float64]
           ) -> dict[str, Any]:
    """Support enumeration of the games ``u (G, m, n, 2)``: payoff tolerances ``t (G,)``,
    probability tolerances ``pt (G,)``."""
    G, m, n = u.shape[:3]
    A = np.ascontiguousarray(u[..., 0])
    B = np.ascontiguousarray(u[..., 1])
    At = np.ascontiguousarray(np.swapaxes(A, 1, 2))
    Bt = np.ascontiguousarray(np.swapaxes(B, 1, 2))
    rows_ok = undominated(A, t)                            # (G, 2**n) masks of rows
    cols_ok = undominated(Bt, t)                           # (G, 2**m) masks of columns
    assert rows_ok is not None and cols_ok is not None     # games that fit(): small enough
    R, C = _surviving(rows_ok, cols_ok, m, n)
    rows_ok &= R[:, None]
    cols_ok &= C[:, None]
    rows, cols = _flags(R, m), _flags(C, n)
    mi, mj, I, J, size = pair_table(m, n)
    keep = (((mi & ~rows_ok[:, mj]) == 0) & ((mj & ~cols_ok[:, mi]) == 0))
    g, p = np.nonzero(keep)                                 # game-major, pairs by size
    found = []
    for k in range(1, min(m, n) + 1):
        sel = np.flatnonzero(size[p] == k)
        if not len(sel):
            continue
        gk, pk = g[sel], p[sel]
        kept, x, y = equilibrium_pairs(A, B, At, Bt, gk, I[pk, :k], J[pk, :k], size[pk], t,
                                       pt)
        found.append((sel[kept], x, y))
    order = np.concatenate([f[0] for f in found]) if found else np.zeros(0, dtype=np.intp)
    K = min(m, n)
    x = np.zeros((len(order), K))
    y = np.zeros((len(order), K))
    at = 0
    for _, xs, ys in found:
        x[at:at + len(xs), :xs.shape[1]] = xs
        y[at:at + len(ys), :ys.shape[1]] = ys
        at += len(xs)
    srt = np.argsort(order, kind="stable")                  # back to game-major order
    order, x, y = order[srt], x[srt], y[srt]
    gf, pf = g[order], p[order]
    X, Y, pay, regret, degen = evaluate_profiles(A, B, gf, I[pf], J[pf], size[pf], x, y, t)
    ok = regret <= t[gf]
    gf, X, Y, pay, regret, degen = gf[ok], X[ok], Y[ok], pay[ok], regret[ok], degen[ok]
    count = np.bincount(gf, minlength=G)
    degenerate = (_tied(A, rows, cols, t) | _tied(Bt, cols, rows, t) | (count % 2 == 0)
                  | (np.bincount(gf, weights=degen, minlength=G) > 0))
    max_regret = np.zeros(G)
    np.maximum.at(max_regret, gf, regret)
    slot = np.arange(len(gf)) - (np.cumsum(count) - count)[gf]
    return {"count": count, "degenerate": degenerate, "max_regret": max_regret,
            "found": (gf, slot, X, Y, pay)}


def pruned_support_enumeration_numpy(u: Any, tol: float | None, rtol: float, chunk: int,
                                     workers: int) -> dict[str, Any]:
    """All equilibria of float numpy games ``u (B, n0, n1, 2)`` (see the module docstring).

    Returns batch-first arrays as
    :func:`~blitzgame.solvers.batch._support.support_enumeration_numpy`.
    """
    Bn, n0, n1 = int(u.shape[0]), int(u.shape[1]), int(u.shape[2])
    scale = np.maximum(np.abs(np.reshape(u, (Bn, -1))).max(axis=1), 1.0)
    t = rtol * scale if tol is None else np.full(Bn, float(tol))
    pt = t / scale                                      # the same tolerance on probabilities
    starts = range(0, Bn, chunk)

    def work(lo: int) -> dict[str, Any]:
        hi = min(lo + chunk, Bn)
        with np.errstate(all="ignore"):  # singular support systems: NaN, rejected
            return _chunk(u[lo:hi], t[lo:hi], pt[lo:hi])

    done = run_chunks(work, starts, workers)
    count = np.concatenate([d["count"] for d in done])
    K = max(1, int(count.max()))
    x = np.zeros((Bn, K, n0))
    y = np.zeros((Bn, K, n1))
    payoffs = np.zeros((Bn, K, 2))
    for lo, d in zip(starts, done, strict=True):
        gf, slot, X, Y, pay = d["found"]
        x[gf + lo, slot], y[gf + lo, slot], payoffs[gf + lo, slot] = X, Y, pay
    return drop_repeats_numpy({
        "count": count, "valid": np.arange(K) < count[:, None], "strategies": (x, y),
        "payoffs": payoffs, "degenerate": np.concatenate([d["degenerate"] for d in done]),
        "max_regret": np.concatenate([d["max_regret"] for d in done]), "tol": t})
