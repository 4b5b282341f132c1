"""Worker side of a sweep: evaluate one chunk of grid points, and collect chunks.

A chunk is a contiguous range ``[start, stop)`` of flat grid indices. It is
evaluated by :func:`run_chunk`, a module-level function (so process pools and
Dask can pickle it) that returns a :class:`ChunkOutput`: one array per measured
quantity, the indices that failed with their messages, and the warnings each
point raised (warnings do not cross process boundaries, so they travel in the
result). :class:`Store` writes chunk outputs into the sweep's final arrays, so
the driver never holds more than the chunks in flight.

A point whose measure raises an ``Exception`` or calls ``sys.exit()``
(``SystemExit``) is recorded as failed (``on_error="record"``) or re-raised
(``on_error="raise"``); ``KeyboardInterrupt`` always propagates.

Randomness: point ``k`` gets the generator of ``SeedSequence(entropy,
spawn_key=(k,))``, which is exactly the ``k``-th child of
``SeedSequence(entropy).spawn(n)``, so it depends on neither the chunking nor
the executor.
"""

from __future__ import annotations

import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from ..exceptions import SweepWarning
from ._grid import ParameterGrid, _plain
from .measures import Measure

__all__ = ["ChunkTask", "ChunkOutput", "run_chunk", "Store", "warn_user"]


@dataclass(frozen=True)
class ChunkTask:
    """Everything a worker needs to evaluate points ``start .. stop-1``."""

    model: Any
    grid: ParameterGrid
    measure: Measure
    start: int
    stop: int
    entropy: int
    on_error: str
    vectorized: bool


@dataclass
class ChunkOutput:
    """Results of one chunk; arrays have length ``stop - start``."""

    start: int
    stop: int
    values: dict[str, NDArray[Any]]
    ok: NDArray[np.bool_]
    errors: dict[int, str] = field(default_factory=dict)
    warnings: dict[int, tuple[str, ...]] = field(default_factory=dict)
    seconds: float = 0.0


def point_rng(entropy: int, k: int) -> np.random.Generator:
    """The generator of grid point ``k``: child ``k`` of ``SeedSequence(entropy)``."""
    return np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(k,)))


def _column(vals: list[Any], ok: NDArray[np.bool_]) -> NDArray[Any]:
    """One measured quantity as an array; failed or missing points get a fill value."""
    present = [v for v, good in zip(vals, ok, strict=True) if good and v is not _MISSING]
    dtype: Any
    fill: bool | float | None
    if present and all(isinstance(v, (bool, np.bool_)) for v in present):
        dtype, fill = bool, False
    elif present and all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
                         for v in present):
        dtype, fill = np.int64, 0
    elif all(isinstance(v, (int, float, np.integer, np.floating)) for v in present):
        dtype, fill = np.float64, np.nan
    else:
        dtype, fill = object, None
    out = np.empty(len(vals), dtype=dtype)
    for j, (v, good) in enumerate(zip(vals, ok, strict=True)):
        out[j] = v if good and v is not _MISSING else fill
    return out


_MISSING = object()


def _eval_point(task: ChunkTask, k: int, params: dict[str, Any]) -> dict[str, Any]:
    model = task.model.with_params(params) if params else task.model
    game = model.to_game()
    rng = point_rng(task.entropy, k) if task.measure.uses_rng else None
    return task.measure.point(model, game, rng)


def _per_point(task: ChunkTask, start: int, stop: int, out: ChunkOutput) -> None:
    cols = task.grid.columns(start, stop)
    rows: list[dict[str, Any] | None] = []
    for j in range(stop - start):
        k = start + j
        params = {p: _plain(v[j]) for p, v in cols.items()}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                rows.append(_eval_point(task, k, params))
            except (Exception, SystemExit) as err:  # not KeyboardInterrupt
                if task.on_error == "raise":
                    raise
                rows.append(None)
                out.ok[k - out.start] = False
                out.errors[k] = (f"SystemExit: the measure called sys.exit({err.code!r})"
                                 if isinstance(err, SystemExit) else f"{type(err).__name__}: {err}")
        if caught:
            out.warnings[k] = tuple(f"{w.category.__name__}: {w.message}" for w in caught)
    keys: list[str] = []
    for r in rows:
        for key in r or ():
            if key not in keys:
                keys.append(key)
    ok = np.array([r is not None for r in rows], dtype=bool)
    for key in keys:
        vals = [(r.get(key, _MISSING) if r is not None else _MISSING) for r in rows]
        col = _column(vals, ok)
        if stop - start == len(out.ok):
            out.values[key] = col
        elif key in out.values:  # one point redone after the batch path: fill its slot
            dest = out.values[key]
            if dest.dtype != col.dtype and dest.dtype != object:
                dest = out.values[key] = dest.astype(
                    np.result_type(dest.dtype, col.dtype) if col.dtype != object else object)
            dest[start - out.start:stop - out.start] = col


