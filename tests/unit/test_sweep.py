"""Tests of bg.sweep, ParameterGrid and SweepResult (serial; executors are integration tests)."""

from __future__ import annotations

import pickle
import tracemalloc

import numpy as np
import pytest
from _sweep_models import ToyRace, noisy_measure

import blitzgame as bg
from blitzgame.analysis.measures import get_measure
from blitzgame.analysis.sweep import ParameterGrid, SweepResult, sweep
from blitzgame.exceptions import InvalidParameterError

GRID = {"market.prize": [0.5, 2.0, 4.0, 8.0], "market.cost": [1.0, 3.0, 6.0],
        "market.niche": [0.0, 1.0]}


# ---------------------------------------------------------------------------- grid
def test_grid_product_order_and_columns():
    g = ParameterGrid(GRID)
    assert g.shape == (4, 3, 2) and len(g) == 24 and g.dims == tuple(GRID)
    pts = list(g)
    assert pts[0] == {"market.prize": 0.5, "market.cost": 1.0, "market.niche": 0.0}
    assert pts[1] == {"market.prize": 0.5, "market.cost": 1.0, "market.niche": 1.0}  # C order
    assert pts[23] == {"market.prize": 8.0, "market.cost": 6.0, "market.niche": 1.0}
    cols = g.columns(5, 9)
    for j, k in enumerate(range(5, 9)):
        assert {p: v[j] for p, v in cols.items()} == pts[k]
    assert all(type(v) is float for v in pts[3].values())  # plain Python scalars


def test_grid_zip_and_product_of_grids():
    z = ParameterGrid.zip({"firms.a.edge": [0.0, 1.0, 2.0], "market.prize": [1, 2, 3]},
                          name="scenario")
    g = z * ParameterGrid({"market.cost": [1.0, 2.0]})
    assert g.dims == ("scenario", "market.cost") and g.shape == (3, 2)
    assert g.parameters == ("firms.a.edge", "market.prize", "market.cost")
    assert g.point(5) == {"firms.a.edge": 2.0, "market.prize": 3, "market.cost": 2.0}
    assert g.axis_of("market.prize") == "scenario"
    assert ParameterGrid.coerce(GRID) == ParameterGrid(GRID)


@pytest.mark.parametrize(("make", "match"), [
    (lambda: ParameterGrid({"a": []}), "non-empty"),
    (lambda: ParameterGrid.zip({"a": [1, 2], "b": [1]}), "equal lengths"),
    (lambda: ParameterGrid({"a": [1]}) * ParameterGrid({"a": [2]}), "distinct"),
    (lambda: ParameterGrid([1, 2]), "mapping"),
    (lambda: ParameterGrid({"a": [1, 2]}).point(2), "out of range"),
], ids=["empty", "zip-lengths", "duplicate", "not-mapping", "index"])
def test_grid_errors(make, match):
    with pytest.raises(InvalidParameterError, match=match):
        make()


# ---------------------------------------------------------------------------- correctness
def _per_point_loop(model, grid, name):
    m = get_measure(name)
    return [m.point(model.with_params(p), model.with_params(p).to_game()) for p in grid]


@pytest.mark.parametrize("name", ["verdict", "critical_discount", "blitz_dominant"])
@pytest.mark.parametrize("vectorize", [True, False], ids=["batch", "per-point"])
def test_sweep_equals_per_point_solving(name, vectorize):
    model = ToyRace()
    res = sweep(model, GRID, name, progress=False, vectorize=vectorize, chunksize=5)
    assert res.attrs["vectorized"] == int(vectorize)
    expected = _per_point_loop(model, ParameterGrid(GRID), name)
    assert len(res) == len(expected) and res.n_failed == 0
    for k, row in enumerate(expected):
        for key, v in row.items():
            got = res.values[key][k]
            if isinstance(v, float):
                np.testing.assert_allclose(got, v, rtol=1e-12, equal_nan=True)
            else:
                assert got == v, (k, key)


def test_sweep_finds_several_verdicts():
    res = sweep(ToyRace(), GRID, "verdict", progress=False)
    assert {"blitz_dominant", "defender_wins"} <= set(res.values["verdict"])
    assert res["verdict"].shape == (4, 3, 2)


