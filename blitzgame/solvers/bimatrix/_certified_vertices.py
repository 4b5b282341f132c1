r"""Exact vertices and labels of the best-response polytopes of an exact game, at float speed.

For integer payoffs scaled into :math:`[1, 2]` (:func:`~.._numerics.certified.unit_floats`),
the polytope :math:`\{z \ge 0 : M z \le \mathbf 1\}` (``M`` of shape ``(r, d)``) has a
vertex for each *basis*: ``d`` constraints -- coordinates :math:`z_i = 0` off a set
``S`` and tight rows ``T``, :math:`|S| = |T| = k` -- whose system
:math:`M_{TS}\, z_S = \mathbf 1` has a feasible solution. Its *labels* are all its
tight constraints (von Stengel 2007, *Algorithmic Game Theory*, ch. 3).

Every decision is exact, but made in floats whenever that is provably safe:

1. all bases of each size are solved in one batch, each with a certified error bound
   :math:`\delta` (:func:`~.._numerics.certified.certified_solve`), and every
   constraint value with its own bound (:func:`~.._numerics.certified.matvec_bound`);
2. a basis is dropped only when a constraint is violated by more than its bound
   (*certainly infeasible*); it is a *certified simple vertex* when all its
   coordinates in ``S`` exceed :math:`\delta` and all rows off ``T`` are slack by
   more than their bound: its labels are then exactly its basis;
3. every other basis (a value within its bound of a boundary: a near-tie, a
   degenerate vertex, a singular or ill-conditioned system) is solved exactly by
   fraction-free elimination (:func:`~.._numerics.bareiss.bareiss_solve`) on the
   integer payoffs, and its labels are computed exactly. A basis whose
   constraints are all tight at a vertex already solved exactly is singular or
   gives that vertex, and is skipped.

So the vertex list and every label set are exact; the exact work grows only with
the number of decisions that floats cannot make.

For games large enough that enumerating bases is slow, :func:`exact_vertices`
first tries the qhull vertices of :mod:`._polar` and *certifies* them: each
vertex is checked as a certified simple vertex (step 2), and the list is proved
complete by its adjacency: at a simple vertex, dropping one label leads along an
edge to the unique other vertex that has the remaining ``d - 1`` labels. If every
such ridge of every listed vertex is shared by exactly two listed vertices, the
list is closed under adjacency, and since the graph of a polytope is connected
(Balinski 1961) it holds every vertex. Anything else falls back to the bases.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...games.normal_form import NormalFormGame
from .._numerics.bareiss import bareiss_solve
from .._numerics.certified import ETA_UNIT, certified_solve, matvec_bound, unit_floats
from .._verify import make_equilibrium
from ._polar import hull_vertices
from .support_pairs import PRUNE_MAX, _masks_of, _pairs, bit_masks, combos, undominated

__all__ = ["ExactPolytope", "exact_polytope", "integer_polytope", "completely_labelled",
           "exact_candidates", "prefer_hull"]

#: Label tolerance of the qhull attempt (its output is certified afterwards).
_HULL_TOL = 1e-9


class ExactPolytope:
    """Vertices of ``{z >= 0 : Mq z <= 1}`` with exact labels and exact coordinates on demand.

    ``masks[a]`` has bit ``i < d`` set when coordinate ``i`` of vertex ``a`` is
    zero and bit ``d + j`` when row ``j`` is tight. Vertex 0 is the origin.
    """

    __slots__ = ("rows", "d", "masks", "_basis", "_exact", "stats")

    def __init__(self, rows: list[list[int]], d: int) -> None:
        self.rows, self.d = rows, d
        self.masks: list[int] = [(1 << d) - 1]                 # the origin
        self._basis: list[tuple[NDArray[np.intp], NDArray[np.intp], int] | None] = [None]
        self._exact: dict[int, list[int]] = {0: [0] * d}
        self.stats = {"bases": 0, "exact_bases": 0}

    def add_bases(self, masks: list[int], S: NDArray[np.intp], T: NDArray[np.intp],
                  size: NDArray[np.intp]) -> None:
        """Add certified simple vertices: label masks and padded bases."""
        self.masks.extend(masks)
        self._basis.extend(zip(S, T, size.tolist(), strict=True))

    def add_exact(self, mask: int, y: list[int]) -> None:
        self._exact[len(self.masks)] = y
        self.masks.append(mask)
        self._basis.append(None)

    def direction(self, a: int) -> list[int]:
        """Integer vector proportional to vertex ``a`` (all zero for the origin)."""
        got = self._exact.get(a)
        if got is None:
            basis = self._basis[a]
            assert basis is not None
            S, T, k = basis[0][:basis[2]].tolist(), basis[1][:basis[2]].tolist(), basis[2]
            got = [0] * self.d
            sol = bareiss_solve([[self.rows[t][s] for s in S] for t in T], [1] * k)
            assert sol is not None  # certified non-singular
            for i, v in zip(S, sol[0], strict=True):
                got[i] = v
            self._exact[a] = got
        return got

    def degenerate(self) -> bool:
        """Whether some vertex has more labels than the dimension (exact)."""
        d = self.d
        return any(m.bit_count() > d for m in self.masks)


def integer_polytope(U: NDArray[Any]) -> tuple[list[list[int]], NDArray[np.float64]]:
    """The integer matrix ``Mq = U - min + range`` (entries in [s, 2s]) and its float ``Mq / s``."""
    F, lo, s = unit_floats(U)
    lo_i, s_i = int(lo), int(s)
    rows = [[int(v) - lo_i + s_i for v in r] for r in U.tolist()]
    return rows, F


def _exact_basis(rows: list[list[int]], d: int, S: list[int], T: list[int]
                 ) -> tuple[int, list[int]] | None:
    """Exact vertex of a basis: (label mask, integer direction), or ``None``.

    ``None`` when the basis is singular or its solution infeasible. Integer
    arithmetic throughout: ``z = y / det``, rows compared as ``Mq y`` against ``det``.
    """
    yfull = [0] * d
    det = 1
    if S:
        sol = bareiss_solve([[rows[t][s] for s in S] for t in T], [1] * len(S))
        if sol is None:
            return None
        y, det = sol
        if min(y) < 0:
            return None
        for i, v in zip(S, y, strict=True):
            yfull[i] = v
    nz = [i for i in range(d) if yfull[i]]
    mask = sum(1 << i for i in range(d) if not yfull[i])
    for j, row in enumerate(rows):
        val = sum(row[i] * yfull[i] for i in nz)
        if val > det:
            return None
        if val == det:
            mask |= 1 << (d + j)
    return mask, yfull


#: Largest number of matrix cells (bases times K * K) classified in one batch.
_CELLS = 1 << 20
#: Batches of more cells than this are split by basis size (padding costs more than calls).
_SPLIT = 1 << 14
#: Polytopes with at most this many choices of ``d`` constraints (``C(r + d, d)``, as
#: 3x3 games) are solved exactly basis by basis: cheaper than the float set-up.
_EXACT_SMALL = 20


def _classify(M: NDArray[np.float64], S: NDArray[np.intp], T: NDArray[np.intp],
              size: NDArray[np.intp]) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Certified status of bases of ``{z >= 0: M z <= 1}``: ``(simple, uncertain)`` masks.

    Basis ``b`` has non-zero coordinates ``S[b, :size[b]]`` and tight rows
    ``T[b, :size[b]]`` (padded with anything); padded positions get an identity
    row and column, so bases of every size are solved in one certified batch.
    The rest (neither simple nor uncertain) are certainly infeasible.
    """
    b, K = S.shape
    r, d = M.shape
    sizes = np.unique(size).tolist() if b * K * K > _SPLIT else [K]
    if len(sizes) > 1:                         # large: one batch per size (less padding)
        simple, uncertain = np.zeros(b, dtype=bool), np.zeros(b, dtype=bool)
        for k in sizes:
            at = np.flatnonzero(size == k)
            simple[at], uncertain[at] = _classify(M, S[at, :k], T[at, :k], size[at])
        return simple, uncertain
    Mx = np.zeros((r + 1, d + 1))                                  # a zero row and column
    Mx[:r, :d] = M
    pad = np.arange(K)[None, :] >= size[:, None]
    Sx, Tx = np.where(pad, d, S), np.where(pad, r, T)
    G = Mx[Tx[:, :, None], Sx[:, None, :]]
    bi, ki = np.nonzero(pad)
    G[bi, ki, ki] = 1.0
    z, delta = certified_solve(G, (~pad).astype(np.float64), ETA_UNIT)
    cols = Mx.T[Sx][:, :, :r]                                      # (b, K, r), padded: 0
    with np.errstate(invalid="ignore"):
        vals = np.einsum("bk,bkr->br", z, cols) - 1.0              # row slack, <= 0 feasible
        bnd = matvec_bound(np.einsum("bk,bkr->br", np.abs(z), cols), cols.sum(axis=1),
                           delta, ETA_UNIT, K)
        dz = delta[:, None]
        bad = ((z < -dz) & ~pad).any(axis=1) | (vals > bnd).any(axis=1)
        slack = np.ones((b, r + 1), dtype=bool)                    # the last: padding
        slack[:, :r] = vals < -bnd
        slack[np.arange(b)[:, None], Tx] = True                    # basis rows: tight by design
        simple = (~bad & ((z > dz) | pad).all(axis=1) & slack.all(axis=1)
                  & np.isfinite(delta))
    return simple, ~bad & ~simple


