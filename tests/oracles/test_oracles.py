"""The textbook oracles against published games, before they judge blitzgame's solvers.

Sources: von Stengel (2007), AGT ch. 3 (the 3x2 example with three equilibria and its
degenerate variant); Shapley (1974) (Lemke-Howson reaches only index +1 equilibria);
Quint and Shubik (1997) (the n x n coordination game has 2^n - 1 equilibria); the
classic 2x2 games of tests/conftest.py with their equilibria in tests/_known.py.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from _known import KNOWN
from hypothesis import given

from blitzgame.testing import strategies as bst
from oracles import (
    expected_payoffs,
    is_degenerate,
    lemke_howson,
    max_regret,
    pure_equilibria,
    support_enumeration,
    vertex_enumeration,
    zero_sum_value,
)


def _p(x, y):
    return (tuple(F(v) for v in x), tuple(F(v) for v in y))


VS_A = [[3, 3], [2, 5], [0, 6]]
VS_B = [[3, 2], [2, 6], [3, 1]]
VS_EQUILIBRIA = {
    _p((1, 0, 0), (1, 0)),
    _p(("4/5", "1/5", 0), ("2/3", "1/3")),
    _p((0, "1/3", "2/3"), ("1/3", "2/3")),
}
VS_B_DEGENERATE = [[3, 3], [2, 6], [3, 1]]
VS_DEGENERATE_EXTREME = {
    _p((1, 0, 0), (1, 0)),
    _p((1, 0, 0), ("2/3", "1/3")),
    _p((0, "1/3", "2/3"), ("1/3", "2/3")),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_classic_games(name, request):
    A, B = request.getfixturevalue(name).payoffs
    known = KNOWN[name]
    assert not is_degenerate(A, B)
    assert support_enumeration(A, B) == known
    assert vertex_enumeration(A, B) == known
    m, n = A.shape
    assert {lemke_howson(A, B, k) for k in range(m + n)} <= known
    assert pure_equilibria([A, B]) == {(x.index(1), y.index(1)) for x, y in known
                                       if 1 in x and 1 in y}
    assert all(max_regret([A, B], eq) == 0 for eq in known)


def test_von_stengel_3x2():
    """Eq. (3.3): three equilibria; LH never reaches the index -1 one (Shapley 1974)."""
    assert not is_degenerate(VS_A, VS_B)
    assert support_enumeration(VS_A, VS_B) == VS_EQUILIBRIA
    assert vertex_enumeration(VS_A, VS_B) == VS_EQUILIBRIA
    ends = [lemke_howson(VS_A, VS_B, k) for k in range(5)]
    # dropping label 2 in the book's 1-based numbering (our label 1) ends here (von Stengel 2007)
    assert ends[1] == _p((0, "1/3", "2/3"), ("1/3", "2/3"))
    assert set(ends) == VS_EQUILIBRIA - {_p(("4/5", "1/5", 0), ("2/3", "1/3"))}


def test_von_stengel_degenerate_variant():
    """Section 3.4: the top row has two best responses; a segment of equilibria."""
    assert is_degenerate(VS_A, VS_B_DEGENERATE)
    assert vertex_enumeration(VS_A, VS_B_DEGENERATE) == VS_DEGENERATE_EXTREME
    assert support_enumeration(VS_A, VS_B_DEGENERATE) <= VS_DEGENERATE_EXTREME
    for k in range(5):
        assert max_regret([np.array(VS_A), np.array(VS_B_DEGENERATE)],
                          lemke_howson(VS_A, VS_B_DEGENERATE, k)) == 0


def test_degenerate_continuum_extreme_points(degenerate_continuum):
    """Support enumeration misses the extreme points with unequal supports."""
    A, B = degenerate_continuum.payoffs
    assert is_degenerate(A, B)
    assert vertex_enumeration(A, B) == {
        _p((1, 0), (1, 0)), _p((1, 0), ("1/2", "1/2")),
        _p((0, 1), ("1/2", "1/2")), _p((0, 1), (0, 1))}
    assert support_enumeration(A, B) == {_p((1, 0), (1, 0)), _p((0, 1), (0, 1))}


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_coordination_game_has_2_pow_n_minus_1(n):
    """Quint and Shubik (1997): uniform play on each non-empty common support."""
    eye = np.eye(n, dtype=int)
    assert not is_degenerate(eye, eye)
    eqs = vertex_enumeration(eye, eye)
    assert eqs == support_enumeration(eye, eye)
    assert len(eqs) == 2**n - 1 and all(x == y for x, y in eqs)


@pytest.mark.parametrize(("A", "value"), [
    ([[1, -1], [-1, 1]], 0),                          # matching pennies
    ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], 0),        # rock-paper-scissors
    ([[2, -1], [-1, 1]], F(1, 5)),                    # (ad - bc) / (a + d - b - c)
    ([[0, 2, -3, 0], [-2, 0, 0, 3], [3, 0, 0, -4], [0, -3, 4, 0]], 0),  # Morra
    ([[1, 5], [3, 4]], 3),                            # saddle point
    ([[4, -2, 7]], -2),                               # one row: its minimum
], ids=["pennies", "rps", "2x2-mixed", "morra", "saddle", "one-row"])
def test_zero_sum_value(A, value):
    assert zero_sum_value(A) == value
    Am = np.array(A)
    for x, y in vertex_enumeration(Am, -Am):
        assert sum(x[i] * Am[i, j] * y[j] for i in range(Am.shape[0])
                   for j in range(Am.shape[1])) == value


def test_zero_sum_value_matches_linprog():
    """An independent float method: scipy's LP for the maximin strategy."""
    from scipy.optimize import linprog

    rng = np.random.default_rng(2007)
    for _ in range(25):
        m, n = rng.integers(1, 5, size=2)
        A = rng.integers(-9, 10, size=(m, n))
        # variables (x, v): maximise v s.t. v - x^T A_j <= 0, sum x = 1, x >= 0
        res = linprog(np.r_[np.zeros(m), -1], A_ub=np.c_[-A.T, np.ones(n)], b_ub=np.zeros(n),
                      A_eq=np.r_[np.ones(m), 0][None], b_eq=[1],
                      bounds=[(0, None)] * m + [(None, None)])
        assert res.status == 0
        assert float(zero_sum_value(A)) == pytest.approx(-res.fun, abs=1e-9)


