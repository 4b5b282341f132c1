"""Vertex enumeration: known equilibrium sets, degenerate games, exact vs float, errors."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from _known import KNOWN
from _known import p as _p
from _known import profiles as _profiles

import blitzgame as bg
from blitzgame.exceptions import DegenerateGameWarning, InvalidParameterError, UnsupportedGameError
from blitzgame.results import Status
from blitzgame.solvers.bimatrix.vertex import vertex_enumeration


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_equilibria(name, request):
    game = request.getfixturevalue(name)
    res = vertex_enumeration(game)
    assert res.method == "vertex_enumeration" and res.exact and res.complete
    assert res.status == Status.OK
    assert _profiles(res) == KNOWN[name]


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_equilibria_float(name, request):
    res = vertex_enumeration(request.getfixturevalue(name).to_float())
    assert not res.exact
    got = sorted(tuple(np.concatenate(e.strategies)) for e in res)
    want = sorted(tuple(float(v) for s in p for v in s) for p in KNOWN[name])
    np.testing.assert_allclose(np.array(got), np.array(want), atol=1e-12)


def test_degenerate_continuum_extreme_points(degenerate_continuum):
    # Column is indifferent everywhere; Row plays 0 iff y_0 >= 1/2 and 1 iff y_0 <= 1/2:
    # two segments {e0} x [y_0 >= 1/2] and {e1} x [y_0 <= 1/2] whose endpoints are
    # (e0,e0), (e0,(1/2,1/2)), (e1,(1/2,1/2)), (e1,e1) (also Gambit's enummixed answer).
    with pytest.warns(DegenerateGameWarning, match="extreme equilibria"):
        res = vertex_enumeration(degenerate_continuum)
    assert res.status == Status.DEGENERATE and res.complete and res.exact
    assert _profiles(res) == {
        (_p(1, 0), _p(1, 0)), (_p(1, 0), _p("1/2", "1/2")),
        (_p(0, 1), _p("1/2", "1/2")), (_p(0, 1), _p(0, 1)),
    }
    with pytest.warns(DegenerateGameWarning):
        fl = vertex_enumeration(degenerate_continuum.to_float())
    assert len(fl) == 4 and fl.status == Status.DEGENERATE


def test_shapley_game_unique_uniform_equilibrium():
    # Shapley (1964): A = I, B = cyclic shift; the unique equilibrium is uniform.
    g = bg.NormalFormGame.from_bimatrix(np.eye(3, dtype=int), np.roll(np.eye(3, dtype=int), 1, 1))
    res = vertex_enumeration(g)
    third = _p("1/3", "1/3", "1/3")
    assert _profiles(res) == {(third, third)}


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_coordination_game_has_2n_minus_1_equilibria(n):
    # A = B = I_n: for every non-empty support S, uniform play on S by both is an equilibrium.
    g = bg.NormalFormGame.from_bimatrix(np.eye(n, dtype=int), np.eye(n, dtype=int))
    res = vertex_enumeration(g)
    assert res.status == Status.OK and len(res) == 2**n - 1
    want = set()
    for k in range(1, n + 1):
        for S in itertools.combinations(range(n), k):
            s = tuple(F(1, k) if i in S else F(0) for i in range(n))
            want.add((s, s))
    assert _profiles(res) == want
    se = bg.support_enumeration(g)
    assert _profiles(se) == want


def test_duplicate_strategies_give_continuum():
    # Column's two actions are identical for both players: degenerate; every mix of them
    # is equivalent, and the extreme equilibria are listed once each.
    A = [[2, 2], [0, 0]]
    B = [[1, 1], [3, 3]]
    with pytest.warns(DegenerateGameWarning):
        res = vertex_enumeration(bg.NormalFormGame.from_bimatrix(A, B))
    assert _profiles(res) == {(_p(1, 0), _p(1, 0)), (_p(1, 0), _p(0, 1))}


@pytest.mark.parametrize("shape", [(1, 3), (3, 1)])
def test_one_action_player(shape):
    A = np.arange(shape[0] * shape[1]).reshape(shape)
    B = A[::-1, ::-1].copy()
    res = vertex_enumeration(bg.NormalFormGame.from_bimatrix(A, B))
    assert len(res) == 1 and res[0].max_regret == 0


def test_errors(three_player_mixed, matching_pennies):
    with pytest.raises(UnsupportedGameError, match="2-player"):
        vertex_enumeration(three_player_mixed)
    with pytest.raises(InvalidParameterError, match="tol"):
        vertex_enumeration(matching_pennies, tol="small")


def test_auto_uses_vertex_enumeration(chicken):
    res = bg.solve(chicken)
    assert res.method == "vertex_enumeration" and _profiles(res) == KNOWN["chicken"]