def test_default_chunksize_and_vectorize_give_same_result():
    a = sweep(ToyRace(), GRID, "verdict", progress=False)
    b = sweep(ToyRace(), GRID, "verdict", progress=False, vectorize=False, chunksize=1)
    assert a == b


# ---------------------------------------------------------------------------- errors
@pytest.mark.parametrize("vectorize", [True, False], ids=["batch", "per-point"])
def test_failing_points_are_recorded(vectorize):
    grid = {"market.prize": [1.0, 4.0], "market.cost": [-1.0, 2.0, 0.0]}
    res = sweep(ToyRace(), grid, "verdict", progress=False, vectorize=vectorize, chunksize=4)
    bad = [k for k, p in enumerate(ParameterGrid(grid)) if p["market.cost"] <= 0]
    assert sorted(res.errors) == bad
    assert all("InvalidParameterError" in res.errors[k] for k in bad)
    assert list(np.flatnonzero(~res.ok)) == bad
    good = sweep(ToyRace(), {"market.prize": [1.0, 4.0], "market.cost": [2.0]}, "verdict",
                 progress=False)
    assert list(res.values["verdict"][[1, 4]]) == list(good.values["verdict"])
    df = res.to_frame()
    assert df["error"].notna().sum() == len(bad)
    assert df["blitz_dominant"].isna().sum() == len(bad)  # nullable, not a fake False


def test_on_error_raise():
    with pytest.raises(InvalidParameterError, match="cost must be > 0"):
        sweep(ToyRace(), {"market.cost": [1.0, -1.0]}, "verdict", progress=False,
              on_error="raise", vectorize=False)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"grid": {"market.nope": [1]}}, r"unknown model parameters \['market.nope'\].*market.prize"),
    ({"measure": "nope"}, "unknown measure"),
    ({"on_error": "ignore"}, "on_error"),
    ({"chunksize": 0}, "chunksize"),
    ({"executor": "dask"}, "concurrent.futures.Executor"),
    ({"rng": -3}, "non-negative"),
    ({"n_workers": 0}, "n_workers"),
], ids=["param", "measure", "on_error", "chunksize", "executor", "rng", "workers"])
def test_argument_errors(kwargs, match):
    args = {"grid": {"market.prize": [1.0]}, "measure": "verdict", **kwargs}
    grid, measure = args.pop("grid"), args.pop("measure")
    with pytest.raises(InvalidParameterError, match=match):
        sweep(ToyRace(), grid, measure, progress=False, **args)


# ---------------------------------------------------------------------------- randomness
def test_per_point_generators_are_spawned_children():
    grid = {"market.prize": [1.0, 2.0, 3.0, 4.0, 5.0]}
    res = sweep(ToyRace(), grid, noisy_measure, rng=42, progress=False, chunksize=2)
    children = np.random.SeedSequence(42).spawn(5)
    expected = [np.random.default_rng(c).random() for c in children]
    np.testing.assert_array_equal(res.values["draw"], expected)
    again = sweep(ToyRace(), grid, noisy_measure, rng=42, progress=False, chunksize=3)
    assert again == res
    other = sweep(ToyRace(), grid, noisy_measure, rng=43, progress=False)
    assert other != res


# ---------------------------------------------------------------------------- tables
def test_to_frame_and_to_xarray(tmp_path):
    res = sweep(ToyRace(), GRID, "verdict", progress=False)
    df = res.to_frame()
    assert len(df) == 24
    assert list(df.columns[:3]) == list(GRID)
    assert df.loc[23, "market.prize"] == 8.0 and df.loc[23, "verdict"] == res.values["verdict"][23]
    ds = res.to_xarray()
    assert dict(ds.sizes) == {"market.prize": 4, "market.cost": 3, "market.niche": 2}
    assert ds.attrs["measure"] == "verdict" and "blitzgame_version" in ds.attrs
    cell = ds["verdict"].sel({"market.prize": 8.0, "market.cost": 6.0, "market.niche": 1.0})
    assert cell.item() == res.values["verdict"][23]
    path = tmp_path / "sweep.nc"
    ds.to_netcdf(path, engine="scipy")
    import xarray as xr

    with xr.open_dataset(path, engine="scipy") as back:
        np.testing.assert_array_equal(back["critical_discount"].values
                                      if "critical_discount" in back else back["n_pure_equilibria"],
                                      ds["n_pure_equilibria"].values)


