"""Run a sweep's chunks on an executor, and survive workers that die.

:class:`Driver` submits one task per chunk, keeps at most ``2 * width + 2``
in flight, and hands each finished chunk to the sweep. A measure's own errors
never reach it (the worker records them, see :mod:`._sweep_run`); what does
is the loss of a task:

* **A worker process dies** (``os._exit``, a segfault, the OOM killer):
  a :class:`~concurrent.futures.ProcessPoolExecutor` breaks, and every chunk
  in flight fails with ``BrokenProcessPool`` -- the culprit among them is
  unknown. Each of those chunks is run again *alone*, in a fresh
  single-worker process pool (up to ``width`` at a time); a chunk that kills
  its lone worker is split in halves until the point that does it is found.
  That point is recorded as failed (``SweepResult.errors``: ``"WorkerCrashed:
  ..."`` with the exit code) and the sweep goes on. A broken pool cannot be
  used again, so the remaining chunks run on a **fresh process pool owned by
  the sweep** (same width, at most the number of CPUs; same start method and
  initializer when the broken one was a ``ProcessPoolExecutor``), shut down
  when the sweep ends. A user's executor is never shut down, broken or not.
* **A Dask worker dies**: Dask reruns the task elsewhere and, after
  ``distributed.scheduler.allowed-failures`` deaths (default 3), fails it with
  ``KilledWorker`` -- the task that killed the worker, and sometimes a task
  that only shared it. The executor still works, so the chunk is split in
  halves on it, down to single points; such a point is then run once more
  alone in a fresh single-worker process pool here, which either measures it
  (it was a bystander) or pins the crash on it, as above.
* **The executor is lost**: a future is cancelled or fails with Dask's
  ``NoValidWorkerError``, or a Dask client closes or reconnects to its
  scheduler (which cancels its futures, and can leave the
  ``concurrent.futures`` futures of ``Client.get_executor()`` pending
  forever: its result-forwarding callback gives up when fetching a finished
  result fails). The driver checks the client whenever no future has
  finished for :data:`POLL_SECONDS`; the chunks in flight then run again on a
  fresh process pool owned by the sweep, as above.

Each of these gives one :class:`~blitzgame.exceptions.SweepWarning`. Chunks
give the same values wherever they run, so the result equals a serial run's
except at the points recorded as crashed. With ``on_error="raise"`` the
first lost task raises its exception instead.

Tasks that never finish while their executor looks healthy (a Dask task
waiting for a worker that never comes: ``no-workers-timeout`` is off by
default) are not abandoned, since a slow task looks the same: set Dask's
``distributed.scheduler.no-workers-timeout`` (e.g. ``"10 minutes"``) to make
them fail with ``NoValidWorkerError``; they then run here as above.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._sweep_run import ChunkOutput, ChunkTask, run_chunk, warn_user

__all__ = ["Driver", "POLL_SECONDS", "width_of"]

#: Seconds without a finished future after which the driver checks that its executor lives.
POLL_SECONDS = 1.0


def width_of(executor: cf.Executor) -> int:
    """Number of workers of an executor (``os.cpu_count()`` if it does not say)."""
    n = getattr(executor, "_max_workers", None)
    client = getattr(executor, "_client", None)
    if n is None and client is not None:
        try:
            n = sum(client.nthreads().values())
        except Exception:  # pragma: no cover - unexpected client API
            n = None
    return max(1, int(n or os.cpu_count() or 1))


def _is_crash(err: BaseException) -> bool:
    """True if the task was lost because a worker died (not because the measure raised)."""
    return isinstance(err, BrokenProcessPool) or type(err).__name__ == "KilledWorker"


def _is_dropped(err: BaseException) -> bool:
    """True if the executor gave the task up without running it to the end."""
    return isinstance(err, cf.CancelledError) or type(err).__name__ == "NoValidWorkerError"


def _lost(executor: cf.Executor, comm: Any) -> str | None:
    """Why ``executor`` can no longer finish the futures it holds, or None."""
    client = getattr(executor, "_client", None)
    if client is None:
        return None
    status = str(getattr(client, "status", "running"))
    if status in ("closing", "closed", "failed"):
        return f"its Dask client is {status}"
    if comm is not None and getattr(client, "scheduler_comm", comm) is not comm:
        return "its Dask client lost the connection to the scheduler (which cancels its tasks)"
    return None


def _pool_options(executor: cf.Executor) -> dict[str, Any]:
    if not isinstance(executor, cf.ProcessPoolExecutor):
        return {}
    return {"mp_context": getattr(executor, "_mp_context", None),
            "initializer": getattr(executor, "_initializer", None),
            "initargs": getattr(executor, "_initargs", ())}


def _exit_text(codes: list[int | None]) -> str:
    for code in codes:
        if code is not None and code < 0:
            try:
                return f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        if code:
            return f"exit code {code}"
    return "exit code unknown"


@dataclass(frozen=True)
class _Job:
    start: int
    stop: int
    alone: bool = False  # run alone in a fresh single-worker pool, to pin a crash on it
    cause: str = ""  # why a point is run alone after its remote workers died


@dataclass
class _Running:
    job: _Job
    executor: cf.Executor
    procs: list[Any]


class Driver:
    """Runs chunk tasks on an executor (see the module docstring).

    Parameters
    ----------
    executor : concurrent.futures.Executor
        Where chunks run.
    make_task : callable
        ``(start, stop) -> ChunkTask``.
    done : callable
        Receives each finished :class:`ChunkOutput` (including one-point
        outputs for points recorded as crashed).
    on_error : {"record", "raise"}
        ``"raise"``: a lost task raises instead of being recovered.
    owned : bool
        Whether the driver shuts ``executor`` down in :meth:`close`.
    """

    def __init__(self, executor: cf.Executor, make_task: Callable[[int, int], ChunkTask],
                 done: Callable[[ChunkOutput], None], *, on_error: str, owned: bool) -> None:
        self.executor = executor
        self.make_task = make_task
        self.done = done
        self.on_error = on_error
        self.owned = owned
        self.width = width_of(executor)
        self.max_pending = 2 * self.width + 2
        self.pool_options = _pool_options(executor)
        self.comm = getattr(getattr(executor, "_client", None), "scheduler_comm", None)
        self.crashed = 0  # points recorded as crashed
        self.replaced: list[str] = []  # why each executor was replaced by a fresh pool
        self._idle: list[cf.ProcessPoolExecutor] = []  # single-worker pools ready for use

    # ------------------------------------------------------------------ executors
    def _replace(self, reason: str) -> None:
        """Go on with a fresh process pool owned by the sweep."""
        if self.owned:
            self.executor.shutdown(wait=False, cancel_futures=True)
        width = min(self.width, os.cpu_count() or 1)
        if not self.replaced:
            warn_user(f"the sweep's executor {type(self.executor).__name__} failed ({reason}); "
                      f"the remaining chunks run on a fresh process pool of {width} workers "
                      f"owned by the sweep")
        self.replaced.append(reason)
        self.executor = cf.ProcessPoolExecutor(width, **self.pool_options)
        self.owned = True
        self.comm = None

    def close(self) -> None:
        """Shut down the pools the driver owns."""
        for pool in self._idle:
            pool.shutdown(wait=True)
        self._idle.clear()
        if self.owned:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def _submit(self, job: _Job, pending: dict[cf.Future[ChunkOutput], _Running]) -> None:
        task = self.make_task(job.start, job.stop)
        if job.alone:
            pool = self._idle.pop() if self._idle else cf.ProcessPoolExecutor(
                1, **self.pool_options)
            fut = pool.submit(run_chunk, task)
            procs = list((getattr(pool, "_processes", None) or {}).values())
            pending[fut] = _Running(job, pool, procs)
            return
        for _ in range(3):
            try:
                pending[self.executor.submit(run_chunk, task)] = _Running(job, self.executor, [])
                return
            except BrokenProcessPool as err:
                reason = f"{type(err).__name__}: {err}"
            except Exception:
                lost = _lost(self.executor, self.comm)
                if lost is None:
                    raise
                reason = lost
            self._replace(reason)
        raise RuntimeError("could not submit a sweep chunk to a fresh process pool")

    # ------------------------------------------------------------------ the loop
    def run(self, pieces: Iterator[tuple[int, int]]) -> None:
        """Run the chunks ``pieces`` yields, and every chunk a lost task leaves behind."""
        retry: collections.deque[_Job] = collections.deque()  # before new pieces
        alone: collections.deque[_Job] = collections.deque()
        pending: dict[cf.Future[ChunkOutput], _Running] = {}
        fresh: Iterator[tuple[int, int]] | None = pieces
        try:
            while True:
                n_main = sum(1 for r in pending.values() if not r.job.alone)
                while n_main < self.max_pending and (retry or fresh is not None):
                    if retry:
                        job = retry.popleft()
                    else:
                        nxt = next(fresh, None) if fresh is not None else None
                        if nxt is None:
                            fresh = None
                            break
                        job = _Job(*nxt)
                    self._submit(job, pending)
                    n_main += 1
                n_alone = len(pending) - n_main
                while alone and n_alone < self.width:
                    self._submit(alone.popleft(), pending)
                    n_alone += 1
                if not pending:
                    return
                finished, _ = cf.wait(pending, timeout=POLL_SECONDS,
                                      return_when=cf.FIRST_COMPLETED)
                if not finished:
                    self._check(pending, retry)
                    continue
                for fut in finished:
                    run = pending.pop(fut)
                    try:
                        out = fut.result()
                    except BaseException as err:
                        self._lost_task(run, err, retry, alone)
                    else:
                        if run.job.alone:
                            self._idle.append(run.executor)  # type: ignore[arg-type]
                        self.done(out)
        except BaseException:
            for fut, run in pending.items():
                fut.cancel()
                if run.job.alone:
                    run.executor.shutdown(wait=False, cancel_futures=True)
            raise

    def _check(self, pending: dict[cf.Future[ChunkOutput], _Running],
               retry: collections.deque[_Job]) -> None:
        """Move the chunks of a lost executor to a fresh pool (their futures may never finish)."""
        reason = _lost(self.executor, self.comm)
        if reason is None:
            return
        if self.on_error == "raise":
            raise RuntimeError(f"the sweep's executor failed: {reason}")
        for fut in [f for f, r in pending.items() if r.executor is self.executor]:
            fut.cancel()
            run = pending.pop(fut)
            retry.append(_Job(run.job.start, run.job.stop))
        self._replace(reason)

    def _record(self, job: _Job, message: str) -> None:
        """Record the point of a one-point job as crashed."""
        self.crashed += 1
        self.done(ChunkOutput(job.start, job.stop, {}, np.zeros(1, dtype=bool),
                              {job.start: message}))

    def _lost_task(self, run: _Running, err: BaseException, retry: collections.deque[_Job],
                   alone: collections.deque[_Job]) -> None:
        job = run.job
        crash = _is_crash(err)
        if self.on_error == "raise":
            raise err
        mid = (job.start + job.stop) // 2
        if job.alone:
            run.executor.shutdown(wait=True)  # broken, or in doubt: never reused
            if not crash:
                if job.cause:  # could not be re-run here: keep what the remote workers said
                    self._record(job, f"{job.cause}; re-running it here failed: "
                                      f"{type(err).__name__}: {err}")
                    return
                raise err
            if job.stop - job.start == 1:
                codes = [getattr(p, "exitcode", None) for p in run.procs]
                self._record(job, f"WorkerCrashed: the worker process died ({_exit_text(codes)}) "
                                  f"while measuring this point alone")
                return
            alone.extend([_Job(job.start, mid, True), _Job(mid, job.stop, True)])
            return
        if _is_dropped(err):  # dropped by the executor: nothing is known about its points
            if run.executor is self.executor:
                self._replace(f"a task was dropped ({type(err).__name__}: {err})")
            retry.append(_Job(job.start, job.stop))
            return
        if not crash:
            raise err
        if isinstance(err, BrokenProcessPool):  # a bystander or the culprit: run it alone
            if run.executor is self.executor:
                self._replace(f"a worker process died: {type(err).__name__}: {err}")
            alone.append(_Job(job.start, job.stop, alone=True))
        elif job.stop - job.start == 1:  # e.g. Dask's KilledWorker: confirm it alone
            first = str(err).splitlines()[0] if str(err) else ""
            alone.append(_Job(job.start, job.stop, True,
                              f"WorkerCrashed: the workers died each time they measured this "
                              f"point ({type(err).__name__}: {first})"))
        else:  # the executor still works: halve the chunk on it
            retry.extend([_Job(job.start, mid), _Job(mid, job.stop)])
