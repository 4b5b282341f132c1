r"""Bounded maximisation of a vectorized function over a box, under a deadline.

Used by :func:`blitzgame.model.continuous.continuous_equilibrium` for best
responses and for their verification. A :class:`Search` works in two steps.

1. **Scan**: evaluate a grid over the box -- vectorized, in chunks of at most
   4096 points taken coarse to fine, so that a scan stopped at its deadline
   (after the first chunk, which always runs) has covered the box coarsely --
   plus the extra points (the current strategy), and rank the grid's *local
   maxima* (points that no neighbour beats; a plateau counts once) by value,
   best first. Ranking local maxima rather than grid points
   matters when a broad peak (or a flat edge of the box) holds every one of the
   best grid points while a narrower, higher peak falls between grid points:
   its grid neighbours are still a local maximum of the grid.
2. **Refine** (stops at the deadline): local optimisation from the best
   ``starts`` local maxima and from the extra points.

   * One dimension: all brackets (grid neighbours of each start) are zoomed at
     once -- 17 points per bracket and level, one vectorized call per level --
     until they are 1e-5 of the box wide; the best ``polish`` brackets are then
     polished with bounded Brent (:func:`scipy.optimize.minimize_scalar`), and
     with ``segments > 0`` bounded Brent also runs on each of ``segments``
     equal parts of the box (start points that do not come from the grid).
   * Several dimensions: bounded L-BFGS-B (:func:`scipy.optimize.minimize`)
     from each start point.

The result is the best point evaluated (in several dimensions: the best grid
point, extra point or optimizer result), so refining never makes it worse;
``complete`` says whether the refinement finished before the deadline.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize, minimize_scalar

Arr = NDArray[np.float64]
Objective = Callable[..., Arr]

_ZOOM_POINTS = 17
_ZOOM_WIDTH = 1e-5
_CHUNK = 4096


class OutOfTime(Exception):  # noqa: N818 (a control-flow signal, not an error)
    """The deadline passed during a refinement (caught by :class:`Search`)."""


class Budget:
    """A wall-clock budget and a count of objective calls shared by the searches of one solve.

    Parameters
    ----------
    seconds : float or None
        Budget from now; ``None`` for no limit.
    """

    def __init__(self, seconds: float | None) -> None:
        self.start = time.perf_counter()
        self.deadline = math.inf if seconds is None else self.start + seconds
        self.calls = 0

    def elapsed(self) -> float:
        """Seconds since the budget was created."""
        return time.perf_counter() - self.start

    def at(self, fraction: float) -> float:
        """The time (``perf_counter`` scale) when ``fraction`` of the budget is used."""
        if math.isinf(self.deadline):
            return math.inf
        return self.start + fraction * (self.deadline - self.start)


def local_maxima(values: NDArray[np.float64], k: int) -> list[tuple[int, ...]]:
    """Indices of the ``k`` best local maxima of an N-D array, best first.

    A point is a local maximum when no neighbour (the 3^d - 1 adjacent points)
    is larger; on a plateau only its first point (lexicographically) counts.
    NaN counts as -inf; points at -inf are never maxima. Ties keep index order.

    Examples
    --------
    >>> local_maxima(np.array([0.0, -1.0, 3.0, -2.0, 5.0, 5.0, 1.0]), 5)
    [(4,), (2,), (0,)]
    """
    v = np.where(np.isnan(values), -np.inf, values)
    pad = np.pad(v, 1, constant_values=-np.inf)
    is_max = v > -np.inf
    zero = (0,) * v.ndim
    for off in itertools.product((-1, 0, 1), repeat=v.ndim):
        if off == zero:
            continue
        nb = pad[tuple(slice(1 + o, 1 + o + m) for o, m in zip(off, v.shape, strict=True))]
        is_max &= (v > nb) if off < zero else (v >= nb)
    flat = np.flatnonzero(is_max)
    order = flat[np.argsort(-v.ravel()[flat], kind="stable")][:k]
    return [tuple(int(j) for j in np.unravel_index(t, v.shape)) for t in order]


def coarse_to_fine(shape: Sequence[int]) -> NDArray[np.intp]:
    """Flat indices of a grid, coarsest sub-grid first (by trailing zero bits of the index).

    Examples
    --------
    >>> coarse_to_fine((9,)).tolist()
    [0, 8, 4, 2, 6, 1, 3, 5, 7]
    """
    level = np.full(tuple(shape), 64, np.int64)
    for g in np.meshgrid(*[np.arange(m, dtype=np.int64) for m in shape], indexing="ij"):
        low_bit = np.where(g == 0, 1, g & -g)
        level = np.minimum(level, np.where(g == 0, 64, np.log2(low_bit).astype(np.int64)))
    return np.argsort(-level.ravel(), kind="stable")


class Search:
    """Maximise ``f`` over a box: a grid scan at construction, :meth:`refine` on demand.

    Parameters
    ----------
    f : callable
        ``f(x_0, ..., x_{d-1})`` takes d arrays of one shape and returns the
        values, of that shape.
    box : sequence of (low, high)
        One pair per dimension.
    shape : sequence of int
        Grid points per dimension (at least 2 each).
    starts : int
        How many of the best local maxima of the grid to refine from.
    extra : sequence of points
        Further start points (each a sequence of d coordinates), evaluated in the scan.
    budget : Budget
        Counts the objective calls.
    deadline : float
        ``time.perf_counter()`` value after which the scan stops (its first chunk
        and the extra points always run); default none.

    Attributes
    ----------
    value, point : float, ndarray
        Best value and point evaluated so far.
    extra_values : ndarray
        Values at the extra points.
    complete : bool
        Whether the scan, and then the last :meth:`refine`, finished before its deadline.
    """

    def __init__(self, f: Objective, box: Sequence[tuple[float, float]], shape: Sequence[int],
                 starts: int, extra: Sequence[Sequence[float]], budget: Budget,
                 deadline: float = math.inf) -> None:
        self.f, self.budget = f, budget
        self.low = np.array([b[0] for b in box], float)
        self.high = np.array([b[1] for b in box], float)
        self.value = -math.inf
        self.point = self.low.copy()
        self.complete = True
        self.deadline = math.inf
        axes = [np.linspace(a, b, m) for (a, b), m in zip(box, shape, strict=True)]
        self.step = np.array([(b - a) / (m - 1) for (a, b), m in zip(box, shape, strict=True)])
        mesh = [m.ravel() for m in np.meshgrid(*axes, indexing="ij")]
        vals = np.full(mesh[0].size, -np.inf)
        order = coarse_to_fine(shape) if vals.size > _CHUNK else np.arange(vals.size)
        for c in range(0, vals.size, _CHUNK):
            if c and time.perf_counter() >= deadline:
                self.complete = False
                break
            idx = order[c:c + _CHUNK]
            vals[idx] = self._eval([m[idx] for m in mesh], check=False)
        vals = vals.reshape(tuple(shape))
        self.starts = [np.array([ax[j] for ax, j in zip(axes, idx, strict=True)])
                       for idx in local_maxima(vals, starts)]
        ex = [np.clip(np.asarray(p, float), self.low, self.high) for p in extra]
        self.starts += ex
        self.extra_values = (self._eval([np.array([p[d] for p in ex])
                                         for d in range(len(box))], check=False)
                             if ex else np.zeros(0))

    def _eval(self, coords: Sequence[Arr], check: bool = True, record: bool = True) -> Arr:
        if check and time.perf_counter() >= self.deadline:
            raise OutOfTime
        self.budget.calls += 1
        v = np.asarray(self.f(*coords), float)
        v = np.where(np.isnan(v), -np.inf, v)
        if record and v.size:
            j = int(np.argmax(v))
            self._record(float(v.flat[j]), [float(np.asarray(c).flat[j]) for c in coords])
        return v

    def _record(self, value: float, point: Sequence[float]) -> None:
        if value > self.value:
            self.value = value
            self.point = np.array(point, float)

    def _scalar(self, z: float) -> float:
        return -float(self._eval([np.array([z])])[0])

    def refine(self, *, deadline: float = math.inf, polish: int = 1, segments: int = 0) -> bool:
        """Optimise locally from the start points until done or ``deadline``; return ``complete``.

        ``polish`` zoomed brackets get bounded Brent; ``segments`` equal parts of the
        box get bounded Brent too (one dimension only). After an incomplete scan
        nothing is refined and ``False`` is returned.
        """
        if not self.complete:
            return False
        self.deadline = deadline
        try:
            if self.low.size == 1:
                self._refine_scalar(polish, segments)
            else:
                self._refine_box()
        except OutOfTime:
            self.complete = False
        else:
            self.complete = True
        self.deadline = math.inf
        return self.complete

    def _refine_scalar(self, polish: int, segments: int) -> None:
        lo, hi, h = float(self.low[0]), float(self.high[0]), float(self.step[0])
        if not self.starts or hi <= lo:
            return
        c = np.array([float(p[0]) for p in self.starts])
        a, b = np.maximum(c - h, lo), np.minimum(c + h, hi)
        t = np.linspace(0.0, 1.0, _ZOOM_POINTS)
        best = np.full(c.size, -np.inf)
        rows = np.arange(c.size)
        while True:
            pts = a[:, None] + (b - a)[:, None] * t
            vals = self._eval([pts])
            j = np.argmax(vals, axis=1)
            best = vals[rows, j]
            done = np.max(b - a) <= _ZOOM_WIDTH * (hi - lo)
            width = (b - a) / (_ZOOM_POINTS - 1)
            centre = pts[rows, j]
            a, b = np.maximum(centre - width, lo), np.minimum(centre + width, hi)
            if done:
                break
        for k in np.argsort(-best, kind="stable")[:polish]:
            self._brent(float(a[k]), float(b[k]))
        for e0, e1 in itertools.pairwise(np.linspace(lo, hi, segments + 1)):
            self._brent(float(e0), float(e1))

    def _brent(self, a: float, b: float) -> None:
        # in an offset z = x - m: Brent's own tolerance is sqrt(eps) |z| + xatol / 3,
        # which in x itself (log K, about 20) would stop near 3e-7
        if b > a:
            m = 0.5 * (a + b)
            minimize_scalar(lambda z: self._scalar(m + z), bounds=(a - m, b - m),
                            method="bounded", options={"xatol": 1e-10 + 1e-9 * (b - a)})

    def _refine_box(self) -> None:
        bounds = list(zip(self.low.tolist(), self.high.tolist(), strict=True))

        def loss(z: Arr) -> float:
            return -float(self._eval([np.array(zi) for zi in z], record=False))

        # only the optimizer's results count: its finite-difference probes would make
        # the best response jitter by their step on a flat maximum
        for p in self.starts:
            res = minimize(loss, p, method="L-BFGS-B", bounds=bounds,
                           options={"ftol": 1e-15, "gtol": 1e-11})
            self._record(-float(res.fun), np.clip(res.x, self.low, self.high).tolist())
