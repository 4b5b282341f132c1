r"""Support pairs of bimatrix games: enumeration, and pruning by conditional dominance.

The support enumeration (:mod:`blitzgame.solvers.bimatrix.support`) and the base
enumeration of vertex enumeration (:mod:`blitzgame.solvers.bimatrix.vertex`) visit pairs of
index sets of equal size ``k``; this module lists them (:func:`combos`,
:func:`_pairs`) and removes the support pairs that cannot carry an equilibrium.

A row ``i`` is *conditionally dominated* given a set ``S`` of columns when some
row ``i'`` earns more than ``tol`` more in every column of ``S``
(Porter, Nudelman and Shoham, "Simple search methods for finding a Nash
equilibrium", *Games Econ. Behav.* 63, 2008): against any mix on ``S`` it then
has regret above ``tol``, so no equilibrium pairs a support containing ``i``
with a mix on ``S``. :func:`undominated` tabulates, for every subset ``S`` of
the columns as a bit mask, the bit mask of rows that survive; a pair ``(I, J)``
is kept when ``I`` survives given ``J`` and ``J`` survives given ``I`` (with the
column player's payoffs). For games with few support pairs the pairs of every
size are tabulated once per shape (:func:`pair_table`) and pruned with a few
whole-table operations (:func:`_groups`).
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

#: Largest number of array cells (pairs times system size) in one block of pairs.
_CHUNK = 1 << 14

@lru_cache(maxsize=256)
def combos(n: int, k: int) -> NDArray[np.intp]:
    """All k-subsets of range(n), one per row, in lexicographic order."""
    if k == 0:
        return np.zeros((1, 0), dtype=np.intp)
    arr = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(n), k)),
                      dtype=np.intp)
    out = arr.reshape(-1, k)
    out.flags.writeable = False
    return out


def _pairs(m: int, n: int, k: int) -> Any:
    """Yield ``(I, J)`` index arrays of shape (b, k) covering all k-subset pairs, in chunks."""
    ci, cj = combos(m, k), combos(n, k)
    total = len(ci) * len(cj)
    step = max(1, _CHUNK // max(1, k * k))
    for start in range(0, total, step):
        idx = np.arange(start, min(total, start + step))
        yield ci[idx // len(cj)], cj[idx % len(cj)]


#: Conditional dominance is tabulated for every subset of the opponent's actions
#: (``2**n`` of them) when the opponent has at most this many actions.
PRUNE_MAX = 12


@lru_cache(maxsize=256)
def _masks_of(n: int, k: int) -> NDArray[np.int64]:
    """Bit masks of the k-subsets of range(n), in the order of :func:`combos`."""
    out: NDArray[np.int64] = (np.left_shift(1, combos(n, k)).sum(axis=1)).astype(np.int64)
    out.flags.writeable = False
    return out


def bit_masks(bits: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Integer whose bit ``k`` is ``bits[..., k]``, for a boolean array ``(..., n)``, n < 64."""
    packed = np.packbits(bits, axis=-1, bitorder="little")
    out = packed[..., 0].astype(np.int64)
    for b in range(1, packed.shape[-1]):
        out |= packed[..., b].astype(np.int64) << (8 * b)
    return out


def undominated(M: NDArray[np.float64], tol: Any) -> NDArray[np.int64] | None:
    """``U[..., S]`` = bit mask of the rows of ``M`` not strictly dominated on the columns in ``S``.

    Row ``i`` is *conditionally dominated* given a column set ``S`` when another
    row ``i'`` earns more than ``tol`` more in every column of ``S`` (Porter,
    Nudelman and Shoham 2008). Against any mix on ``S``, ``i`` then has regret
    above ``tol``, so it is in no support that is a best response to such a mix.
    ``M`` may be a stack ``(..., m, n)`` with ``tol`` broadcast against its
    leading axes. Returns ``None`` when ``M`` has more than :data:`PRUNE_MAX` columns.

    With ``G[i', i]`` the mask of columns where ``i'`` beats ``i``, row ``i`` is
    dominated given ``S`` iff ``S`` is a subset of some ``G[i', i]``: those masks
    are marked in a table over all ``2**n`` subsets, and the marks are passed
    down to every subset one bit at a time.
    """
    m, n = M.shape[-2:]
    if n > PRUNE_MAX or m > 62:
        return None
    lead = M.shape[:-2]
    t = np.asarray(tol)[..., None, None, None]
    if not lead and n <= 6:  # one small matrix: test every subset directly (fewer calls)
        Gt = bit_masks(M[None, :, :] > M[:, None, :] + t)      # [i, i']: where i' beats i
        S = np.arange(1 << n, dtype=np.int64)[:, None, None]
        return bit_masks(~((Gt & S) == S).any(axis=2))
    G = bit_masks(M[..., :, None, :] > M[..., None, :, :] + t)   # [..., i', i] column masks
    dominated = np.zeros(lead + (m, 1 << n), dtype=bool)        # [..., i, S]
    np.put_along_axis(dominated, np.swapaxes(G, -1, -2), True, axis=-1)
    for j in range(n):                                          # S | bit j marked: S too
        v = dominated.reshape(lead + (m, -1, 2, 1 << j))
        v[..., 0, :] |= v[..., 1, :]
    return bit_masks(~np.swapaxes(dominated, -1, -2))


