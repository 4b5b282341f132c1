r"""Support enumeration: every Nash equilibrium of a non-degenerate bimatrix game.

For a bimatrix game :math:`(A, B)` with :math:`m \times n` payoff matrices, a
pair of mixed strategies :math:`(x, y)` with supports :math:`I, J` is a Nash
equilibrium iff

.. math::

    A_{IJ}\, y_J = v \mathbf 1,\quad \mathbf 1^\top y_J = 1,\quad y \ge 0,\quad
    A y \le v \mathbf 1, \qquad
    B_{IJ}^\top x_I = w \mathbf 1,\quad \mathbf 1^\top x_I = 1,\quad x \ge 0,\quad
    B^\top x \le w \mathbf 1 .

In a *non-degenerate* game (no mixed strategy with :math:`k` actions in its
support has more than :math:`k` pure best responses) every equilibrium has
:math:`|I| = |J|` and both indifference systems are square with a unique
solution, so enumerating the equal-size support pairs finds every equilibrium
(Nisan, Roughgarden, Tardos, Vazirani (eds.), *Algorithmic Game Theory*, 2007,
ch. 3, von Stengel, section 3.3; Shapley 1974).

Algorithm
---------
0. Non-degenerate 2x2 games are solved in closed form
   (:mod:`blitzgame.solvers.bimatrix.closed_2x2`).
1. Iteratively remove actions strictly dominated by a pure action (they are
   never played in equilibrium, and removing them keeps every equilibrium).
   For float games with tabulated pairs this is read off the tables of step 2
   (a lookup per round, :func:`~.support_pairs.surviving_actions`).
2. Skip the support pairs :math:`(I, J)` where some action of :math:`I` is
   *conditionally dominated* given :math:`J` -- another row earns more than tol
   more in every column of :math:`J`, so the action cannot be a best response
   to any mix on :math:`J` -- or vice versa (Porter, Nudelman and Shoham,
   "Simple search methods for finding a Nash equilibrium", *Games Econ. Behav.*
   63, 2008). The test is tabulated for every subset of the opponent's actions
   as bit masks, so it costs a few array operations; on random games it removes
   most pairs. It only drops pairs that the best-response check below would
   reject, so completeness is unaffected.
3. Stack the indifference systems of the remaining pairs -- all support sizes
   in one batch, smaller systems padded with identity rows -- and solve them
   with a batched :func:`numpy.linalg.solve`
   (:mod:`~blitzgame.solvers.bimatrix.support_systems`); keep the pairs whose solutions
   are non-negative best responses (checked for the whole batch with ``einsum``).
4. Float games: degeneracy is detected within ``tol`` (a pure strategy with tied
   best responses, an equilibrium with more best responses than support
   actions or unequal support sizes) and reported: the result then has status
   ``degenerate`` and ``complete=False``; use
   :func:`~blitzgame.solvers.bimatrix.vertex.vertex_enumeration` for degenerate
   games. A float result with no equilibrium, or with an even number of them
   in a game seen as non-degenerate (also after merging equilibria closer than
   1e-7), cannot be right: the game is re-solved exactly from the shortest
   decimal form of its payoffs and the exact answer returned in floats, with a
   :class:`~blitzgame.exceptions.PrecisionWarning` and ``stats["exact_fallback"]``.
   Payoffs of extreme size are solved on a per-player power-of-two rescaling.

Exact games
-----------
Integer and Fraction payoffs get an exact verdict. Degeneracy is decided
exactly, by its definition -- some mixed strategy with ``k`` actions in its
support has more than ``k`` pure best responses, in the whole game -- which
holds iff a vertex of a best-response polytope has more labels than its
dimension: a pure tie in the reduced game shows it at once, otherwise the
polytopes of the whole game are enumerated with exact labels
(:mod:`blitzgame.solvers.bimatrix._certified_vertices`; floats decide only
what a certified error bound proves). A non-degenerate game then gets its
equilibria -- the completely labelled vertex pairs, which are exactly the
solutions of the equal-size support systems that support enumeration lists --
with ``complete=True``; no float decision can drop one. A degenerate game
(status ``degenerate``, a :class:`~blitzgame.exceptions.DegenerateGameWarning`,
``complete=False``) goes through steps 1-3 on payoffs mapped into [1, 2] with a
loose tolerance, each selected pair solved in integer arithmetic and verified
with exactly zero regret. (Degeneracy among actions that iterated dominance
removes also counts here, while
:func:`~blitzgame.solvers.bimatrix.vertex.vertex_enumeration` reports it for
the reduced game.)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from ...games.normal_form import NormalFormGame
from ...results import Equilibrium, EquilibriumResult
from .._checks import check_two_player
from .._numerics.bareiss import bareiss_solve
from .._numerics.certified import unit_floats
from .._verify import Timer, eval_integer, finalize
from ._certified_vertices import exact_candidates, prefer_hull
from ._guards import exact_resolve, solve_rescaled, suspicious
from .closed_2x2 import solve_2x2
from .support_pairs import TABLE_MAX, _groups, pairs_per_game, surviving_actions, undominated
from .support_systems import equilibrium_pairs, evaluate_profiles

__all__ = ["support_enumeration"]

#: Relative tolerance used to select candidate supports before exact verification.
_LOOSE = 1e-6


def reduce_dominated(A: NDArray[Any], B: NDArray[Any], tol: float = 0.0
                     ) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Indices of the rows and columns left after iterated strict dominance by pure actions.

    Row ``r`` is removed when another row earns more than ``tol`` more in every
    remaining column (and likewise for columns with ``B``).
    """
    rows = np.arange(A.shape[0])
    cols = np.arange(A.shape[1])
    a, b = A, B.T  # the remaining rows of A, and of B^T (one row per column action)
    while True:
        # strict dominance is order independent (and hereditary), so the rows and
        # columns dominated now are removed together
        dr = (a[:, None, :] > a[None, :, :] + tol).all(axis=-1).any(axis=0)
        dc = (b[:, None, :] > b[None, :, :] + tol).all(axis=-1).any(axis=0)
        if not (dr.any() or dc.any()):
            return rows, cols
        kr, kc = ~dr, ~dc
        rows, cols = rows[kr], cols[kc]
        a, b = a[np.ix_(kr, kc)], b[np.ix_(kc, kr)]