def _vectorized(task: ChunkTask, out: ChunkOutput) -> bool:
    """Try the batch path; False (and nothing written) if it does not apply."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cols = task.grid.columns(task.start, task.stop)
            overrides = {p: np.asarray(v, dtype=np.float64) for p, v in cols.items()}
            payoffs = np.asarray(task.model.batch_payoff_tensor(overrides), dtype=np.float64)
            finite = cast("NDArray[np.bool_]",
                          np.isfinite(payoffs.reshape(payoffs.shape[0], -1)).all(axis=1))
            values = task.measure.batch(task.model, payoffs, task.model.to_game(), overrides)
    except (Exception, SystemExit):  # the per-point path records (or raises) the error
        return False
    if caught:  # attribute batch warnings to the chunk's first point
        out.warnings[task.start] = tuple(f"{w.category.__name__}: {w.message}" for w in caught)
    values = dict(values)
    redo = np.asarray(values.pop("_redo", np.zeros(len(finite), dtype=bool)), dtype=bool)
    out.values = {k: np.asarray(v) for k, v in values.items()}
    bad = np.flatnonzero(~finite | redo)
    # recompute one by one the points with non-finite payoffs (records their errors) and
    # those the batch measure could not answer with certainty (e.g. degenerate games)
    for j in bad:
        k = task.start + int(j)
        _per_point(task, k, k + 1, out)
    return True


def run_chunk(task: ChunkTask) -> ChunkOutput:
    """Evaluate one chunk of grid points (module level so that it can be pickled)."""
    t0 = time.perf_counter()
    n = task.stop - task.start
    out = ChunkOutput(task.start, task.stop, {}, np.ones(n, dtype=bool))
    if not (task.vectorized and _vectorized(task, out)):
        out.values = {}
        _per_point(task, task.start, task.stop, out)
    out.seconds = time.perf_counter() - t0
    return out


def warn_user(message: str, category: type[Warning] = SweepWarning) -> None:
    """Warn, attributing the warning to the first caller outside ``blitzgame.analysis``."""
    level = 2
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith(
            "blitzgame.analysis"):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def describe_error(err: BaseException) -> str:
    """A one-line description of an exception, with its last frame."""
    tb = traceback.extract_tb(err.__traceback__)
    where = f" ({tb[-1].filename}:{tb[-1].lineno})" if tb else ""
    return f"{type(err).__name__}: {err}{where}"


class Store:
    """The sweep's final arrays, filled chunk by chunk.

    A quantity's dtype is the common type of every chunk's values (bool < int <
    float < object), whatever order the chunks finish in. Failed points hold a
    fill value (False, 0, NaN or None) and are marked in ``ok``; a measure
    should report the same quantities at every point (a quantity missing at a
    successful point also reads as the fill value).
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.values: dict[str, NDArray[Any]] = {}
        self.ok = np.ones(n, dtype=bool)
        self.done = np.zeros(n, dtype=bool)
        self.errors: dict[int, str] = {}
        self.warnings: dict[int, tuple[str, ...]] = {}
        self.computed = 0  # points computed in this run (not loaded from a checkpoint)

    def _slot(self, key: str, col: NDArray[Any]) -> NDArray[Any]:
        arr = self.values.get(key)
        if arr is None:
            fill = {"b": False, "i": 0, "u": 0, "f": np.nan}.get(col.dtype.kind, None)
            # The dtype depends only on the values, never on the order chunks arrive in;
            # points that failed keep the fill value and are masked by ``ok``.
            dtype = col.dtype if col.dtype.kind in "biuf" else np.dtype(object)
            arr = np.full(self.n, fill, dtype=dtype)
            self.values[key] = arr
            return arr
        if arr.dtype != col.dtype and arr.dtype != object:
            if col.dtype.kind in "biuf" and arr.dtype.kind in "biuf":
                new = np.result_type(arr.dtype, col.dtype)
            else:
                new = np.dtype(object)
            if new != arr.dtype:
                arr = arr.astype(new)
                self.values[key] = arr
        return arr

    def add(self, out: ChunkOutput) -> None:
        """Write a chunk's results into the final arrays."""
        sl = slice(out.start, out.stop)
        for key, col in out.values.items():
            self._slot(key, col)[sl] = col
        self.ok[sl] = out.ok
        self.done[sl] = True
        self.errors.update(out.errors)
        self.warnings.update(out.warnings)

    def missing_ranges(self) -> list[tuple[int, int]]:
        """Maximal ranges ``[a, b)`` of points not yet done."""
        todo = np.flatnonzero(~self.done)
        if todo.size == 0:
            return []
        breaks = np.flatnonzero(np.diff(todo) > 1)
        starts = np.concatenate([[todo[0]], todo[breaks + 1]])
        stops = np.concatenate([todo[breaks], [todo[-1]]]) + 1
        return [(int(a), int(b)) for a, b in zip(starts, stops, strict=True)]