def test_zipped_grid_to_xarray():
    grid = ParameterGrid.zip({"market.prize": [1.0, 8.0], "market.cost": [1.0, 2.0]}, name="case")
    ds = sweep(ToyRace(), grid, "verdict", progress=False).to_xarray()
    assert ds["verdict"].dims == ("case",)
    assert list(ds["market.cost"].values) == [1.0, 2.0]


def test_result_pickles_and_compares():
    res = sweep(ToyRace(), GRID, "critical_discount", progress=False)
    back = pickle.loads(pickle.dumps(res))
    assert back == res and isinstance(back, SweepResult)
    assert "critical_discount" in repr(res)


# ---------------------------------------------------------------------------- checkpoint
def test_checkpoint_resume_in_process(tmp_path):
    cp = tmp_path / "ckpt"
    full = sweep(ToyRace(), GRID, "verdict", progress=False, checkpoint=cp, chunksize=4)
    assert full.stats["computed"] == 24 and len(list(cp.glob("chunk-*.npz"))) == 6
    again = sweep(ToyRace(), GRID, "verdict", progress=False, checkpoint=cp, chunksize=4)
    assert again == full and again.stats["computed"] == 0 and again.stats["resumed"] == 24
    # lose two chunks: only those points are recomputed
    for f in sorted(cp.glob("chunk-*.npz"))[1:3]:
        f.unlink()
    partial = sweep(ToyRace(), GRID, "verdict", progress=False, checkpoint=cp)
    assert partial == full and partial.stats["computed"] == 8


@pytest.mark.parametrize(("change", "what"), [
    ({"model": ToyRace(prize=5.0)}, "model"),
    ({"grid": {"market.prize": [1.0]}}, "grid"),
    ({"measure": "blitz_dominant"}, "measure"),
    ({"rng": 7}, "rng"),
], ids=["model", "grid", "measure", "rng"])
def test_checkpoint_from_other_arguments_is_refused(tmp_path, change, what):
    base = {"model": ToyRace(), "grid": GRID, "measure": "verdict"}
    sweep(base["model"], base["grid"], base["measure"], progress=False, checkpoint=tmp_path)
    new = {**base, **change}
    rng = new.pop("rng", None)
    with pytest.raises(InvalidParameterError, match=f"different sweep.*{what}"):
        sweep(new["model"], new["grid"], new["measure"], progress=False, checkpoint=tmp_path,
              rng=rng)


def test_checkpoint_remembers_fresh_entropy(tmp_path):
    grid = {"market.prize": [1.0, 2.0, 3.0, 4.0]}
    first = sweep(ToyRace(), grid, noisy_measure, progress=False, checkpoint=tmp_path, chunksize=2)
    (sorted(tmp_path.glob("chunk-*.npz"))[-1]).unlink()
    second = sweep(ToyRace(), grid, noisy_measure, progress=False, checkpoint=tmp_path)
    assert second == first and second.stats["computed"] == 2


