"""The race payoff kernel: Tullock limits, a hand-computed model, and each rule change."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from blitzgame.model import (
    Blitz,
    CustomSilicon,
    Firm,
    Market,
    Moat,
    Niche,
    Partner,
    RaceModel,
    SpeedScale,
    Steady,
    WaitForStumble,
    tullock_shares,
)


def test_tullock_shares_basic_limits():
    e = np.array([1.0, 2.0, 4.0])
    assert_allclose(tullock_shares(e, 1.0), e / e.sum(), rtol=1e-15)
    assert_allclose(tullock_shares(e, 0.0), [1 / 3] * 3, rtol=1e-15)
    assert_allclose(tullock_shares(e, 1e-9), [1 / 3] * 3, rtol=1e-8)
    assert_allclose(tullock_shares(e, 1e4), [0, 0, 1], atol=1e-300)
    # ties split evenly, even at huge r; no overflow for huge compute
    assert_allclose(tullock_shares([3e8, 3e8, 1e8], 500.0), [0.5, 0.5, 0.0], atol=1e-15)
    assert_allclose(tullock_shares([0.0, 0.0], 2.0), [0.5, 0.5])
    assert_allclose(tullock_shares([[1.0, 3.0], [1.0, 1.0]], [1.0, 5.0]),
                    [[0.25, 0.75], [0.5, 0.5]])


@pytest.mark.parametrize("r", [0.5, 1.0, 2.0, 7.0, 40.0])
def test_leader_share_increases_with_sharpness(r):
    e = np.array([5.0, 3.0, 1.0])
    assert tullock_shares(e, r + 0.5)[0] >= tullock_shares(e, r)[0]


def _hand_payoffs(prof):
    """Independent scalar computation of the DESIGN.md section-3 formulas for the model below."""
    V, r, jump, window, T0, K0, eta, w, phi = 10.0, 1.0, 2.0, 6.0, 2.0, 1000.0, 0.5, 0.2, 0.5
    h0, h1, keep = 0.1, 0.2, 0.5
    compute, c = [1000.0, 2000.0], [1000.0, 1000.0]
    choice = {0: (1.0, 10.0), 1: (0.5, 2.0)}  # (speed, scale)
    E, cost, dec, h = [], [], [], []
    for i, a in enumerate(prof):
        s, sc = choice[a]
        K = sc * compute[i]
        stage = min(4, max(0, math.floor(math.log10(K)) - 1))
        E.append(K * jump**stage * (1 - w * s * s))
        cost.append(c[i] * 1e-9 * (K - compute[i]) * (1 + phi * s * s))
        dec.append(math.exp(-math.log(2) / window * T0 * (K - compute[i]) / (K0 * s)))
        h.append(h0 + h1 * s * s)
    exp = [0.0, 0.0]
    for st in itertools.product([0, 1], repeat=2):
        p = math.prod(h[i] if st[i] else 1 - h[i] for i in range(2))
        Er = [E[i] * (keep if st[i] else 1.0) for i in range(2)]
        sh = [Er[i] ** r / sum(x**r for x in Er) for i in range(2)]
        lead = max(sh)
        for i in range(2):
            boost = 1 + eta * sh[i] if sh[i] == lead else 1.0
            exp[i] += p * dec[i] * sh[i] * V * boost
    return [exp[i] - cost[i] for i in range(2)]


def test_hand_computed_two_firm_model():
    m = Market(prize=10.0, sharpness=1.0, returns_to_scale=1.0, stage_jump=2.0,
               leadership_window=6.0, build_time=2.0, reference_scale=1000.0,
               network_feedback=0.5, waste=0.2, speed_premium=0.5, hazard_base=0.1,
               hazard_speed=0.2, stumble_keep=0.5, niche_size=0.0)
    firms = [Firm("a", 1000, 10.0, 1000.0), Firm("b", 2000, 10.0, 1000.0)]
    post = [SpeedScale(speed=1.0, scale=10.0, name="fast"),
            SpeedScale(speed=0.5, scale=2.0, name="slow")]
    model = RaceModel(firms, m, postures=post)
    T = model.payoff_tensor()
    for prof in itertools.product(range(2), repeat=2):
        assert_allclose(T[prof], _hand_payoffs(prof), rtol=1e-13)
        assert_allclose(model.payoffs(list(prof)), _hand_payoffs(prof), rtol=1e-13)
    # one cell written out as numbers: (slow, slow), no stumbles matter for shares at r=1
    # both firms at speed 0.5; E_a = 2000*2*0.95 = 3800, E_b = 4000*2*0.95 = 7600
    assert_allclose(model.payoffs(["slow", "slow"]), _hand_payoffs((1, 1)), rtol=1e-13)


def _two(postures_a, postures_b, **market):
    base = dict(prize=10.0, sharpness=2.0, hazard_base=0.0, hazard_speed=0.0, waste=0.0,
                leadership_window=float("inf"), network_feedback=0.0, speed_premium=0.0)
    base.update(market)
    firms = [Firm("a", 10_000, 5.0, 1000.0), Firm("b", 1_000, 5.0, 1000.0)]
    return RaceModel(firms, Market(**base), postures={"a": postures_a, "b": postures_b})


def test_niche_leaves_main_contest_and_caps_blitzer_take():
    m = _two([Blitz()], [Niche(), Steady()], niche_size=0.2, niche_leak=0.25)
    outs = m.outcomes(["Blitz", "Niche"])
    assert len(outs) == 1
    o = outs[0]
    assert o.main_share.tolist() == [1.0, 0.0]
    assert o.niche_share.tolist() == [0.0, 1.0]
    # the niche firm gets (1 - leak) of the niche segment; the blitzer gets the rest
    assert_allclose(o.gross, [10 * 0.8 + 10 * 0.2 * 0.25, 10 * 0.2 * 0.75])
    # niche payoff does not depend on how big the blitzer is
    big = _two([Blitz(scale=50)], [Niche()], niche_size=0.2, niche_leak=0.25)
    assert_allclose(big.payoffs(["Blitz", "Niche"])[1], m.payoffs(["Blitz", "Niche"])[1])


def test_moat_keeps_floor_of_installed_base():
    m = _two([Blitz(scale=100)], [Moat(floor=0.8, scale=1.0, fixed_cost=0.0), Steady(scale=1)],
             sharpness=6.0)
    base_share = 1_000 / 11_000
    o = m.outcomes(["Blitz", "Moat"])[0]
    assert_allclose(o.main_share[1], 0.8 * base_share)
    assert_allclose(o.main_share.sum(), 1.0)
    o2 = m.outcomes(["Blitz", "Steady"])[0]
    assert o2.main_share[1] < 1e-6


def test_partners_pool_compute_and_split_by_contribution():
    firms = [Firm("big", 100_000, 50.0, 1000.0), Firm("p1", 10_000, 5.0, 1000.0),
             Firm("p2", 20_000, 5.0, 1000.0)]
    mk = Market(prize=10.0, sharpness=3.0, hazard_base=0.0, hazard_speed=0.0, waste=0.0,
                leadership_window=float("inf"), network_feedback=0.0, coordination_loss=0.1,
                stage_jump=1.0)
    pp = Partner(scale=1.0, fixed_cost=0.0)
    st = Steady(scale=1.0)
    m = RaceModel(firms, mk, postures={"big": [st], "p1": [pp, st], "p2": [pp, st]})
    pooled = m.outcomes(["Steady", "Partner", "Partner"])[0].main_share
    alone = m.outcomes(["Steady", "Steady", "Steady"])[0].main_share
    E = np.array([1e5, 1e4, 2e4])
    pool = 0.9 * 3e4
    q = pool**3 / (pool**3 + 1e5**3)
    assert_allclose(pooled, [1 - q, q / 3, 2 * q / 3], rtol=1e-12)
    assert_allclose(alone, E**3 / (E**3).sum(), rtol=1e-12)
    assert pooled[1] + pooled[2] > alone[1] + alone[2]
    # a lone partner just competes alone
    lone = m.outcomes(["Steady", "Partner", "Steady"])[0].main_share
    assert_allclose(lone, alone)


def test_custom_silicon_cheaper_and_stronger_but_later():
    cs = CustomSilicon(speed=0.5, scale=5.0, fixed_cost=0.0, cost_factor=0.5,
                       efficiency_gain=2.0, delay=6.0)
    plain = SpeedScale(speed=0.5, scale=5.0, name="plain")
    m = _two([cs, plain], [Steady()], leadership_window=6.0)
    o_cs = m.outcomes(["CustomSilicon", "Steady"])[0]
    o_pl = m.outcomes(["plain", "Steady"])[0]
    assert o_cs.main_share[0] > o_pl.main_share[0]          # higher efficiency
    # decay: the gross prize per unit share is halved by the 6-month delay
    assert_allclose(o_cs.gross[0] / o_cs.main_share[0], 0.5 * o_pl.gross[0] / o_pl.main_share[0])
    cost_cs = o_cs.gross[0] - m.payoffs(["CustomSilicon", "Steady"])[0]
    cost_pl = o_pl.gross[0] - m.payoffs(["plain", "Steady"])[0]
    assert_allclose(cost_cs, 0.5 * cost_pl)


def test_wait_for_stumble_gains_when_leaders_stumble():
    wait = WaitForStumble(scale=1.0, delay=0.0, salvage=0.5, cost_factor=1.0)
    m = _two([Blitz()], [wait], hazard_base=0.5, stumble_keep=0.2, sharpness=1.0)
    outs = {o.stumbles: o for o in m.outcomes(["Blitz", "WaitForStumble"])}
    ok = outs[(False, False)].main_share[1]
    st = outs[(True, False)].main_share[1]
    assert st > ok
    # salvage: the waiter adds half of what the blitzer lost (1 - keep = 0.8 of its compute)
    no_salvage = _two([Blitz()], [wait.with_params(salvage=0.0)], hazard_base=0.5,
                      stumble_keep=0.2, sharpness=1.0)
    assert m.payoffs(["Blitz", "WaitForStumble"])[1] > \
        no_salvage.payoffs(["Blitz", "WaitForStumble"])[1]


def test_bankrupt_posture_loses_capital_and_drops_out():
    m = _two([Blitz(scale=1000)], [Steady()])  # 10M GPUs at $1000 = $10B > $5B
    pay = m.payoffs(["Blitz", "Steady"])
    assert pay[0] == -5.0
    assert m.outcomes(["Blitz", "Steady"])[0].main_share.tolist() == [0.0, 1.0]


def test_speed_costs_waste_and_risk():
    fast = SpeedScale(speed=1.0, scale=2.0, name="fast")
    slow = SpeedScale(speed=0.2, scale=2.0, name="slow")
    m = _two([fast, slow], [Steady()], waste=0.4, speed_premium=1.0, hazard_base=0.0,
             hazard_speed=0.5, leadership_window=float("inf"))
    # with no decay speed only costs: waste, premium, risk
    assert m.payoffs(["slow", "Steady"])[0] > m.payoffs(["fast", "Steady"])[0]
    with_decay = m.with_params({"market.leadership_window": 0.5})
    assert with_decay.payoffs(["fast", "Steady"])[0] > with_decay.payoffs(["slow", "Steady"])[0]
