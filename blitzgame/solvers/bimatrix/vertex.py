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
0. A 2x2 game that is non-degenerate is solved in closed form
   (:mod:`blitzgame.solvers.bimatrix.closed_2x2`); degenerate 2x2 games go on below.
1. Remove actions strictly dominated by a pure action (iteratively): extreme
   equilibria of the reduced game are exactly those of the original. Exact games
   compare integers (exact); float games compare within ``tol``.
2. *Fast path* (reduced game with :math:`2 \le \min(m, n)`,
   :math:`\max(m, n) \le 4 \min(m, n)` and more than ``_QHULL_MIN_BASES``
   candidate bases :math:`\binom{m + n}{m}`; smaller games enumerate their
   bases faster): the vertices of both polytopes are
   the facets of the convex hulls of their polars, computed by qhull
   (:mod:`blitzgame.solvers.bimatrix._polar`); with simple polytopes each vertex has
   exactly :math:`m` (resp. :math:`n`) labels and its partner is looked up by
   the complementary label set. Any sign of degeneracy -- a facet that is not
   a simplex, a vertex with more labels than its dimension, a value near a
   constraint boundary, or (exact games) a vertex or an adjacency that cannot
   be certified -- abandons the fast path for the base enumeration below.
3. *Base enumeration*: enumerate the vertices of :math:`P` by their bases: a vertex with
   :math:`x_i = 0` off a set :math:`I` and tight columns :math:`T`,
   :math:`|I| = |T| = k`, solves :math:`B_{IT}^\top x_I = \mathbf 1`. All pairs of
   one size :math:`k` are solved in one batched :func:`numpy.linalg.solve`,
   infeasible solutions are dropped, and vertices reached from several bases
   (degenerate polytopes) are merged. Likewise for :math:`Q`. Small polytopes
   (at most ``_SMALL_BASES`` choices of :math:`d` tight constraints out of
   :math:`d + r`) solve all choices in a single batched call instead. A game
   solved by dominance (one row and one column left) needs no enumeration.
4. Label sets become bit masks; all completely labelled pairs are found with
   one vectorised OR over the vertex pairs.
5. A vertex with more labels than its dimension means the (reduced) game is
   degenerate; the result then has status ``degenerate`` (still
   ``complete=True``: the extreme equilibria are all listed) and a
   :class:`~blitzgame.exceptions.DegenerateGameWarning`.

Guarantees
----------
*Exact games* (integer or Fraction payoffs): every vertex and every label is
decided exactly, so the result is exact and complete -- every extreme
equilibrium, and ``degenerate`` iff the reduced game is degenerate. Steps 2-4
run in :mod:`blitzgame.solvers.bimatrix._certified_vertices`: floats are used
only where a certified error bound proves the float decision right (a basis
certainly infeasible, or a certainly simple vertex whose labels are its basis;
the qhull list certified complete by its adjacency); every decision within its
bound -- a payoff near-tie, a degenerate vertex, an ill-conditioned basis --
is made in integer arithmetic (fraction-free elimination). Near-ties therefore
cost exact work, never an equilibrium. Payoffs of any size are fine (no
conversion of a payoff to float can overflow).

*Float games*: labels are decided with the tolerance above, and the result is
checked for signs that rounding decided it: no equilibrium, an even number of
equilibria in a game seen as non-degenerate, or a label, feasibility or merging
decision on a value between round-off and 100 label tolerances from its
threshold (a payoff near-tie). Then the game is re-solved exactly from the
shortest decimal form of its payoffs and the exact answer is returned in
floats, with a :class:`~blitzgame.exceptions.PrecisionWarning`, a note in the
message and ``stats["exact_fallback"] = 1`` (:mod:`._guards`). Float payoffs
of extreme size (near ``1e308``, tiny, or far apart between the players) are
solved on a per-player power-of-two rescaling (exact in binary floating point)
and verified on the original payoffs (``stats["rescaled"] = 1``).
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import NDArray