def surviving_actions(rows_ok: NDArray[np.int64], cols_ok: NDArray[np.int64], m: int,
                      n: int) -> tuple[int, int]:
    """Bit masks of the rows and columns of one game left by iterated strict dominance.

    ``rows_ok``, ``cols_ok`` are the game's :func:`undominated` tables. A row
    dominated by a removed row is also dominated by a surviving one (strict
    dominance, by more than the tolerance, is transitive), so each round is a
    lookup: the rows not dominated given the surviving columns, and vice versa.
    (:func:`~blitzgame.solvers.bimatrix.support.reduce_dominated` computes the same sets
    from the payoffs; ``_batch_pruned._surviving`` does these lookups for a whole
    stack of games at once.)

    >>> A = np.array([[3.0, 1.0], [2.0, 0.0]])            # row 0 dominates row 1
    >>> surviving_actions(undominated(A, 0.0), undominated(-A.T, 0.0), 2, 2)
    (1, 2)
    """
    R, C = (1 << m) - 1, (1 << n) - 1
    while True:
        R2, C2 = R & int(rows_ok[C]), C & int(cols_ok[R])
        if R2 == R and C2 == C:
            return R, C
        R, C = R2, C2


def _pruned_pairs(m: int, n: int, k: int, rows_ok: NDArray[np.int64] | None,
                  cols_ok: NDArray[np.int64] | None) -> Any:
    """As :func:`_pairs`, without pairs ``(I, J)`` where ``I`` has a row conditionally
    dominated given ``J`` (``rows_ok``, from :func:`undominated`) or vice versa."""
    if rows_ok is None or cols_ok is None:
        yield from _pairs(m, n, k)
        return
    mi, mj = _masks_of(m, k), _masks_of(n, k)
    keep = (((mi[:, None] & ~rows_ok[mj][None, :]) == 0)
            & ((mj[None, :] & ~cols_ok[mi][:, None]) == 0))
    a, b = np.nonzero(keep)
    ci, cj = combos(m, k), combos(n, k)
    step = max(1, _CHUNK // max(1, k * k))
    for start in range(0, len(a), step):
        yield ci[a[start:start + step]], cj[b[start:start + step]]


def pairs_per_game(m: int, n: int) -> int:
    """Equal-size support pairs of an m×n game.

    >>> pairs_per_game(2, 3)            # 2*3 pairs of single actions, 1*3 of two
    9
    """
    return sum(math.comb(m, k) * math.comb(n, k) for k in range(1, min(m, n) + 1))


#: Support pairs of games with at most this many equal-size pairs are tabulated once
#: per shape (:func:`pair_table`) and pruned with a few whole-table operations.
TABLE_MAX = 1 << 16


@lru_cache(maxsize=64)
def pair_table(m: int, n: int) -> tuple[NDArray[Any], ...]:
    """Every equal-size support pair of an m×n game: masks, padded indices and sizes.

    Returns ``(mask_I, mask_J, I, J, size)``: ``I``/``J`` of shape
    ``(P, min(m, n))``, zero-padded past ``size``; pairs ordered by size.
    """
    K = min(m, n)
    parts = []
    for k in range(1, K + 1):
        ci, cj = combos(m, k), combos(n, k)
        a = np.repeat(np.arange(len(ci)), len(cj))
        b = np.tile(np.arange(len(cj)), len(ci))
        I = np.zeros((len(a), K), dtype=np.intp)
        J = np.zeros((len(a), K), dtype=np.intp)
        I[:, :k], J[:, :k] = ci[a], cj[b]
        parts.append((_masks_of(m, k)[a], _masks_of(n, k)[b], I, J, np.full(len(a), k)))
    out = tuple(np.concatenate(col) for col in zip(*parts, strict=True))
    for arr in out:
        arr.flags.writeable = False
    return out


def bordered_index(I: NDArray[np.intp], J: NDArray[np.intp], size: NDArray[np.intp],
                   ncols: int, nflat: int) -> NDArray[np.intp]:
    r"""Where each entry of the bordered indifference systems of support pairs comes from.

    Pair ``b`` asks for :math:`[M_{I_b J_b}, -1; 1^\top, 0]` with ``M`` a matrix
    of ``ncols`` columns and ``nflat`` entries; ``I``, ``J`` have shape
    ``(b, K)`` and only the first ``size[b]`` entries of a row count. Returns
    indices ``(b, K + 1, K + 1)`` into ``[M.ravel(), 0, 1, -1]`` (positions
    ``nflat``, ``nflat + 1``, ``nflat + 2`` are the constants); padded rows and
    columns get the identity, so the padded unknowns solve to 0 and pairs of every
    size go to one batched solve.

    >>> bordered_index(np.array([[1, 0]]), np.array([[2, 0]]), np.array([1]), 3, 6)[0]
    array([[5, 6, 8],
           [6, 7, 6],
           [7, 6, 6]])
    """
    b, K = I.shape
    zero, one, minus = nflat, nflat + 1, nflat + 2
    idx = np.empty((b, K + 1, K + 1), dtype=np.intp)
    core = idx[:, :K, :K]
    np.multiply(I[:, :, None], ncols, out=core)
    core += J[:, None, :]
    idx[:, :K, K] = minus
    idx[:, K, :K] = one
    idx[:, K, K] = zero
    pad = np.arange(K)[None, :] >= size[:, None]              # (b, K) padded entries
    if pad.any():
        core[pad[:, :, None] | pad[:, None, :]] = zero
        diag = idx.reshape(b, -1)[:, :K * (K + 2):K + 2]     # a view of core's diagonals
        diag[pad] = one
        idx[:, :K, K][pad] = zero
        idx[:, K, :K][pad] = zero
    return idx


#: Bordered-system index tables (:func:`bordered_index`) are kept for pair tables of
#: at most this many entries.
_INDEX_CACHE_MAX = 1 << 18


@lru_cache(maxsize=32)
def _bordered_tables(m: int, n: int, k: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """:func:`bordered_index` of the pairs of :func:`pair_table` with sizes up to ``k``.

    The row player's systems (``A[I, J]``) and the column player's (``B.T[J, I]``),
    padded to ``k``.
    """
    _, _, I, J, size = pair_table(m, n)
    P = int(np.searchsorted(size, k, side="right"))        # sorted by size: a prefix
    out = (bordered_index(I[:P, :k], J[:P, :k], size[:P], n, m * n),
           bordered_index(J[:P, :k], I[:P, :k], size[:P], m, m * n))
    for arr in out:
        arr.flags.writeable = False
    return out


def _groups(m: int, n: int, rows_ok: NDArray[np.int64] | None,
            cols_ok: NDArray[np.int64] | None) -> Any:
    """Yield ``(I, J, size, index)`` blocks of support pairs to solve.

    Small games: the pruned pair table, in blocks of about :data:`_CHUNK` cells,
    padded to the block's largest size; ``index`` is ``(rows, cols, pairs)``:
    the :func:`bordered_index` tables of both players' systems (tabulated once
    per shape) and the block's positions in them. Others: one support size at a
    time (:func:`_pruned_pairs`), unpadded, with ``index`` ``None``.
    """
    total = pairs_per_game(m, n)
    if rows_ok is None or cols_ok is None or total > TABLE_MAX:
        for k in range(1, min(m, n) + 1):
            for I, J in _pruned_pairs(m, n, k, rows_ok, cols_ok):
                if len(I):
                    yield I, J, np.full(len(I), k), None
        return
    mi, mj, I, J, size = pair_table(m, n)
    keep = np.flatnonzero(((mi & ~rows_ok[mj]) == 0) & ((mj & ~cols_ok[mi]) == 0))
    K = min(m, n)
    step = max(1, _CHUNK // (K + 1) ** 2)
    cached = total * (K + 1) ** 2 <= _INDEX_CACHE_MAX
    for start in range(0, len(keep), step):
        sel = keep[start:start + step]
        k = int(size[sel[-1]])                 # sorted by size: the block's largest
        Ik, Jk, sk = I[sel, :k], J[sel, :k], size[sel]
        yield Ik, Jk, sk, (*_bordered_tables(m, n, k), sel) if cached else None