def test_pure_equilibria_n_players(three_player_mixed):
    assert pure_equilibria(three_player_mixed.payoffs) == set()
    agree = np.zeros((2, 2, 2), dtype=int)
    agree[0, 0, 0] = agree[1, 1, 1] = 1
    assert pure_equilibria([agree] * 3) == {(0, 0, 0), (1, 1, 1)}
    assert pure_equilibria([np.array([3, 1, 3])]) == {(0,), (2,)}  # one player: the optima


def test_max_regret_is_the_best_deviation_gain(battle_of_the_sexes):
    A, B = battle_of_the_sexes.payoffs
    assert max_regret([A, B], _p(("3/5", "2/5"), ("2/5", "3/5"))) == 0
    # (O, F): row gets 0 and could get 2 by F; column gets 0 and could get 2 by O
    assert max_regret([A, B], _p((1, 0), (0, 1))) == 2
    assert max_regret([A, B], _p((1, 0), ("1/2", "1/2"))) == 1  # column: 2 by O vs 1


def test_lemke_howson_rejects_a_bad_label():
    with pytest.raises(ValueError, match="label must be in 0..4"):
        lemke_howson(VS_A, VS_B, 5)


# ---------------------------------------------------------------------------------------
# the oracles agree with each other (and with Wilson's oddness theorem) on random games
# ---------------------------------------------------------------------------------------

@given(game=bst.bimatrix_games(min_actions=1, max_actions=4, min_value=-4, max_value=4))
def test_oracles_agree_with_each_other(game):
    A, B = game.payoffs
    extreme = vertex_enumeration(A, B)
    assert extreme and all(max_regret([A, B], eq) == 0 for eq in extreme)
    pure = {(x.index(1), y.index(1)) for x, y in extreme if 1 in x and 1 in y}
    assert pure_equilibria([A, B]) == pure  # pure equilibria are vertex pairs
    m, n = A.shape
    ends = {lemke_howson(A, B, k) for k in range(m + n)}
    assert all(max_regret([A, B], eq) == 0 for eq in ends)
    if not is_degenerate(A, B):
        assert support_enumeration(A, B) == extreme
        assert len(extreme) % 2 == 1
        assert ends <= extreme
    value = zero_sum_value(A)
    assert {expected_payoffs([A, -A], eq)[0] for eq in vertex_enumeration(A, -A)} == {value}
