"""Lemke-Howson: equilibria reached from each label, degenerate games, exact fallback, errors."""

from __future__ import annotations

import numpy as np
import pytest
from _known import KNOWN
from _known import profiles as _profiles

import blitzgame as bg
from blitzgame.exceptions import (
    ConvergenceWarning,
    DegenerateGameWarning,
    InvalidParameterError,
    UnsupportedGameError,
)
from blitzgame.results import Status
from blitzgame.solvers.bimatrix import lemke_howson as lh_module
from blitzgame.solvers.bimatrix.lemke_howson import lemke_howson


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_every_label_reaches_a_known_equilibrium(name, request):
    game = request.getfixturevalue(name)
    m, n = game.shape
    for label in range(m + n):
        res = lemke_howson(game, initial_label=label)
        assert len(res) == 1 and res.exact and not res.complete
        assert _profiles(res) <= KNOWN[name]
    allres = lemke_howson(game)
    assert _profiles(allres) <= KNOWN[name] and len(allres) >= 1


def test_unique_equilibrium_games_found(matching_pennies, rock_paper_scissors):
    for g in (matching_pennies, rock_paper_scissors):
        assert len(lemke_howson(g)) == 1
        assert len(lemke_howson(g.to_float())) == 1


def test_battle_of_the_sexes_labels(battle_of_the_sexes):
    # Dropping label 0 (row's first action) leads to (O, O); label 1 to (F, F).
    assert lemke_howson(battle_of_the_sexes, initial_label=0)[0].pure_profile == (0, 0)
    assert lemke_howson(battle_of_the_sexes, initial_label=1)[0].pure_profile == (1, 1)


def test_degenerate_game_does_not_cycle(degenerate_continuum):
    with pytest.warns(DegenerateGameWarning):
        res = lemke_howson(degenerate_continuum)
    assert res.status == Status.DEGENERATE and len(res) >= 1
    assert all(e.max_regret == 0 for e in res)


def test_exact_fallback_when_refinement_fails(monkeypatch, chicken):
    monkeypatch.setattr(lh_module, "refine_two_player", lambda *a, **k: None)
    res = lemke_howson(chicken)
    assert res.exact and _profiles(res) <= KNOWN["chicken"] and len(res) == 2


def test_max_pivots_reported(rock_paper_scissors):
    with pytest.warns(ConvergenceWarning, match="max_pivots"):
        res = lemke_howson(rock_paper_scissors, initial_label=0, max_pivots=1)
    assert res.status == Status.MAX_ITER and not res.success and len(res) == 0


@pytest.mark.xdist_group("quantecon")
def test_large_random_game_matches_quantecon(qe):
    gt = qe.game_theory
    rng = np.random.default_rng(0)
    A, B = rng.random((50, 50)), rng.random((50, 50))
    g = bg.NormalFormGame.from_bimatrix(A, B)
    qg = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
    for label in (0, 1, 50):
        res = lemke_howson(g, initial_label=label)
        ne = gt.lemke_howson(qg, init_pivot=label)
        assert res.success and len(res) == 1
        for s, t in zip(res[0].strategies, ne, strict=True):
            np.testing.assert_allclose(s, t, atol=1e-9)


def test_200x200_game():
    rng = np.random.default_rng(1)
    g = bg.NormalFormGame.from_bimatrix(rng.random((200, 200)), rng.random((200, 200)))
    res = lemke_howson(g, initial_label=0)  # a 12372-pivot path
    assert res.success and len(res) == 1 and res[0].max_regret <= g.float_tol


def test_errors(three_player_mixed, chicken):
    with pytest.raises(UnsupportedGameError, match="2-player"):
        lemke_howson(three_player_mixed)
    for bad in (-1, 4, 1.5, True, "0"):
        with pytest.raises(InvalidParameterError, match="initial_label"):
            lemke_howson(chicken, initial_label=bad)
    with pytest.raises(InvalidParameterError, match="max_pivots"):
        lemke_howson(chicken, max_pivots=0)
    with pytest.raises(InvalidParameterError, match="tol"):
        lemke_howson(chicken, tol=float("nan"))