def solve_exact(rows: Any, rhs: Any) -> list[Fraction] | None:
    """Unique solution of a (possibly over-determined) rational system, else ``None``.

    Gauss-Jordan elimination over :class:`~fractions.Fraction` (fast for the
    small systems of the two-player solvers).
    """
    aug = [[Fraction(v) for v in r] + [Fraction(b)] for r, b in zip(rows, rhs, strict=True)]
    m = len(aug)
    n = len(aug[0]) - 1
    if m < n:
        return None
    for c in range(n):
        p = next((r for r in range(c, m) if aug[r][c] != 0), None)
        if p is None:
            return None
        aug[c], aug[p] = aug[p], aug[c]
        prow = aug[c]
        inv = 1 / prow[c]
        prow = [v * inv for v in prow]
        aug[c] = prow
        for r in range(m):
            if r != c and aug[r][c] != 0:
                f = aug[r][c]
                aug[r] = [v - f * w for v, w in zip(aug[r], prow, strict=True)]
    if any(aug[r][n] != 0 for r in range(n, m)):
        return None
    return [aug[r][n] for r in range(n)]


def _widen(a: NDArray[Any], K: int) -> NDArray[Any]:
    """``a`` with zero columns appended up to ``K`` columns."""
    if a.shape[1] == K:
        return a
    out = np.zeros((a.shape[0], K), dtype=a.dtype)
    out[:, :a.shape[1]] = a
    return out


