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
        eq = v.equilibria[0]
        for i, f in enumerate(model.firms):
            assert res[f"return.{f.name}"][k] == pytest.approx(float(eq.payoffs[i]) / f.capital)