@pytest.mark.filterwarnings("ignore::blitzgame.exceptions.DegenerateGameWarning")
def test_degenerate_ties_with_an_entering_slack():
    """A tied ratio test while a slack variable enters: the lexicographic rule skips
    the entering column (its ratios are all 1) instead of failing with a KeyError."""
    A = [[0, -1, -1, -2, -2], [-2, -2, 2, 1, 2], [0, 1, 2, 1, 1], [0, 0, 2, -1, 2],
         [1, -2, -1, 2, 0], [-2, 1, 1, 2, -2]]
    B = [[-2, 2, -2, 0, -2], [-1, 0, 0, 0, -2], [-2, -2, -2, 1, 0], [1, -1, 1, 1, -1],
         [0, 2, 2, 2, -1], [1, 2, 1, 2, 1]]
    gf = bg.NormalFormGame.from_bimatrix(np.array(A, float), np.array(B, float), exact=False)
    ge = bg.NormalFormGame.from_bimatrix(A, B)
    for label in range(11):
        rf, re = lemke_howson(gf, initial_label=label), lemke_howson(ge, initial_label=label)
        assert rf.success and rf[0].max_regret <= 1e-12
        for x, y in zip(rf[0].strategies, re[0].strategies, strict=True):   # same path
            np.testing.assert_allclose(np.asarray(x, float), np.asarray(y, float), atol=1e-9)


@pytest.mark.filterwarnings("ignore::blitzgame.exceptions.DegenerateGameWarning")
def test_small_integer_games_from_every_label():
    """Ties everywhere (payoffs in -2..2): every label ends at a verified equilibrium,
    the one the exact lexicographic path reaches."""
    rng = np.random.default_rng(0)
    for _ in range(60):
        n, m = rng.integers(2, 7, size=2)
        A, B = rng.integers(-2, 3, (n, m)), rng.integers(-2, 3, (n, m))
        gf = bg.NormalFormGame.from_bimatrix(A.astype(float), B.astype(float), exact=False)
        ge = bg.NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
        for label in range(n + m):
            rf, re = lemke_howson(gf, initial_label=label), lemke_howson(ge, initial_label=label)
            assert rf.success and rf[0].max_regret <= 1e-12
            for x, y in zip(rf[0].strategies, re[0].strategies, strict=True):
                np.testing.assert_allclose(np.asarray(x, float), np.asarray(y, float),
                                           atol=1e-9)


def test_float_near_degenerate_path_that_cycled_now_ends():
    """Float ratio-test near-ties decided inconsistently sent this path round a loop of
    bases for 10**6 pivots; the loop is detected and the path followed exactly instead."""
    rng = np.random.default_rng(1012)
    u = rng.integers(-3, 3, size=(100, 4, 5, 2), endpoint=True)
    uf = u + rng.normal(0, 1e-3, u.shape) * (rng.random(u.shape) < 0.5)
    g = bg.NormalFormGame(uf[10])
    with pytest.warns(DegenerateGameWarning):   # exactly degenerate: some entries are integers
        res = lemke_howson(g, initial_label=1)
    assert res.success and len(res) == 1 and res.stats["exact_paths"] == 1
    assert res.stats["pivots"] < 1000 and "cycled" in res.message
    eq = res[0]
    assert eq.max_regret <= g.float_tol
    x, y = (np.asarray(s, float) for s in eq.strategies)   # verified again here
    A, B = uf[10][..., 0], uf[10][..., 1]
    assert (A @ y).max() - x @ A @ y <= 1e-9 and (x @ B).max() - x @ B @ y <= 1e-9
    batch = bg.solve_batch(uf, question="lemke_howson", initial_label=1)  # re-solves it too
    assert batch.converged.all() and (batch.max_regret <= batch.tol).all()


def test_cycle_detection_falls_back_to_the_exact_path(monkeypatch, chicken):
    """Whatever the float path does, a detected loop ends in the exact lexicographic path."""
    def cycling(*args, **kwargs):
        raise lh_module._Cycling("forced")

    monkeypatch.setattr(lh_module, "_path_float", cycling)
    want = lemke_howson(chicken, initial_label=0)
    for game in (chicken, chicken.to_float()):
        res = lemke_howson(game, initial_label=0)
        assert res.success and len(res) == 1 and res.stats["exact_paths"] == 1
        assert _profiles(res) <= KNOWN["chicken"] or not game.exact
        for s, t in zip(res[0].strategies, want[0].strategies, strict=True):
            np.testing.assert_allclose(np.asarray(s, float), np.asarray(t, float))
