r"""Vertex enumeration: every extreme Nash equilibrium of a bimatrix game, degenerate or not.

After a positive affine rescaling that makes all payoffs of :math:`A` and
:math:`B` (:math:`m \times n`) lie in :math:`[1, 2]`, consider the best-response
polytopes

.. math::

    P = \{x \in \mathbb R^m : x \ge 0,\ B^\top x \le \mathbf 1\}, \qquad
    Q = \{y \in \mathbb R^n : A y \le \mathbf 1,\ y \ge 0\}.

Label the constraints by :math:`M \cup N = \{0, \dots, m + n - 1\}`: a point
:math:`x \in P` has label :math:`i` if :math:`x_i = 0` and label :math:`m + j` if
:math:`(B^\top x)_j = 1`; :math:`y \in Q` has label :math:`i` if
:math:`(A y)_i = 1` and label :math:`m + j` if :math:`y_j = 0`. A pair of
vertices :math:`(x, y) \ne (0, 0)` is *completely labelled* (every label appears
at :math:`x` or at :math:`y`) iff :math:`(x / \mathbf 1^\top x, y / \mathbf 1^\top y)`
is a Nash equilibrium, and these are exactly the extreme equilibria of every
component, degenerate games included (von Stengel, "Equilibrium computation for
two-player games in strategic and extensive form", *Algorithmic Game Theory*,
2007, ch. 3; Avis, Rosenberg, Savani and von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42, 2010).

Algorithm
---------
1. Remove actions strictly dominated by a pure action (iteratively): extreme
   equilibria of the reduced game are exactly those of the original.
2. Enumerate the vertices of :math:`P` by their bases: a vertex with
   :math:`x_i = 0` off a set :math:`I` and tight columns :math:`T`,
   :math:`|I| = |T| = k`, solves :math:`B_{IT}^\top x_I = \mathbf 1`. All pairs of
   one size :math:`k` are solved in one batched :func:`numpy.linalg.solve`,
   infeasible solutions are dropped, and vertices reached from several bases
   (degenerate polytopes) are merged. Likewise for :math:`Q`.
3. Label sets become bit masks; all completely labelled pairs are found with
   one vectorised OR over the vertex pairs.
4. Exact games: labels are computed with a loose tolerance (a superset of the
   exact labels), every vertex in a candidate pair -- and every vertex with
   more labels than its dimension -- is re-solved in rational arithmetic from
   its basis and its labels are recomputed exactly; the matching is then
   redone exactly, so the result is exact and complete.
5. A vertex with more labels than its dimension means the game is degenerate;
   the result then has status ``degenerate`` (still ``complete=True``: the
   extreme equilibria are all listed) and a
   :class:`~blitzgame.exceptions.DegenerateGameWarning`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..games.normal_form import NormalFormGame
from ..results import EquilibriumResult
from ._common import Timer, check_game, check_tol, finalize, require_players
from .pure import comparable_payoffs
from .support import _pairs, batched_solve, reduce_dominated, solve_exact

__all__ = ["vertex_enumeration"]

_LABEL_TOL = 1e-9


def _shift(U: NDArray[Any], exact: bool) -> tuple[NDArray[Any], NDArray[np.float64], float]:
    """Positive affine copy of ``U``: exact version (ints), float version in [1, 2], scale."""
    if U.size == 0:
        return U, U.astype(float), 1.0
    lo, hi = U.min(), U.max()
    rng = hi - lo
    if exact:
        s = rng if rng != 0 else 1
        Uq = U - lo + s
        return Uq, np.asarray(Uq, dtype=float) / float(s), float(s)
    s = float(rng) if rng > 0 else 1.0
    return U, (U - lo) / s + 1.0, 1.0


def _vertices(M: NDArray[np.float64], tol: float) -> tuple[NDArray[Any], ...]:
    """Vertices of ``{z >= 0 : M z <= 1}`` (``M`` of shape (r, d), entries in [1, 2]).

    Returns ``z`` (V, d), zero-coordinate mask (V, d), tight-row mask (V, r) and
    the basis of each vertex as (coordinate index array, row index array).
    """
    r, d = M.shape
    zs = [np.zeros((1, d))]
    bases: list[tuple[NDArray[np.intp], NDArray[np.intp]]] = [
        (np.zeros(0, np.intp), np.zeros(0, np.intp))]
    Mt = M.T.copy()
    for k in range(1, min(r, d) + 1):
        for S, T in _pairs(d, r, k):  # S: coordinates that may be non-zero, T: tight rows
            sub = M[T[:, :, None], S[:, None, :]]
            z = batched_solve(sub, np.ones((len(S), k)))
            ok = (z >= -tol).all(axis=1)
            if not ok.any():
                continue
            S, T, z = S[ok], T[ok], z[ok]
            slack = np.einsum("bk,bkr->br", z, Mt[S])
            ok = (slack <= 1 + tol).all(axis=1)
            for t in np.flatnonzero(ok):
                full = np.zeros(d)
                full[S[t]] = z[t]
                zs.append(full[None])
                bases.append((S[t], T[t]))
    Z = np.concatenate(zs)
    Z[np.abs(Z) <= tol] = 0.0
    _, first = np.unique(np.round(Z / (100 * tol)), axis=0, return_index=True)
    first = np.sort(first)
    Z = Z[first]
    zero = Z <= tol
    tight = (Z @ M.T) >= 1 - tol
    return Z, zero, tight, [bases[i] for i in first]


def _masks(bits: NDArray[np.bool_]) -> NDArray[Any]:
    """Encode boolean label rows as integers (uint64, or Python ints if > 64 labels)."""
    if bits.shape[1] <= 64:
        w = np.left_shift(np.uint64(1), np.arange(bits.shape[1], dtype=np.uint64))
        return (bits.astype(np.uint64) * w).sum(axis=1, dtype=np.uint64)
    return np.array([sum(1 << int(i) for i in np.flatnonzero(row)) for row in bits],
                    dtype=object)


def _match(Lx: NDArray[Any], Ly: NDArray[Any], full: Any) -> NDArray[np.intp]:
    """Index pairs (a, b) with ``Lx[a] | Ly[b] == full``."""
    return np.argwhere((Lx[:, None] | Ly[None, :]) == full)


def _exact_vertex(Mq: NDArray[Any], basis: tuple[NDArray[np.intp], NDArray[np.intp]]
                  ) -> tuple[list[Fraction], frozenset[int], frozenset[int]] | None:
    """Exact vertex of ``{z >= 0 : Mq z <= 1}`` from a basis; zero coords and tight rows."""
    S, T = basis
    r, d = Mq.shape
    if len(S):
        sol = solve_exact(Mq[np.ix_(T, S)].tolist(), [1] * len(S))
        if sol is None:
            return None
    else:
        sol = []
    z = [Fraction(0)] * d
    for i, v in zip(S, sol, strict=True):
        z[int(i)] = v
    if any(v < 0 for v in z):
        return None
    rowvals = [sum((Fraction(int(a)) * v for a, v in zip(Mq[j], z, strict=True) if v),
                   Fraction(0)) for j in range(r)]
    if any(v > 1 for v in rowvals):
        return None
    return (z, frozenset(i for i in range(d) if z[i] == 0),
            frozenset(j for j in range(r) if rowvals[j] == 1))


def vertex_enumeration(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
    """Find every extreme Nash equilibrium of a two-player game by vertex enumeration.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game; exact games give exact (Fraction) equilibria.
    tol : float, optional
        Float games: tolerance of the verification of each equilibrium.
        Default :attr:`NormalFormGame.float_tol`. (Vertex labels are computed
        on payoffs rescaled to [1, 2] with a fixed relative tolerance 1e-9.)

    Returns
    -------
    EquilibriumResult
        ``method="vertex_enumeration"``, ``complete=True``: the extreme
        equilibria of every component of the equilibrium set, without
        duplicates. Degenerate games get status ``degenerate`` and a
        :class:`~blitzgame.exceptions.DegenerateGameWarning` (their equilibria
        may form continua, the convex hulls of the listed extreme ones).

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players.
    InvalidParameterError
        If ``tol`` is not a non-negative number.

    Notes
    -----
    See the module docstring for the polytopes, labels and the algorithm.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [1, 1]])
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     res = bg.vertex_enumeration(g)
    >>> res.status.value, len(res)
    ('degenerate', 4)
    >>> [[str(p) for p in s] for s in res[2].strategies]
    [['1', '0'], ['1/2', '1/2']]
    """
    game = check_game(game)
    require_players(game, 2, "vertex_enumeration")
    t = check_tol(game, tol)
    with Timer() as timer:
        U = comparable_payoffs(game)
        rows, cols = reduce_dominated(U[..., 0], U[..., 1], 0 if game.exact else t)
        sub = U[np.ix_(rows, cols)]
        Aq, Af, _ = _shift(sub[..., 0], game.exact)
        Bq, Bf, _ = _shift(sub[..., 1], game.exact)
        m, n = Af.shape
        ltol = _LABEL_TOL * max(m, n)
        X, xzero, xtight, xb = _vertices(Bf.T.copy(), ltol)   # P: coords M, rows N
        Y, yzero, ytight, yb = _vertices(Af, ltol)            # Q: coords N, rows M
        Lx = np.concatenate([xzero, xtight], axis=1)
        Ly = np.concatenate([ytight, yzero], axis=1)
        degenerate = bool((Lx.sum(axis=1) > m).any() or (Ly.sum(axis=1) > n).any())
        pairs = _match(_masks(Lx[1:]), _masks(Ly[1:]), _masks(np.ones((1, m + n), bool))[0]) + 1
        M_, N_ = game.shape
        cands: list[Any] = []
        if not game.exact:
            for a, b in pairs:
                x = np.zeros(M_)
                y = np.zeros(N_)
                x[rows] = X[a] / X[a].sum()
                y[cols] = Y[b] / Y[b].sum()
                cands.append((x, y))
        else:
            need_x = set(pairs[:, 0].tolist()) | set(np.flatnonzero(Lx.sum(axis=1) > m).tolist())
            need_y = set(pairs[:, 1].tolist()) | set(np.flatnonzero(Ly.sum(axis=1) > n).tolist())
            ex = {a: _exact_vertex(Bq.T, xb[a]) for a in need_x if a}
            ey = {b: _exact_vertex(Aq, yb[b]) for b in need_y if b}
            degenerate = any(len(v[1]) + len(v[2]) > m for v in ex.values() if v) or any(
                len(v[1]) + len(v[2]) > n for v in ey.values() if v)
            seen: set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]] = set()
            for a, b in pairs.tolist():
                vx, vy = ex.get(a), ey.get(b)
                if vx is None or vy is None:
                    continue
                labels = set(vx[1]) | {m + j for j in vx[2]} | set(vy[2]) | {m + j for j in vy[1]}
                if len(labels) != m + n:
                    continue
                key = (tuple(vx[0]), tuple(vy[0]))
                if key in seen:
                    continue
                seen.add(key)
                sx, sy = sum(vx[0]), sum(vy[0])
                x = np.full(M_, Fraction(0), dtype=object)
                y = np.full(N_, Fraction(0), dtype=object)
                for i, v in zip(rows, vx[0], strict=True):
                    x[int(i)] = v / sx
                for j, v in zip(cols, vy[0], strict=True):
                    y[int(j)] = v / sy
                cands.append((x, y))  # verified exactly by finalize
    return finalize(
        game, "vertex_enumeration", cands, complete=True, tol=t, degenerate=degenerate,
        stats={"vertices_p": len(X), "vertices_q": len(Y), "reduced_rows": len(rows),
               "reduced_cols": len(cols), "seconds": timer.seconds},
        parameters={"tol": t},
    )
