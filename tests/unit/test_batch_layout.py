"""solve_batch's shape rule: the player axis is declared (players_axis), checked, never guessed."""

from __future__ import annotations

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.exceptions import InvalidParameterError


def _players_first(n_games: int = 1000, seed: int = 0) -> np.ndarray:
    """Stacked ``NormalFormGame.payoffs``: (B, 2, 3, 3), the players first in each game."""
    return np.random.default_rng(seed).integers(-5, 5, (n_games, 2, 3, 3))


def test_players_first_stack_is_refused_not_misread() -> None:
    u = _players_first()
    with pytest.raises(InvalidParameterError) as err:
        bg.solve_batch(u, question="pure")
    text = str(err.value)
    for part in ("payoffs", "(1000, 2, 3, 3)", "(..., n_0, ..., n_{N-1}, N)", "players_axis=1",
                 "1000 games of 2 players"):
        assert part in text


@pytest.mark.parametrize("axis", [1, -3], ids=["index", "negative"])
def test_players_axis_reads_players_first(axis: int) -> None:
    u = _players_first(50)
    res = bg.solve_batch(u, question="pure", players_axis=axis)
    assert res.batch_shape == (50,) and res.mask.shape == (50, 3, 3)
    for b in range(50):
        game = bg.NormalFormGame(list(u[b]))   # per-player arrays: players first
        want = {e.pure_profile for e in bg.pure_equilibria(game)}
        assert {tuple(int(a) for a in p) for p in np.argwhere(res.mask[b])} == want
    last = bg.solve_batch(np.moveaxis(u, 1, -1), question="all")
    first = bg.solve_batch(u, question="all", players_axis=axis)
    assert (first.count == last.count).all()
    np.testing.assert_array_equal(first.strategies[0], last.strategies[0])


def test_players_first_with_several_batch_axes_and_three_players() -> None:
    u = np.random.default_rng(1).integers(-3, 3, (4, 5, 3, 2, 2, 2))
    res = bg.solve_batch(u, question="dominant", player=2, action=1, players_axis=2)
    ref = bg.solve_batch(np.moveaxis(u, 2, -1), question="dominant", player=2, action=1)
    assert res.batch_shape == (4, 5) and (res.kind == ref.kind).all()


@pytest.mark.parametrize("shape,axis,match", [
    ((2, 2, 3), -1, "need at least 5 axes, got 3"),          # no batch axis left
    ((2, 2, 2), -1, "at least one batch axis"),              # a single 2x2 game, no batch axis
    ((4, 3, 2, 2), 1, "followed by exactly 3 action axes"),
    ((4, 2, 2, 2), 5, "players_axis must be an int axis"),
    ((4, 2, 2, 2), True, "players_axis must be an int axis"),
    ((4, 0, 2, 2, 2), 1, "has length 0"),
], ids=["no-batch", "single-game", "misplaced", "out-of-range", "bool", "zero-players"])
def test_inconsistent_shapes(shape: tuple[int, ...], axis: int, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match) as err:
        bg.solve_batch(np.zeros(shape), question="pure", players_axis=axis)
    assert "payoffs" in str(err.value)


def test_default_layout_unchanged() -> None:
    u = np.random.default_rng(2).normal(size=(20, 2, 3, 2))
    a = bg.solve_batch(u, question="all")
    b = bg.solve_batch(u, question="all", players_axis=-1)
    c = bg.solve_batch(u, question="all", players_axis=3)
    assert (a.count == b.count).all() and (a.count == c.count).all()
    assert bg.solve_batch(u[:1, None], question="pure").batch_shape == (1, 1)
