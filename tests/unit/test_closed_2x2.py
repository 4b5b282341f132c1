"""The closed-form 2x2 path: exact sets on textbook games, degenerate games routed on,
and agreement with the general vertex enumeration on hypothesis-generated 2x2 games."""

from __future__ import annotations

import warnings
from fractions import Fraction as F
from unittest import mock

import numpy as np
import pytest
from hypothesis import assume, given

import blitzgame as bg
from blitzgame.exceptions import DegenerateGameWarning
from blitzgame.solvers.bimatrix import support as support_module
from blitzgame.solvers.bimatrix import vertex as vertex_module
from blitzgame.solvers.bimatrix.closed_2x2 import solve_2x2
from blitzgame.testing import strategies as bst


def _profiles(res):
    return [tuple(tuple(s.tolist()) for s in e.strategies) for e in res]


def _general(game, method="vertex_enumeration"):
    """The same solver with the closed form switched off."""
    module = vertex_module if method == "vertex_enumeration" else support_module
    with mock.patch.object(module, "solve_2x2", lambda *a, **k: None), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return getattr(module, method)(game)


def test_battle_of_the_sexes_exact(battle_of_the_sexes):
    res = bg.solve(battle_of_the_sexes)
    assert res.stats["closed_form"] == 1 and res.exact and res.complete and res.success
    assert _profiles(res) == [((1, 0), (1, 0)), ((0, 1), (0, 1)),
                              ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5)))]
    assert [e.payoffs for e in res] == [(3, 2), (2, 3), (F(6, 5), F(6, 5))]
    assert all(e.max_regret == 0 and isinstance(e.max_regret, F) for e in res)


def test_textbook_games(prisoners_dilemma, matching_pennies, chicken):
    pd = bg.solve(prisoners_dilemma)
    assert _profiles(pd) == [((0, 1), (0, 1))] and pd.stats["closed_form"] == 1
    mp = bg.solve(matching_pennies)
    assert _profiles(mp) == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]
    assert mp[0].payoffs == (0, 0)
    ch = bg.solve(chicken)
    assert _profiles(ch) == [((1, 0), (0, 1)), ((0, 1), (1, 0)),
                             ((F(2, 3), F(1, 3)), (F(2, 3), F(1, 3)))]


def test_float_game_matches_exact(battle_of_the_sexes):
    fl = bg.solve(battle_of_the_sexes.to_float())
    assert not fl.exact and fl.stats["closed_form"] == 1 and len(fl) == 3
    ex = bg.solve(battle_of_the_sexes)
    for a, b in zip(fl, ex, strict=True):
        for s, t in zip(a.strategies, b.strategies, strict=True):
            np.testing.assert_allclose(s, np.asarray(t, float), atol=1e-12)
        np.testing.assert_allclose(a.payoffs, [float(p) for p in b.payoffs], atol=1e-12)
        assert a.max_regret <= fl.game.float_tol


def test_fraction_payoffs_are_scaled_exactly():
    g = bg.NormalFormGame.from_bimatrix([[F(1, 3), 0], [0, F(1, 7)]], [[F(1, 2), 0], [0, 1]])
    res = bg.solve(g)
    assert res.stats["closed_form"] == 1
    mixed = res[2]
    # row indifference: y0/3 = y1/7 -> y = (3/10, 7/10); column: x0/2 = x1 -> x = (2/3, 1/3)
    assert _profiles(res)[2] == ((F(2, 3), F(1, 3)), (F(3, 10), F(7, 10)))
    assert mixed.payoffs == (F(1, 10), F(1, 3))
    assert g.max_regret(mixed.strategies) == 0


@pytest.mark.parametrize(("A", "B"), [
    ([[1, 1], [1, 1]], [[1, 1], [1, 1]]),            # all payoffs equal
    ([[1, 0], [1, 2]], [[1, 0], [0, 1]]),            # a zero difference for the row player
    ([[1, 0], [0, 1]], [[0, 0], [1, 1]]),            # column indifferent (continuum)
    ([[0, 0], [0, 0]], [[2, 1], [3, 4]]),            # a zero payoff matrix
    ([[2, 2], [1, 3]], [[1, 1], [1, 1]]),            # ties for both
], ids=["all-equal", "row-tie", "continuum", "zero-rows", "both-ties"])
def test_degenerate_games_go_to_the_general_path(A, B):
    g = bg.NormalFormGame.from_bimatrix(A, B)
    assert solve_2x2(g, "vertex_enumeration", 0.0) is None
    with pytest.warns(DegenerateGameWarning):
        res = bg.solve(g)
    assert "closed_form" not in res.stats and res.complete
    assert res.status == bg.Status.DEGENERATE
    assert _profiles(res) == _profiles(_general(g))
    assert all(e.max_regret == 0 for e in res)


def test_float_ties_within_tol_are_degenerate():
    g = bg.NormalFormGame.from_bimatrix(np.array([[1.0, 0.0], [1.0 + 1e-12, 1.0]]),
                                        np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert solve_2x2(g, "vertex_enumeration", g.float_tol) is None
    assert solve_2x2(g, "vertex_enumeration", 0.0) is not None


def test_support_enumeration_uses_it_too(chicken):
    res = bg.support_enumeration(chicken)
    assert res.method == "support_enumeration" and res.stats["closed_form"] == 1
    assert _profiles(res) == _profiles(_general(chicken, "support_enumeration"))


@given(bst.games(num_players=2, min_actions=2, max_actions=2))
def test_agrees_with_general_vertex_enumeration(game):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        fast = bg.vertex_enumeration(game)
    slow = _general(game)
    assert fast.exact and slow.exact
    assert _profiles(fast) == _profiles(slow)
    assert [e.payoffs for e in fast] == [e.payoffs for e in slow]
    assert all(e.max_regret == 0 for e in fast)
    if "closed_form" in fast.stats:
        assert fast.status == bg.Status.OK and len(fast) % 2 == 1


@given(bst.games(num_players=2, min_actions=2, max_actions=2, payoffs="float"))
def test_float_agrees_with_general_vertex_enumeration(game):
    # Float games whose payoff differences are near the tolerance are near-degenerate: the
    # label tolerance of the base enumeration may then drop or merge vertices, so the two
    # paths are compared only where every difference is well above it.
    A, B = game.float_payoffs[..., 0], game.float_payoffs[..., 1]
    diffs = np.abs(np.r_[A[0] - A[1], B[:, 0] - B[:, 1]])
    assume(diffs.min() > 1e-3 * max(1.0, float(np.abs(game.float_payoffs).max())))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        fast = bg.vertex_enumeration(game)
    slow = _general(game)
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert a.max_regret <= game.float_tol
        for s, t in zip(a.strategies, b.strategies, strict=True):
            np.testing.assert_allclose(s, t, atol=1e-7)
