"""Tests of the sweep measures: literature games, cross-checks with the solvers, batch = point."""

from __future__ import annotations

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.analysis.measures import (
    VERDICTS,
    FunctionMeasure,
    available_measures,
    blitz_actions,
    get_measure,
)
from blitzgame.exceptions import InvalidParameterError
from blitzgame.solvers.batch import kernels

SB = ("Steady", "Blitz")


def bimatrix(A, B, actions=(SB, SB)):
    return bg.NormalFormGame.from_bimatrix(A, B, players=("a", "b"), actions=actions)


# prisoner's dilemma with Blitz = defect: blitz strictly dominant
PD = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])
# weak dominance: Blitz ties Steady when the rival steadies, wins when the rival blitzes
WEAK = ([[1, 0], [1, 1]], [[1, 1], [0, 1]])
# chicken (hawk-dove, V=2, C=6): in each pure equilibrium the blitzer earns most
CHICKEN = ([[1, 0], [2, -2]], [[1, 2], [0, -2]])
# defender wins: Niche earns more than blitzing would in the equilibrium (Niche, Niche)
DEFEND = ([[3, 1], [2, 0]], [[3, 2], [1, 0]])
NB = ("Niche", "Blitz")
# restraint: the same game with Steady (a neutral posture) instead of Niche
RESTRAINT = DEFEND
# matching pennies relabelled: no pure equilibrium
PENNIES = ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


@pytest.mark.parametrize(("payoffs", "actions", "expected"), [
    (PD, (SB, SB), "blitz_dominant"), (WEAK, (SB, SB), "blitz_dominant"),
    (CHICKEN, (SB, SB), "blitz_equilibrium"), (DEFEND, (NB, NB), "defender_wins"),
    (RESTRAINT, (SB, SB), "restraint"), (PENNIES, (SB, SB), "mixed_only"),
], ids=["pd", "weak", "chicken", "defend", "restraint", "pennies"])
def test_verdict_classes(payoffs, actions, expected):
    g = bimatrix(*payoffs, actions=actions)
    out = get_measure("verdict").point(None, g)
    assert out["verdict"] == expected
    assert out["verdict"] in VERDICTS
    assert out["n_pure_equilibria"] == len(bg.pure_equilibria(g))


def test_blitz_dominance_kinds_match_is_dominant():
    for payoffs, kind in [(PD, "strict"), (WEAK, "weak"), (CHICKEN, "none")]:
        g = bimatrix(*payoffs)
        out = get_measure("blitz_dominant").point(None, g)
        for p in ("a", "b"):
            assert out[f"blitz_dominance.{p}"] == kind
            assert bg.is_dominant(g, p, "Blitz").kind == kind
        assert out["blitz_dominant"] is (kind != "none")


def test_dominance_codes_agree_with_is_dominant_on_random_games():
    rng = np.random.default_rng(1)
    for _ in range(60):
        shape = tuple(rng.integers(1, 4, size=rng.integers(2, 4)))
        u = rng.integers(-2, 3, size=(*shape, len(shape))).astype(float)  # many ties
        g = bg.NormalFormGame(u)
        tol = kernels.batch_tol(u[None])
        for p in range(g.num_players):
            for a in range(g.shape[p]):
                code = kernels.dominance_codes(u[None], p, a, tol)[0]
                assert kernels.DOMINANCE_KINDS[code] == bg.is_dominant(g, p, a).kind


def test_pure_nash_mask_agrees_with_pure_equilibria():
    rng = np.random.default_rng(2)
    batch = rng.integers(-3, 4, size=(40, 3, 2, 3, 3)).astype(float)
    mask = kernels.pure_nash_mask(batch, kernels.batch_tol(batch))
    for b in range(len(batch)):
        found = {e.pure_profile for e in bg.pure_equilibria(bg.NormalFormGame(batch[b]))}
        assert {tuple(int(i) for i in p) for p in np.argwhere(mask[b])} == found


@pytest.mark.parametrize("name", ["verdict", "blitz_dominant", "defender_wins",
                                  "n_pure_equilibria", "critical_discount"])
def test_batch_equals_point(name):
    rng = np.random.default_rng(3)
    u = rng.normal(size=(25, 3, 3, 2)).round(1)
    game = bg.NormalFormGame(u[0], players=("a", "b"),
                             actions=(("Steady", "Blitz", "Niche"),) * 2)
    m = get_measure(name)
    batch = m.batch(None, u, game)
    for b in range(len(u)):
        g = bg.NormalFormGame(u[b], players=game.players, actions=game.actions)
        point = m.point(None, g)
        assert set(point) == set(batch)
        for k, v in point.items():
            if isinstance(v, float) and np.isnan(v):
                assert np.isnan(batch[k][b])
            else:
                assert batch[k][b] == v, (k, b)


