"""RaceModel: validation, labels, games, dotted parameters and batch payoff tensors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

import blitzgame.model.presets as bsc
from blitzgame.exceptions import InvalidParameterError
from blitzgame.model import (
    STAGES,
    Firm,
    Market,
    RaceModel,
    Scenario,
    ScenarioMixture,
    capability,
    stage_of,
)


def test_stages_named_with_jump_at_each_10x():
    assert [s.name for s in STAGES] == ["Experiment", "Startup", "Competitor", "Leader",
                                       "Dominator"]
    assert [stage_of(k) for k in (1, 99, 100, 999, 1000, 9999, 10_000, 100_000, 10**8)] == \
        [0, 0, 1, 1, 2, 2, 3, 4, 4]
    c = capability([999.0, 1000.0], 1.0, 3.0)
    assert c[1] / c[0] > 2.9  # the qualitative jump at 1,000 GPUs
    assert Firm("d", 5_000, 1.0).stage == "Competitor"


@pytest.mark.parametrize("kwargs, match", [
    (dict(compute=-1.0), "compute"),
    (dict(capital=-2.0), "capital"),
    (dict(capital=float("nan")), "NaN"),
    (dict(unit_cost=0.0), "unit_cost"),
    (dict(execution=float("inf")), "finite"),
], ids=["neg-compute", "neg-capital", "nan", "zero-cost", "inf"])
def test_firm_rejects_bad_values(kwargs, match):
    base = dict(name="f", compute=1.0, capital=1.0)
    base.update(kwargs)
    with pytest.raises(InvalidParameterError, match=match):
        Firm(**base)


@pytest.mark.parametrize("field, value", [("sharpness", -1.0), ("waste", 1.0),
                                          ("stage_jump", 0.5), ("prize", float("nan")),
                                          ("hazard_base", 1.5)])
def test_market_rejects_bad_values(field, value):
    with pytest.raises(InvalidParameterError, match=field):
        Market(**{field: value})


def test_bad_scenarios_postures_and_names():
    with pytest.raises(InvalidParameterError, match="sum to 1"):
        ScenarioMixture([Scenario("a", 0.5), Scenario("b", 0.3)])
    with pytest.raises(InvalidParameterError, match="unknown posture 'Blitzz'"):
        RaceModel([Firm("a", 1, 1.0)], postures=["Blitzz"])
    with pytest.raises(InvalidParameterError, match="distinct"):
        RaceModel([Firm("a", 1, 1.0), Firm("a", 2, 1.0)])
    m = bsc.two_firm_race()
    with pytest.raises(InvalidParameterError, match="unknown parameter 'market.sharpnes'"):
        m.with_params({"market.sharpnes": 2.0})
    with pytest.raises(InvalidParameterError, match="sharpness"):
        m.with_params({"market.sharpness": float("nan")})
    with pytest.raises(InvalidParameterError, match="unknown posture 'Partner'"):
        m.payoffs(["Blitz", "Partner"])
    with pytest.raises(InvalidParameterError, match="sum to 1"):
        bsc.gpu_race().with_params({"scenarios.disruption.probability": 0.5})


def test_labels_game_and_payoffs_agree():
    m = bsc.gpu_race()
    g = m.to_game()
    assert g.players == m.players == ("Meta", "Microsoft", "Google", "xAI", "Defender")
    assert g.actions == m.actions
    assert g.actions[4] == ("Blitz", "Niche", "Moat", "Partner", "WaitForStumble")
    T = m.payoff_tensor()
    assert T.shape == m.shape + (5,)
    idx = np.array([[0, 1, 0, 1, 2], [1, 1, 1, 1, 4]])
    assert_allclose(m.payoffs(idx), [T[tuple(r)] for r in idx], rtol=1e-14)
    assert_allclose(m.payoffs(["Blitz", "Partner", "Blitz", "Steady", "Moat"]), T[0, 1, 0, 1, 2])
    assert np.all(np.isfinite(T))


def test_with_params_dotted_names():
    m = bsc.gpu_race()
    names = m.parameter_names()
    for n in ("market.sharpness", "firms.Meta.capital", "scenarios.disruption.sharpness",
              "postures.Niche.speed", "postures.Moat.floor"):
        assert n in names
    m2 = m.with_params({"market.sharpness": 5.0, "firms.Defender.capital": 3.0},
                       postures__Moat__floor=0.9)
    assert m2.market.sharpness == 5.0 and m2.firm("Defender").capital == 3.0
    assert dict(zip(m2.actions[4], m2.postures["Defender"], strict=True))["Moat"].floor == 0.9
    assert m.market.sharpness == 2.0  # immutable original
    m3 = m.with_params({"scenarios.consolidation.probability": 0.5,
                        "scenarios.commoditization.probability": 0.35})
    assert [s.probability for s in m3.scenarios] == [0.5, 0.35, 0.15]


def test_batch_payoff_tensor_matches_with_params():
    m = bsc.gpu_race()
    r = np.array([0.5, 2.0, 6.0])
    cap = np.array([1.0, 2.0, 4.0])
    batch = m.batch_payoff_tensor({"market.sharpness": r, "firms.Defender.capital": cap,
                                   "postures.Blitz.speed": np.array([0.7, 0.9, 1.0])})
    assert batch.shape == (3,) + m.shape + (5,)
    for k in range(3):
        single = m.with_params({"market.sharpness": r[k], "firms.Defender.capital": cap[k],
                                "postures.Blitz.speed": float([0.7, 0.9, 1.0][k])})
        assert_allclose(batch[k], single.payoff_tensor(), rtol=1e-12, atol=1e-12)
    with pytest.raises(InvalidParameterError, match="NaN"):
        m.batch_payoff_tensor({"market.sharpness": [1.0, math.nan]})
    with pytest.raises(InvalidParameterError, match="capital"):
        m.batch_payoff_tensor({"firms.Meta.capital": [-1.0]})


def test_batch_scenario_overrides():
    m = bsc.gpu_race()
    b = m.batch_payoff_tensor({"scenarios.disruption.sharpness": [0.0, 3.0],
                               "scenarios.consolidation.prize_multiplier": [1.0, 2.0]})
    s1 = m.with_params({"scenarios.disruption.sharpness": 3.0,
                        "scenarios.consolidation.prize_multiplier": 2.0})
    assert_allclose(b[1], s1.payoff_tensor(), rtol=1e-12)


def test_symmetric_model_gives_symmetric_game():
    firms = [Firm(n, 5_000, 2.0) for n in "abc"]
    m = RaceModel(firms, postures=["Blitz", "Niche", "Moat", "Partner", "WaitForStumble"],
                  scenarios=ScenarioMixture.default())
    assert m.is_symmetric()
    assert m.to_game().is_symmetric()
