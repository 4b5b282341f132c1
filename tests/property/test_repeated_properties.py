"""Properties of critical discount factors on random prisoner's dilemmas."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import blitzgame as bg
from blitzgame import check_subgame_perfect, critical_discount, grim_trigger
from blitzgame.games.repeated import RepeatedGame


@st.composite
def prisoners_dilemmas(draw):
    vals = sorted(draw(st.lists(st.integers(-50, 50), min_size=4, max_size=4, unique=True)))
    S, P, R, T = vals
    return T, R, P, S


@given(prisoners_dilemmas())
def test_grim_trigger_formula(pd):
    T, R, P, S = pd
    g = bg.NormalFormGame.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]])
    cd = critical_discount(g, (0, 0))
    assert cd.discount == Fraction(T - R, T - P)
    grim = [grim_trigger(g, i, (0, 0), (1, 1)) for i in range(2)]
    assert check_subgame_perfect(RepeatedGame(g, discount=cd.discount), grim).subgame_perfect
    if cd.discount > 0:
        below = cd.discount * Fraction(99, 100)
        assert not check_subgame_perfect(RepeatedGame(g, discount=below), grim).subgame_perfect
