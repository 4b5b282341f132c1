"""Properties of race models drawn by blitzgame.testing.race.race_models (dog-fooding)."""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings

from blitzgame.analysis.verdict import analyze
from blitzgame.exceptions import BlitzgameWarning
from blitzgame.solvers.dominance import is_dominated
from blitzgame.solvers.pure import pure_equilibria
from blitzgame.testing.race import check_payoff_model, race_models

_SETTINGS = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_SETTINGS
@given(race_models())
def test_every_generated_model_keeps_the_invariants(model):
    check_payoff_model(model)


@_SETTINGS
@given(race_models(symmetric=True))
def test_symmetric_models_give_symmetric_games(model):
    g = model.to_game()
    assert g.is_symmetric()
    check_payoff_model(model)


@_SETTINGS
@given(race_models(max_firms=3))
def test_strictly_dominated_posture_never_in_equilibrium(model):
    g = model.to_game()
    dominated = {(i, a) for i in range(g.num_players) for a in range(g.shape[i])
                 if g.shape[i] > 1 and is_dominated(g, i, a, strict=True).kind == "strict"}
    with warnings.catch_warnings():  # drawn games may be degenerate (ties): warned, legitimate
        warnings.simplefilter("ignore", BlitzgameWarning)
        results = [pure_equilibria(g), analyze(model).equilibria]
    for res in results:
        for eq in res:
            for i, s in enumerate(eq.strategies):
                for a in np.flatnonzero(np.asarray(s, float) > 1e-9):
                    assert (i, int(a)) not in dominated, (
                        f"strictly dominated posture {g.actions[i][a]!r} of {g.players[i]!r} "
                        f"in equilibrium {eq}")


@_SETTINGS
@given(race_models(max_firms=2))
def test_batch_tensor_agrees_with_single_models(model):
    r = np.array([0.0, model.market.sharpness, 5.0])
    batch = model.batch_payoff_tensor({"market.sharpness": r})
    for k in range(3):
        single = model.with_params({"market.sharpness": float(r[k])}).payoff_tensor()
        np.testing.assert_allclose(batch[k], single, rtol=1e-12, atol=1e-12)
