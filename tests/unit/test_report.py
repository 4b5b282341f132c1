"""``blitzgame report``: the verdict, the sharpness sweep, --model, --plot and bad input."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import pytest

from blitzgame.cli import report

DATA = Path(report.__file__).resolve().parents[1] / "data" / "models"


def _run(argv, capsys):
    p = argparse.ArgumentParser()
    report.add_arguments(p)
    rc = report.run(p.parse_args(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_report_seed(capsys):
    t = time.perf_counter()
    rc, out, err = _run([], capsys)
    assert rc == 0, err
    assert time.perf_counter() - t < 30
    for needle in ("Meta", "Microsoft", "Google", "xAI", "Defender", "Is blitzing dominant?",
                   "Equilibria", "Defender wins", "Death zone", "winner-take-all sharpness"):
        assert needle in out


def test_report_user_model(capsys):
    rc, out, _ = _run(["--model", str(DATA / "two_firm_race.toml"), "--points", "3"], capsys)
    assert rc == 0
    assert "Blitzer" in out and "Defender" in out and "WaitForStumble" in out


@pytest.mark.parametrize("text, match", [
    ("[market]\nsharpnes = 2\n[[firms]]\nname='a'\ncompute=1\ncapital=1\n",
     "unknown key 'sharpnes'"),
    ("[[firms]]\nname='a'\ncompute=-5\ncapital=1\n", "compute"),
    ("[[firms]]\nname='a'\ncompute=5\ncapital=1\npostures=['Blizt']\n", "unknown posture"),
    ("[[firms]]\nname='a'\ncompute=5\ncapital=1\n[[scenarios]]\nname='x'\nprobability=0.5\n",
     "sum to 1"),
    ("[[firms]]\nname='a'\ncompute=nan\ncapital=1\n", "NaN"),
    ("[[firms]\n", "invalid TOML"),
], ids=["unknown-key", "negative", "posture", "probabilities", "nan", "syntax"])
def test_report_bad_model(tmp_path, capsys, text, match):
    f = tmp_path / "m.toml"
    f.write_text(text)
    rc, _, err = _run(["--model", str(f)], capsys)
    assert rc == 2
    assert match in err


def test_report_plot(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    f = tmp_path / "r.png"
    rc, out, _ = _run(["--plot", str(f), "--points", "3"], capsys)
    assert rc == 0 and f.stat().st_size > 1000
    assert "Figure saved" in out


def test_report_in_fresh_process_without_optional_imports():
    code = ("import sys; from blitzgame.cli import main; rc = main(['report', '--points', '2']);"
            "assert 'pandas' not in sys.modules and 'matplotlib' not in sys.modules; "
            "raise SystemExit(rc)")
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Is blitzing dominant?" in res.stdout
    assert time.perf_counter() - t < 60


def test_report_sweep_is_analyze_at_each_point():
    import blitzgame as bg

    model = bg.scenarios.two_firm_race()
    values = (0.5, 2.0, 8.0)
    res = report.sharpness_sweep(model, values)
    for k, r in enumerate(values):
        v = bg.analyze(model.with_params({"market.sharpness": r}))
        assert res["defender_postures"][k] == ",".join(v.defender_wins)
        assert res["death_zone"][k] == ",".join(v.death_zone)
        for f, dominant in v.blitz_dominant.items():
            assert res[f"blitz_dominant.{f}"][k] == dominant
        eq = v.equilibria[0]
        for i, f in enumerate(model.firms):
            assert res[f"return.{f.name}"][k] == pytest.approx(float(eq.payoffs[i]) / f.capital)


def test_report_plot_unknown_extension_is_one_line_before_computing(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    from matplotlib.backend_bases import FigureCanvasBase

    from blitzgame import cli

    t = time.perf_counter()
    rc = cli.main(["report", "--plot", str(tmp_path / "out.xyz")])
    out = capsys.readouterr()
    assert rc == 2 and out.out == ""  # nothing computed, nothing printed
    assert time.perf_counter() - t < 5
    assert out.err.count("\n") == 1 and "Traceback" not in out.err
    assert "out.xyz" in out.err and ".xyz" in out.err
    for kind in FigureCanvasBase.get_supported_filetypes():
        assert f".{kind}" in out.err
    assert not (tmp_path / "out.xyz").exists()


def test_report_prints_grid_values_as_given(capsys):
    rc, out, _ = _run(["--model", str(DATA / "two_firm_race.toml"), "--points", "3"], capsys)
    assert rc == 0
    rows = [line.split()[0] for line in out.splitlines()
            if line.strip() and line.split()[0][0].isdigit()]
    assert rows == ["0.25", "1.4", "8"]
    assert "1.41421" not in out


@pytest.mark.parametrize("points, top, expected", [
    (3, 8.0, (0.25, 1.4, 8.0)),
    (9, 8.0, report.DEFAULT_SHARPNESS),
    (2, 10.0, (0.25, 10.0)),
    (1, 8.0, (0.25,)),
])
def test_report_grid_is_short_and_geometric(points, top, expected):
    assert report._grid(points, top) == expected


def test_report_grid_keeps_values_distinct():
    values = report._grid(200, 8.0)
    assert len(set(values)) == 200 and list(values) == sorted(values)
    assert values[0] == 0.25 and values[-1] == 8.0


def test_report_counts_agree_in_number(capsys):
    rc, out, _ = _run(["--points", "2"], capsys)
    assert rc == 0
    assert "1 equilibria" not in out and "auto, 1 found" in out  # the seed scenario has one
    assert "Defender postures win at r = 8 (1 of 2 values)." in out


def test_report_names_the_winning_values_when_they_are_not_neighbours(capsys):
    from blitzgame.model.config import read_model

    rc, out, _ = _run(["--model", str(DATA / "two_firm_race.toml")], capsys)
    assert rc == 0
    res = report.sharpness_sweep(read_model(DATA / "two_firm_race.toml"), report.DEFAULT_SHARPNESS)
    at = [k for k, ok in enumerate(res["defender_wins"]) if ok]
    assert at and at[-1] - at[0] != len(at) - 1  # this model's wins have a gap
    values = ", ".join(f"{report.DEFAULT_SHARPNESS[k]:g}" for k in at)
    assert out.splitlines()[-1] == (f"Defender postures win at r = {values} "
                                    f"({len(at)} of {len(report.DEFAULT_SHARPNESS)} values).")


def test_report_lists_the_firms_for_which_blitz_is_dominant(capsys):
    import blitzgame as bg

    model = bg.scenarios.gpu_race()
    expected = [f for f, d in bg.analyze(model).blitz_dominant.items() if d]
    rc, out, _ = _run(["--points", "9"], capsys)   # the default grid holds the seed's r
    assert rc == 0 and expected   # the seed scenario has a firm for which Blitz is dominant
    r = f"{model.market.sharpness:g}"
    lines = out.splitlines()
    header = next(line for line in lines if "blitz dominant for" in line)
    start, stop = header.index("blitz dominant for"), header.index("defender wins")
    row = next(line for line in lines[lines.index(header):] if line.split()[:1] == [r])
    assert row[start:stop].strip() == ", ".join(expected)