def _basis_masks(d: int, r: int, S: NDArray[np.intp], T: NDArray[np.intp],
                 size: NDArray[np.intp]) -> list[int]:
    """Label masks of padded bases: zero coordinates off ``S``, tight rows ``T``."""
    b, K = S.shape
    on = np.arange(K)[None, :] < size[:, None]
    if d + r <= 62:
        one = np.int64(1)
        nz = np.where(on, np.left_shift(one, S), 0).sum(axis=1)
        tt = np.where(on, np.left_shift(one, T + d), 0).sum(axis=1)
        out: list[int] = ((((one << d) - 1) ^ nz) | tt).tolist()
        return out
    full = (1 << d) - 1
    return [(full ^ sum(1 << i for i in s[:k])) | sum(1 << (d + j) for j in t[:k])
            for s, t, k in zip(S.tolist(), T.tolist(), size.tolist(), strict=True)]


def _rank_table(rows: list[list[int]], d: int) -> NDArray[np.int64] | None:
    """:func:`~.support_pairs.undominated` of the exact matrix (``None`` when too wide).

    Strict dominance compares entries within one column, so it is computed on
    per-column ranks (small integers, exact for payoffs of any size).
    """
    r = len(rows)
    if d > PRUNE_MAX or r > 62:
        return None
    R = np.empty((r, d), dtype=np.int64)
    for j in range(d):
        col = [row[j] for row in rows]
        rank = {v: i for i, v in enumerate(sorted(set(col)))}
        R[:, j] = [rank[v] for v in col]
    return undominated(R.astype(np.float64), 0)   # small ranks: exact as floats


