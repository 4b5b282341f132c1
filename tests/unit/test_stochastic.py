"""StochasticGame: construction and validation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.games.stochastic import StochasticGame


def _two_state(discount=0.5, trans0=((1, 0), (0, 1))):
    return StochasticGame(("a", "b"), None, [[list(p) for p in trans0], [[0, 1]]],
                          [[[0], [1]], [[2]]], discount)


def test_basic_properties():
    g = _two_state()
    assert g.num_states == 2 and g.num_players == 1 and g.exact
    assert g.discount == Fraction(1, 2)
    assert g.shape("a") == (2,) and g.actions("b") == (("0",),)
    np.testing.assert_array_equal(g.transition(0), [[1, 0], [0, 1]])


@pytest.mark.parametrize("discount", [1.0, -0.1, 1.5])
def test_discount_out_of_range(discount):
    with pytest.raises(bg.InvalidParameterError, match=r"\[0, 1\)"):
        _two_state(discount)


def test_non_stochastic_rows():
    with pytest.raises(bg.InvalidGameError, match="sums to 0.9"):
        StochasticGame(2, None, [[[0.5, 0.4]], [[0, 1]]], [[[1]], [[1]]], 0.9)
    with pytest.raises(bg.InvalidGameError, match="negative probability"):
        StochasticGame(2, None, [[[1.5, -0.5]], [[0, 1]]], [[[1]], [[1]]], 0.9)


def test_mismatched_shapes():
    with pytest.raises(bg.InvalidGameError, match=r"transitions\[0\] has shape"):
        StochasticGame(2, None, [[[1, 0], [0, 1]], [[0, 1]]], [[[1]], [[1]]], 0.9)
    with pytest.raises(bg.InvalidGameError, match="one entry per state"):
        StochasticGame(2, None, [[[1, 0]]], [[[1]], [[1]]], 0.9)
    with pytest.raises(bg.InvalidGameError, match="players"):
        StochasticGame(2, None, [[[1, 0]], [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]],
                       [[[1]], np.zeros((2, 2, 2))], 0.9)


def test_auxiliary_game_exact_and_float():
    g = _two_state()
    aux = g.auxiliary_game("a", [[Fraction(4)], [Fraction(6)]])
    assert aux.exact
    assert aux.payoff_array[:, 0].tolist() == [Fraction(2), Fraction(4)]
    faux = g.auxiliary_game("a", np.array([[4.0], [6.0]]))
    assert not faux.exact
    np.testing.assert_allclose(faux.float_payoffs[:, 0], [2.0, 4.0])
