"""Parameter sweeps: measure a model at every point of a grid, on any executor.

:func:`sweep` evaluates a *measure* (what to record: see
:mod:`blitzgame.analysis.measures`) at every point of a :class:`ParameterGrid`
(a mapping of dotted parameter names to values gives their product) and
returns a :class:`SweepResult` (``to_frame()``, ``to_xarray()``).

Algorithm
---------
1. The grid's flat point indices ``0 .. n-1`` are cut into contiguous chunks;
   the chunk size targets ~0.25 s of work per task (measured on a first,
   in-process probe chunk) unless ``chunksize`` is given.
2. A chunk is evaluated either *vectorized* -- when the model has
   ``batch_payoff_tensor(overrides)``, the measure is vectorized and every
   grid value is numeric, all the chunk's payoff tensors are built as one
   array of shape ``(B, n_0, ..., n_{N-1}, N)`` and the equilibrium questions
   answered on the batch axis -- or point by point through
   ``model.with_params(point).to_game()``.
3. Chunks run in-process (``executor=None``) or on any
   :class:`concurrent.futures.Executor`: a process pool, or a Dask cluster via
   ``Client.get_executor()``. At most a few chunks per worker are in flight,
   and each finished chunk is written straight into the final arrays, so
   memory beyond the results is O(chunk).
4. Results go back by index, and point ``k``'s random generator is child ``k``
   of the sweep's ``SeedSequence``, so the result does not depend on the
   executor, the chunking or the completion order.
5. A point that raises (or calls ``sys.exit()``) records its error
   (``SweepResult.errors``) and NaN or a fill value; ``on_error="raise"``
   stops the sweep instead. A point that kills its worker process is found
   by re-running the chunks that were in flight alone, and recorded as
   failed too; a broken executor is replaced by a fresh process pool owned by
   the sweep (see :mod:`blitzgame.analysis._sweep_drive`).
6. With ``checkpoint=PATH`` every finished chunk is saved, and the same call
   resumes an interrupted sweep; chunks are checked before use (see
   :mod:`blitzgame.analysis._checkpoint`).

Model protocol: ``with_params(mapping) -> model``, ``to_game() ->
NormalFormGame``, optionally ``parameter_names()`` (checked up front) and
``batch_payoff_tensor(overrides)`` (the vectorized path; it must raise on
invalid values, or return non-finite payoffs, which sends those points through
the per-point path where their errors are recorded).
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from .._validate import check_bool, check_positive_int
from ..exceptions import InvalidParameterError, SweepWarning
from ..results import version
from ._checkpoint import Checkpoint, digest, fingerprint
from ._grid import ParameterGrid
from ._sweep_drive import Driver
from ._sweep_result import SweepResult
from ._sweep_run import ChunkOutput, ChunkTask, Store, run_chunk
from .measures import Measure, get_measure

__all__ = ["sweep", "ParameterGrid", "SweepResult", "SweepWarning"]

_TARGET_SECONDS = 0.25


def _entropy(rng: Any) -> int | None:
    if rng is None:
        return None
    if isinstance(rng, (bool, np.bool_)):
        raise InvalidParameterError(f"rng must be None, an int, a SeedSequence or a Generator; "
                                    f"got {rng!r}")
    if isinstance(rng, (int, np.integer)):
        if rng < 0:
            raise InvalidParameterError(f"rng seed must be non-negative; got {rng}")
        return int(rng)
    if isinstance(rng, np.random.SeedSequence):
        state = rng.generate_state(4, dtype=np.uint32)
        return int(sum(int(w) << (32 * i) for i, w in enumerate(state)))
    if isinstance(rng, np.random.Generator):
        hi, lo = (int(x) for x in rng.integers(0, 2**63, size=2))
        return (hi << 63) | lo
    raise InvalidParameterError(
        f"rng must be None, an int, a SeedSequence or a Generator; got {type(rng).__name__}")


def _progress_bar(enabled: bool, total: int, initial: int, desc: str) -> Any:
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional: run silently
        return None
    in_notebook = "tqdm.notebook" in {c.__module__ for c in tqdm.__mro__}
    # an explicit `disable` would override tqdm's TQDM_DISABLE environment setting
    kw = {} if os.environ.get("TQDM_DISABLE") else {"disable": False if in_notebook else None}
    return tqdm(total=total, initial=initial, desc=desc, unit="pt", **kw)


def _check_names(model: Any, grid: ParameterGrid) -> None:
    names = getattr(model, "parameter_names", None)
    if names is None or not callable(names):
        return
    valid = tuple(names())
    bad = [p for p in grid.parameters if p not in valid]
    if bad:
        raise InvalidParameterError(
            f"unknown model parameters {bad} in grid; expected dotted names among {list(valid)}")


def _pieces(ranges: list[tuple[int, int]], size: int) -> Iterator[tuple[int, int]]:
    for a, b in ranges:
        for s in range(a, b, size):
            yield s, min(b, s + size)


def sweep(
    model: Any,
    grid: ParameterGrid | Mapping[str, Any],
    measure: str | Measure | Callable[..., Any],
    *,
    executor: cf.Executor | None = None,
    n_workers: int | None = None,
    chunksize: int | None = None,
    progress: bool = True,
    checkpoint: str | os.PathLike[str] | None = None,
    rng: int | np.random.Generator | np.random.SeedSequence | None = None,
    on_error: str = "record",
    vectorize: bool = True,
    measure_options: Mapping[str, Any] | None = None,
) -> SweepResult:
    """Measure a model at every point of a parameter grid.

    Parameters
    ----------
    model : model
        An object with ``with_params(mapping)`` and ``to_game()`` (e.g. a
        :class:`~blitzgame.model.RaceModel`); see the module docstring.
    grid : mapping or ParameterGrid
        ``{dotted_name: values}`` (the product is taken) or a grid with
        product/zipped axes.
    measure : str, Measure or callable
        A built-in measure's name (:func:`~blitzgame.analysis.measures.available_measures`)
        or a function ``f(model, game)`` returning a mapping of scalars (it may
        take an ``rng`` keyword: the point's own generator). Must be importable
        to run on a process pool or Dask.
    executor : concurrent.futures.Executor, optional
        Where chunks run; ``None`` runs in this process (or on a process pool
        of ``n_workers``). For Dask use ``client.get_executor()``. A given
        executor is not shut down. If it breaks (a worker process dies, its
        Dask client closes), the sweep warns and runs the remaining chunks on
        a fresh ``ProcessPoolExecutor`` of its own, of the same width (at most
        the CPU count); the points that killed workers are recorded in
        ``SweepResult.errors``.
    n_workers : int, optional
        Convenience: create (and shut down) a ``ProcessPoolExecutor`` of this size.
    chunksize : int, optional
        Grid points per task; default: sized for ~0.25 s per task.
    progress : bool
        Show a tqdm bar (a widget in Jupyter; off when stderr is not a
        terminal; silent if tqdm is not installed).
    checkpoint : path, optional
        Directory where finished chunks are saved; rerunning the same sweep
        resumes from it, computing only the missing points. Each chunk is an
        ``.npz`` file (no pickle) holding its values, errors and warnings, the
        sweep's fingerprint (model, grid, measure and options, ``on_error``,
        ``rng``, blitzgame version), the seed entropy and a SHA-256
        checksum. A chunk is used only if it is intact and its fingerprint is
        this sweep's; any other file -- damaged, truncated, from another
        sweep, overlapping, or a pickle -- is never loaded: a
        :class:`~blitzgame.exceptions.SweepWarning` names it, it moves to
        ``rejected/`` and its points are recomputed. A ``manifest.json`` from
        a different sweep raises ``InvalidParameterError`` instead. See
        :mod:`blitzgame.analysis._checkpoint`.
    rng : None, int, SeedSequence or Generator
        Seed of the per-point generators (SPEC 7). ``None``: fresh entropy,
        remembered by the checkpoint if there is one.
    on_error : {"record", "raise"}
        Record a failing point's error and go on (default), or stop: the first
        failure -- the measure's exception, its ``SystemExit``, or the loss of
        a worker (``BrokenProcessPool``, Dask's ``KilledWorker``) -- propagates.
        ``KeyboardInterrupt`` always propagates.
    vectorize : bool
        Use the vectorized path where it applies (default True).
    measure_options : mapping, optional
        Options of a measure given by name (e.g. ``{"blitz": "Blitz"}``).

    Returns
    -------
    SweepResult
        ``stats`` counts this run: ``computed`` and ``resumed`` points,
        ``crashed`` points (their worker died), ``checkpoint_rejected`` (file
        name -> reason) and ``executor_replaced`` (why, if it was).

    Raises
    ------
    InvalidParameterError
        Unknown parameter names or measure, bad options, or a checkpoint written
        by a different sweep.

    Warns
    -----
    SweepWarning
        A checkpoint chunk was rejected, a chunk could not be stored without
        pickle, or the executor broke and was replaced.

    Examples
    --------
    >>> import blitzgame as bg
    >>> class Chicken:  # a minimal model: hawk-dove with prize V and fight cost C
    ...     def __init__(self, V=2.0, C=6.0): self.V, self.C = V, C
    ...     def with_params(self, p): return Chicken(p.get("V", self.V), p.get("C", self.C))
    ...     def to_game(self):
    ...         V, C = self.V, self.C
    ...         return bg.NormalFormGame.from_bimatrix([[V / 2, 0], [V, (V - C) / 2]],
    ...             [[V / 2, V], [0, (V - C) / 2]], actions=(("Steady", "Blitz"),) * 2)
    >>> res = sweep(Chicken(), {"C": [1.0, 6.0]}, "verdict", progress=False)
    >>> list(res.values["verdict"])
    ['blitz_dominant', 'blitz_equilibrium']
    """
    grid = ParameterGrid.coerce(grid)
    if on_error not in ("record", "raise"):
        raise InvalidParameterError(f"on_error must be 'record' or 'raise'; got {on_error!r}")
    if chunksize is not None:
        chunksize = check_positive_int("chunksize", chunksize)
    if n_workers is not None:
        n_workers = check_positive_int("n_workers", n_workers)
    progress, vectorize = check_bool("progress", progress), check_bool("vectorize", vectorize)
    if checkpoint is not None and not isinstance(checkpoint, (str, os.PathLike)):
        raise InvalidParameterError(
            f"checkpoint must be a directory path (str or os.PathLike) or None; "
            f"got {type(checkpoint).__name__}")
    if measure_options is not None and not isinstance(measure_options, Mapping):
        raise InvalidParameterError(
            f"measure_options must be a mapping or None; got {type(measure_options).__name__}")
    if executor is not None and not isinstance(executor, cf.Executor):
        raise InvalidParameterError(
            f"executor must be a concurrent.futures.Executor (for Dask: client.get_executor()); "
            f"got {type(executor).__name__}")
    for attr in ("with_params", "to_game"):
        if not callable(getattr(model, attr, None)):
            raise InvalidParameterError(
                f"model must have a {attr}() method; got {type(model).__name__}")
    _check_names(model, grid)
    meas = get_measure(measure, **dict(measure_options or {}))
    vectorized = bool(vectorize and meas.vectorized and not meas.uses_rng and grid.is_numeric()
                      and callable(getattr(model, "batch_payoff_tensor", None)))
    entropy = _entropy(rng)
    n = len(grid)
    store = Store(n)
    cp = None
    if checkpoint is not None:
        fp = fingerprint(model, grid.canonical(), meas, on_error=on_error,
                         rng="fresh" if entropy is None else str(entropy),
                         vectorized=vectorized, version=version())
        cp = Checkpoint(checkpoint, fp, entropy, n)
        for out in cp.load():
            store.add(out)
        entropy = cp.entropy
    if entropy is None:
        entropy = int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    resumed = int(store.done.sum())
    t0 = time.perf_counter()
    bar = _progress_bar(progress, n, resumed, f"sweep {meas.name}")
    n_chunks = 0
    timing = [0.0, 0]  # seconds and points measured (to size chunks)

    def task(a: int, b: int) -> ChunkTask:
        return ChunkTask(model, grid, meas, a, b, entropy, on_error, vectorized)

    def done(out: ChunkOutput) -> None:
        nonlocal n_chunks
        store.add(out)
        store.computed += out.stop - out.start
        n_chunks += 1
        timing[0] += out.seconds
        timing[1] += out.stop - out.start
        if cp is not None:
            cp.write(out)
        if bar is not None:
            bar.update(out.stop - out.start)

    driver = None
    try:
        if executor is None and n_workers is not None:
            if not isinstance(n_workers, (int, np.integer)) or n_workers < 1:
                raise InvalidParameterError(f"n_workers must be a positive int; got {n_workers!r}")
            driver = Driver(cf.ProcessPoolExecutor(int(n_workers)), task, done,
                            on_error=on_error, owned=True)
        elif executor is not None:
            driver = Driver(executor, task, done, on_error=on_error, owned=False)

        def run(pieces: Iterator[tuple[int, int]]) -> None:
            if driver is None:
                for a, b in pieces:
                    done(run_chunk(task(a, b)))
            else:
                driver.run(pieces)

        ranges = store.missing_ranges()
        size = chunksize
        if size is None and ranges:  # probe: one small chunk, then size for ~0.25 s
            a, b = ranges[0]
            run(iter([(a, min(b, a + (256 if vectorized else 1)))]))
            per_point = max(timing[0], 1e-6) / max(timing[1], 1)
            lo, hi = (256, 1 << 16) if vectorized else (1, 4096)
            size = int(min(hi, max(lo, _TARGET_SECONDS / per_point)))
            ranges = store.missing_ranges()
        size = int(size or 1)
        run(_pieces(ranges, size))
    finally:
        if bar is not None:
            bar.close()
        if driver is not None:
            driver.close()
    attrs = {"blitzgame_version": version(), "model": _short(repr(model)),
             "model_digest": digest(model), "measure": meas.name, "entropy": str(entropy),
             "vectorized": int(vectorized), "python": sys.version.split()[0]}
    stats: dict[str, Any] = {
        "seconds": time.perf_counter() - t0, "chunks": n_chunks, "chunksize": size,
        "computed": store.computed, "resumed": resumed,
        "crashed": 0 if driver is None else driver.crashed,
        "checkpoint_rejected": {} if cp is None else dict(cp.rejected)}
    if driver is not None and driver.replaced:
        stats["executor_replaced"] = tuple(driver.replaced)
    return SweepResult(grid=grid, measure=meas.name, values=store.values, ok=store.ok,
                       errors=dict(sorted(store.errors.items())),
                       warnings=dict(sorted(store.warnings.items())), attrs=attrs, stats=stats)


def _short(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
