"""Correlated equilibria: Aumann's chicken, obedience of Nash equilibria, objectives, errors."""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.solvers.nplayer.correlated import CorrelatedResult, obedience_constraints

F = Fraction


@pytest.fixture
def aumann_chicken() -> bg.NormalFormGame:
    """Aumann (1974): (C, C) = (6, 6), (C, D) = (2, 7), (D, C) = (7, 2), (D, D) = (0, 0)."""
    return bg.NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]],
                                           actions=(("C", "D"), ("C", "D")))


def _obeys(game: bg.NormalFormGame, p) -> bool:
    """Independent obedience check: loop over players, recommendations and deviations."""
    u = game.payoff_array
    for i, n in enumerate(game.shape):
        for a, b in itertools.permutations(range(n), 2):
            gain = 0
            for prof in game.pure_profiles():
                if prof[i] == a:
                    dev = prof[:i] + (b,) + prof[i + 1:]
                    gain += p[prof] * (u[prof][i] - u[dev][i])
            if gain < 0:
                return False
    return True


def test_aumann_chicken_max_welfare(aumann_chicken):
    # derivation: obedience gives 2b >= a, c >= 2d, 2c >= a, b >= 2d for
    # p = (a, b; c, d); welfare 12a + 9b + 9c is maximal at a = 1/2, b = c = 1/4, d = 0
    ce = bg.correlated_equilibrium(aumann_chicken)
    assert isinstance(ce, CorrelatedResult) and ce.success and ce.exact
    assert ce.distribution.tolist() == [[F(1, 2), F(1, 4)], [F(1, 4), F(0)]]
    assert ce.objective_value == F(21, 2) and ce.payoffs == (F(21, 4), F(21, 4))
    assert _obeys(aumann_chicken, ce.distribution)
    # it beats every Nash equilibrium's welfare: pure 9, mixed (2/3, 1/3) each: 28/3
    nash_welfare = [sum(e.payoffs) for e in bg.pure_equilibria(aumann_chicken)]
    x = np.array([F(2, 3), F(1, 3)], dtype=object)
    mixed = aumann_chicken.expected_payoffs([x, x])
    assert aumann_chicken.is_nash([x, x])
    nash_welfare.append(sum(mixed))
    assert max(nash_welfare) == F(28, 3) < ce.objective_value


def test_every_nash_equilibrium_is_correlated(battle_of_the_sexes, chicken, three_player_mixed):
    cases = [
        (battle_of_the_sexes, [[F(3, 5), F(2, 5)], [F(2, 5), F(3, 5)]]),
        (chicken, [[F(2, 3), F(1, 3)], [F(2, 3), F(1, 3)]]),
        (three_player_mixed, [[F(1, 2), F(1, 2)]] * 3),
    ]
    for game, prof in cases:
        assert game.is_nash(prof)
        p = np.ones(game.shape, dtype=object)
        for i, s in enumerate(prof):
            shape = [1] * game.num_players
            shape[i] = len(s)
            p = p * np.array(s, dtype=object).reshape(shape)
        R = obedience_constraints(game, exact=True)
        assert all(v >= 0 for v in R @ p.reshape(-1))
        assert _obeys(game, p)


def test_random_nash_equilibria_are_correlated():
    rng = np.random.default_rng(11)
    for _ in range(5):
        g = bg.NormalFormGame.from_bimatrix(rng.normal(size=(3, 3)), rng.normal(size=(3, 3)))
        R = obedience_constraints(g)
        with warnings.catch_warnings():  # nashpy warns on an even count (float tolerance)
            warnings.simplefilter("ignore", RuntimeWarning)
            eqs = list(g.to_nashpy().support_enumeration())
        assert eqs
        for x, y in eqs:
            assert np.all(R @ np.outer(x, y).reshape(-1) >= -1e-9)


def test_unique_correlated_equilibria(prisoners_dilemma, matching_pennies):
    pd = bg.correlated_equilibrium(prisoners_dilemma)
    assert pd.distribution.tolist() == [[0, 0], [0, 1]]
    # matching pennies: the only correlated equilibrium is the uniform product
    for objective in ("welfare", [1, 0], [[1, 0], [0, 0]]):
        mp = bg.correlated_equilibrium(matching_pennies, objective=objective)
        assert mp.distribution.tolist() == [[F(1, 4)] * 2] * 2