def _float_candidates(A: NDArray[np.float64], B: NDArray[np.float64], tol: float,
                      ptol: float, reduce_tol: float
                      ) -> tuple[tuple[NDArray[Any], ...], int, NDArray[np.intp], NDArray[np.intp]]:
    """All support pairs whose indifference solutions are equilibria within ``tol``.

    ``ptol`` is the matching tolerance on probabilities (``tol`` over the payoff
    scale); actions strictly dominated by more than ``reduce_tol`` are removed
    first (iterated).

    Support pairs with a conditionally dominated action are skipped
    (:func:`undominated`); the rest, of all sizes, are solved in padded
    batches. Returns ``(I, J, size, x, y)`` in the game's action indices, padded
    to ``min(m, n)`` columns; the number of pairs tried; and the rows and columns
    left by the dominance.
    """
    m, n = A.shape
    tables: tuple[NDArray[np.int64] | None, NDArray[np.int64] | None] | None = None
    if reduce_tol == tol and pairs_per_game(m, n) <= TABLE_MAX:
        rows_ok, cols_ok = undominated(A, tol), undominated(B.T, tol)
        if rows_ok is not None and cols_ok is not None:
            # the tables also give the iterated dominance: no second pass on a reduced game
            R, C = surviving_actions(rows_ok, cols_ok, m, n)
            tables = rows_ok & R, cols_ok & C
            rows = np.flatnonzero((R >> np.arange(m)) & 1)
            cols = np.flatnonzero((C >> np.arange(n)) & 1)
    mapped = False                      # whether the pairs index a reduced game
    if tables is None:
        rows, cols = reduce_dominated(A, B, reduce_tol)
        if len(rows) < m or len(cols) < n:
            mapped = True
            A, B = A[np.ix_(rows, cols)], B[np.ix_(rows, cols)]
            m, n = A.shape
        tables = undominated(A, tol), undominated(B.T, tol)
    K = min(m, n)
    At, Bt = A.T.copy()[None], B.T.copy()[None]
    tols, ptols = np.array([tol]), np.array([ptol])
    parts = []
    tried = 0
    for I, J, size, index in _groups(m, n, *tables):
        tried += len(I)
        keep, x, y = equilibrium_pairs(A[None], B[None], At, Bt, np.zeros(len(I), np.intp),
                                       I, J, size, tols, ptols, index)
        parts.append(tuple(_widen(a, K) for a in (I[keep], J[keep], x, y)) + (size[keep],))
    if not parts:
        e = np.zeros((0, K), np.intp)
        return (e, e, e[:, 0], e.astype(float), e.astype(float)), tried, rows, cols
    I, J, x, y, size = parts[0] if len(parts) == 1 else (
        np.concatenate(c) for c in zip(*parts, strict=True))
    if mapped:
        I, J = rows[I], cols[J]
    return (I, J, size, x, y), tried, rows, cols


def _indiff_int(M: NDArray[Any]) -> tuple[list[int], int] | None:
    """Solve ``M z = v 1, 1^T z = 1`` for a square integer ``M`` as ``z = p / d``.

    ``p`` integers, ``d > 0`` (:func:`~._bimatrix.bareiss_solve` on the bordered
    system); ``None`` when it is singular.
    """
    k = len(M)
    rows = [[int(v) for v in r] + [-1] for r in M.tolist()] + [[1] * k + [0]]
    sol = bareiss_solve(rows, [0] * k + [1])
    return None if sol is None else (sol[0][:k], sol[1])


def _exact_equilibrium(game: NormalFormGame, U: NDArray[Any], I: NDArray[np.intp],
                       J: NDArray[np.intp]) -> tuple[Equilibrium, bool] | Literal[False] | None:
    """The exact equilibrium on the supports ``I``, ``J`` of the integer payoffs ``U``.

    Returns it with whether it shows the game degenerate (see
    :func:`~._bimatrix.eval_integer`); ``None`` when an indifference system is
    singular or its solution negative (the support pair cannot be resolved
    exactly); ``False`` when the solution has non-zero regret. Strategies and
    regret are computed with integer numerators over one common denominator per
    player (no Fraction arithmetic).
    """
    sub = U[I[:, None], J]
    zy, zx = _indiff_int(sub[..., 0]), _indiff_int(sub[..., 1].T)
    if zy is None or zx is None or min(zy[0]) < 0 or min(zx[0]) < 0:
        return None
    m, n = game.shape
    (qx, dx), (qy, dy) = zx, zy
    px, py = np.zeros(m, dtype=object), np.zeros(n, dtype=object)
    px[I], py[J] = qx, qy
    payoffs, regret, degenerate = eval_integer(game, px, dx, py, dy)
    if regret != 0:
        return False
    x, y = np.empty(m, dtype=object), np.empty(n, dtype=object)
    x[:] = [Fraction(v, dx) for v in px.tolist()]
    y[:] = [Fraction(v, dy) for v in py.tolist()]
    x.flags.writeable = y.flags.writeable = False
    return Equilibrium(strategies=(x, y), payoffs=payoffs, max_regret=regret,
                       exact=True), degenerate


