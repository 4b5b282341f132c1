"""Symbolic payoff tables agree with the numeric kernel; thresholds agree with numeric sweeps."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from numpy.testing import assert_allclose

import blitzgame.model.presets as bsc
from blitzgame.exceptions import InvalidParameterError, UnsupportedGameError
from blitzgame.model import (
    CustomSilicon,
    Firm,
    Market,
    Moat,
    Partner,
    RaceModel,
    ScenarioMixture,
    SpeedScale,
    WaitForStumble,
)
from blitzgame.solvers.dominance import is_dominant
from blitzgame.symbolic import critical_value, dominance_condition, payoff_table


def pd_model() -> RaceModel:
    """Two equal firms choosing Blitz or Steady: blitzing becomes dominant above some r*."""
    return RaceModel([Firm(n, 10_000, 10.0) for n in "ab"], Market(prize=20.0, sharpness=1.0),
                     postures=["Blitz", "Steady"])


MODELS = {
    "two_firm_race": lambda: bsc.two_firm_race(),
    "pd": pd_model,
    "partners": lambda: RaceModel(
        [Firm("a", 20_000, 5.0), Firm("b", 5_000, 3.0)], Market(prize=30.0),
        ScenarioMixture.default(),
        postures=[Partner(), WaitForStumble(), CustomSilicon()]),
    "moat-vs-blitz": lambda: RaceModel(
        [Firm("a", 50_000, 8.0), Firm("b", 8_000, 2.0)], Market(prize=10.0, sharpness=4.0),
        postures={"a": ["Blitz", "Steady"], "b": [Moat(floor=0.9), "Niche", "Blitz"]}),
}


@pytest.mark.parametrize("name", list(MODELS), ids=list(MODELS))
def test_symbolic_table_matches_numeric_payoffs(name):
    model = MODELS[name]()
    tab = payoff_table(model, ["market.sharpness", "market.prize"])
    assert_allclose(tab.subs(), model.payoff_tensor(), rtol=1e-10, atol=1e-10)
    other = model.with_params({"market.sharpness": 3.5, "market.prize": 7.0})
    assert_allclose(tab.subs({"market.sharpness": 3.5, "market.prize": 7.0}),
                    other.payoff_tensor(), rtol=1e-10, atol=1e-10)


def test_dominance_condition_is_exact_inequalities():
    tab = payoff_table(pd_model(), ["market.sharpness"])
    cond = dominance_condition(tab, "a", "Blitz")
    r = tab.symbols["market.sharpness"]
    assert isinstance(cond, sp.And) and r in cond.free_symbols
    assert cond.subs(r, 2) == sp.true
    assert cond.subs(r, sp.Rational(1, 5)) == sp.false


def _numeric_dominant(model, r):
    g = model.with_params({"market.sharpness": r}).to_game()
    return is_dominant(g, 0, "Blitz").kind == "strict"


def test_critical_sharpness_agrees_with_numeric_sweep():
    model = pd_model()
    th = critical_value(model, "market.sharpness", "a", "Blitz", bracket=(0.1, 5.0))
    rstar = float(th.value)
    assert th.dominant_above
    assert th.bracket[0] <= rstar <= th.bracket[1]
    assert th.bracket[1] - th.bracket[0] < 1e-12
    # the numeric sweep switches exactly there
    rs = np.linspace(0.1, 5.0, 50)
    flags = [_numeric_dominant(model, r) for r in rs]
    assert flags == [r > rstar for r in rs]
    assert not _numeric_dominant(model, rstar * (1 - 1e-7))
    assert _numeric_dominant(model, rstar * (1 + 1e-7))
    # the binding difference is zero at the root (high precision)
    tab = payoff_table(model, ["market.sharpness"])
    r = tab.symbols["market.sharpness"]
    i_b, i_s = 0, 1
    d = tab.payoffs[(i_b, i_s)][0] - tab.payoffs[(i_s, i_s)][0]
    assert abs(sp.N(d.subs(r, th.value), 40)) < 1e-30


def test_exact_threshold_for_polynomial_difference():
    m = RaceModel([Firm(n, 1_000, 10.0, 1000.0) for n in "ab"],
                  Market.tullock(prize=1.0, sharpness=2.0),
                  postures=[SpeedScale(speed=1, scale=3, name="big"),
                            SpeedScale(speed=1, scale=1, name="small")])
    th = critical_value(m, "market.prize", 0, "big", bracket=(0.001, 1.0))
    # r = 2: u(big, small) - u(small, small) = V (9/10 - 1/2) - 0.002 -> V* = 1/200;
    # u(big, big) - u(small, big) = V (1/2 - 1/10) - 0.002 -> 1/200 too
    assert th.exact and th.value == sp.Rational(1, 200)
    g_lo = m.with_params({"market.prize": 0.00499}).to_game()
    g_hi = m.with_params({"market.prize": 0.00501}).to_game()
    assert is_dominant(g_lo, 0, "big").kind != "strict"
    assert is_dominant(g_hi, 0, "big").kind == "strict"


def test_bad_inputs():
    with pytest.raises(UnsupportedGameError, match="2 firms"):
        payoff_table(bsc.gpu_race())
    with pytest.raises(InvalidParameterError, match="cannot be symbolic"):
        payoff_table(pd_model(), ["market.speed_premium"])
    with pytest.raises(InvalidParameterError, match="does not switch"):
        critical_value(pd_model(), "market.sharpness", 0, "Blitz", bracket=(2.0, 5.0))
