"""Checkpoints a user can trust: nothing foreign is used, nothing finished is recomputed.

Each test damages a finished checkpoint in one way -- an interrupted run, a
flipped byte, a truncated file, a chunk swapped in from another sweep, a
deleted manifest, an overlapping chunk, a planted pickle -- resumes, and
checks from the measure's call log that exactly the points of the chunks that
were not used are computed again, and that the result equals an uninterrupted
sweep's.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import struct
import zipfile

import numpy as np
import pytest
from _sweep_models import ToyRace, logged_measure, point_key

from blitzgame.analysis.sweep import ParameterGrid, sweep
from blitzgame.exceptions import SweepWarning

GRID = {"market.prize": [float(v) for v in range(1, 9)], "market.cost": [1.0, 2.0, 3.0, 4.0, 5.0]}
POINTS = [point_key(p) for p in ParameterGrid(GRID)]  # 40 points: chunks of 4 -> 10 files


def chunk(start, stop):
    return f"chunk-{start:012d}-{stop:012d}.npz"


@pytest.fixture
def calls(tmp_path, monkeypatch):
    """calls() -> the points measured since the last call (from the measure's log)."""
    log = tmp_path / "calls.log"
    monkeypatch.setenv("SWEEP_LOG", str(log))

    def read():
        lines = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return lines

    return read


def run(ckpt, grid=GRID, model=None, measure=logged_measure, rng=0, chunksize=4):
    return sweep(model or ToyRace(), grid, measure, checkpoint=ckpt, chunksize=chunksize,
                 rng=rng, progress=False)


@pytest.fixture
def finished(tmp_path, calls):
    """A finished checkpoint; returns (its path, the result)."""
    ckpt = tmp_path / "ckpt"
    res = run(ckpt)
    assert sorted(calls()) == sorted(POINTS) and res.n_failed == 0
    assert len(list(ckpt.glob("chunk-*.npz"))) == 10
    return ckpt, res


def points(start, stop):
    return sorted(POINTS[start:stop])


def resume_expecting(ckpt, calls, expected, recomputed, rejected=(), match=None, **kw):
    """Resume; check the warnings, the recomputed points and the result."""
    if rejected:
        with pytest.warns(SweepWarning, match=match) as record:
            res = run(ckpt, **kw)
        messages = " ".join(str(w.message) for w in record)
        for name in rejected:
            assert name in messages
    else:
        res = run(ckpt, **kw)
    assert sorted(calls()) == sorted(recomputed)
    assert set(res.stats["checkpoint_rejected"]) == set(rejected)
    assert res.stats["computed"] == len(recomputed)
    assert res == expected
    for name in rejected:
        assert (ckpt / "rejected" / name).exists()
    return res


# ---------------------------------------------------------------------------- interrupted
def test_interrupted_sweep_resumes_without_recomputing(tmp_path, calls, monkeypatch):
    expected = sweep(ToyRace(), GRID, logged_measure, rng=0, progress=False)
    calls()
    ckpt = tmp_path / "ckpt"
    monkeypatch.setenv("SWEEP_STOP", POINTS[17])
    with pytest.raises(KeyboardInterrupt):
        run(ckpt)
    assert sorted(calls()) == points(0, 17)
    assert sorted(f.name for f in ckpt.glob("chunk-*")) == [chunk(a, a + 4) for a in (0, 4, 8, 12)]
    monkeypatch.delenv("SWEEP_STOP")
    res = resume_expecting(ckpt, calls, expected, POINTS[16:])
    assert res.stats["resumed"] == 16


# ---------------------------------------------------------------------------- damaged chunks
def _flip_last_byte(path, member):
    """Flip one bit in the last byte of an archive member's data."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member + ".npy")
    data, at = bytearray(path.read_bytes()), info.header_offset  # at: the local file header
    name_len, extra_len = struct.unpack("<HH", data[at + 26:at + 30])
    data[at + 30 + name_len + extra_len + info.compress_size - 1] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("member", ["meta", "ok", "c0", "c4", "m4"],
                         ids=["metadata", "ok-mask", "float-column", "strings", "string-codes"])
def test_flipped_bit_is_rejected_and_recomputed(finished, calls, member):
    ckpt, full = finished
    _flip_last_byte(ckpt / chunk(8, 12), member)
    resume_expecting(ckpt, calls, full, POINTS[8:12], [chunk(8, 12)], match="damaged")


def test_altered_value_in_a_well_formed_archive_fails_the_checksum(finished, calls):
    ckpt, full = finished
    f = ckpt / chunk(8, 12)
    with np.load(f, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["c0"] = arrays["c0"].copy()
    arrays["c0"][1] += 1.0  # the zip's own CRCs are rewritten; only the SHA-256 notices
    np.savez(f, **arrays)
    resume_expecting(ckpt, calls, full, POINTS[8:12], [chunk(8, 12)], match="checksum mismatch")


def test_truncated_chunk_is_rejected_and_recomputed(finished, calls):
    ckpt, full = finished
    f = ckpt / chunk(36, 40)
    f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
    resume_expecting(ckpt, calls, full, POINTS[36:40], [chunk(36, 40)], match="truncated")


def test_empty_and_garbage_files_are_rejected(finished, calls):
    ckpt, full = finished
    (ckpt / chunk(0, 4)).write_bytes(b"")
    (ckpt / chunk(4, 8)).write_bytes(os.urandom(300))
    resume_expecting(ckpt, calls, full, POINTS[0:8], [chunk(0, 4), chunk(4, 8)],
                     match="damaged")


# ---------------------------------------------------------------------------- foreign chunks
@pytest.mark.parametrize(("other", "differs"), [
    ({"grid": {**GRID, "market.cost": [1.5, 2.0, 3.0, 4.0, 5.0]}}, "grid"),
    ({"model": ToyRace(niche=0.75)}, "model"),
    ({"measure": "verdict"}, "measure"),
    ({"rng": 1}, "rng"),
], ids=["grid", "model", "measure", "rng"])
def test_chunk_from_another_sweep_is_rejected(finished, calls, tmp_path, other, differs):
    ckpt, full = finished
    run(tmp_path / "other", **other)
    calls()
    shutil.copy(tmp_path / "other" / chunk(4, 8), ckpt / chunk(4, 8))
    resume_expecting(ckpt, calls, full, POINTS[4:8], [chunk(4, 8)],
                     match=f"different sweep .*{differs}")


def test_overlapping_chunk_is_not_used_and_nothing_recomputed(finished, calls, tmp_path):
    ckpt, full = finished
    run(tmp_path / "other", chunksize=6)  # the same sweep, cut differently
    calls()
    shutil.copy(tmp_path / "other" / chunk(0, 6), ckpt / chunk(0, 6))
    resume_expecting(ckpt, calls, full, [], [chunk(0, 6)], match="overlaps")


def test_renamed_chunk_is_rejected(finished, calls):
    ckpt, full = finished
    (ckpt / chunk(4, 8)).rename(ckpt / chunk(8, 12))  # over the chunk of points 8..11
    resume_expecting(ckpt, calls, full, POINTS[4:12], [chunk(8, 12)], match="does not match")


# ---------------------------------------------------------------------------- manifest
def test_deleted_manifest_uses_only_this_sweeps_chunks(finished, calls, tmp_path):
    ckpt, full = finished
    run(tmp_path / "other", grid={**GRID, "market.prize": [v + 10 for v in GRID["market.prize"]]})
    calls()
    (ckpt / "manifest.json").unlink()
    (ckpt / chunk(12, 16)).unlink()
    shutil.copy(tmp_path / "other" / chunk(20, 24), ckpt / chunk(20, 24))
    resume_expecting(ckpt, calls, full, POINTS[12:16] + POINTS[20:24], [chunk(20, 24)],
                     match="differs in: grid")
    assert json.loads((ckpt / "manifest.json").read_text())["fingerprint"]


def test_deleted_manifest_keeps_fresh_entropy(tmp_path, calls):
    """rng=None: the entropy is recovered from the chunks, so their draws stay valid."""
    ckpt = tmp_path / "ckpt"
    first = run(ckpt, rng=None)
    calls()
    run(tmp_path / "other", rng=None)  # another fresh entropy
    calls()
    (ckpt / "manifest.json").unlink()
    (ckpt / chunk(0, 4)).unlink()
    shutil.copy(tmp_path / "other" / chunk(8, 12), ckpt / chunk(8, 12))
    res = resume_expecting(ckpt, calls, first, POINTS[0:4] + POINTS[8:12], [chunk(8, 12)],
                           match="seed entropy", rng=None)
    assert res.attrs["entropy"] == first.attrs["entropy"]


def test_unreadable_manifest_is_rewritten_and_chunks_still_used(finished, calls):
    ckpt, full = finished
    (ckpt / "manifest.json").write_text("{not json")
    with pytest.warns(SweepWarning, match="manifest .* unreadable"):
        res = run(ckpt)
    assert calls() == [] and res == full and res.stats["resumed"] == 40


def test_manifest_of_another_sweep_is_refused(finished):
    ckpt, _ = finished
    with pytest.raises(ValueError, match="different sweep .*grid"):
        run(ckpt, grid={**GRID, "market.cost": [1.0]})


def closure_measure(scale):
    def measure(model, game):
        return {"x": scale * model.params["market.cost"]}

    return measure


def test_measure_with_other_closed_over_values_is_another_sweep(tmp_path):
    grid = {"market.cost": [1.0, 2.0]}
    sweep(ToyRace(), grid, closure_measure(1.0), checkpoint=tmp_path, progress=False)
    with pytest.raises(ValueError, match="differs in: measure"):
        sweep(ToyRace(), grid, closure_measure(2.0), checkpoint=tmp_path, progress=False)


# ---------------------------------------------------------------------------- pickles
class Boom:
    """Unpickling it creates a directory: the marker that a pickle was loaded."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def test_planted_pickles_are_never_loaded(finished, calls, tmp_path):
    ckpt, full = finished
    marker = tmp_path / "unpickled"
    (ckpt / "chunk-000000000000-000000000004.pkl").write_bytes(pickle.dumps(Boom(marker)))
    np.savez(ckpt / chunk(4, 8), meta=np.zeros(2, dtype=np.uint8), ok=np.ones(4, dtype=bool),
             sha256=np.zeros(32, dtype=np.uint8),
             c0=np.array([Boom(marker)] * 4, dtype=object))  # an object array is a pickle
    (ckpt / "manifest.json").write_text(json.dumps({"format": 1, "fingerprint": {}}))
    with pytest.warns(SweepWarning) as record:
        res = run(ckpt)
    assert not marker.exists()
    messages = " ".join(str(w.message) for w in record)
    assert "pickled chunks are never loaded" in messages and "format 1" in messages
    assert "Object arrays cannot be loaded" in messages
    # the old manifest is replaced; the intact chunks of this sweep are still used
    assert sorted(calls()) == points(4, 8) and res == full
    assert set(res.stats["checkpoint_rejected"]) == {"chunk-000000000000-000000000004.pkl",
                                                     chunk(4, 8)}
    assert not marker.exists()


# ---------------------------------------------------------------------------- unstorable values
def set_measure(model, game):
    return {"tags": {model.params["market.cost"]}}  # a set: not storable without pickle


def test_values_that_need_pickle_are_not_checkpointed(tmp_path):
    grid = {"market.cost": [1.0, 2.0]}
    with pytest.warns(SweepWarning, match="not checkpointed.*set"):
        res = sweep(ToyRace(), grid, set_measure, checkpoint=tmp_path, chunksize=1,
                    progress=False)
    assert list(tmp_path.glob("chunk-*")) == [] and res.values["tags"][1] == {2.0}
