"""Sweeps give the same SweepResult serially, on a process pool and on a Dask LocalCluster.

A worker that dies (``os._exit``, a Dask ``KilledWorker``) or a lost executor
costs only the point that killed it: the rest equals a serial run.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import re
import types
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

import pytest
from _sweep_models import (
    CRASH_POINT,
    ToyRace,
    exiting_measure,
    noisy_measure,
    raising_measure,
    sys_exit_measure,
)

from blitzgame.analysis import _sweep_drive
from blitzgame.analysis.sweep import ParameterGrid, sweep
from blitzgame.exceptions import SweepWarning

TESTS = str(Path(__file__).resolve().parents[1])
GRID = ParameterGrid({"market.prize": [0.5, 2.0, 4.0, 8.0, 16.0],
                      "market.cost": [0.5, 1.0, 3.0, 6.0]}) * ParameterGrid.zip(
    {"market.niche": [0.0, 1.0], "firms.a.edge": [0.0, 0.5]}, name="defence")
CASES = [("verdict", {"vectorize": True}), ("verdict", {"vectorize": False}),
         (noisy_measure, {"rng": 5})]
IDS = ["verdict-batch", "verdict-per-point", "user-rng"]


def _serial(measure, kw):
    return sweep(ToyRace(), GRID, measure, progress=False, chunksize=3, **kw)


@pytest.mark.parametrize(("measure", "kw"), CASES, ids=IDS)
def test_process_pool_equals_serial(measure, kw):
    serial = _serial(measure, kw)
    with cf.ProcessPoolExecutor(2) as pool:
        par = sweep(ToyRace(), GRID, measure, progress=False, executor=pool, chunksize=2, **kw)
    assert par == serial
    owned = sweep(ToyRace(), GRID, measure, progress=False, n_workers=2, **kw)
    assert owned == serial


def test_thread_pool_equals_serial():
    serial = _serial("critical_discount", {})
    with cf.ThreadPoolExecutor(3) as pool:
        assert sweep(ToyRace(), GRID, "critical_discount", progress=False, executor=pool,
                     chunksize=1) == serial


def test_dask_local_cluster_equals_serial(monkeypatch):
    distributed = pytest.importorskip("distributed")
    # spawned worker processes must import the test models
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [TESTS,
                                                                   os.environ.get("PYTHONPATH")])))
    expected = [_serial(m, kw) for m, kw in CASES]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        ex = client.get_executor()
        for (measure, kw), exp in zip(CASES, expected, strict=True):
            got = sweep(ToyRace(), GRID, measure, progress=False, executor=ex, chunksize=4, **kw)
            assert got == exp


def test_dask_worker_killed_by_a_point_costs_only_that_point(monkeypatch):
    distributed = pytest.importorskip("distributed")
    dask = pytest.importorskip("dask")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [TESTS,
                                                                   os.environ.get("PYTHONPATH")])))
    twin = _twin()
    # one death fails a task (default: 4), so the test needs few worker restarts
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        got = sweep(ToyRace(), CRASH_GRID, exiting_measure, progress=False,
                    executor=client.get_executor(), chunksize=1)
    _equal_but_the_crash(got, twin, r"WorkerCrashed: the worker process died \(exit code 1\)")


def test_failures_travel_back_from_workers():
    grid = {"market.prize": [1.0, 2.0], "market.cost": [1.0, -1.0, 2.0]}
    serial = sweep(ToyRace(), grid, "verdict", progress=False, vectorize=False)
    with cf.ProcessPoolExecutor(2) as pool:
        par = sweep(ToyRace(), grid, "verdict", progress=False, executor=pool, chunksize=1,
                    vectorize=False)
    assert par == serial and sorted(par.errors) == [1, 4]


def test_on_error_raise_propagates_from_pool():
    with cf.ProcessPoolExecutor(2) as pool, pytest.raises(ValueError, match="cost must be"):
        sweep(ToyRace(), {"market.cost": [1.0, -1.0, 2.0]}, "verdict", progress=False,
              executor=pool, chunksize=1, on_error="raise", vectorize=False)


# ---------------------------------------------------------------------------- dying workers
CRASH_GRID = {"market.prize": [1.0, 2.0, 3.0, 4.0], "market.cost": [1.0, 2.0, 3.0]}
CRASH_K = 7  # CRASH_POINT = (3.0, 2.0)


def _twin():
    """The serial run of a measure that raises where the crashing ones crash."""
    twin = sweep(ToyRace(), CRASH_GRID, raising_measure, progress=False, chunksize=2)
    assert list(twin.errors) == [CRASH_K] and ParameterGrid(CRASH_GRID).point(CRASH_K) == {
        "market.prize": CRASH_POINT[0], "market.cost": CRASH_POINT[1]}
    return twin


def _equal_but_the_crash(got, twin, match):
    assert list(got.errors) == [CRASH_K] and re.search(match, got.errors[CRASH_K]), got.errors
    assert replace(got, measure=twin.measure, errors=twin.errors) == twin


def test_worker_crash_in_user_pool_is_recorded_and_the_sweep_goes_on(tmp_path):
    twin = _twin()
    with cf.ProcessPoolExecutor(2) as pool:
        with pytest.warns(SweepWarning, match="BrokenProcessPool.*fresh process pool of 2"):
            got = sweep(ToyRace(), CRASH_GRID, exiting_measure, progress=False, executor=pool,
                        chunksize=2, checkpoint=tmp_path)
    _equal_but_the_crash(got, twin, r"WorkerCrashed: .*died \(exit code 1\)")
    assert got.stats["crashed"] == 1 and len(got.stats["executor_replaced"]) == 1
    # the crash is checkpointed like any failure: a resumed sweep recomputes nothing
    again = sweep(ToyRace(), CRASH_GRID, exiting_measure, progress=False, n_workers=2,
                  checkpoint=tmp_path)
    assert again == got and again.stats["computed"] == 0


def test_worker_crash_in_owned_pool_is_recorded():
    twin = _twin()
    with pytest.warns(SweepWarning, match="worker process died"):
        got = sweep(ToyRace(), CRASH_GRID, exiting_measure, progress=False, n_workers=2,
                    chunksize=3)
    _equal_but_the_crash(got, twin, "exit code 1")


def test_sys_exit_in_a_worker_is_a_recorded_failure():
    serial = sweep(ToyRace(), CRASH_GRID, sys_exit_measure, progress=False)
    assert serial.errors == {CRASH_K: "SystemExit: the measure called sys.exit(3)"}
    with cf.ProcessPoolExecutor(2) as pool:
        par = sweep(ToyRace(), CRASH_GRID, sys_exit_measure, progress=False, executor=pool,
                    chunksize=2)
    assert par == serial and "executor_replaced" not in par.stats
    _equal_but_the_crash(par, _twin(), "SystemExit")


def test_worker_crash_raises_with_on_error_raise():
    with cf.ProcessPoolExecutor(2) as pool, pytest.raises(BrokenProcessPool):
        sweep(ToyRace(), CRASH_GRID, exiting_measure, progress=False, executor=pool,
              chunksize=2, on_error="raise")


class KilledWorker(Exception):
    """Stands in for ``distributed.scheduler.KilledWorker`` (recognised by its name)."""


class DyingWorkersExecutor(cf.Executor):
    """Runs tasks inline; one holding point ``k`` fails as when Dask's workers all died on it."""

    _max_workers = 2

    def __init__(self, k):
        self.k, self.ranges = k, []

    def submit(self, fn, /, *args, **kwargs):
        (task,) = args
        self.ranges.append((task.start, task.stop))
        fut = cf.Future()
        if task.start <= self.k < task.stop:
            fut.set_exception(KilledWorker("Attempted to run task on 4 different workers, "
                                           "but all those workers died while running it.\nMore"))
        else:
            fut.set_result(fn(task))
        return fut


