"""Zero-sum games by linear programming: values, optimal strategies, agreement with enumeration."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import blitzgame as bg
from blitzgame.solvers.bimatrix.zero_sum import game_value

F = Fraction


def test_matching_pennies(matching_pennies):
    res = bg.zero_sum(matching_pennies)
    assert res.method == "zero_sum" and res.exact and not res.complete and res.success
    eq = res[0]
    assert [list(s) for s in eq.strategies] == [[F(1, 2), F(1, 2)]] * 2
    assert eq.payoffs == (F(0), F(0)) and eq.max_regret == 0
    assert game_value(matching_pennies) == 0


def test_rock_paper_scissors(rock_paper_scissors):
    eq = bg.solve(rock_paper_scissors, method="zero_sum")[0]
    assert [list(s) for s in eq.strategies] == [[F(1, 3)] * 3] * 2
    assert game_value(rock_paper_scissors) == 0


def test_two_by_three_known_value():
    # row mixes x on row 0: columns give 4x, 3 - 2x, 2 + x -> x = 1/2, value 2;
    # column mixes (1/3, 2/3, 0): rows give 4/3 + 2/3 = 2 and 0 + 2 = 2
    A = [[4, 1, 3], [0, 3, 2]]
    g = bg.NormalFormGame.from_bimatrix(A)
    eq = bg.zero_sum(g)[0]
    assert list(eq.strategies[0]) == [F(1, 2), F(1, 2)]
    assert list(eq.strategies[1]) == [F(1, 3), F(2, 3), F(0)]
    assert game_value(g) == 2 and isinstance(game_value(g), Fraction)


def test_constant_sum_and_float():
    A = np.array([[4, 1, 3], [0, 3, 2]])
    g = bg.NormalFormGame.from_bimatrix(A, 10 - A)  # constant sum 10
    assert game_value(g) == 2
    gf = bg.NormalFormGame.from_bimatrix(A.astype(float))
    v = game_value(gf)
    assert isinstance(v, float) and v == pytest.approx(2.0, abs=1e-9)
    eq = bg.zero_sum(gf)[0]
    np.testing.assert_allclose(eq.strategies[1], [1 / 3, 2 / 3, 0], atol=1e-9)


def test_saddle_point_gives_pure_strategies():
    A = [[3, 5, 4], [1, 6, 2], [2, 0, 8]]  # saddle point at (0, 0): min of row 0, max of col 0
    eq = bg.zero_sum(bg.NormalFormGame.from_bimatrix(A))[0]
    assert eq.pure_profile == (0, 0) and eq.payoffs[0] == 3


def test_errors(prisoners_dilemma, three_player_mixed):
    with pytest.raises(bg.UnsupportedGameError, match="constant-sum"):
        bg.zero_sum(prisoners_dilemma)
    with pytest.raises(bg.UnsupportedGameError, match="2-player"):
        bg.zero_sum(three_player_mixed)
    with pytest.raises(bg.InvalidParameterError, match="NormalFormGame"):
        bg.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(bg.InvalidParameterError, match="tol"):
        bg.zero_sum(bg.NormalFormGame.from_bimatrix([[1.0]]), tol=-1)


def _equilibrium_values(game: bg.NormalFormGame) -> list[Fraction]:
    """Row payoffs of every extreme equilibrium, from an independent enumeration."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bg.DegenerateGameWarning)
        res = bg.solve(game, method="vertex_enumeration")
    return [e.payoffs[0] for e in res]


@settings(max_examples=40, deadline=None)
@given(A=hnp.arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(1, 4)),
                    elements=st.integers(-6, 6)))
def test_every_equilibrium_gives_the_lp_value(A):
    g = bg.NormalFormGame.from_bimatrix(A)
    value = game_value(g)
    assert isinstance(value, Fraction)
    eq = bg.zero_sum(g)[0]
    x, y = eq.strategies
    # exact optimality: x guarantees the value, y holds the row player to it
    Ae = g.payoff_array[..., 0]
    assert min(x @ Ae) == value and max(Ae @ y) == value
    values = _equilibrium_values(g)
    assert values and all(v == value for v in values)


@pytest.mark.parametrize("scale", [1e-6, 1e-3, 1.0, 1e6, 1e9])
def test_value_and_strategies_do_not_depend_on_payoff_units(scale):
    # The LP runs on payoffs mapped onto [1, 2]: payoffs of order 1e-6 used to be
    # squeezed into a 1e-6-wide band and failed verification.
    rng = np.random.default_rng(3)
    for _ in range(10):
        A = rng.random((3, 4))
        base = bg.zero_sum(bg.NormalFormGame.from_bimatrix(A, exact=False))
        res = bg.zero_sum(bg.NormalFormGame.from_bimatrix(A * scale, exact=False))
        assert res.success and len(res) == 1
        assert res[0].max_regret <= 1e-9 * scale
        assert res.stats["value"] == pytest.approx(base.stats["value"] * scale, rel=1e-7)
