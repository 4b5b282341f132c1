"""Continuous-strategy equilibria: Tullock anchor, limits, grid refinement, failures."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from blitzgame.exceptions import ConvergenceWarning
from blitzgame.model import Firm, Market, RaceModel, SpeedScale
from blitzgame.model.continuous import choice_payoffs, continuous_equilibrium
from blitzgame.solvers.pure import pure_equilibria


def tullock_model(n: int, prize: float, r: float, cost: float = 1.0) -> RaceModel:
    firms = [Firm(f"f{i}", 0, 100.0, unit_cost=cost) for i in range(n)]
    return RaceModel(firms, Market.tullock(prize=prize, sharpness=r))


@pytest.mark.parametrize("n, r, prize", [(2, 0.5, 1.0), (2, 1.0, 1.0), (2, 1.8, 3.0),
                                         (3, 1.0, 9.0), (3, 1.4, 2.0), (4, 0.8, 5.0)],
                         ids=lambda v: str(v))
def test_symmetric_tullock_equilibrium_spend(n, r, prize):
    eq = continuous_equilibrium(tullock_model(n, prize, r))
    expected = r * (n - 1) * prize / n**2
    assert eq.success, eq.message
    assert_allclose(eq.spend, expected, rtol=1e-7)
    assert_allclose(eq.compute, expected * 1e9, rtol=1e-7)  # $1 per GPU
    assert_allclose(eq.payoffs, prize / n - expected, rtol=0, atol=1e-7 * prize)
    assert eq.max_regret <= 1e-7 * max(1, prize)


def test_unit_cost_scales_spend_not_money():
    eq = continuous_equilibrium(tullock_model(2, 4.0, 1.0, cost=2000.0))
    assert_allclose(eq.spend, 1.0, rtol=1e-7)           # r (N-1) V / N^2 = 1 $B
    assert_allclose(eq.compute, 1e9 / 2000.0, rtol=1e-7)


def test_sharpness_limits_of_choice_payoffs():
    m0 = tullock_model(2, 1.0, 0.0)
    assert_allclose(choice_payoffs(m0, [1, 1], [1e6, 9e6]), [0.5 - 1e-3, 0.5 - 9e-3])
    big = tullock_model(2, 1.0, 500.0)
    assert_allclose(choice_payoffs(big, [1, 1], [1e6, 1.1e6]), [-1e-3, 1 - 1.1e-3],
                    atol=1e-12)


def test_grid_equilibria_approach_continuous_one():
    model = tullock_model(2, 1.0, 1.0)
    kstar = continuous_equilibrium(model).compute[0]
    dists = []
    for n in (5, 9, 17, 33, 65):
        grid = np.linspace(0.05e9, 0.65e9, n)
        post = [SpeedScale(speed=1.0, target=float(k)) for k in grid]
        g = RaceModel(model.firms, model.market, postures=post).to_game()
        res = pure_equilibria(g)
        assert len(res) >= 1
        d = min(max(abs(grid[a] - kstar) for a in e.pure_profile) for e in res)
        assert d <= (grid[1] - grid[0])
        dists.append(d)
    assert dists[-1] < dists[0] / 10
    assert all(b <= a + 1e-9 for a, b in zip(dists, dists[1:], strict=False))


def test_varying_speed_finds_verified_equilibrium():
    firms = [Firm(n, 1_000, 2.0, 30_000.0) for n in "ab"]
    mk = Market(prize=5.0, sharpness=1.0, hazard_base=0.0, hazard_speed=0.3, waste=0.3,
                leadership_window=6.0, stage_jump=1.0, network_feedback=0.0)
    eq = continuous_equilibrium(RaceModel(firms, mk), vary_speed=True, grid=65)
    assert eq.success, eq.message
    assert_allclose(eq.compute[0], eq.compute[1], rtol=1e-4)
    assert 0.05 < eq.speed[0] < 1.0  # interior: speed trades decay against waste and risk
    # verified: no deviation on a fine grid does better
    ks = np.geomspace(1_000, 1_000 + 2e9 / 30_000, 400)
    for s in (0.1, 0.5, eq.speed[0], 1.0):
        dev = choice_payoffs(RaceModel(firms, mk), np.array([[s, eq.speed[1]]] * 400),
                             np.stack([ks, np.full(400, eq.compute[1])], axis=1))[:, 0]
        assert dev.max() <= eq.payoffs[0] + 1e-6


def test_non_convergence_is_reported():
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        eq = continuous_equilibrium(tullock_model(2, 1.0, 1.0), max_iter=1, start=[1e6, 1e8])
    assert not eq.success