def test_killed_dask_task_is_split_and_its_point_run_alone():
    """A point that is only a bystander of the worker deaths is measured alone, here."""
    ex = DyingWorkersExecutor(CRASH_K)
    got = sweep(ToyRace(), CRASH_GRID, raising_measure, progress=False, executor=ex, chunksize=4)
    assert got == _twin()  # the lone run measured it (and recorded the measure's own error)
    assert [r for r in ex.ranges if r[0] <= CRASH_K < r[1]] == [(4, 8), (6, 8), (7, 8)]
    assert "executor_replaced" not in got.stats  # the executor itself still works


def test_killed_dask_task_that_crashes_alone_is_recorded():
    ex = DyingWorkersExecutor(CRASH_K)  # never runs the crash point in this process
    got = sweep(ToyRace(), CRASH_GRID, exiting_measure, progress=False, executor=ex, chunksize=4)
    _equal_but_the_crash(got, _twin(), r"WorkerCrashed: the worker process died \(exit code 1\)")
    assert got.stats["crashed"] == 1


class LostClientExecutor(cf.Executor):
    """Dask-like: after three tasks its client closes, and its futures never finish."""

    _max_workers = 2

    def __init__(self):
        self._client, self.n = types.SimpleNamespace(status="running"), 0

    def submit(self, fn, /, *args, **kwargs):
        self.n += 1
        if self.n > 3:
            self._client.status = "closed"
        fut = cf.Future()
        if self._client.status == "running":
            fut.set_result(fn(*args))
        return fut  # else pending forever


def test_futures_of_a_lost_client_are_rerun_on_a_fresh_pool(monkeypatch):
    monkeypatch.setattr(_sweep_drive, "POLL_SECONDS", 0.02)
    serial = _serial("verdict", {"vectorize": False})
    with pytest.warns(SweepWarning, match="Dask client is closed.*fresh process pool"):
        got = sweep(ToyRace(), GRID, "verdict", progress=False, executor=LostClientExecutor(),
                    chunksize=3, vectorize=False)
    assert got == serial and got.stats["executor_replaced"] == ("its Dask client is closed",)


class NoValidWorkerError(Exception):
    """Stands in for Dask's error after ``distributed.scheduler.no-workers-timeout``."""


class NoWorkersExecutor(cf.Executor):
    """Runs tasks inline, except the second one, which no worker ever picked up."""

    _max_workers = 2

    def __init__(self):
        self.n = 0

    def submit(self, fn, /, *args, **kwargs):
        self.n += 1
        fut = cf.Future()
        if self.n == 2:
            fut.set_exception(NoValidWorkerError("no workers for 600 s"))
        else:
            fut.set_result(fn(*args))
        return fut


def test_task_no_worker_took_runs_on_a_fresh_pool():
    serial = _serial("verdict", {"vectorize": False})
    with pytest.warns(SweepWarning, match="dropped .*NoValidWorkerError"):
        got = sweep(ToyRace(), GRID, "verdict", progress=False, executor=NoWorkersExecutor(),
                    chunksize=3, vectorize=False)
    assert got == serial and got.n_failed == 0
