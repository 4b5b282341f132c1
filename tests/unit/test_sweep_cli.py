"""`blitzgame sweep CONFIG.toml --out ...`: TOML configs, CSV/netCDF output, plots, errors."""

from __future__ import annotations

import pandas as pd
import pytest

from blitzgame.analysis.sweep import sweep
from blitzgame.cli.main import main
from blitzgame.cli.sweep import load_config
from blitzgame.model.presets import two_firm_race

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
    ("[grid]\n", "at least one parameter"),
    ("[model]\nscenario = 'nope'\n[grid]\n'market.prize' = [1.0]\n", "scenario must be one of"),
    ("[grid]\n'market.nope' = [1.0]\n", "unknown model parameters"),
    ("[grid]\n'market.prize' = 'x'\n", "must be a list"),
    ("[grid\n", "invalid TOML"),
    ("[sweep]\nmeasure='verdict'\ncolour=1\n[grid]\n'market.prize'=[1.0]\n", "unknown \\[sweep\\]"),
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
    path.write_text("[grid]\n'market.prize' = [10.0, -1.0]\n")
    out = tmp_path / "r.csv"
    assert main(["sweep", str(path), "--out", str(out), "--no-progress"]) == 1
    df = pd.read_csv(out)
    assert df["error"].notna().sum() == 1 and "(1 failed)" in capsys.readouterr().out


def test_cli_on_a_dask_scheduler(config, tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "r.csv"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        code = main(["sweep", str(config), "--out", str(out), "--scheduler",
                     cluster.scheduler_address, "--no-progress"])
    assert code == 0
    cfg = load_config(config)
    expected = sweep(cfg["model"], cfg["grid"], "verdict", progress=False).to_frame()
    assert list(pd.read_csv(out)["verdict"]) == list(expected["verdict"])
