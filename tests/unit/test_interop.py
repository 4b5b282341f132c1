"""Tests of the nashpy and pygambit conversions (blitzgame.interop)."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.exceptions import InvalidParameterError, UnsupportedGameError
from blitzgame.interop import from_nashpy, from_pygambit, to_nashpy, to_pygambit


def test_nashpy_round_trip(battle_of_the_sexes):
    ng = to_nashpy(battle_of_the_sexes)
    A, B = ng.payoff_matrices
    np.testing.assert_array_equal(A, [[3, 0], [0, 2]])
    np.testing.assert_array_equal(B, [[2, 0], [0, 3]])
    back = from_nashpy(ng, exact=True, players=("row", "col"), actions=(("O", "F"), ("O", "F")))
    assert back == battle_of_the_sexes


def test_nashpy_rejects_three_players(three_player_mixed):
    with pytest.raises(UnsupportedGameError, match="two-player"):
        to_nashpy(three_player_mixed)
    with pytest.raises(InvalidParameterError, match="NormalFormGame"):
        to_nashpy("game")


@pytest.mark.gambit
def test_pygambit_round_trip_exact(three_player_mixed):
    pytest.importorskip("pygambit")
    g = bg.NormalFormGame.from_bimatrix(
        [[F(1, 3), F(-7, 2), 0]], [[F(10**20, 7), 1, F(-1, 9)]],
        players=("blitzer", "defender"), actions=(("go",), ("a", "b", "c")))
    gg = to_pygambit(g, title="x")
    assert gg.title == "x"
    assert [p.label for p in gg.players] == ["blitzer", "defender"]
    assert [s.label for s in gg.players["defender"].strategies] == ["a", "b", "c"]
    assert from_pygambit(gg) == g
    assert from_pygambit(to_pygambit(three_player_mixed)) == three_player_mixed


@pytest.mark.gambit
def test_pygambit_float_game_is_exact_decimal():
    pytest.importorskip("pygambit")
    g = bg.NormalFormGame.from_bimatrix([[0.1, 1 / 3]], [[2.5, -1e-7]])
    gg = to_pygambit(g)
    back = from_pygambit(gg)
    assert back.exact and back.payoff_of((0, 0)) == (F(1, 10), F(5, 2))
    assert from_pygambit(gg, exact=False) == g


@pytest.mark.gambit
def test_pygambit_solver_agrees_on_chicken(chicken):
    gbt = pytest.importorskip("pygambit")
    result = gbt.nash.enummixed_solve(to_pygambit(chicken), rational=True)
    profiles = {tuple(tuple(F(p) for _, p in eq[player]) for player in eq.game.players)
                for eq in result.equilibria}
    expected = {((0, 1), (1, 0)), ((1, 0), (0, 1)), ((F(2, 3), F(1, 3)), (F(2, 3), F(1, 3)))}
    assert profiles == expected
    for prof in profiles:
        assert chicken.is_nash([list(s) for s in prof])


@pytest.mark.gambit
def test_from_pygambit_normalizes_labels_and_type():
    gbt = pytest.importorskip("pygambit")
    gg = gbt.Game.from_arrays([[1, 2]], [[3, 4]])
    g = from_pygambit(gg)
    assert g.players == ("1", "2") and g.actions == (("1",), ("1", "2"))
    with pytest.raises(InvalidParameterError, match="pygambit.Game"):
        from_pygambit("not a game")


@pytest.mark.gambit
def test_to_pygambit_rejects_non_ascii_labels():
    pytest.importorskip("pygambit")
    g = bg.NormalFormGame.from_bimatrix([[1]], [[2]], players=("straße", "b"))
    with pytest.raises(InvalidParameterError, match="ASCII"):
        to_pygambit(g)