from ...games.normal_form import NormalFormGame
from ...results import EquilibriumResult
from .._checks import check_two_player
from .._verify import Timer, finalize
from ._certified_vertices import exact_candidates
from ._guards import exact_resolve, solve_rescaled, suspicious
from ._polar import hull_vertices
from .closed_2x2 import solve_2x2
from .support import reduce_dominated
from .support_pairs import _pairs, combos
from .support_systems import batched_solve

if TYPE_CHECKING:  # pragma: no cover
    from ..._typing import Vertices

__all__ = ["vertex_enumeration"]

_LABEL_TOL = 1e-9
#: Float games: a value taken as zero (a label, feasibility or merging decision within the
#: label tolerance) that is farther than this many label tolerances from zero is a payoff
#: near-tie at about the game's tolerance, not round-off; the game is then re-solved
#: exactly (see :mod:`._guards`).
_AMBIGUOUS = 0.125
#: Smallest reduced game dimension min(m, n) for which the qhull path is tried.
_QHULL_MIN = 2
#: ... and largest ratio max(m, n) / min(m, n): very unbalanced games enumerate bases faster.
_QHULL_ASPECT = 4
#: ... and more than this many candidate bases C(m + n, m): below it one batched solve of
#: every basis beats two qhull calls (3x3: ~290 vs ~390 us, 4x4: ~250 vs ~340 us, float).
_QHULL_MIN_BASES = 400
#: The base enumeration solves all C(m + n, m) candidate bases in one batch
#: (:func:`_vertices_small`) when there are at most this many (faster up to ~6x6).
_SMALL_BASES = 1000


def use_qhull(lo: int, hi: int) -> bool:
    """Whether a reduced game with ``lo <= hi`` actions per player tries the qhull path.

    >>> use_qhull(3, 3), use_qhull(6, 6), use_qhull(3, 20)
    (False, True, False)
    """
    return (lo >= _QHULL_MIN and hi <= _QHULL_ASPECT * lo
            and math.comb(lo + hi, lo) > _QHULL_MIN_BASES)


def _first_distinct(Z: NDArray[np.float64], tol: float, flags: list[bool] | None = None
                    ) -> NDArray[np.intp]:
    """Sorted indices of the first row of each group of equal rows of ``Z`` (on a 100 tol grid).

    ``flags``, when given, gets ``True`` appended if two merged rows differ by more
    than :data:`_AMBIGUOUS` times ``tol``: distinct vertices within the merging grid
    (a payoff near-tie, not round-off).
    """
    R = np.round(Z / (100 * tol))
    order = np.lexsort(R.T[::-1])        # stable: the first of equal rows comes first
    Rs = R[order]
    new = np.ones(len(R), dtype=bool)
    new[1:] = (Rs[1:] != Rs[:-1]).any(axis=1)
    first = order[new]
    if flags is not None and not new.all():
        group = np.cumsum(new) - 1                 # each sorted row's group
        gap = np.abs(Z[order] - Z[first][group]).max(axis=1)
        flags.append(bool((gap > _AMBIGUOUS * tol).any()))
    first.sort()
    return first


def _near(values: NDArray[np.float64], tol: float) -> bool:
    """Whether a value was taken as on its boundary (within ``tol``) while it is off it by
    more than :data:`_AMBIGUOUS` ``* tol``: a payoff near-tie, not round-off."""
    a = np.abs(values)
    return bool(((a > _AMBIGUOUS * tol) & (a <= tol)).any())