def test_chunk_file_round_trips_every_storable_value(tmp_path):
    from fractions import Fraction

    from blitzgame.analysis._chunk_file import encode, read, to_output
    from blitzgame.analysis._sweep_run import ChunkOutput

    obj = np.empty(9, dtype=object)
    obj[:] = [None, "s", True, 3, -0.0, float("nan"), Fraction(1, 3), (1, [2.5, {"k": b"x"}]),
              np.float32(1.5)]
    text = np.array(["a", None, "b", "a", "", "é", None, "a", "b"], dtype=object)
    nul = np.array(["a\0"] + ["b"] * 8, dtype=object)  # a trailing NUL: fixed width would drop it
    values = {"obj": obj, "f": np.arange(9.0), "i": np.arange(9), "b": np.ones(9, dtype=bool),
              "u": np.array(list("abcdefghi")), "c": np.arange(9) + 1j, "text": text, "nul": nul,
              "none": np.full(9, None, dtype=object)}
    out = ChunkOutput(10, 19, values, np.arange(9) % 2 == 0, {11: "ValueError: x"},
                      {12: ("W: y", "W: z")}, 0.5)
    path = tmp_path / "c.npz"
    path.write_bytes(encode(out, {"fingerprint": {}, "entropy": "1"}))
    back = to_output(*read(path), n=19)
    assert (back.start, back.stop, back.errors, back.warnings) == (10, 19, out.errors,
                                                                   out.warnings)
    assert np.array_equal(back.ok, out.ok) and back.values.keys() == values.keys()
    for k, v in values.items():
        assert back.values[k].dtype == v.dtype
        if k != "obj":
            assert back.values[k].tolist() == v.tolist()
    got = back.values["obj"]
    assert [type(x) for x in got] == [type(x) for x in obj]
    assert got[0] is None and list(got[1:5]) == ["s", True, 3, 0.0] and np.isnan(got[5])
    assert str(got[4]) == "-0.0" and got[6] == Fraction(1, 3) and got[8] == np.float32(1.5)
    assert got[7] == (1, [2.5, {"k": b"x"}])


def test_measure_calling_sys_exit_is_recorded_and_keyboard_interrupt_propagates():
    from _sweep_models import logged_measure, sys_exit_measure

    grid = {"market.prize": [3.0], "market.cost": [1.0, 2.0]}  # (3.0, 2.0): sys.exit(3)
    res = sweep(ToyRace(), grid, sys_exit_measure, progress=False)
    assert res.errors == {1: "SystemExit: the measure called sys.exit(3)"} and res.ok[0]
    with pytest.raises(SystemExit):
        sweep(ToyRace(), grid, sys_exit_measure, progress=False, on_error="raise")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SWEEP_STOP", "3.0 2.0")
        with pytest.raises(KeyboardInterrupt):
            sweep(ToyRace(), grid, logged_measure, progress=False, rng=0)


# ---------------------------------------------------------------------------- progress, memory
def test_progress_bar_runs_quietly_when_not_a_terminal(capsys):
    res = sweep(ToyRace(), GRID, "verdict", progress=True)
    assert len(res) == 24
    assert capsys.readouterr().err == ""  # not a terminal: tqdm disables itself


