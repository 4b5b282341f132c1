"""Markov perfect equilibria and Shapley iteration."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.games.stochastic import StochasticGame
from blitzgame.solvers.stochastic.markov import markov_perfect, markov_regrets, shapley_iteration


def _zero_sum_two_state():
    # state 0: zero-sum [[3, 0], [0, 1]] (value 3/4), then absorbing state 1 paying 1
    A = np.array([[3, 0], [0, 1]])
    pay0 = np.stack([A, -A], axis=-1).tolist()
    t0 = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]
    return StochasticGame(("play", "end"), None, [t0, [[[0, 1]]]],
                          [pay0, [[[1, -1]]]], Fraction(1, 2))


def test_shapley_exact_hand_solved():
    res = shapley_iteration(_zero_sum_two_state())
    eq = res[0]
    assert res.exact and eq.exact
    # V(end) = 1 / (1 - 1/2) = 2; V(play) = 3/4 + 1/2 * 2 = 7/4
    assert eq.values[:, 0].tolist() == [Fraction(7, 4), Fraction(2)]
    assert eq.strategies[0][0].tolist() == [Fraction(1, 4), Fraction(3, 4)]
    assert eq.max_regret == 0


def test_shapley_rejects_general_sum(prisoners_dilemma):
    g = StochasticGame(1, None, [np.ones((2, 2, 1))], [prisoners_dilemma], 0.5)
    with pytest.raises(bg.UnsupportedGameError, match="zero-sum"):
        shapley_iteration(g)


def _general_sum():
    # two states; in "boom" a coordination game, in "bust" chicken; actions move the state
    coord = [[[2, 2], [0, 0]], [[0, 0], [1, 1]]]
    chick = [[[1, 1], [0, 2]], [[2, 0], [-2, -2]]]
    t_boom = [[[0.9, 0.1], [0.5, 0.5]], [[0.5, 0.5], [0.2, 0.8]]]
    t_bust = [[[0.6, 0.4], [0.3, 0.7]], [[0.3, 0.7], [0.1, 0.9]]]
    return StochasticGame(("boom", "bust"), None, [t_boom, t_bust], [coord, chick], 0.8)


@pytest.mark.parametrize("method", ["gauss_seidel", "gauss_jacobi"])
def test_general_sum_mpe_passes_one_shot_deviation(method):
    g = _general_sum()
    res = markov_perfect(g, method=method, starts=4, rng=0)
    assert res.success and len(res) >= 1
    for eq in res:
        reg = markov_regrets(g, eq.strategies, eq.values)
        assert float(np.max(reg)) <= 1e-6
        # values solve the Bellman equations of the strategies
        assert eq.values.shape == (2, 2)


def test_mixed_stage_equilibrium_when_no_pure(matching_pennies):
    g = StochasticGame(1, None, [np.ones((2, 2, 1))], [matching_pennies], 0.9)
    res = markov_perfect(g)
    assert res.success
    np.testing.assert_allclose(np.asarray(res[0].strategies[0][0], float), [0.5, 0.5])
    np.testing.assert_allclose(res[0].values, [[0.0, 0.0]], atol=1e-9)


def test_bad_method():
    with pytest.raises(bg.InvalidParameterError, match="gauss_seidel"):
        markov_perfect(_general_sum(), method="newton")


@pytest.mark.parametrize("factor, shift", [(1e-4, 0.0), (1.0, 1e6), (1e-4, 1e6), (1e6, 1e9)])
def test_mpes_do_not_depend_on_payoff_units(factor, shift):
    # An affine change of units leaves the MPEs unchanged and maps the values; a
    # shift of 1e6 used to stop the iteration early and list one MPE several times.
    rng = np.random.default_rng(1)
    pay = [rng.random((2, 2, 2)) for _ in range(2)]
    trans = [rng.dirichlet([1, 1], (2, 2)) for _ in range(2)]
    base = markov_perfect(StochasticGame(2, None, trans, pay, 0.8), starts=6, rng=0)
    game = StochasticGame(2, None, trans, [p * factor + shift for p in pay], 0.8)
    res = markov_perfect(game, starts=6, rng=0)
    assert res.success and len(res) == len(base) == 2
    for e, b in zip(res, base, strict=True):
        for s in range(2):
            for x, y in zip(e.strategies[s], b.strategies[s], strict=True):
                np.testing.assert_allclose(x, y, atol=1e-6)
        np.testing.assert_allclose(e.values, b.values * factor + shift / 0.2, rtol=1e-9,
                                   atol=1e-6 * factor)
        # verified in the given game, in its units
        assert markov_regrets(game, e.strategies, e.values).max() <= 1e-7 * factor + 1e-15 * shift


@pytest.mark.parametrize("scale", [1e-6, 1e6])
def test_shapley_values_scale_with_the_payoffs(scale):
    # The stage LPs run on payoffs mapped onto [1, 2] (was: a span of at least 1,
    # which squeezed payoffs of order 1e-6 into a sliver of HiGHS's tolerance).
    rng = np.random.default_rng(0)
    A = [rng.random((3, 3)) for _ in range(2)]
    trans = [rng.dirichlet([1, 1], (3, 3)) for _ in range(2)]

    def game(c):
        return StochasticGame(2, None, trans, [np.stack([a * c, -a * c], -1) for a in A], 0.9)

    base = shapley_iteration(game(1.0))
    res = shapley_iteration(game(scale), tol=1e-10 * scale)
    assert res.success
    np.testing.assert_allclose(np.asarray(res[0].values, float) / scale,
                               np.asarray(base[0].values, float), rtol=1e-8)
    assert res[0].max_regret <= 1e-8 * scale


def _single_state_pd():
    return StochasticGame(1, None, [[[[1], [1]], [[1], [1]]]],
                          [[[[3, 3], [0, 5]], [[5, 0], [1, 1]]]], 0.9)


def test_stage_solver_finding_nothing_is_reported_not_raised(monkeypatch):
    """A stage solve that returns no equilibrium (e.g. an N-player logit-QRE failure)
    ends that start with a reason; the result says it failed instead of crashing."""
    from blitzgame.results import Status
    from blitzgame.solvers.stochastic import markov

    monkeypatch.setattr(markov, "_stage_solve", lambda aux, notes: ())
    with pytest.warns(bg.exceptions.ConvergenceWarning, match="no equilibrium"):
        res = markov_perfect(_single_state_pd(), starts=2)
    assert not res.success and res.status == Status.FAILED and len(res) == 0
    assert "start 0" in res.message and "start 1" in res.message and "state '0'" in res.message


def test_one_failed_start_does_not_hide_a_found_equilibrium(monkeypatch):
    from blitzgame.solvers.stochastic import markov

    real, calls = markov._stage_solve, []

    def first_call_fails(aux, notes):
        calls.append(1)
        return () if len(calls) == 1 else real(aux, notes)

    monkeypatch.setattr(markov, "_stage_solve", first_call_fails)
    res = markov_perfect(_single_state_pd(), starts=2)
    assert res.success and len(res) == 1 and "start 0: the stage solver found no" in res.message


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_max_iter_must_be_positive(bad):
    with pytest.raises(bg.exceptions.InvalidParameterError, match="max_iter"):
        markov_perfect(_single_state_pd(), max_iter=bad)
