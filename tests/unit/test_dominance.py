"""Dominance: dominant/dominated actions (pure and mixed), witnesses, iterated elimination."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.solvers.dominance import EliminationResult

F = Fraction


def _u(game: bg.NormalFormGame, player: int, profile: tuple[int, ...]) -> Fraction:
    return game.payoff_array[profile][player]


def _check_witness(game, res, *, tie: bool) -> None:
    """The witness profile: better_action earns more (or ties) than the asked action."""
    prof = res.witness
    assert prof is not None and prof[res.player] == res.better_action
    alt = list(prof)
    alt[res.player] = res.action
    better, asked = _u(game, res.player, prof), _u(game, res.player, tuple(alt))
    assert (better == asked) if tie else (better > asked)


def _dominates_exactly(game, player, action, sigma, strict=True) -> bool:
    """Independent check by looping over every opponents' profile."""
    assert all(isinstance(s, Fraction) and s >= 0 for s in sigma) and sum(sigma) == 1
    strictly_somewhere = False
    for prof in game.pure_profiles():
        if prof[player] != action:
            continue
        mix = sum(sigma[b] * _u(game, player, prof[:player] + (b,) + prof[player + 1:])
                  for b in range(game.shape[player]))
        own = _u(game, player, prof)
        if mix < own or (strict and mix == own):
            return False
        strictly_somewhere |= mix > own
    return strictly_somewhere


# ----------------------------------------------------------------------------- is_dominant
def test_prisoners_dilemma_defect_strictly_dominant(prisoners_dilemma):
    for player in ("row", "col", 0, 1):
        res = bg.is_dominant(prisoners_dilemma, player, "D")
        assert res.kind == "strict" and res.strict and res.weak and bool(res)
        assert res.question == "dominant" and res.witness is None and res.exact
        assert res.message.startswith("yes")


def test_prisoners_dilemma_cooperate_not_dominant(prisoners_dilemma):
    res = bg.is_dominant(prisoners_dilemma, "row", "C")
    assert res.kind == "none" and not res and res.better_action == 1
    _check_witness(prisoners_dilemma, res, tie=False)
    # the largest loss is against C: u(D, C) - u(C, C) = 2 > u(D, D) - u(C, D) = 1
    assert res.witness == (1, 0)


def test_chicken_has_no_dominant_action(chicken):
    for player in ("firm_a", "firm_b"):
        for action in ("defend", "blitz"):
            res = bg.is_dominant(chicken, player, action)
            assert res.kind == "none"
            _check_witness(chicken, res, tie=False)
    res = bg.is_dominant(chicken, "firm_a", "blitz")
    assert res.witness == (0, 1) and res.better_action == 0  # defend beats blitz vs blitz


def test_weakly_dominant_with_tie_witness():
    g = bg.NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[0, 0], [0, 0]])
    res = bg.is_dominant(g, 0, 0)
    assert res.kind == "weak" and not res.strict and res.weak
    assert res.message.startswith("no")  # the question was strict dominance
    _check_witness(g, res, tie=True)
    assert res.witness == (1, 0)
    assert bg.is_dominant(g, 0, 0, strict=False).message.startswith("yes")


def test_identical_actions_are_not_weakly_dominant():
    g = bg.NormalFormGame.from_bimatrix([[2, 1], [2, 1]], [[0, 0], [0, 0]])
    res = bg.is_dominant(g, 0, 0, strict=False)
    assert res.kind == "none" and res.better_action == 1
    _check_witness(g, res, tie=True)


def test_single_action_is_trivially_dominant():
    g = bg.NormalFormGame.from_bimatrix([[1, 2]], [[0, 1]])
    assert bg.is_dominant(g, 0, 0).kind == "strict"


def test_three_player_dominant_action():
    rng = np.random.default_rng(3)
    u = rng.integers(-5, 6, size=(3, 2, 2, 3))
    u[1, ..., 0] = u[..., 0].max(axis=0) + 1  # action 1 of player 0 beats everything
    g = bg.NormalFormGame(u)
    assert bg.is_dominant(g, 0, 1).kind == "strict"
    assert bg.dominated_actions(g, mixed=False)[0] == (0, 2)


def test_float_game_uses_tolerance():
    g = bg.NormalFormGame.from_bimatrix([[1.0, 1.0 + 1e-13], [0.5, 0.2]], [[0.0, 0], [0, 0]])
    assert not g.exact
    assert bg.is_dominant(g, 0, 0).kind == "strict"
    res = bg.is_dominant(g, 1, 0, strict=False)  # column payoffs all zero: identical actions
    assert res.kind == "none" and not res.exact


# ----------------------------------------------------------------------------- is_dominated
def test_prisoners_dilemma_cooperate_strictly_dominated(prisoners_dilemma):
    res = bg.is_dominated(prisoners_dilemma, "col", "C")
    assert res.kind == "strict" and res.question == "dominated" and res.better_action == 1
    assert list(res.dominated_by) == [F(0), F(1)]
    assert all(isinstance(v, Fraction) for v in res.dominated_by)
    assert bg.is_dominated(prisoners_dilemma, "col", "D").kind == "none"