def _float_equilibria(game: NormalFormGame, found: tuple[NDArray[Any], ...], tol: float
                      ) -> tuple[list[Equilibrium], NDArray[np.float64], bool, int]:
    """Float equilibria (regret at most ``tol``) from the support solutions, all at once.

    Also returns their strategies as rows ``[x, y]``, whether one of them shows
    the game degenerate (see :func:`evaluate_profiles`) and how many solutions
    failed that verification (round-off beyond ``tol``).
    """
    I, J, size, x, y = found
    A, B = game.float_bimatrix
    X, Y, pay, regret, degen = evaluate_profiles(
        A[None], B[None], np.zeros(len(I), np.intp), I, J, size, x, y, np.array([tol]))
    keep = np.flatnonzero(regret <= tol)
    XY = np.concatenate([X, Y], axis=1)[keep]
    XY.flags.writeable = False
    m = X.shape[1]
    X, Y = XY[:, :m], XY[:, m:]
    pay = pay[keep].tolist()
    return [Equilibrium(strategies=(X[k], Y[k]), payoffs=tuple(pay[k]),
                        max_regret=float(regret[keep[k]]), exact=False)
            for k in range(len(keep))], XY, bool(degen[keep].any()), len(regret) - len(keep)


def _pure_ties(sub: NDArray[Any], tol: float) -> bool:
    """Degeneracy shown by a pure strategy with two best responses (within ``tol``).

    ``sub`` holds the comparable payoffs of the game reduced by dominance (a
    strictly dominated action is never a best response to a surviving one).
    """
    A, B = sub[..., 0], sub[..., 1]
    return bool(((A >= A.max(axis=0) - tol).sum(axis=0) > 1).any()
                or ((B >= B.max(axis=1, keepdims=True) - tol).sum(axis=1) > 1).any())