def _vertices(M: NDArray[np.float64], tol: float, flags: list[bool] | None = None
              ) -> Vertices:
    """Vertices of ``{z >= 0 : M z <= 1}`` (``M`` of shape (r, d), entries in [1, 2]).

    Returns ``z`` (V, d), zero-coordinate mask (V, d), tight-row mask (V, r) and
    the basis of each vertex as (coordinate index array, row index array).
    ``flags``, when given, gets ``True`` appended if a feasibility, label or
    merging decision was close (:func:`_near`, :func:`_first_distinct`).
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
            if flags is not None:
                near = (z >= -tol).all(axis=1)
                if near.any():
                    zn, Sn = z[near], S[near]
                    sl = np.einsum("bk,bkr->br", zn, Mt[Sn]) - 1.0
                    keep = (sl <= tol).all(axis=1)
                    flags.append(_near(zn[keep], tol) or _near(sl[keep], tol))
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
    first = _first_distinct(Z, tol, flags)
    Z = Z[first]
    zero = Z <= tol
    tight = (Z @ M.T) >= 1 - tol
    return Z, zero, tight, [bases[i] for i in first]


@lru_cache(maxsize=64)
def _row_choices(d: int, r: int) -> NDArray[np.intp]:
    """All d-subsets of the d + r constraints (``d`` sign rows first), lexicographic."""
    return combos(d + r, d)


def _vertices_small(M: NDArray[np.float64], tol: float, flags: list[bool] | None = None
                    ) -> Vertices:
    """:func:`_vertices` for small polytopes: every basis in one batched solve.

    A vertex makes ``d`` of the ``d + r`` constraints ``-z <= 0``, ``M z <= 1``
    tight with a non-singular system; all ``C(d + r, d)`` choices are solved at
    once (the first, all sign rows, is the origin). Same output as
    :func:`_vertices` (``flags`` too).
    """
    r, d = M.shape
    G = np.concatenate([-np.eye(d), M])
    h = np.concatenate([np.zeros(d), np.ones(r)])
    C = _row_choices(d, r)
    Z = batched_solve(G[C], h[C])
    if flags is not None:
        near = (Z >= -tol).all(axis=1)
        sl = Z[near] @ M.T - 1.0
        keep = (sl <= tol).all(axis=1)
        flags.append(_near(Z[near][keep], tol) or _near(sl[keep], tol))
    ok = cast("NDArray[np.bool_]", (Z >= -tol).all(axis=1))
    ok[ok] = ((Z[ok] @ M.T) <= 1 + tol).all(axis=1)
    C, Z = C[ok], Z[ok]
    Z[np.abs(Z) <= tol] = 0.0
    first = _first_distinct(Z, tol, flags)
    Z, C = Z[first], C[first]
    zero = Z <= tol
    tight = (Z @ M.T) >= 1 - tol
    return Z, zero, tight, _ChoiceBases(C, d)


class _ChoiceBases:
    """``bases[a]`` = (non-zero coordinates, tight rows of ``M``) of vertex ``a``, on demand."""

    __slots__ = ("C", "d")

    def __init__(self, C: NDArray[np.intp], d: int) -> None:
        self.C, self.d = C, d

    def __len__(self) -> int:
        return len(self.C)

    def __getitem__(self, a: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        c, d = self.C[a], self.d
        keep = np.ones(d, bool)
        keep[c[c < d]] = False
        return np.flatnonzero(keep), c[c >= d] - d


@lru_cache(maxsize=128)
def _bit_weights(k: int) -> NDArray[np.uint64]:
    """``2**i`` for ``i < k`` as uint64 (read-only)."""
    w = np.left_shift(np.uint64(1), np.arange(k, dtype=np.uint64))
    w.flags.writeable = False
    return w


def _masks(bits: NDArray[np.bool_]) -> NDArray[Any]:
    """Encode boolean label rows as integers (uint64, or Python ints if > 64 labels)."""
    if bits.shape[1] <= 64:
        out: NDArray[np.uint64] = (bits * _bit_weights(bits.shape[1])).sum(axis=1, dtype=np.uint64)
        return out
    return np.array([sum(1 << int(i) for i in np.flatnonzero(row)) for row in bits],
                    dtype=object)


def _match(Lx: NDArray[Any], Ly: NDArray[Any], full: Any) -> NDArray[np.intp]:
    """Index pairs (a, b) with ``Lx[a] | Ly[b] == full``."""
    return np.argwhere((Lx[:, None] | Ly[None, :]) == full)


def _match_complement(Lx: NDArray[Any], Ly: NDArray[Any], full: Any) -> NDArray[np.intp]:
    """Index pairs with ``Lx[a] | Ly[b] == full`` when every label set has exactly the
    polytope's dimension (simple polytopes): then ``Ly[b]`` is the complement of ``Lx[a]``."""
    if Lx.dtype == object or len(Ly) <= 64:   # a dict is faster for few vertices
        f = int(full)
        where = {int(v): b for b, v in enumerate(Ly.tolist())}
        out = [(a, where[f ^ int(v)]) for a, v in enumerate(Lx.tolist()) if f ^ int(v) in where]
        return np.array(out, dtype=np.intp).reshape(-1, 2)
    order = np.argsort(Ly)               # label sets of distinct vertices are distinct
    srt = Ly[order]
    want = Lx ^ full
    pos = np.minimum(np.searchsorted(srt, want), len(srt) - 1)
    hit = np.flatnonzero(srt[pos] == want)
    return np.stack([hit, order[pos[hit]]], axis=1)


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
        duplicates. Games whose *reduced* game (after iterated strict
        dominance) is degenerate get status ``degenerate`` and a
        :class:`~blitzgame.exceptions.DegenerateGameWarning` (their equilibria
        may form continua, the convex hulls of the listed extreme ones); ties
        among strictly dominated actions only, which no equilibrium plays, leave
        the status ``ok``. (Exact :func:`~blitzgame.solvers.bimatrix.support.support_enumeration`
        judges degeneracy on the whole game, since its completeness depends on it.)

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players.
    InvalidParameterError
        If ``tol`` is not a non-negative number.

    Warns
    -----
    DegenerateGameWarning
        The (reduced) game is degenerate.
    PrecisionWarning
        Float games whose float solution met payoff near-ties, or found no
        equilibrium or an impossible (even) number: the answer comes from an
        exact re-solve of the shortest-decimal payoffs, converted to floats.

    Notes
    -----
    See the module docstring for the polytopes, labels, the algorithm and the
    guarantees: exact games are decided exactly (a certified float filter,
    exact arithmetic within its error bounds); float games fall back to an
    exact re-solve when rounding may have decided the answer.

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
    game, t = check_two_player(game, tol, "vertex_enumeration")
    if game.shape == (2, 2) and (closed := solve_2x2(game, "vertex_enumeration", t)) is not None:
        return closed  # non-degenerate 2x2: closed form
    rescaled_result = solve_rescaled(game, tol, t, lambda g, s: vertex_enumeration(g, tol=s),
                                     {"tol": t})
    if rescaled_result is not None:  # extreme float magnitudes
        return rescaled_result
    with Timer() as timer:
        U = game.comparable_payoffs
        rows, cols = reduce_dominated(U[..., 0], U[..., 1], 0 if game.exact else t)
        sub = U[np.ix_(rows, cols)]
        lo, hi = sorted((len(rows), len(cols)))
        if hi == 1:  # solvable by dominance: the surviving pure profile
            zero, one = (Fraction(0), Fraction(1)) if game.exact else (0.0, 1.0)
            x = np.full(game.shape[0], zero, dtype=object if game.exact else float)
            y = np.full(game.shape[1], zero, dtype=object if game.exact else float)
            x[rows[0]] = y[cols[0]] = one
            out: tuple[list[Any], bool, dict[str, int | float]] | None = (
                [(x, y)], False, {"vertices_p": 2, "vertices_q": 2, "qhull": 0})
        else:
            out = _enumerate(game, sub, rows, cols, qhull=use_qhull(lo, hi))
        if out is None:  # the qhull path met a degenerate polytope: the base enumeration
            out = _enumerate(game, sub, rows, cols, qhull=False)
            assert out is not None  # only the qhull path gives up
        cands, degenerate, stats = out
    stats.update(reduced_rows=len(rows), reduced_cols=len(cols), seconds=timer.seconds)
    why = None
    if not game.exact:   # float answers that rounding may have decided: re-solve exactly
        why = ("decided vertex labels within reach of payoff near-ties"
               if stats.get("near_ties") else suspicious(len(cands), degenerate))
    if why is None:
        res = finalize(game, "vertex_enumeration", cands, complete=True, tol=t,
                       degenerate=degenerate, stats=stats, parameters={"tol": t})
        if game.exact or (why := suspicious(len(res), degenerate)) is None:
            return res
    return exact_resolve(game, "vertex_enumeration", t, why, vertex_enumeration,
                         complete=True, stats=stats, parameters={"tol": t})


