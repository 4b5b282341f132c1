"""Strategy automata: simulation and the one-shot deviation check."""

from __future__ import annotations

from fractions import Fraction

import pytest

import blitzgame as bg
from blitzgame import (
    check_subgame_perfect,
    critical_discount,
    grim_trigger,
    restraint_with_punishment,
    simulate,
    tit_for_tat,
    wait_for_stumble,
)
from blitzgame.games.repeated import RepeatedGame


def test_grim_trigger_threshold_matches_critical_discount(prisoners_dilemma):
    grim = [grim_trigger(prisoners_dilemma, i, ("C", "C"), ("D", "D")) for i in range(2)]
    delta = critical_discount(prisoners_dilemma, ("C", "C")).discount
    assert check_subgame_perfect(RepeatedGame(prisoners_dilemma, discount=delta), grim
                                 ).subgame_perfect
    below_game = RepeatedGame(prisoners_dilemma, discount=delta - Fraction(1, 100))
    below = check_subgame_perfect(below_game,
                                  grim)
    assert not below.subgame_perfect and below.max_gain > 0
    assert below.violations[0][0] == ("cooperate", "cooperate")


def test_tit_for_tat_is_not_subgame_perfect_at_high_delta(prisoners_dilemma):
    # TFT fails the one-shot deviation test off the path for T + S != 2R (5 + 0 != 6)
    tft = [tit_for_tat(prisoners_dilemma, i) for i in range(2)]
    chk = check_subgame_perfect(RepeatedGame(prisoners_dilemma, discount=Fraction(9, 10)), tft)
    assert not chk.subgame_perfect
    assert chk.values == (3, 3)


def test_simulate_tft_vs_grim(prisoners_dilemma):
    tft = tit_for_tat(prisoners_dilemma, 0)
    grim = grim_trigger(prisoners_dilemma, 1, ("C", "C"), ("D", "D"))
    sim = simulate(prisoners_dilemma, [tft, grim], 4, Fraction(1, 2))
    assert sim.labels == (("C", "C"),) * 4
    assert sim.payoffs[0] == 3 * (1 + Fraction(1, 2) + Fraction(1, 4) + Fraction(1, 8))
    assert sim.normalized == (3, 3)


def test_restraint_with_punishment_stick_and_carrot(chicken):
    # chicken: mutual defend (1, 1), minmax 0; the bound delta >= 1/2 is necessary, but a
    # pure stick-and-carrot needs (1 - d^L)(-2) + d^L = 0 exactly there: not enforceable
    res = critical_discount(chicken, (0, 0), punishment="minmax")
    assert res.lower_bound == Fraction(1, 2) and not res.sufficient
    autos = [restraint_with_punishment(chicken, i, (0, 0), (1, 1), 1) for i in range(2)]
    assert not check_subgame_perfect(RepeatedGame(chicken, discount=res.discount), autos
                                     ).subgame_perfect
    # at delta = 4/5 one period of mutual blitz enforces restraint (hand-checked)
    ok = check_subgame_perfect(RepeatedGame(chicken, discount=Fraction(4, 5)), autos)
    assert ok.subgame_perfect and ok.values == (1, 1) and ok.n_states == 2


def test_wait_for_stumble_strikes_after_stumble():
    g = bg.NormalFormGame.from_bimatrix([[1, 0], [2, -1]], [[1, 2], [0, -1]],
                                        actions=(("wait", "blitz"), ("steady", "stumble")))
    w = wait_for_stumble(g, 0, "wait", "blitz", ["stumble"])
    rival = grim_trigger(g, 1, (0, 1), (0, 1))  # always stumbles
    sim = simulate(g, [w, rival], 3)
    assert sim.labels == (("wait", "stumble"), ("blitz", "stumble"), ("blitz", "stumble"))


def test_bad_profiles(prisoners_dilemma, chicken):
    grim = grim_trigger(prisoners_dilemma, 0, (0, 0), (1, 1))
    with pytest.raises(bg.InvalidParameterError, match="one Automaton per player"):
        simulate(prisoners_dilemma, [grim], 3)
    with pytest.raises(bg.InvalidParameterError, match="length must be a positive integer"):
        restraint_with_punishment(chicken, 0, (0, 0), (1, 1), 0)