def support_enumeration(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
    """Find every Nash equilibrium of a non-degenerate two-player game by support enumeration.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game; exact games give exact (Fraction) equilibria.
    tol : float, optional
        Float games: the payoff tolerance of the best-response tests and of
        verification; probabilities may be negative down to ``-tol / max(1,
        max|u|)`` before they are clipped (so rescaling the payoffs, and
        ``tol`` with them, changes nothing). Default :attr:`NormalFormGame.float_tol`.

    Returns
    -------
    EquilibriumResult
        ``method="support_enumeration"``; ``complete=True`` unless the game is
        detected to be degenerate (then status ``degenerate``, a
        :class:`~blitzgame.exceptions.DegenerateGameWarning`, and possibly
        missing equilibria: use ``vertex_enumeration``). Exact games: the
        degeneracy verdict is exact, and ``complete=True`` is a guarantee.

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players.
    InvalidParameterError
        If ``tol`` is not a non-negative number.

    Warns
    -----
    DegenerateGameWarning
        The game is degenerate (exact games: decided exactly).
    PrecisionWarning
        Float games whose float pass found no equilibrium or an impossible
        (even) number: the answer comes from an exact re-solve of the
        shortest-decimal payoffs, converted to floats.

    Notes
    -----
    See the module docstring for the equations, the algorithm (remove
    dominated actions, batched solves of all equal-size support pairs) and the
    exact verdict of exact games.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> res = bg.support_enumeration(g)
    >>> [[str(p) for p in s] for s in res[2].strategies]
    [['3/5', '2/5'], ['2/5', '3/5']]
    """
    game, t = check_two_player(game, tol, "support_enumeration")
    if game.shape == (2, 2) and (closed := solve_2x2(game, "support_enumeration", t)) is not None:
        return closed  # non-degenerate 2x2: closed form
    rescaled_result = solve_rescaled(game, tol, t, lambda g, s: support_enumeration(g, tol=s),
                                     {"tol": t})
    if rescaled_result is not None:  # extreme float magnitudes
        return rescaled_result
    if game.exact:
        return _support_exact(game, t)
    with Timer() as timer:
        A, B = game.float_bimatrix
        found, tried, rows, cols = _float_candidates(A, B, t, t / max(1.0, float(np.abs(
            game.float_payoffs).max())), t)
        m, n = game.shape
        eqs, rows_xy, degenerate, rejected = _float_equilibria(game, found, t)
        reduced = len(rows) < m or len(cols) < n
        U = game.float_payoffs
        degenerate = degenerate or _pure_ties(U[np.ix_(rows, cols)] if reduced else U, t)
    stats = {"supports": tried, "reduced_rows": len(rows), "reduced_cols": len(cols),
             "seconds": timer.seconds}
    why = suspicious(len(eqs), degenerate)
    if why is None:
        res = finalize(game, "support_enumeration", eqs, complete=not degenerate, tol=t,
                       degenerate=degenerate, rejected=rejected, rows=rows_xy, stats=stats,
                       parameters={"tol": t})
        if len(res) == len(eqs) or suspicious(len(res), degenerate) is None:
            return res
        why = "merged distinct equilibria closer than 1e-7 into an even number"
    return exact_resolve(game, "support_enumeration", t, why, support_enumeration,
                         complete=True, stats=stats, parameters={"tol": t})


def _support_exact(game: NormalFormGame, t: float) -> EquilibriumResult:
    """Support enumeration of an exact game, with an exact verdict on degeneracy.

    A pure strategy with two best responses (in the game reduced by dominance)
    shows degeneracy at once. Otherwise the best-response polytopes of the
    whole game are enumerated with exact labels
    (:func:`~._certified_vertices.exact_candidates`): the game is degenerate iff
    some vertex has more labels than its dimension, and if it is not, its
    equilibria are exactly the completely labelled vertex pairs -- the set that
    support enumeration lists, here without any float decision. Degenerate games
    go through the support pairs as before (float selection, exact solve and
    verification), and the result says it may be incomplete.
    """
    with Timer() as timer:
        U = game.comparable_payoffs
        m, n = game.shape
        rows, cols = reduce_dominated(U[..., 0], U[..., 1], 0)
        reduced = len(rows) < m or len(cols) < n
        degenerate = _pure_ties(U[np.ix_(rows, cols)] if reduced else U, 0)
        stats: dict[str, int | float] = {}
        if not degenerate:
            lo, hi = sorted(game.shape)
            eqs, degenerate, vstats = exact_candidates(game, U, np.arange(m), np.arange(n),
                                                        qhull=prefer_hull(lo, hi))
            stats.update(supports=0, exact_check=1, vertices_p=vstats["vertices_p"],
                         vertices_q=vstats["vertices_q"])
        if degenerate:
            found, tried, rows, cols = _float_candidates(*_unit_bimatrix(U), 2 * _LOOSE, _LOOSE,
                                                         0.0)
            eqs = []
            for I, J, k in zip(*found[:3], strict=True):
                got = _exact_equilibrium(game, U, I[:k], J[:k])
                if got:                 # None: singular or negative; False: not a best response
                    eqs.append(got[0])
            stats["supports"] = tried
    stats.update(reduced_rows=len(rows), reduced_cols=len(cols), seconds=timer.seconds)
    return finalize(game, "support_enumeration", eqs, complete=not degenerate, tol=t,
                    degenerate=degenerate, stats=stats, parameters={"tol": t})


def _unit_bimatrix(U: NDArray[Any]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each player's integer payoffs mapped into [1, 2] as contiguous floats (no overflow)."""
    return (np.ascontiguousarray(unit_floats(U[..., 0])[0]),
            np.ascontiguousarray(unit_floats(U[..., 1])[0]))
