"""The built-in scenarios: the essay's numbers, and the death zone emerging at high sharpness."""

from __future__ import annotations

import math

import numpy as np
import pytest

import blitzgame.model.presets as bsc
from blitzgame.model import Blitz, ScenarioMixture
from blitzgame.model.stages import STAGES, stage_of


def test_seed_uses_the_essays_numbers():
    m = bsc.gpu_race()
    assert m.players == ("Meta", "Microsoft", "Google", "xAI", "Defender")
    meta = m.firm("Meta")
    assert meta.capital == 14.8
    assert any(p.target == 600_000 for p in m.postures["Meta"])
    assert m.firm("Microsoft").capital >= 50.0
    assert "Partner" in m.actions[1] and "CustomSilicon" in m.actions[2]
    assert m.actions[3] == ("Blitz", "Steady")
    assert 1_000 <= m.firm("Defender").compute < 10_000
    assert STAGES[stage_of(m.firm("Defender").compute)].name == "Competitor"
    assert m.market.leadership_window == 6.0
    assert 0.3 <= m.market.waste <= 0.5
    assert [s.probability for s in m.scenarios] == [0.6, 0.25, 0.15]
    assert m.scenarios.names == ("consolidation", "commoditization", "disruption")
    # Meta's blitz to 600,000 GPUs fits its $14.8B
    assert m.payoffs(["Blitz", "Blitz", "Blitz", "Blitz", "Blitz"])[0] > -meta.capital


def _defender_blitz_vs_rest(model):
    """The defender's payoff from blitzing against every profile of the others."""
    T = model.payoff_tensor()
    return T[..., 0, 4]  # defender's action 0 is Blitz


@pytest.mark.parametrize("r", [4.0, 8.0, 16.0])
def test_death_zone_emerges_at_high_sharpness(r):
    m = bsc.gpu_race().with_params({"market.sharpness": r})
    assert isinstance(m.postures["Defender"][0], Blitz)
    blitz = _defender_blitz_vs_rest(m)
    assert np.all(blitz < 0), "a mid-size blitzer must lose money whatever the giants do"
    # the loss is its real cost, not a coded penalty: shares are near zero in consolidation
    o = [x for x in m.outcomes(["Blitz"] * 5) if x.scenario == 0]
    assert max(float(x.main_share[4]) for x in o) < 1e-3


def test_no_death_zone_when_the_market_is_not_winner_take_all():
    m = bsc.gpu_race().with_params({"market.sharpness": 0.25})
    assert np.any(_defender_blitz_vs_rest(m) > 0)


def test_two_firm_race_and_default_mixture():
    m = bsc.two_firm_race()
    assert m.players == ("Blitzer", "Defender")
    mix = ScenarioMixture.default(0.5, 0.3, 0.2)
    assert math.isclose(sum(s.probability for s in mix), 1.0)


def test_entry_ticket_and_frontier_model_cost():
    m = bsc.gpu_race()
    for f in m.firms:
        if f.stage == "Dominator":
            assert f.capital >= bsc.ENTRY_TICKET
    # reaching the Leader stage (10,000 GPUs) costs more than one frontier model
    assert 10_000 * bsc.GPU_UNIT_COST * 1e-9 >= bsc.FRONTIER_MODEL_COST
