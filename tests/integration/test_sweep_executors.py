"""Sweeps give the same SweepResult serially, on a process pool and on a Dask LocalCluster."""

from __future__ import annotations

import concurrent.futures as cf
import os
from pathlib import Path

import pytest
from _sweep_models import ToyRace, noisy_measure

from blitzgame.analysis.sweep import ParameterGrid, sweep

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
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ex = client.get_executor()
        for (measure, kw), exp in zip(CASES, expected, strict=True):
            got = sweep(ToyRace(), GRID, measure, progress=False, executor=ex, chunksize=4, **kw)
            assert got == exp


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