def test_objectives(aumann_chicken):
    row = bg.correlated_equilibrium(aumann_chicken, objective=[1, 0])
    assert row.objective_value == 7 and row.payoffs[0] == 7  # the row player's best CE
    worst = bg.correlated_equilibrium(aumann_chicken, objective=[-1, -1])
    # minimum welfare 12a + 9(b + c): a = 0 and b = c = 2d (obedience tight), so d = 1/5
    # and welfare 9 * 4/5 = 36/5 -- below every Nash equilibrium's welfare (min 28/3)
    assert worst.distribution.tolist() == [[0, F(2, 5)], [F(2, 5), F(1, 5)]]
    assert -worst.objective_value == F(36, 5) and _obeys(aumann_chicken, worst.distribution)
    coef = np.array([[0, 0], [0, 1]])  # maximise the probability of the crash (D, D)
    crash = bg.correlated_equilibrium(aumann_chicken, objective=coef)
    assert crash.objective_value == F(1, 5) and crash.distribution[1, 1] == F(1, 5)


def test_three_players(three_player_mixed):
    ce = bg.correlated_equilibrium(three_player_mixed)
    assert ce.exact and ce.distribution.shape == (2, 2, 2)
    assert sum(ce.distribution.reshape(-1)) == 1 and _obeys(three_player_mixed, ce.distribution)
    assert ce.objective_value >= 0  # at least the Nash welfare


def test_float_game():
    g = bg.NormalFormGame.from_bimatrix([[6.0, 2.0], [7.0, 0.0]], [[6.0, 7.0], [2.0, 0.0]])
    ce = bg.correlated_equilibrium(g)
    assert not ce.exact and ce.distribution.dtype == np.float64
    np.testing.assert_allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=1e-9)
    assert ce.objective_value == pytest.approx(10.5)


def test_errors(aumann_chicken):
    with pytest.raises(bg.InvalidParameterError, match="objective"):
        bg.correlated_equilibrium(aumann_chicken, objective="utilitarian")
    with pytest.raises(bg.InvalidParameterError, match=r"objective has shape \(3,\)"):
        bg.correlated_equilibrium(aumann_chicken, objective=[1, 2, 3])
    with pytest.raises(bg.InvalidParameterError, match="objective"):
        bg.correlated_equilibrium(aumann_chicken, objective=[1, float("nan")])
    with pytest.raises(bg.InvalidParameterError, match="NormalFormGame"):
        bg.correlated_equilibrium(np.zeros((2, 2, 2)))


def test_payoff_units_do_not_change_the_answer():
    """Objective and constraints are both scaled for the LP: payoffs in the billions
    give the same distribution and a proportional objective."""
    u = np.random.default_rng(15).standard_normal((3, 3, 2))
    ref = bg.correlated_equilibrium(bg.NormalFormGame(u))
    for scale in (1e9, 1e12):
        res = bg.correlated_equilibrium(bg.NormalFormGame(u * scale))
        assert res.success
        np.testing.assert_allclose(res.objective_value, ref.objective_value * scale, rtol=1e-6)
        np.testing.assert_allclose(res.distribution, ref.distribution, atol=1e-6)


@pytest.mark.parametrize("factor, shift", [(1e-6, 0.0), (1e-3, 1e3)])
def test_tiny_or_shifted_payoffs_give_the_same_answer(factor, shift):
    """The obedience gains are not floored at 1 and the welfare objective is shifted
    to start at 0 before scaling: tiny or shifted payoffs keep the LP's precision."""
    rng = np.random.default_rng(0)
    for _ in range(100):
        u = rng.random((3, 3, 2))
        ref = bg.correlated_equilibrium(bg.NormalFormGame(u))
        res = bg.correlated_equilibrium(bg.NormalFormGame(u * factor + shift),
                                        tol=1e-9 * factor)
        assert res.success
        assert (res.objective_value - 2 * shift) / factor == pytest.approx(
            ref.objective_value, abs=1e-7)