def _padded_bases(d: int, r: int, table: NDArray[np.int64] | None) -> Any:
    """Yield padded blocks ``(S, T, size)`` of the bases with 1..min(r, d) non-zero coordinates.

    Bases where a tight row is strictly dominated on ``S`` by another row are
    left out (``table``, :func:`_rank_table`): they are certainly infeasible
    (at any ``z >= 0``, ``z != 0`` on ``S`` the dominating row would exceed 1).
    Blocks hold about :data:`_CELLS` matrix cells; bases are generated lazily.
    """
    K = min(r, d)
    step = max(1, _CELLS // (K * K))

    def pieces() -> Any:
        for k in range(1, K + 1):
            if table is None:
                yield from _pairs(d, r, k)
                continue
            keep = (_masks_of(r, k)[None, :] & ~table[_masks_of(d, k)][:, None]) == 0
            a, b = np.nonzero(keep)
            ci, cj = combos(d, k), combos(r, k)
            for start in range(0, len(a), step):
                yield ci[a[start:start + step]], cj[b[start:start + step]]

    block: list[tuple[NDArray[np.intp], NDArray[np.intp]]] = []
    count = 0
    for S, T in pieces():
        block.append((S, T))
        count += len(S)
        if count >= step:
            yield _pad(block, K)
            block, count = [], 0
    if block:
        yield _pad(block, K)


def _pad(block: list[tuple[NDArray[np.intp], NDArray[np.intp]]], K: int
         ) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
    n = sum(len(s) for s, _ in block)
    S = np.zeros((n, K), dtype=np.intp)
    T = np.zeros((n, K), dtype=np.intp)
    size = np.empty(n, dtype=np.intp)
    at = 0
    for s, t in block:
        k = s.shape[1]
        S[at:at + len(s), :k], T[at:at + len(s), :k] = s, t
        size[at:at + len(s)] = k
        at += len(s)
    return S, T, size


def _equal_tables(rows: list[list[int]]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Bit masks of exact ties: ``[t, t']`` = the coordinates where rows ``t``, ``t'`` are
    equal, and ``[s, s']`` = the rows where coordinates (columns) ``s``, ``s'`` are equal."""
    R = np.array(rows, dtype=object)
    eq = R[:, None, :] == R[None, :, :]                            # (r, r, d)
    ec = R.T[:, None, :] == R.T[None, :, :]                         # (d, d, r)
    return bit_masks(eq.astype(bool)), bit_masks(ec.astype(bool))


def _has_ties(erow: NDArray[np.int64], ecol: NDArray[np.int64], d: int, r: int) -> bool:
    """Whether two rows agree on two coordinates, or two coordinates on two rows."""
    off_r, off_c = ~np.eye(r, dtype=bool), ~np.eye(d, dtype=bool)
    # at least two bits: x & (x - 1) != 0
    return bool(((erow & (erow - 1)) != 0)[off_r].any()
                or ((ecol & (ecol - 1)) != 0)[off_c].any())


def _repeated(erow: NDArray[np.int64], ecol: NDArray[np.int64], S: NDArray[np.intp],
              T: NDArray[np.intp], size: NDArray[np.intp]) -> NDArray[np.bool_]:
    """Bases whose matrix ``M[T, S]`` has two equal rows or two equal columns (singular)."""
    b, K = S.shape
    p, q = np.triu_indices(K, 1)
    valid = q[None, :] < size[:, None]
    one = np.int64(1)
    on = np.arange(K)[None, :] < size[:, None]
    smask = np.where(on, np.left_shift(one, S), 0).sum(axis=1)[:, None]
    tmask = np.where(on, np.left_shift(one, T), 0).sum(axis=1)[:, None]
    rows_eq = (smask & ~erow[T[:, p], T[:, q]]) == 0
    cols_eq = (tmask & ~ecol[S[:, p], S[:, q]]) == 0
    out: NDArray[np.bool_] = ((rows_eq | cols_eq) & valid).any(axis=1)
    return out


def _from_bases(rows: list[list[int]], M: NDArray[np.float64]) -> ExactPolytope:
    """Every vertex, by certified classification of all bases and exact fallback."""
    r, d = M.shape
    poly = ExactPolytope(rows, d)
    pending: list[tuple[int, list[int], list[int]]] = []
    if math.comb(r + d, d) <= _EXACT_SMALL:    # a few bases: all exact, no float at all
        for k in range(1, min(r, d) + 1):
            for S in itertools.combinations(range(d), k):
                for T in itertools.combinations(range(r), k):
                    pending.append((_basis_mask(d, S, T), list(S), list(T)))
        poly.stats["bases"] = len(pending)
        return _resolve(poly, pending)
    equal: tuple[NDArray[np.int64], NDArray[np.int64]] | None = None
    if d <= 62 and r <= 62:
        equal = _equal_tables(rows)
        if not _has_ties(*equal, d, r):
            equal = None
    for S, T, size in _padded_bases(d, r, _rank_table(rows, d)):
        poly.stats["bases"] += len(S)
        if equal is not None:                 # exact ties: singular bases, dropped at once
            keep = ~_repeated(*equal, S, T, size)
            S, T, size = S[keep], T[keep], size[keep]
        simple, uncertain = _classify(M, S, T, size)
        poly.add_bases(_basis_masks(d, r, S[simple], T[simple], size[simple]),
                       S[simple], T[simple], size[simple])
        if uncertain.any():
            Su, Tu, ku = S[uncertain], T[uncertain], size[uncertain]
            for bm, s, t, k in zip(_basis_masks(d, r, Su, Tu, ku), Su.tolist(), Tu.tolist(),
                                   ku.tolist(), strict=True):
                pending.append((bm, s[:k], t[:k]))
    return _resolve(poly, pending)


def _basis_mask(d: int, S: tuple[int, ...], T: tuple[int, ...]) -> int:
    return (((1 << d) - 1) ^ sum(1 << i for i in S)) | sum(1 << (d + j) for j in T)


def _resolve(poly: ExactPolytope, pending: list[tuple[int, list[int], list[int]]]
             ) -> ExactPolytope:
    """Solve the pending bases exactly and add their vertices to ``poly``.

    One exact solve per vertex: a basis whose constraints are all tight at a
    vertex found exactly is singular or gives that vertex (and only a vertex with
    more than ``d`` labels can contain another basis than its own).
    """
    rows, d = poly.rows, poly.d
    r = len(rows)
    found: list[int] = []
    wide = d + r > 62
    arr = np.zeros(0, dtype=np.int64)
    for bm, Si, Ti in pending:
        if found and (any(bm & ~vm == 0 for vm in found) if wide or len(found) < 16
                      else bool(((bm & ~arr[:len(found)]) == 0).any())):
            continue
        poly.stats["exact_bases"] += 1
        got = _exact_basis(rows, d, Si, Ti)
        if got is not None:
            if got[0].bit_count() > d:
                found.append(got[0])
                if not wide:
                    if len(found) > len(arr):
                        arr = np.resize(arr, 2 * len(found))
                    arr[len(found) - 1] = got[0]
            poly.add_exact(*got)
    return poly


def _from_hull(rows: list[list[int]], M: NDArray[np.float64]) -> ExactPolytope | None:
    """The qhull vertices, certified simple and complete; ``None`` if that cannot be shown."""
    r, d = M.shape
    got = hull_vertices(M, _HULL_TOL * max(r, d))
    if got is None:
        return None
    _, zero, tight, _ = got
    nz = ~zero[1:]                                  # the origin (first) is known
    tight = tight[1:]
    size = nz.sum(axis=1)
    if not (size == tight.sum(axis=1)).all() or not (size > 0).all():
        return None
    K = min(r, d)
    # the positions of the True entries, left-aligned (stable sort puts them first)
    S = np.argsort(~nz, axis=1, kind="stable")[:, :K]
    T = np.argsort(~tight, axis=1, kind="stable")[:, :K]
    simple, _ = _classify(M, S, T, size)
    if not simple.all():
        return None
    poly = ExactPolytope(rows, d)
    poly.add_bases(_basis_masks(d, r, S, T, size), S, T, size)
    poly.stats["bases"] = len(poly.masks)
    return poly if _closed(poly.masks, d, r) else None


def _closed(masks: list[int], d: int, r: int) -> bool:
    """Whether every ridge (a label set minus one label) lies in exactly two label sets.

    For certified simple vertices this proves the list closed under adjacency,
    hence complete (the graph of a polytope is connected).
    """
    if d + r <= 62:
        L = np.array(masks, dtype=np.int64)
        bits = np.left_shift(np.int64(1), np.arange(d + r, dtype=np.int64))
        on = (L[:, None] & bits[None, :]) != 0
        if not (on.sum(axis=1) == d).all():
            return False
        ridges = (L[:, None] ^ bits[None, :])[on]
        _, counts = np.unique(ridges, return_counts=True)
        return len(np.unique(L)) == len(L) and bool((counts == 2).all())
    if len(set(masks)) != len(masks) or any(m.bit_count() != d for m in masks):
        return False
    count: dict[int, int] = {}
    for mask in masks:
        rest = mask
        while rest:
            low = rest & -rest
            rest ^= low
            count[mask ^ low] = count.get(mask ^ low, 0) + 1
    return all(c == 2 for c in count.values())


def prefer_hull(lo: int, hi: int) -> bool:
    """Whether the certified qhull path is worth trying first for ``lo <= hi`` actions.

    The same rule as :func:`~.vertex.use_qhull` with its default constants: balanced
    games with more than 400 candidate bases (from about 5x5).

    >>> prefer_hull(3, 3), prefer_hull(6, 6)
    (False, True)
    """
    return lo >= 2 and hi <= 4 * lo and math.comb(lo + hi, lo) > 400


def exact_polytope(U: NDArray[Any], *, qhull: bool) -> tuple[ExactPolytope, bool]:
    """Exact vertices of ``{z >= 0 : Mq z <= 1}`` for integer payoffs ``U`` (shape (r, d)).

    ``Mq`` is ``U`` shifted to be positive (:func:`integer_polytope`). With
    ``qhull=True`` the certified qhull path is tried first. Returns the polytope
    and whether the qhull path was used.
    """
    rows, M = integer_polytope(U)
    if qhull:
        poly = _from_hull(rows, M)
        if poly is not None:
            return poly, True
    return _from_bases(rows, M), False


def mixed(size: int, idx: NDArray[np.intp], y: list[int]) -> NDArray[np.object_]:
    """The Fraction vector of length ``size`` with ``y / sum(y)`` at ``idx``, zeros elsewhere."""
    total = sum(y)
    out = np.full(size, Fraction(0), dtype=object)
    for i, v in zip(idx.tolist(), y, strict=True):
        if v:
            out[i] = Fraction(v, total)
    return out


def _label_array(masks: list[int], width: int) -> NDArray[Any]:
    """Label masks as uint64 (or Python ints when wider than 63 bits), for matching."""
    if width <= 63:
        return np.array(masks, dtype=np.uint64)
    return np.array(masks, dtype=object)


def completely_labelled(px: ExactPolytope, py: ExactPolytope, m: int, n: int,
                        degenerate: bool) -> NDArray[np.intp]:
    """Index pairs ``(a, b)``, origins excluded, of vertices of ``P`` (labels: zero
    coordinates ``0..m-1``, tight rows ``m..``) and ``Q`` (tight rows ``0..m-1`` after the
    relabelling below, zero coordinates ``m..``) that carry every label."""
    low = (1 << n) - 1
    qm = [(L >> n) | ((L & low) << m) for L in py.masks]  # Q: [rows, coords] -> game labels
    full = (1 << (m + n)) - 1
    if not degenerate:
        # every label set has exactly the dimension: the partner has the complement
        where = {L: b for b, L in enumerate(qm) if b}
        got = [(a, where[full ^ L]) for a, L in enumerate(px.masks) if a and full ^ L in where]
        return np.array(got, dtype=np.intp).reshape(-1, 2)
    Lx, Ly = _label_array(px.masks[1:], m + n), _label_array(qm[1:], m + n)
    if not len(Lx) or not len(Ly):
        return np.zeros((0, 2), dtype=np.intp)
    f = np.uint64(full) if Lx.dtype != object else full
    pairs: NDArray[np.intp] = np.argwhere((Lx[:, None] | Ly[None, :]) == f) + 1
    return pairs


def exact_candidates(game: NormalFormGame, sub: NDArray[Any], rows: NDArray[np.intp],
                     cols: NDArray[np.intp], *, qhull: bool
                     ) -> tuple[list[Any], bool, dict[str, int | float]]:
    """Every extreme equilibrium of the exact game restricted to ``rows`` x ``cols``.

    ``sub`` holds the integer payoffs of that restriction (``comparable_payoffs``).
    Returns the verified equilibria (as :class:`~blitzgame.results.Equilibrium`),
    whether the game is degenerate -- some vertex of a best-response polytope has
    more labels than its dimension, decided exactly -- and statistics.
    """
    A, B = sub[..., 0], sub[..., 1]
    m, n = A.shape
    px, hull_x = exact_polytope(np.ascontiguousarray(B.T), qhull=qhull)
    py, hull_y = exact_polytope(A, qhull=qhull)
    degenerate = px.degenerate() or py.degenerate()
    pairs = completely_labelled(px, py, m, n, degenerate)
    M_, N_ = game.shape
    cands: list[Any] = []
    for a, b in pairs.tolist():
        x = mixed(M_, rows, px.direction(a))
        y = mixed(N_, cols, py.direction(b))
        eq = make_equilibrium(game, (x, y))           # verified exactly here ...
        cands.append(eq if eq.max_regret == 0 else (x, y))  # ... or rejected by finalize
    stats: dict[str, int | float] = {
        "vertices_p": len(px.masks), "vertices_q": len(py.masks),
        "qhull": int(hull_x and hull_y),
        "exact_bases": px.stats["exact_bases"] + py.stats["exact_bases"]}
    return cands, degenerate, stats