def test_memory_is_results_plus_a_chunk():
    n = 200_000
    grid = ParameterGrid({"market.prize": np.linspace(0.1, 10, 1000),
                          "market.cost": np.linspace(0.5, 5, n // 1000)})
    tracemalloc.start()
    try:
        res = sweep(ToyRace(), grid, "critical_discount", progress=False, chunksize=4096)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    final = sum(v.nbytes for v in res.values.values()) + res.ok.nbytes
    per_chunk = 4096 * 3 * 3 * 2 * 8 * 20  # payoff batch and its temporaries, generously
    assert peak < final + per_chunk, (peak, final)
    assert res.n_failed == 0


# ---------------------------------------------------------------------------- the race model
def test_race_model_sweep_equals_per_point_on_a_random_sample():
    scenarios = bg.scenarios
    model = scenarios.two_firm_race()
    grid = ParameterGrid({"market.sharpness": np.linspace(0.2, 6.0, 9),
                          "market.leadership_window": [1.0, 6.0, 24.0],
                          "market.hazard_speed": [0.05, 0.25, 0.6]})
    res = sweep(model, grid, "verdict", progress=False)
    assert res.attrs["vectorized"] == 1 and res.n_failed == 0
    assert len(set(res.values["verdict"])) >= 2  # the grid crosses a verdict boundary
    verdict = get_measure("verdict")
    for k in np.random.default_rng(0).choice(len(grid), size=15, replace=False):
        m = model.with_params(grid.point(int(k)))
        for key, v in verdict.point(m, m.to_game()).items():
            assert res.values[key][k] == v, (int(k), key)


def test_store_is_independent_of_completion_order():
    from blitzgame.analysis._sweep_run import ChunkTask, Store, run_chunk

    grid = ParameterGrid({"market.prize": [1.0, 2.0], "market.cost": [-1.0, 1.0, 0.0, 2.0]})
    tasks = [ChunkTask(ToyRace(), grid, get_measure("verdict"), k, k + 1, 0, "record", False)
             for k in range(len(grid))]
    outs = [run_chunk(t) for t in tasks]
    stores = []
    for order in (outs, outs[::-1], outs[1::2] + outs[::2]):
        store = Store(len(grid))
        for out in order:
            store.add(out)
        stores.append(store)
    for s in stores[1:]:
        assert s.values.keys() == stores[0].values.keys()
        for k, v in s.values.items():
            assert v.dtype == stores[0].values[k].dtype and np.array_equal(v, stores[0].values[k])
        assert s.errors == stores[0].errors and np.array_equal(s.ok, stores[0].ok)


def _race_grid():
    return ParameterGrid({"market.sharpness": np.linspace(0.2, 6.0, 7),
                          "market.prize": [5.0, 20.0, 80.0],
                          "firms.Defender.capital": [0.5, 2.0, 8.0]})


def test_analyze_measure_equals_a_loop_calling_analyze():
    scenarios = bg.scenarios
    from blitzgame.analysis.verdict import analyze

    model, grid = scenarios.two_firm_race(), _race_grid()
    sample = np.random.default_rng(1).choice(len(grid), size=12, replace=False)
    sub = ParameterGrid.zip({p: [grid.point(int(k))[p] for k in sample]
                             for p in grid.parameters}, name="sample")
    res = sweep(model, sub, "analyze", progress=False)
    assert res.n_failed == 0
    for j, k in enumerate(sample):
        v = analyze(model.with_params(grid.point(int(k))))
        assert res.values["defender_wins"][j] == bool(v.defender_wins)
        assert res.values["defender_postures"][j] == ",".join(v.defender_wins)
        assert res.values["death_zone"][j] == ",".join(v.death_zone)
        assert res.values["n_equilibria"][j] == len(v.equilibria)
        assert res.values["blitz_dominant"][j] == all(v.blitz_dominant.values())
        for firm, fv in v.blitz_dominance.items():
            assert res.values[f"blitz_dominance.{firm}"][j] == fv.kind


def test_vectorized_verdict_agrees_with_analyze():
    scenarios = bg.scenarios
    from blitzgame.analysis.verdict import analyze

    model, grid = scenarios.two_firm_race(), _race_grid()
    res = sweep(model, grid, "verdict", progress=False)
    assert res.attrs["vectorized"] == 1 and len(set(res.values["verdict"])) >= 2
    for k in np.random.default_rng(2).choice(len(grid), size=20, replace=False):
        v = analyze(model.with_params(grid.point(int(k))))
        assert res.values["blitz_dominant"][k] == all(v.blitz_dominant.values())
        pure_wins = {d["firm"] for d in v.defender_details
                     if v.equilibria[d["equilibrium"]].is_pure}
        for firm in model.players:
            assert res.values[f"defender_wins.{firm}"][k] == (firm in pure_wins), (int(k), firm)
        if all(e.is_pure for e in v.equilibria):  # then the two verdicts must coincide
            assert res.values["defender_wins"][k] == bool(v.defender_wins)


def test_batched_equilibrium_counts_equal_solve_per_point():
    from _sweep_models import Chicken

    # C < V: Blitz dominant (1 equilibrium); C > V: chicken (3); C = V: degenerate ties
    grid = {"V": [1.0, 2.0, 4.0], "C": [0.5, 1.0, 2.0, 3.0, 6.0]}
    fast = sweep(Chicken(), grid, "n_equilibria", progress=False)
    slow = sweep(Chicken(), grid, "n_equilibria", progress=False, vectorize=False)
    assert fast.attrs["vectorized"] == 1 and slow.attrs["vectorized"] == 0
    assert fast == slow
    n = fast["n_equilibria"]
    assert n[0, 4] == 3 and n[2, 0] == 1  # (V=1, C=6) chicken; (V=4, C=0.5) dominant
