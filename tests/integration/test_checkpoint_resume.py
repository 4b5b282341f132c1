"""An interrupted checkpointed sweep resumes without recomputing finished chunks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _sweep_models import ToyRace, slow_logged_measure

from blitzgame.analysis.sweep import ParameterGrid, sweep

TESTS = str(Path(__file__).resolve().parents[1])
GRID = {"market.prize": [float(v) for v in range(1, 9)], "market.cost": [1.0, 2.0, 3.0, 4.0, 5.0]}

SCRIPT = """
import sys
from _sweep_models import ToyRace, slow_logged_measure
from blitzgame.analysis.sweep import sweep
GRID = {grid!r}
sweep(ToyRace(), GRID, slow_logged_measure, checkpoint=sys.argv[1], chunksize=2, progress=False)
print("finished")
"""


def _key(point):
    return f"{point['market.prize']!r} {point['market.cost']!r}"


def _logged(path):
    return path.read_text().splitlines() if path.exists() else []


def test_killed_sweep_resumes_without_recomputing(tmp_path, monkeypatch):
    ckpt, log1, log2 = tmp_path / "ckpt", tmp_path / "run1.log", tmp_path / "run2.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [TESTS, os.environ.get(
        "PYTHONPATH")])), "SWEEP_LOG": str(log1), "SWEEP_SLEEP": "0.05"}
    err = tmp_path / "stderr.txt"
    with open(err, "wb") as errfh:
        proc = subprocess.Popen([sys.executable, "-c", SCRIPT.format(grid=GRID), str(ckpt)],
                                env=env, stdout=subprocess.DEVNULL, stderr=errfh)
    deadline = time.monotonic() + 60
    try:
        while len(list(ckpt.glob("chunk-*.npz"))) < 4:
            assert proc.poll() is None, err.read_text()
            assert time.monotonic() < deadline, "the sweep wrote no chunks"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    saved = sorted(ckpt.glob("chunk-*.npz"))
    n = len(ParameterGrid(GRID))
    done = set()
    for f in saved:  # chunk-<start>-<stop>.npz
        start, stop = (int(x) for x in f.stem.split("-")[1:])
        done.update(range(start, stop))
    assert 4 <= len(saved) and len(done) < n, "kill the sweep mid-way"

    monkeypatch.setenv("SWEEP_LOG", str(log2))
    monkeypatch.setenv("SWEEP_SLEEP", "0")
    resumed = sweep(ToyRace(), GRID, slow_logged_measure, checkpoint=ckpt, chunksize=2,
                    progress=False)
    points = list(ParameterGrid(GRID))
    recomputed = _logged(log2)
    assert not {_key(points[k]) for k in done} & set(recomputed), "finished chunks recomputed"
    assert sorted(recomputed) == sorted(_key(points[k]) for k in range(n) if k not in done)
    assert resumed.stats["resumed"] == len(done) and resumed.stats["computed"] == n - len(done)
    assert resumed.stats["checkpoint_rejected"] == {}

    monkeypatch.delenv("SWEEP_LOG")
    uninterrupted = sweep(ToyRace(), GRID, slow_logged_measure, progress=False)
    assert resumed == uninterrupted
    assert resumed.n_failed == 0


def test_different_arguments_are_refused_after_a_kill(tmp_path):
    sweep(ToyRace(), {"market.prize": [1.0, 2.0]}, "verdict", checkpoint=tmp_path, progress=False)
    with pytest.raises(ValueError, match="different sweep .*grid.*new checkpoint path"):
        sweep(ToyRace(), {"market.prize": [1.0, 3.0]}, "verdict", checkpoint=tmp_path,
              progress=False)
