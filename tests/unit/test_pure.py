"""Pure equilibria: textbook games, N players, exact vs float, ties."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.solvers.pure import best_response_mask


def _brute_force(game: bg.NormalFormGame) -> set[tuple[int, ...]]:
    """Independent check: test every unilateral deviation of every profile."""
    u = game.payoff_array
    out = set()
    for prof in itertools.product(*(range(n) for n in game.shape)):
        ok = True
        for i in range(game.num_players):
            for b in range(game.shape[i]):
                dev = list(prof)
                dev[i] = b
                if u[tuple(dev)][i] > u[prof][i]:
                    ok = False
        if ok:
            out.add(prof)
    return out


def test_prisoners_dilemma(prisoners_dilemma):
    res = bg.pure_equilibria(prisoners_dilemma)
    assert [e.pure_profile for e in res] == [(1, 1)]
    assert res.exact and res.complete and res.success
    assert res[0].payoffs == (Fraction(1), Fraction(1))
    assert res[0].max_regret == 0


def test_battle_of_the_sexes(battle_of_the_sexes):
    res = bg.pure_equilibria(battle_of_the_sexes)
    assert sorted(e.pure_profile for e in res) == [(0, 0), (1, 1)]


def test_matching_pennies_has_none(matching_pennies):
    assert len(bg.pure_equilibria(matching_pennies)) == 0
    assert not bg.has_pure_equilibrium(matching_pennies)


def test_decision_problem_optimal_actions():
    g = bg.NormalFormGame([3, 5, 5, 1])
    assert [e.pure_profile for e in bg.pure_equilibria(g)] == [(1,), (2,)]


@pytest.mark.parametrize("shape", [(2, 3, 4), (3, 3, 3), (2, 2, 2, 2)], ids=str)
def test_matches_brute_force_on_random_games(shape):
    rng = np.random.default_rng(7)
    for _ in range(5):
        u = rng.integers(-3, 4, size=(*shape, len(shape)))  # small range: many ties
        g = bg.NormalFormGame(u)
        found = {e.pure_profile for e in bg.pure_equilibria(g)}
        assert found == _brute_force(g)
        for e in bg.pure_equilibria(g):
            assert g.max_regret(e.strategies) == 0


def test_fraction_payoffs_compared_exactly():
    # 1/3 vs 0.333...: exact comparison must tell them apart
    third = Fraction(1, 3)
    g = bg.NormalFormGame.from_bimatrix(
        [[third, Fraction(333333333, 1000000000)]], [[1, 0]], exact=True)
    res = bg.pure_equilibria(g)
    assert [e.pure_profile for e in res] == [(0, 0)]


def test_comparable_payoffs_scale_to_integers():
    g = bg.NormalFormGame.from_bimatrix([[Fraction(1, 2), Fraction(1, 3)]], [[1, 2]])
    c = g.comparable_payoffs
    assert c.dtype == np.int64
    assert c[0, 0, 0] == 3 and c[0, 1, 0] == 2  # scaled by lcm 6


def test_float_ties_within_tolerance():
    g = bg.NormalFormGame.from_bimatrix([[1.0, 0.0], [1.0 + 1e-13, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert sorted(e.pure_profile for e in bg.pure_equilibria(g)) == [(0, 0), (1, 0)]
    assert [e.pure_profile for e in bg.pure_equilibria(g, tol=0.0)] == [(1, 0)]


def test_best_response_mask_shape():
    u = np.arange(2 * 3 * 2).reshape(2, 3, 2)
    m = best_response_mask(u)
    assert m.shape == (2, 3, 2) and m.dtype == bool


def test_bad_tol_and_game():
    g = bg.NormalFormGame.from_bimatrix([[1.0]], [[1.0]])
    with pytest.raises(bg.InvalidParameterError, match="tol"):
        bg.pure_equilibria(g, tol=-1)
    with pytest.raises(bg.InvalidParameterError, match="NormalFormGame"):
        bg.pure_equilibria([[1, 2]])