def test_exact_games_compare_exactly():
    g = bimatrix([[bg.exact.to_fraction(0.1), 0], [bg.exact.to_fraction(0.1), 1]],
                 [[1, 1], [0, 1]])
    assert g.exact
    assert get_measure("blitz_dominant").point(None, g)["blitz_dominance.a"] == "weak"


def test_critical_discount_prisoners_dilemma():
    # path (Steady, Steady) pays 3, deviation 5, Nash reversion 1: delta* = (5-3)/(5-1)
    out = get_measure("critical_discount").point(None, bimatrix(*PD))
    assert out["critical_discount"] == pytest.approx(0.5)
    assert out["sustainable"] is True
    assert out["path_profile"] == 0  # (Steady, Steady) is flat index 0


def test_critical_discount_zero_when_path_is_equilibrium():
    out = get_measure("critical_discount").point(None, bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]]))
    assert out["critical_discount"] == 0.0


def test_critical_discount_unsustainable_without_pure_equilibrium():
    out = get_measure("critical_discount").point(None, bimatrix(*PENNIES))
    assert np.isnan(out["critical_discount"]) and out["sustainable"] is False


def test_solver_based_measures(battle_of_the_sexes):
    g = bg.NormalFormGame(battle_of_the_sexes.payoff_array, players=("a", "b"),
                          actions=(SB, SB))
    out = get_measure("n_equilibria").point(None, g)
    assert out["n_equilibria"] == 3 and out["n_pure_equilibria"] == 2
    pay = get_measure("equilibrium_payoffs").point(None, g)
    # equilibria of BoS (3,2), (2,3) and the mixed (6/5, 6/5)
    assert pay["payoff_max.a"] == 3 and pay["payoff_min.a"] == pytest.approx(6 / 5)


def test_defender_wins_needs_a_strict_gain_over_blitzing():
    # every profile is an equilibrium, but Niche only ever ties with Blitz: no win
    tie = bimatrix([[2, 1], [2, 1]], [[2, 2], [1, 1]], actions=(NB, NB))
    out = get_measure("defender_wins").point(None, tie)
    assert out["defender_wins"] is False and out["n_pure_equilibria"] == 4


@pytest.mark.parametrize(("row_niche_vs_blitz", "wins"), [(5, True), (2, False)])
def test_defender_must_out_earn_the_blitzer(row_niche_vs_blitz, wins):
    # row's Niche and column's Blitz are strictly dominant: the equilibrium is (Niche, Blitz),
    # where the column blitzer earns 3; the defender wins only if it earns more
    x = row_niche_vs_blitz
    g = bimatrix([[1, x], [0, x - 1]], [[0, 3], [0, 3]], actions=(NB, NB))
    out = get_measure("verdict").point(None, g)
    assert out["defender_wins"] is wins and out["defender_wins.a"] is wins
    assert out["verdict"] == ("defender_wins" if wins else "blitz_equilibrium")


def test_blitz_label_lookup():
    g = bimatrix(*PD, actions=(("steady", "BLITZ"), ("x", "y")))
    assert blitz_actions(g) == (1, -1)
    with pytest.raises(InvalidParameterError, match="no player has an action named 'Rush'"):
        blitz_actions(g, "Rush")


def test_get_measure_errors_and_functions():
    assert {"verdict", "blitz_dominant", "critical_discount"} <= set(available_measures())
    with pytest.raises(InvalidParameterError, match="unknown measure 'nope'.*blitz_dominant"):
        get_measure("nope")
    with pytest.raises(InvalidParameterError, match="bad options"):
        get_measure("verdict", colour="red")

    def f(model, game):
        return {"n": game.num_players}

    fm = get_measure(f)
    assert isinstance(fm, FunctionMeasure) and not fm.uses_rng
    assert fm.point(None, bimatrix(*PD)) == {"n": 2}
    assert get_measure(lambda m, g: 1.5).point(None, bimatrix(*PD)) == {"<lambda>": 1.5}
    with pytest.raises(InvalidParameterError, match="mapping of scalars"):
        get_measure(lambda m, g: [1, 2]).point(None, bimatrix(*PD))


def test_critical_discount_agrees_with_the_repeated_game_solver():
    rng = np.random.default_rng(5)
    m = get_measure("critical_discount")
    checked = 0
    for _ in range(40):
        u = rng.integers(0, 10, size=(2, 2, 2)).astype(float)
        g = bg.NormalFormGame(u)
        out = m.point(None, g)
        if not out["sustainable"] or len(bg.pure_equilibria(g)) != 1:
            continue  # compare where the Nash punishment is unambiguous
        path = np.unravel_index(out["path_profile"], g.shape)
        ref = bg.critical_discount(g, tuple(int(a) for a in path))
        assert out["critical_discount"] == pytest.approx(float(ref.discount), abs=1e-12)
        checked += 1
    assert checked >= 10