def test_dominated_only_by_a_mixture():
    # rows (3, 0), (0, 3), (1, 1): the third is beaten by (1/2, 1/2), which earns 3/2
    g = bg.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    res = bg.is_dominated(g, 0, 2)
    assert res.kind == "strict" and res.better_action is None
    assert list(res.dominated_by) == [F(1, 2), F(1, 2), F(0)]  # the max-margin mixture
    assert _dominates_exactly(g, 0, 2, res.dominated_by)
    pure_only = bg.is_dominated(g, 0, 2, mixed=False)
    assert pure_only.kind == "none" and pure_only.dominated_by is None
    assert pure_only.witness is None  # (1, 1) is never a best response to a pure profile
    assert bg.dominated_actions(g) == ((2,), ())
    assert bg.dominated_actions(g, mixed=False) == ((), ())


def test_mixture_with_awkward_weights_is_verified_exactly():
    # p*row0 + (1-p)*row1 = (7p, 7-7p, 4-p) beats row2 = (1, 5, 3) iff 1/7 < p < 2/7;
    # the max-margin LP solution is p = 3/14 (margin 1/2)
    A = [[7, 0, 3], [0, 7, 4], [1, 5, 3]]
    g = bg.NormalFormGame.from_bimatrix(A, [[0] * 3] * 3)
    res = bg.is_dominated(g, 0, 2)
    assert res.kind == "strict"
    assert _dominates_exactly(g, 0, 2, res.dominated_by)
    assert list(res.dominated_by) == [F(3, 14), F(11, 14), F(0)]


def test_weakly_dominated_by_mixture_only():
    A = [[2, 0, 1], [0, 2, 1], [1, 1, 0]]
    g = bg.NormalFormGame.from_bimatrix(A, [[0] * 3] * 3)
    res = bg.is_dominated(g, 0, 2)
    assert res.kind == "weak" and res.message.startswith("no")
    assert list(res.dominated_by) == [F(1, 2), F(1, 2), F(0)]
    assert _dominates_exactly(g, 0, 2, res.dominated_by, strict=False)
    assert not _dominates_exactly(g, 0, 2, res.dominated_by, strict=True)
    assert bg.is_dominated(g, 0, 2, strict=False).message.startswith("yes")
    assert bg.dominated_actions(g, strict=False) == ((2,), ())
    assert bg.dominated_actions(g) == ((), ())


def test_weakly_dominated_by_pure_action():
    g = bg.NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[0, 0], [0, 0]])
    res = bg.is_dominated(g, 0, 1)
    assert res.kind == "weak" and res.better_action == 0
    assert res.witness == (1, 0)  # action 1 is a best response there (a tie)


def test_chicken_nothing_dominated_with_witnesses(chicken):
    for p in range(2):
        for a in range(2):
            res = bg.is_dominated(chicken, p, a, strict=False)
            assert res.kind == "none" and res.dominated_by is None
            # witness: a profile where the action is the unique best response
            prof = res.witness
            assert prof[p] == a
            alt = list(prof)
            alt[p] = 1 - a
            assert _u(chicken, p, prof) > _u(chicken, p, tuple(alt))
    assert bg.dominated_actions(chicken, strict=False) == ((), ())


def test_float_mixed_dominance():
    g = bg.NormalFormGame.from_bimatrix([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]], [[0.0] * 2] * 3)
    res = bg.is_dominated(g, 0, 2)
    assert res.kind == "strict" and not res.exact
    np.testing.assert_allclose(res.dominated_by, [0.5, 0.5, 0.0], atol=1e-9)


# ----------------------------------------------------------------------------- elimination
@pytest.mark.parametrize("factor, shift", [(1e-6, 0.0), (1.0, 1e6), (1e-4, 1e3)])
def test_mixed_dominance_does_not_depend_on_payoff_units(factor, shift):
    # Adding a constant to a player's payoffs or rescaling them changes no dominance
    # relation; with payoffs near 1e6 the LP (scaled by max|u|) used to lose the margin.
    rng = np.random.default_rng(0)
    for _ in range(40):
        U = rng.random((3, 4))
        margin = rng.choice([1e-3, 1e-5, -1e-3])
        A = np.vstack([U, rng.dirichlet([1, 1, 1]) @ U - margin])
        B = np.zeros_like(A)
        base = bg.NormalFormGame.from_bimatrix(A, B, exact=False)
        moved = bg.NormalFormGame.from_bimatrix(A * factor + shift, B, exact=False)
        for strict in (True, False):
            ref = bg.is_dominated(base, 0, 3, strict=strict, tol=1e-8)
            res = bg.is_dominated(moved, 0, 3, strict=strict, tol=1e-8 * factor)
            assert res.kind == ref.kind
            if res.dominated_by is not None:
                sigma = np.asarray(res.dominated_by, float)
                gain = sigma @ (A * factor + shift) - (A[3] * factor + shift)
                assert gain.min() >= -1e-8 * factor