def _enumerate(game: NormalFormGame, sub: NDArray[Any], rows: NDArray[np.intp],
               cols: NDArray[np.intp], *, qhull: bool
               ) -> tuple[list[Any], bool, dict[str, int | float]] | None:
    """Candidates of the reduced game ``sub`` (comparable payoffs), degeneracy and stats.

    ``qhull=True`` tries the qhull path (simple polytopes only) and returns
    ``None`` when a polytope turns out degenerate (float games). Exact games go to
    :func:`~._certified_vertices.exact_candidates` (exact labels, certified float filter).
    """
    if game.exact:
        return exact_candidates(game, sub, rows, cols, qhull=qhull)
    lo = sub.min(axis=(0, 1))     # both players at once into [1, 2]
    s = sub.max(axis=(0, 1)) - lo
    s[~(s > 0)] = 1.0
    F = (sub - lo) / s + 1.0
    Af, Bf = F[..., 0], F[..., 1]
    m, n = Af.shape
    ltol = _LABEL_TOL * max(m, n)
    Bt = Bf.T.copy()
    if qhull:
        px = hull_vertices(Bt, ltol)
        py = hull_vertices(Af, ltol) if px is not None else None
        if px is None or py is None:
            return None
        X, xzero, xtight, xb = px   # P: coords M, rows N
        Y, yzero, ytight, yb = py   # Q: coords N, rows M
    else:
        vert = _vertices_small if math.comb(m + n, m) <= _SMALL_BASES else _vertices
        flags: list[bool] = []
        X, xzero, xtight, xb = vert(Bt, ltol, flags)
        Y, yzero, ytight, yb = vert(Af, ltol, flags)
    Lx = np.concatenate([xzero, xtight], axis=1)
    Ly = np.concatenate([ytight, yzero], axis=1)
    # qhull path: every vertex has exactly as many labels as its dimension
    degenerate = not qhull and bool((Lx.sum(axis=1) > m).any() or (Ly.sum(axis=1) > n).any())
    full = np.uint64((1 << (m + n)) - 1) if m + n <= 64 else (1 << (m + n)) - 1
    if qhull:  # simple polytopes: the partner of x is the vertex with the complementary labels
        pairs = _match_complement(_masks(Lx[1:]), _masks(Ly[1:]), full) + 1
    else:
        pairs = _match(_masks(Lx[1:]), _masks(Ly[1:]), full) + 1
    M_, N_ = game.shape
    cands: list[Any] = []
    stats: dict[str, int | float] = {"vertices_p": len(X), "vertices_q": len(Y),
                                     "qhull": int(qhull)}
    if not qhull and any(flags):
        stats["near_ties"] = 1
    if len(pairs):
        xs = np.zeros((len(pairs), M_))
        ys = np.zeros((len(pairs), N_))
        xs[:, rows] = X[pairs[:, 0]]
        ys[:, cols] = Y[pairs[:, 1]]
        xs /= xs.sum(axis=1, keepdims=True)
        ys /= ys.sum(axis=1, keepdims=True)
        cands = list(zip(xs, ys, strict=True))
    return cands, degenerate, stats
