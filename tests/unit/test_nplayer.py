"""N-player mixed equilibria by logit QRE path following, and solve(method="auto") for N >= 3."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.solvers.nplayer.logit_qre import logit_qre, nplayer_auto

F = Fraction


@pytest.fixture
def volunteer_root_two() -> bg.NormalFormGame:
    """A symmetric 3-player game whose logit solution is irrational: p = 1/sqrt(2).

    u_i(1, .) = 0 and u_i(0, a_-i) = -1 if both others play 0, else +1. With p the
    probability of action 0, player i is indifferent iff 1 - 2 p_j p_k = 0; the
    symmetric branch from the uniform profile (where action 0 is better) ends at
    p = 1/sqrt(2) (derived by hand).
    """
    u = np.zeros((2, 2, 2, 3), dtype=int)
    for prof in np.ndindex(2, 2, 2):
        for i in range(3):
            if prof[i] == 0:
                others = [prof[j] for j in range(3) if j != i]
                u[prof + (i,)] = -1 if others == [0, 0] else 1
    return bg.NormalFormGame(u)


def test_three_player_unique_mixed(three_player_mixed):
    res = logit_qre(three_player_mixed)
    assert res.method == "logit_qre" and res.success and res.exact and not res.complete
    assert len(res) == 1
    eq = res[0]
    assert [list(s) for s in eq.strategies] == [[F(1, 2), F(1, 2)]] * 3
    assert eq.max_regret == 0 and eq.payoffs == (0, 0, 0)


def test_irrational_equilibrium_is_returned_in_floats(volunteer_root_two):
    with pytest.warns(bg.PrecisionWarning, match="could not be made exact"):
        res = logit_qre(volunteer_root_two)
    assert res.success and not res.exact and len(res) == 1
    eq = res[0]
    for s in eq.strategies:
        np.testing.assert_allclose(s, [2 ** -0.5, 1 - 2 ** -0.5], atol=1e-12)
    assert eq.max_regret <= volunteer_root_two.float_tol


def test_battle_of_the_sexes_reaches_the_mixed_equilibrium(battle_of_the_sexes):
    eq = logit_qre(battle_of_the_sexes)[0]
    # the QRE branch of this game ends at the mixed equilibrium (the pure ones are off it)
    assert [list(s) for s in eq.strategies] == [[F(3, 5), F(2, 5)], [F(2, 5), F(3, 5)]]


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (4, 4), (3, 5)], ids=str)
def test_two_player_limit_is_an_equilibrium_found_by_nashpy(shape):
    rng = np.random.default_rng(sum(shape))
    for _ in range(4):
        A, B = rng.normal(size=shape), rng.normal(size=shape)
        g = bg.NormalFormGame.from_bimatrix(A, B)
        res = logit_qre(g)
        assert res.success and len(res) == 1
        x, y = res[0].strategies
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ref = list(g.to_nashpy().vertex_enumeration())
        assert any(np.allclose(x, rx, atol=1e-8) and np.allclose(y, ry, atol=1e-8)
                   for rx, ry in ref)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2), (2, 3, 4), (3, 2, 2, 2)], ids=str)
def test_random_games_regret_below_tol(shape):
    rng = np.random.default_rng(len(shape) * 100 + shape[0])
    for _ in range(5):
        g = bg.NormalFormGame(rng.normal(size=(*shape, len(shape))))
        res = logit_qre(g)
        assert res.success and len(res) == 1
        eq = res[0]
        assert float(g.max_regret(eq.strategies)) <= g.float_tol
        assert eq.max_regret <= g.float_tol
        assert res.stats["steps"] > 0 and res.stats["lambda"] > 0


def test_exact_random_game_is_rationalised_when_possible():
    rng = np.random.default_rng(5)
    g = bg.NormalFormGame(rng.integers(-5, 6, size=(2, 2, 2, 3)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bg.PrecisionWarning)  # may be irrational
        res = logit_qre(g)
    assert res.success and len(res) == 1
    eq = res[0]
    if eq.exact:
        assert eq.max_regret == 0
    else:
        assert eq.max_regret <= g.float_tol


def test_non_convergence_is_reported(volunteer_root_two):
    with pytest.warns(bg.ConvergenceWarning, match="did not converge"):
        res = logit_qre(volunteer_root_two, max_steps=2)
    assert not res.success and res.status == bg.Status.MAX_ITER and len(res) == 0
    assert "max_steps=2" in res.message


def test_auto_for_three_players(volunteer_root_two, three_player_mixed):
    with pytest.warns(bg.PrecisionWarning):
        res = bg.solve(volunteer_root_two)
    assert res.method == "auto" and not res.complete
    pure = {e.pure_profile for e in res.pure()}
    assert pure == {(0, 0, 1), (0, 1, 0), (1, 0, 0)}
    assert len(res) == 4  # plus the irrational symmetric one
    res3 = nplayer_auto(three_player_mixed)
    assert len(res3) == 1 and res3.exact and not res3.pure()


def test_options_are_validated(three_player_mixed):
    with pytest.raises(bg.InvalidParameterError, match="max_steps"):
        logit_qre(three_player_mixed, max_steps=0)
    with pytest.raises(bg.InvalidParameterError, match="lambda_max"):
        logit_qre(three_player_mixed, lambda_max=-1.0)
    with pytest.raises(bg.InvalidParameterError, match="unexpected option"):
        bg.solve(three_player_mixed, method="auto", foo=1)
    with pytest.raises(bg.InvalidParameterError, match="NormalFormGame"):
        logit_qre("not a game")
