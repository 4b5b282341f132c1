"""Properties of dominance: dominated actions change no equilibrium; certificates are exact."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import blitzgame as bg
from blitzgame.testing import strategies as bst

SMALL = dict(min_actions=1, max_actions=3, min_value=-5, max_value=5)


def _pure_set(game: bg.NormalFormGame) -> set[tuple[int, ...]]:
    return {e.pure_profile for e in bg.pure_equilibria(game)}


def _add_dominated_action(game: bg.NormalFormGame, player: int, mix: list[Fraction]
                          ) -> bg.NormalFormGame:
    """Append an action to ``player`` that is the mixture ``mix`` of its actions minus 1."""
    u = game.payoff_array
    moved = np.moveaxis(u, player, 0)
    new = sum((m * moved[k] for k, m in enumerate(mix)), start=np.zeros_like(moved[0]))
    new = new - Fraction(1)
    # only the player's own payoffs matter for dominance; the others copy action 0's
    new_full = moved[0].copy()
    new_full[..., player] = new[..., player]
    ext = np.concatenate([moved, new_full[None]], axis=0)
    return bg.NormalFormGame(np.moveaxis(ext, 0, player))


@settings(max_examples=40, deadline=None)
@given(game=bst.games(num_players=st.integers(2, 3), **SMALL), data=st.data())
def test_adding_a_strictly_dominated_action_changes_no_pure_equilibrium(game, data):
    player = data.draw(st.integers(0, game.num_players - 1))
    n = game.shape[player]
    weights = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n).filter(any))
    mix = [Fraction(w, sum(weights)) for w in weights]
    ext = _add_dominated_action(game, player, mix)
    res = bg.is_dominated(ext, player, n)
    assert res.kind == "strict"
    assert sum(res.dominated_by) == 1 and all(v >= 0 for v in res.dominated_by)
    assert _pure_set(ext) == _pure_set(game)
    assert n in bg.dominated_actions(ext)[player]


@settings(max_examples=40, deadline=None)
@given(game=bst.games(num_players=st.integers(2, 3), **SMALL), mixed=st.booleans())
def test_iterated_strict_elimination_preserves_pure_equilibria(game, mixed):
    res = bg.iterated_elimination(game, mixed=mixed)
    mapped = {tuple(res.remaining[i][a] for i, a in enumerate(p)) for p in _pure_set(res.game)}
    assert mapped == _pure_set(game)
    assert all(len(r) >= 1 for r in res.remaining)


@settings(max_examples=30, deadline=None)
@given(game=bst.games(num_players=2, min_actions=2, max_actions=4, min_value=-4, max_value=4),
       strict=st.booleans())
def test_reported_dominators_are_exactly_verified(game, strict):
    u = game.payoff_array
    for a in range(game.shape[0]):
        res = bg.is_dominated(game, 0, a, strict=strict)
        if res.kind == "none":
            assert res.dominated_by is None
            if res.witness is not None:  # the action is a best response at the witness
                col = res.witness[1]
                assert res.witness[0] == a and u[a, col, 0] == max(u[:, col, 0])
            continue
        sigma = res.dominated_by
        assert all(isinstance(v, Fraction) and v >= 0 for v in sigma) and sum(sigma) == 1
        diff = [sum(sigma[b] * u[b, j, 0] for b in range(game.shape[0])) - u[a, j, 0]
                for j in range(game.shape[1])]
        assert min(diff) >= 0 and max(diff) > 0
        assert (min(diff) > 0) == (res.kind == "strict")


@settings(max_examples=30, deadline=None)
@given(game=bst.games(num_players=st.integers(1, 3), **SMALL))
def test_strictly_dominant_action_strictly_dominates_all_others(game):
    for p in range(game.num_players):
        for a in range(game.shape[p]):
            if bg.is_dominant(game, p, a).kind == "strict":
                others = set(range(game.shape[p])) - {a}
                assert set(bg.dominated_actions(game, mixed=False)[p]) == others
