"""`blitzgame sweep CONFIG.toml --out ...`: TOML configs, CSV/netCDF output, plots, errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from blitzgame.analysis.sweep import sweep
from blitzgame.cli.main import main
from blitzgame.cli.sweep import load_config
from blitzgame.model.presets import two_firm_race

MODEL = "[model]\nscenario = 'two_firm_race'\n"

CONFIG = """
[model]
scenario = "two_firm_race"
[model.params]
"market.prize" = 30.0

[grid]
"market.sharpness" = { start = 0.5, stop = 3.5, num = 4 }
"market.hazard_speed" = [0.1, 0.5]
[grid.zip.defence]
"market.niche_size" = [0.05, 0.2]
"market.niche_leak" = [0.5, 0.1]

[sweep]
measure = "verdict"
rng = 0

[plot]
x = "market.sharpness"
y = "market.hazard_speed"
"""


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text(CONFIG)
    return path


def test_load_config(config):
    cfg = load_config(config)
    assert cfg["grid"].dims == ("market.sharpness", "market.hazard_speed", "defence")
    assert list(cfg["grid"].values("market.sharpness")) == [0.5, 1.5, 2.5, 3.5]
    assert cfg["model"].market.prize == 30.0 and cfg["measure"] == "verdict"


def test_cli_writes_csv_equal_to_the_library_sweep(config, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(["sweep", str(config), "--out", str(out), "--no-progress"]) == 0
    assert "swept 16 points" in capsys.readouterr().out
    df = pd.read_csv(out)
    cfg = load_config(config)
    expected = sweep(two_firm_race().with_params({"market.prize": 30.0}), cfg["grid"], "verdict",
                     progress=False).to_frame()
    assert list(df.columns) == list(expected.columns)
    assert list(df["verdict"]) == list(expected["verdict"])


def test_cli_netcdf_workers_and_plot(config, tmp_path):
    xr = pytest.importorskip("xarray")
    out, png = tmp_path / "r.nc", tmp_path / "phase.png"
    code = main(["sweep", str(config), "--out", str(out), "--workers", "2", "--plot", str(png),
                 "--no-progress"])
    assert code == 0 and png.stat().st_size > 0
    with xr.open_dataset(out, engine="scipy") as ds:
        assert dict(ds.sizes) == {"market.sharpness": 4, "market.hazard_speed": 2, "defence": 2}
        assert ds.attrs["measure"] == "verdict"


@pytest.mark.parametrize(("text", "match"), [
    (MODEL + "[grid]\n", "at least one parameter"),
    ("[model]\nscenario = 'nope'\n[grid]\n'market.prize' = [1.0]\n", "unknown scenario 'nope'"),
    (MODEL + "[grid]\n'market.nope' = [1.0]\n", "unknown model parameter 'market.nope'"),
    (MODEL + "[grid]\n'market.prize' = 'x'\n", "expected a non-empty array or a table"),
    ("[grid\n", "invalid TOML"),
    (MODEL + "[sweep]\nmeasure='verdict'\ncolour=1\n[grid]\n'market.prize'=[1.0]\n",
     r"\[sweep\]: unknown key 'colour'"),
], ids=["empty", "scenario", "parameter", "values", "toml", "sweep-key"])
def test_bad_configs_exit_2(tmp_path, capsys, text, match):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    assert main(["sweep", str(path), "--out", str(tmp_path / "r.csv"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and pytest.importorskip("re").search(match, err)


def test_bad_output_suffix(config, tmp_path, capsys):
    assert main(["sweep", str(config), "--out", str(tmp_path / "r.xlsx")]) == 2
    assert "--out must end in .csv or .nc" in capsys.readouterr().err


def test_failed_points_exit_1(tmp_path, capsys):
    path = tmp_path / "fail.toml"
    path.write_text(MODEL + "[grid]\n'market.prize' = [10.0, -1.0]\n")
    out = tmp_path / "r.csv"
    assert main(["sweep", str(path), "--out", str(out), "--no-progress"]) == 1
    df = pd.read_csv(out)
    assert df["error"].notna().sum() == 1 and "(1 failed)" in capsys.readouterr().out


def test_cli_on_a_dask_scheduler(config, tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "r.csv"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=":0") as cluster:
        code = main(["sweep", str(config), "--out", str(out), "--scheduler",
                     cluster.scheduler_address, "--no-progress"])
    assert code == 0
    cfg = load_config(config)
    expected = sweep(cfg["model"], cfg["grid"], "verdict", progress=False).to_frame()
    assert list(pd.read_csv(out)["verdict"]) == list(expected["verdict"])


# ------------------------------------------------------------------ strict configs (issue 14/18)
DATA = Path(load_config.__code__.co_filename).resolve().parents[1] / "data"
GRID = "[grid]\n'market.sharpness' = [1.0, 2.0]\n"


@pytest.fixture
def no_sweep(monkeypatch):
    """Fail the test if a sweep starts: every check must come before it."""
    import blitzgame.analysis.sweep as sweep_module

    def refuse(*args, **kwargs):
        raise AssertionError("the sweep started before the configuration was checked")

    monkeypatch.setattr(sweep_module, "sweep", refuse)


def _sweep_error(tmp_path, capsys, text, *extra):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    argv = ["sweep", str(path), "--out", str(tmp_path / "r.csv"), "--no-progress", *extra]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(("text", "where", "match"), [
    ("[model]\nsenario = 'gpu_race'\n" + GRID, "[model]",
     "unknown key 'senario'; did you mean 'scenario'?"),
    ("[model]\nscenario = 'gpu_rac'\n" + GRID, "[model].scenario",
     "unknown scenario 'gpu_rac'; did you mean 'gpu_race'?"),
    ("[modle]\nscenario = 'gpu_race'\n" + GRID, "bad.toml",
     "unknown top-level key 'modle'; did you mean 'model'?"),
    (MODEL + "[grid]\n'market.sharpnes' = [1.0]\n", "[grid]",
     "unknown model parameter 'market.sharpnes'; did you mean 'market.sharpness'"),
    (MODEL + "[grid]\n'market.sharpness' = {start = 1, stop = 2, num = 3, lg = true}\n",
     '[grid."market.sharpness"]', "unknown key 'lg'; did you mean 'log'?"),
    (MODEL + "[grid]\n'market.sharpness' = {start = 1, stop = 2, num = 3, stpo = 2}\n",
     '[grid."market.sharpness"]', "unknown key 'stpo'; did you mean 'stop'?"),
    (MODEL + GRID + "[plot]\nxx = 'market.sharpness'\n", "[plot]",
     "unknown key 'xx'; did you mean 'x'?"),
    (MODEL + GRID + "[plot]\nx = 'market.sharpnes'\n", "[plot].x",
     "unknown swept parameter 'market.sharpnes'; did you mean 'market.sharpness'?"),
    (MODEL + GRID + "[sweep]\nmeasure = 'verdikt'\n", "[sweep].measure",
     "unknown measure 'verdikt'; did you mean 'verdict'?"),
    (MODEL + GRID + "[sweep.measure_options]\nblits = 'Blitz'\n", "[sweep.measure_options]",
     "unknown option 'blits'; did you mean 'blitz'?"),
    (MODEL + GRID + "[sweep]\non_error = 'rase'\n", "[sweep].on_error", "did you mean 'raise'?"),
    ("[model]\nscenario = 'two_firm_race'\n[model.params]\n'market.prise' = 3.0\n" + GRID,
     "[model.params]", "did you mean 'market.prize'?"),
], ids=["senario", "scenario-name", "section", "parameter", "lg", "stpo", "plot-xx", "plot-x",
        "measure", "measure-option", "on-error", "params"])
def test_typos_are_refused_with_a_suggestion(tmp_path, capsys, no_sweep, text, where, match):
    err = _sweep_error(tmp_path, capsys, text)
    assert "bad.toml" in err and where in err and match in err


TABLE, KEY = '[grid."market.sharpness"]', '[grid]."market.sharpness"'


@pytest.mark.parametrize(("spec", "where", "match"), [
    ("{start = 1, stop = 2, num = 2.5}", TABLE + ".num",
     "expected an integer in [1, 1000000]; got 2.5 (a float)"),
    ("{start = 1, stop = 2, num = 1_000_000_000_000}", TABLE + ".num",
     "expected an integer in [1, 1000000]; got 1000000000000"),
    ("{start = 1, stop = 2, num = true}", TABLE + ".num",
     "expected an integer in [1, 1000000]; got true (a boolean)"),
    ("{start = 1, stop = 2, num = 0}", TABLE + ".num",
     "expected an integer in [1, 1000000]; got 0"),
    ("{start = 1, stop = 2, num = 3, log = 'yes'}", TABLE + ".log",
     'expected a boolean (true or false); got "yes" (a string)'),
    ("{start = 1, stop = 2, num = 3, log = 1}", TABLE + ".log",
     "expected a boolean (true or false); got 1 (an integer)"),
    ("{start = true, stop = 2, num = 3}", TABLE + ".start",
     "expected a finite number; got true (a boolean)"),
    ("{start = nan, stop = 2, num = 3}", TABLE + ".start", "expected a finite number; got NaN"),
    ("{stop = 2, num = 3}", TABLE, "missing key 'start'"),
    ("{start = 0, stop = 2, num = 3, log = true}", TABLE, "log spacing needs start > 0"),
    ("[1.0, true]", KEY + "[1]", "expected a number; got true (a boolean)"),
    ("[1.0, '2']", KEY + "[1]", 'expected a number; got "2" (a string)'),
    ("[]", KEY, "expected at least 1 item(s); got [] (an array)"),
    ("3.0", KEY, "expected a non-empty array or a table; got 3.0 (a float)"),
], ids=["float-num", "huge-num", "bool-num", "zero-num", "str-log", "int-log", "bool-start",
        "nan-start", "missing-start", "log-zero", "bool-value", "str-value", "empty", "scalar"])
def test_wrong_types_are_refused(tmp_path, capsys, no_sweep, spec, where, match):
    err = _sweep_error(tmp_path, capsys, MODEL + f"[grid]\n'market.sharpness' = {spec}\n")
    assert f"bad.toml: {where}: {match}" in err


@pytest.mark.parametrize(("text", "match"), [
    ("[model]\nscenario = 'gpu_race'\nfile = 'm.toml'\n" + GRID,
     "[model]: give exactly one of 'file' or 'scenario'; got 'file' and 'scenario'"),
    ("[model]\n" + GRID, "[model]: give exactly one of 'file' or 'scenario'; got none"),
    (GRID, "missing table [model]"),
    (MODEL, "missing table [grid]"),
    ("[model]\nscenario = 3\n" + GRID, "[model].scenario: expected a string"),
    ("[model]\nfile = 'nope.toml'\n" + GRID, "[model].file: no model file"),
    (MODEL + GRID + "[sweep]\nrng = -1\n", "[sweep].rng: expected an integer >= 0; got -1"),
    (MODEL + GRID + "[sweep]\nrng = 1.5\n", "[sweep].rng: expected an integer >= 0; got 1.5"),
    (MODEL + GRID + "[sweep]\nchunksize = true\n", "[sweep].chunksize: expected an integer"),
    (MODEL + GRID + "[sweep.measure_options]\nblitz = 'Blitz'\nx = 1\n",
     "[sweep.measure_options]: measure 'verdict': unknown option 'x'"),
    (MODEL.replace("two_firm_race", "two_firm_race") + "[model.params]\n'market.prize' = -3.0\n"
     + GRID, '[model.params]."market.prize": Market.prize must be in [0, inf]; got -3'),
    (MODEL + "[model.params]\n'market.prize' = true\n" + GRID,
     '[model.params]."market.prize": expected a number; got true'),
    (MODEL + "[model.params]\n'market.sharpness' = 3.0\n" + GRID,
     "'market.sharpness' is set in [model.params] and swept here"),
    (MODEL + GRID + "[grid.zip.d]\n'market.niche_size' = [0.1]\n'market.niche_leak' = [0.1, 0.2]\n",
     "[grid.zip.d]: zipped parameters must have equal lengths"),
    (MODEL + GRID + "[plot]\nx = 'market.sharpness'\ny = 'market.sharpness'\n",
     "[plot].y: x and y must differ"),
    (MODEL + GRID + "[plot]\nselect = {'market.prize' = 1.0}\n",
     "[plot.select]: unknown swept parameter 'market.prize'"),
], ids=["both", "neither", "no-model", "no-grid", "scenario-type", "missing-file", "rng",
        "rng-float", "chunksize", "measure-option", "param-range", "param-bool", "param-twice",
        "zip-lengths", "plot-same", "plot-select"])
def test_model_sections_and_options(tmp_path, capsys, no_sweep, text, match):
    assert match in _sweep_error(tmp_path, capsys, text)


def test_a_grid_over_the_limit_is_refused_before_computing(tmp_path, capsys, no_sweep):
    from blitzgame.cli.sweep import MAX_AXIS_POINTS, MAX_GRID_POINTS

    big = f"{{start = 1, stop = 2, num = {MAX_AXIS_POINTS}}}"
    text = MODEL + f"[grid]\n'market.sharpness' = {big}\n'market.prize' = {big}\n"
    err = _sweep_error(tmp_path, capsys, text)
    assert f"at most {MAX_GRID_POINTS:,} are allowed" in err and "1000000 x 1000000" in err


def test_a_model_file_is_not_a_sweep_config(tmp_path, capsys, no_sweep):
    model_file = DATA / "models" / "two_firm_race.toml"
    assert main(["sweep", str(model_file), "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is a model file" in err and "not a sweep config" in err
    assert f'[model] file = "{model_file}"' in err and "[grid]" in err
    assert str(DATA / "sweeps" / "two_firm_race.toml") in err  # the example to copy


@pytest.mark.parametrize("name", ["two_firm_sharpness", "two_firm_race"])
def test_shipped_example_configs_run_end_to_end(tmp_path, capsys, name):
    from blitzgame.cli.sweep import example_config

    path = example_config(name)
    assert path == DATA / "sweeps" / f"{name}.toml" and path.is_file()
    cfg = load_config(path)
    assert len(cfg["grid"]) <= 64  # small enough to run in the test suite
    out, png = tmp_path / "r.csv", tmp_path / "r.png"
    assert main(["sweep", str(path), "--out", str(out), "--plot", str(png), "--no-progress"]) == 0
    assert f"swept {len(cfg['grid'])} points" in capsys.readouterr().out
    df = pd.read_csv(out)
    assert len(df) == len(cfg["grid"]) and df["verdict"].notna().all()
    assert png.stat().st_size > 1000


def test_help_lists_the_shipped_examples(capsys):
    from blitzgame.cli.sweep import example_configs

    assert main(["sweep", "--help"]) == 0
    out = capsys.readouterr().out
    assert set(example_configs()) == {"two_firm_sharpness", "two_firm_race"}
    for name in example_configs():
        assert str(DATA / "sweeps" / f"{name}.toml") in out


USER_MODEL = """
[market]
prize = 12.0
[[firms]]
name = "Incumbent"
compute = 80000
capital = 6.0
postures = ["Blitz", "Steady"]
[[firms]]
name = "Upstart"
compute = 2000
capital = 0.5
postures = ["Blitz", "Niche"]
"""


def test_a_config_referencing_a_user_model_file(tmp_path, capsys, monkeypatch):
    from blitzgame.model.config import read_model

    (tmp_path / "models").mkdir()
    (tmp_path / "sweeps").mkdir()
    (tmp_path / "models" / "mine.toml").write_text(USER_MODEL)
    config = tmp_path / "sweeps" / "mine.toml"
    config.write_text("[model]\nfile = '../models/mine.toml'\n[model.params]\n"
                      "'market.prize' = 15.0\n[grid]\n'market.sharpness' = [0.5, 4.0]\n"
                      "'firms.Upstart.capital' = [0.5, 2.0]\n")
    monkeypatch.chdir(tmp_path / "models")  # the file is found relative to the config
    out = tmp_path / "r.csv"
    assert main(["sweep", str(config), "--out", str(out), "--no-progress"]) == 0
    df = pd.read_csv(out)
    model = read_model(tmp_path / "models" / "mine.toml").with_params({"market.prize": 15.0})
    expected = sweep(model, load_config(config)["grid"], "verdict", progress=False).to_frame()
    assert list(df["verdict"]) == list(expected["verdict"])
    assert "blitz_dominance.Upstart" in df.columns
    capsys.readouterr()


def test_a_numeric_plot_variable_gives_a_heat_map(tmp_path, capsys):
    path = tmp_path / "n.toml"
    path.write_text(MODEL + GRID + "'market.prize' = [10.0, 20.0]\n[sweep]\n"
                    "measure = 'n_pure_equilibria'\n[plot]\nvar = 'n_pure_equilibria'\n")
    png = tmp_path / "n.png"
    assert main(["sweep", str(path), "--out", str(tmp_path / "r.csv"), "--plot", str(png),
                 "--no-progress"]) == 0
    assert png.stat().st_size > 1000
    capsys.readouterr()


# ------------------------------------------------------------------ checks before the sweep
TWO_AXES = MODEL + GRID + "'market.prize' = [10.0, 20.0]\n"


@pytest.mark.parametrize(("text", "args", "match"), [
    (TWO_AXES + "[sweep]\nmeasure = 'n_pure_equilibria'\n", ["--plot", "{tmp}/p.png"],
     "[plot].var: measure 'n_pure_equilibria' does not produce 'verdict'"),
    (TWO_AXES + "[plot]\nvar = 'verdikt'\n", ["--plot", "{tmp}/p.png"],
     "does not produce 'verdikt'; did you mean 'verdict'?"),
    (MODEL + GRID, ["--plot", "{tmp}/p.png"], "--plot needs a grid of at least two axes"),
    (TWO_AXES, ["--plot", "{tmp}/p.xyz"], "--plot must end in one of"),
    (TWO_AXES, ["--plot", "{tmp}/nowhere/p.png"], "does not exist; create it first"),
    (TWO_AXES + "[sweep]\nmeasure = 'nope'\n", [], "[sweep].measure: unknown measure 'nope'"),
    (TWO_AXES, ["--out", "{tmp}/nowhere/r.csv"],
     "--out '{tmp}/nowhere/r.csv': the folder '{tmp}/nowhere' does not exist"),
    (TWO_AXES, ["--out", "{tmp}/folder.csv"], "is a folder; expected a file name"),
    (TWO_AXES, ["--checkpoint", "{tmp}/bad.toml"], "--checkpoint '{tmp}/bad.toml' is a file"),
    (TWO_AXES, ["--workers", "0"], "--workers must be at least 1; got 0"),
    (TWO_AXES, ["--chunksize", "0"], "--chunksize must be at least 1; got 0"),
], ids=["var-not-produced", "var-typo", "one-axis", "plot-suffix", "plot-folder",
        "unknown-measure", "out-folder", "out-is-folder", "checkpoint-file", "workers",
        "chunksize"])
def test_checks_before_the_sweep(tmp_path, capsys, no_sweep, text, args, match):
    (tmp_path / "folder.csv").mkdir()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    err = _sweep_error(tmp_path, capsys, text, *argv)
    assert match.replace("{tmp}", str(tmp_path)) in err


def test_an_unwritable_out_is_refused_before_the_sweep(tmp_path, capsys, no_sweep, monkeypatch):
    import os

    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode & os.W_OK
                        else real(p, mode, **kw))
    err = _sweep_error(tmp_path, capsys, TWO_AXES)
    assert "--out" in err and "cannot write there (permission denied)" in err


def test_the_readme_sweep_config_works_as_written(tmp_path, capsys):
    import re
    import shutil

    readme = (DATA.parents[1] / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", readme, re.S) if "[model]" in b]
    shutil.copy(DATA / "models" / "two_firm_race.toml", tmp_path / "my_model.toml")
    (tmp_path / "sweep.toml").write_text(block)
    cfg = load_config(tmp_path / "sweep.toml")
    assert cfg["grid"].shape == (12, 4) and cfg["model"].market.prize == 30.0
    assert main(["sweep", str(tmp_path / "sweep.toml"), "--out", str(tmp_path / "r.csv"),
                 "--plot", str(tmp_path / "r.png"), "--no-progress"]) == 0
    assert "swept 48 points" in capsys.readouterr().out
