"""The race as a repeated and as a stochastic game."""

from __future__ import annotations

import numpy as np
import pytest

from blitzgame.analysis.dynamic import dynamic_verdict, repeated_verdict
from blitzgame.model.dynamic import race_to_repeated_game, race_to_stochastic_game
from blitzgame.model.presets import gpu_race, two_firm_race


def test_transitions_valid_and_states():
    g = race_to_stochastic_game(two_firm_race())
    assert g.num_states == 36
    for s in range(g.num_states):
        T = g.transition(s)
        assert np.all(T >= 0)
        np.testing.assert_allclose(T.sum(axis=-1), 1.0)


def test_single_firm_hazard_never_raises_value():
    m = two_firm_race()
    vals = []
    for h1 in (0.0, 0.25, 0.8):
        v = dynamic_verdict(m, firms=["Blitzer"], hazard_speed=h1)
        assert v.result.success
        vals.append(v.values[:, 0])
    assert np.all(np.diff(np.array(vals), axis=0) <= 1e-9)


def test_seed_scenario_reports_death_zone():
    v = dynamic_verdict(gpu_race())
    assert v.result.success
    assert v.death_zone  # staying in the race is worth less than the niche somewhere
    for state, firm in v.death_zone:
        assert firm in v.game.players and state in v.game.states
    assert "death zone" in str(v)


def test_repeated_race():
    m = two_firm_race()
    rg = race_to_repeated_game(m, 0.9)
    assert rg.players == m.players
    v = repeated_verdict(m, 0.9)
    assert v.restraint == ("Steady", "Niche")
    assert v.sustainable == (v.critical_discount is not None and 0.9 >= v.critical_discount)


def test_bad_dynamic_parameters():
    with pytest.raises(ValueError, match="advance"):
        race_to_stochastic_game(two_firm_race(), advance=2.0)
    with pytest.raises(ValueError, match="unknown firm"):
        race_to_stochastic_game(two_firm_race(), firms=["Nobody"])


def test_dynamic_verdict_reports_a_failed_solve(monkeypatch):
    """When the stage solver finds nothing (seen with three firms, whose 4x4x4 stage
    games go to logit-QRE path following), the verdict says so instead of crashing."""
    from blitzgame.exceptions import ConvergenceWarning
    from blitzgame.solvers.stochastic import markov

    monkeypatch.setattr(markov, "_stage_solve", lambda aux, notes: ())
    with pytest.warns(ConvergenceWarning):
        v = dynamic_verdict(two_firm_race())
    assert not v.success and v.status == "failed" and "no equilibrium" in v.message
    assert "FAILED" in str(v) and np.isnan(v.values).all() and v.death_zone == ()
