"""Fictitious play and replicator dynamics: convergence, Shapley's cycle, ESS, determinism."""

from __future__ import annotations

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.solvers.nplayer.dynamics import DynamicsResult


@pytest.fixture
def shapley_game() -> bg.NormalFormGame:
    """Shapley (1964): unique equilibrium uniform; fictitious play cycles forever."""
    A = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    B = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    return bg.NormalFormGame.from_bimatrix(A, B)


def _played(traj: np.ndarray) -> np.ndarray:
    """Recover the action played each period from the empirical frequencies."""
    t = np.arange(len(traj))[:, None]
    counts = traj * (t + 1)
    return np.argmax(np.diff(counts, axis=0), axis=1)


def test_fictitious_play_matching_pennies_converges(matching_pennies):
    res = bg.fictitious_play(matching_pennies, n_iter=20_000, rng=1)
    assert isinstance(res, DynamicsResult) and res.method == "fictitious_play"
    assert res.converged and res.success and res.status == bg.Status.OK
    for s in res.final:
        np.testing.assert_allclose(s, [0.5, 0.5], atol=0.02)
    assert res.max_regret <= res.parameters["tol"]
    assert res.trajectory[0].shape == (20_001, 2) and res.times[-1] == 20_000
    # the regret decreases over time (Robinson 1951): compare early and late profiles
    early = matching_pennies.max_regret([res.trajectory[0][100], res.trajectory[1][100]])
    assert early > res.max_regret


def test_fictitious_play_dominance_solvable(prisoners_dilemma):
    res = bg.fictitious_play(prisoners_dilemma, n_iter=500, rng=0)
    assert res.converged
    assert all(s[1] >= 0.99 for s in res.final)
    assert np.all(_played(res.trajectory[0]) == 1)  # D is strictly dominant: always played


def test_fictitious_play_three_by_three_iterated_dominance():
    # Gibbons' game: Right, then Down, then Left are eliminated; play converges to (Up, Middle)
    g = bg.NormalFormGame.from_bimatrix([[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]])
    res = bg.fictitious_play(g, n_iter=2000, rng=3, tol=1e-2)
    assert res.converged
    assert res.final[0][0] > 0.99 and res.final[1][1] > 0.99


def test_fictitious_play_cycles_in_shapleys_game(shapley_game):
    with pytest.warns(bg.ConvergenceWarning, match="did not converge"):
        res = bg.fictitious_play(shapley_game, n_iter=20_000, rng=0)
    assert not res.converged and res.status == bg.Status.MAX_ITER and res.success
    assert res.max_regret > 0.1
    # the play cycles through the actions with runs whose length grows geometrically
    played = _played(res.trajectory[0])
    switches = np.flatnonzero(np.diff(played) != 0)
    runs = np.diff(switches)
    assert len(runs) >= 10 and runs[-3:].mean() > 5 * runs[:3].mean()
    assert len(set(played[2000:])) == 3  # all three actions recur late
    # the empirical distribution keeps moving: late profiles differ substantially
    late = res.trajectory[0][10_000:]
    assert np.max(late.max(axis=0) - late.min(axis=0)) > 0.2


@pytest.mark.filterwarnings("ignore::blitzgame.exceptions.ConvergenceWarning")
def test_fictitious_play_rng_determinism(battle_of_the_sexes):
    a = bg.fictitious_play(battle_of_the_sexes, n_iter=200, rng=42)
    b = bg.fictitious_play(battle_of_the_sexes, n_iter=200, rng=np.random.default_rng(42))
    for x, y in zip(a.trajectory, b.trajectory, strict=True):
        np.testing.assert_array_equal(x, y)
    starts = {tuple(bg.fictitious_play(battle_of_the_sexes, n_iter=1, rng=s).trajectory[0][0])
              for s in range(20)}
    assert len(starts) == 2  # the random initial action varies with the seed