def test_iterated_elimination_gibbons():
    # Gibbons (1992), fig. 1.1.1: R < M for column, then D < U, then L < M -> (Up, Middle)
    g = bg.NormalFormGame.from_bimatrix(
        [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
        actions=(("Up", "Down"), ("Left", "Middle", "Right")))
    res = bg.iterated_elimination(g)
    assert isinstance(res, EliminationResult)
    assert [(r, p, lab) for r, p, lab, _ in res.eliminated] == [
        (1, 1, "Right"), (2, 0, "Down"), (3, 1, "Left")]
    assert res.remaining == ((0,), (1,)) and res.solved and res.rounds == 3
    assert res.game.actions == (("Up",), ("Middle",))
    assert list(res.eliminated[0][3]) == [F(0), F(1), F(0)]  # Right is beaten by Middle
    assert [e.pure_profile for e in bg.pure_equilibria(g)] == [(0, 1)]


def test_iterated_elimination_with_mixed_dominance_and_three_players():
    # player 0's action 2 is beaten only by the mixture (1/2, 1/2, 0); once it is gone,
    # player 1's action 0 (good only against it) is dominated, then player 0's action 0;
    # player 2 (who always prefers action 0) drops action 1 in round 1
    u = np.zeros((3, 2, 2, 3), dtype=int)
    u[..., 0] = np.array([[3, 0], [0, 3], [1, 1]])[:, :, None]
    u[:, :, :, 1] = np.array([[0, 1], [0, 1], [5, 0]])[:, :, None]
    u[..., 2] = np.array([1, 0])[None, None, :]
    g = bg.NormalFormGame(u)
    res = bg.iterated_elimination(g)
    first = res.eliminated[0]
    assert first[0] == 1 and first[1] == 0 and first[2] == "2"
    assert list(first[3]) == [F(1, 2), F(1, 2), F(0)]
    assert res.remaining[1] == (1,) and res.remaining[2] == (0,)
    assert res.remaining[0] == (1,)  # against (1, 0) player 0's action 1 earns 3
    # pure equilibria survive
    assert {e.pure_profile for e in bg.pure_equilibria(g)} == {(1, 1, 0)}


def test_weak_elimination_uses_simultaneous_order():
    # column: action 1 strictly dominated; row: action 1 only weakly dominated
    g = bg.NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[1, 0], [1, 0]])
    strict = bg.iterated_elimination(g)
    assert strict.remaining == ((0, 1), (0,))
    assert [(r, p, lab) for r, p, lab, _ in strict.eliminated] == [(1, 1, "1")]
    weak = bg.iterated_elimination(g, strict=False)
    # round 1 removes the row's action 1 and the column's action 1 at the same time
    assert [(r, p, lab) for r, p, lab, _ in weak.eliminated] == [(1, 0, "1"), (1, 1, "1")]
    assert weak.remaining == ((0,), (0,)) and not weak.strict


def test_elimination_of_float_game_keeps_labels(prisoners_dilemma):
    g = prisoners_dilemma.to_float()
    res = bg.iterated_elimination(g)
    assert res.game.actions == (("D",), ("D",)) and res.game.players == ("row", "col")
    assert res.eliminated[0][3].dtype == np.float64


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize("func", [bg.is_dominant, bg.is_dominated], ids=["dominant", "dominated"])
def test_unknown_labels_raise(func, prisoners_dilemma):
    with pytest.raises(bg.InvalidParameterError, match="unknown player 'nobody'"):
        func(prisoners_dilemma, "nobody", "C")
    with pytest.raises(bg.InvalidParameterError, match="unknown action 'X'"):
        func(prisoners_dilemma, "row", "X")
    with pytest.raises(bg.InvalidParameterError, match="out of range"):
        func(prisoners_dilemma, 0, 5)
    with pytest.raises(bg.InvalidParameterError, match="NormalFormGame"):
        func([[1, 2]], 0, 0)


def test_bad_tolerance_raises():
    g = bg.NormalFormGame.from_bimatrix([[1.0, 0.0]], [[0.0, 1.0]])
    with pytest.raises(bg.InvalidParameterError, match="tol"):
        bg.is_dominated(g, 0, 0, tol=-1.0)


def test_truthiness_answers_the_question_asked():
    # row 0 weakly (not strictly) dominates row 1
    g = bg.NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[0, 0], [0, 0]])
    weak = bg.is_dominant(g, 0, 0, strict=True)
    assert weak.kind == "weak" and not weak
    assert bg.is_dominant(g, 0, 0, strict=False)
    assert not bg.is_dominated(g, 0, 1, strict=True)
    assert bg.is_dominated(g, 0, 1, strict=False)
