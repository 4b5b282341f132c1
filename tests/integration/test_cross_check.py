"""Cross-checks of the two-player enumeration solvers against each other, nashpy and Gambit."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg

SHAPES = [(2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (2, 5), (5, 3), (4, 6)]


def _game(shape, seed):
    """Random integer game with distinct payoffs per player (no ties: generic in practice)."""
    rng = np.random.default_rng(seed)
    size = shape[0] * shape[1]
    A = rng.permutation(np.arange(-500, 500))[:size].reshape(shape)
    B = rng.permutation(np.arange(-500, 500))[:size].reshape(shape)
    return A, B


def _key(eq):
    return tuple(v for s in eq.strategies for v in s)


def _float_keys(profiles):
    return np.array(sorted(tuple(np.round(np.concatenate([np.asarray(s, float) for s in p]), 9))
                           for p in profiles))


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("seed", range(3))
def test_solvers_agree(shape, seed):
    A, B = _game(shape, seed)
    g = bg.NormalFormGame.from_bimatrix(A, B)
    se = bg.support_enumeration(g)
    ve = bg.vertex_enumeration(g)
    assert se.exact and ve.exact
    assert se.status.value == "ok" and ve.status.value == "ok"  # wide payoff range: generic
    assert {_key(e) for e in se} == {_key(e) for e in ve}
    assert len(se) % 2 == 1  # oddness (Wilson 1971; Lemke-Howson)
    assert {_key(e) for e in bg.lemke_howson(g)} <= {_key(e) for e in se}
    # the float path agrees with the exact one
    fl = bg.vertex_enumeration(g.to_float())
    np.testing.assert_allclose(_float_keys(e.strategies for e in fl),
                               _float_keys(e.strategies for e in ve), atol=1e-9)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_nashpy_agrees(shape):
    nash = pytest.importorskip("nashpy")
    A, B = _game(shape, 11)
    g = bg.NormalFormGame.from_bimatrix(A, B)
    ours = _float_keys(e.strategies for e in bg.support_enumeration(g))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy's own degeneracy/even-count RuntimeWarnings
        game = nash.Game(A, B)
        theirs_se = _float_keys(game.support_enumeration())
        theirs_ve = _float_keys(game.vertex_enumeration())
    np.testing.assert_allclose(ours, theirs_ve, atol=1e-8)
    # nashpy's support enumeration can miss equilibria on integer payoffs of this size
    # (its checks are not scaled); whatever it finds must be among ours
    for row in theirs_se:
        assert np.isclose(ours, row, atol=1e-8).all(axis=1).any()


def _gambit_set(gbt, A, B):
    G = gbt.Game.from_arrays(A.tolist(), B.tolist())
    res = gbt.nash.enummixed_solve(G, rational=True)
    return {tuple(Fraction(str(e[s])) for p in G.players for s in p.strategies)
            for e in res.equilibria}


@pytest.mark.gambit
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("seed", range(2))
def test_gambit_agrees_exactly(shape, seed):
    gbt = pytest.importorskip("pygambit")
    A, B = _game(shape, 100 + seed)
    g = bg.NormalFormGame.from_bimatrix(A, B)
    want = _gambit_set(gbt, A, B)
    assert {_key(e) for e in bg.support_enumeration(g)} == want
    assert {_key(e) for e in bg.vertex_enumeration(g)} == want


@pytest.mark.gambit
@pytest.mark.parametrize("seed", range(12))
def test_gambit_agrees_on_degenerate_games(seed):
    # tiny payoff ranges make ties (degeneracy) common; vertex enumeration must still
    # list exactly Gambit's extreme equilibria
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 6, 2)
    A, B = rng.integers(-2, 3, (m, n)), rng.integers(-2, 3, (m, n))
    g = bg.NormalFormGame.from_bimatrix(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bg.exceptions.DegenerateGameWarning)
        res = bg.vertex_enumeration(g)
    assert {_key(e) for e in res} == _gambit_set(gbt, A, B)