def test_fictitious_play_with_given_beliefs_and_three_players(three_player_mixed):
    # fictitious play need not converge with three players (cyclic matching pennies)
    init = [[0.5, 0.5]] * 3
    with pytest.warns(bg.ConvergenceWarning):
        res = bg.fictitious_play(three_player_mixed, n_iter=3000, init=init, rng=0)
    assert len(res.trajectory) == 3 and res.trajectory[2].shape == (3001, 2)
    np.testing.assert_allclose(res.trajectory[0][0], [0.5, 0.5])
    assert res.parameters["init"] == "given" and not res.converged
    assert res.max_regret == pytest.approx(three_player_mixed.max_regret(res.final))
    # a three-player game solvable by strict dominance: play converges to (1, 1, 0)
    u = np.zeros((2, 2, 2, 3))
    u[1, :, :, 0] = 1.0  # player 0: action 1 strictly dominant
    u[1, 1, :, 1] = 2.0  # player 1: best reply to player 0's action 1 is action 1
    u[1, 0, :, 1] = -1.0
    u[:, 1, 0, 2] = 1.0  # player 2: best reply to player 1's action 1 is action 0
    u[:, 0, 1, 2] = 1.0
    g = bg.NormalFormGame(u)
    res = bg.fictitious_play(g, n_iter=1000, rng=0)
    assert res.converged
    played = [s[a] for s, a in zip(res.final, (1, 1, 0), strict=True)]
    np.testing.assert_allclose(played, 1, atol=0.01)


def test_replicator_hawk_dove_converges_to_mixed_ess(chicken):
    # chicken fixture (defend, blitz): defend earns p, blitz 4p - 2 -> ESS defend = 2/3
    for start in (0.05, 0.5, 0.95):
        init = [[start, 1 - start]] * 2
        res = bg.replicator_dynamics(chicken, init=init, t_max=60)
        assert res.converged and res.parameters["populations"] == "single"
        np.testing.assert_allclose(res.final[0], [2 / 3, 1 / 3], atol=1e-6)
        assert res.trajectory[0].shape == (1001, 2) and res.times[-1] == 60


def test_replicator_multi_population(battle_of_the_sexes, matching_pennies):
    res = bg.replicator_dynamics(battle_of_the_sexes, init=[[0.7, 0.3], [0.6, 0.4]], t_max=50)
    assert res.parameters["populations"] == "multi" and res.converged
    np.testing.assert_allclose(res.final[0], [1, 0], atol=1e-6)  # the (O, O) equilibrium
    # matching pennies: interior orbits are closed cycles around the equilibrium
    with pytest.warns(bg.ConvergenceWarning):
        mp = bg.replicator_dynamics(matching_pennies, init=[[0.8, 0.2], [0.5, 0.5]], t_max=30)
    assert not mp.converged
    x = mp.trajectory[0][:, 0]
    assert x.max() > 0.75 and x.min() < 0.25


def test_replicator_three_players():
    u = np.zeros((2, 2, 2, 3))
    u[0, 0, 0] = 1.0
    u[1, 1, 1] = 2.0
    g = bg.NormalFormGame(u)
    res = bg.replicator_dynamics(g, t_max=200)
    assert res.converged
    for s in res.final:
        np.testing.assert_allclose(s, [0, 1], atol=1e-5)  # the payoff-dominant equilibrium


def test_replicator_boundary_rest_point_is_not_converged(prisoners_dilemma):
    # a population without D stays without D: (C, C) is a rest point but not an equilibrium
    with pytest.warns(bg.ConvergenceWarning):
        res = bg.replicator_dynamics(prisoners_dilemma, init=[[1, 0], [1, 0]], t_max=5)
    assert not res.converged and res.max_regret == pytest.approx(2.0)


def test_errors(chicken, battle_of_the_sexes):
    with pytest.raises(bg.InvalidParameterError, match="n_iter"):
        bg.fictitious_play(chicken, n_iter=0)
    with pytest.raises(bg.InvalidParameterError, match="init"):
        bg.fictitious_play(chicken, init=[[1, 0, 0], [1, 0]])
    with pytest.raises(bg.InvalidParameterError, match="t_max"):
        bg.replicator_dynamics(chicken, t_max=-1)
    with pytest.raises(bg.InvalidParameterError, match="populations"):
        bg.replicator_dynamics(chicken, populations="both")
    with pytest.raises(bg.InvalidParameterError, match="symmetric"):
        bg.replicator_dynamics(battle_of_the_sexes, populations="single")
    with pytest.raises(bg.InvalidParameterError, match="tol"):
        bg.replicator_dynamics(chicken, tol=-1.0)
