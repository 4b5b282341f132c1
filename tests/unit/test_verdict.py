"""The verdict: dominance with witnesses, equilibria, defender wins, death zone, tables."""

from __future__ import annotations

import pytest

import blitzgame.model.presets as bsc
from blitzgame.analysis.verdict import analyze, blitz_index
from blitzgame.exceptions import InvalidParameterError
from blitzgame.model import Firm, Market, RaceModel
from blitzgame.solvers.dominance import is_dominant


def pd_model(r: float) -> RaceModel:
    return RaceModel([Firm(n, 10_000, 10.0) for n in "ab"], Market(prize=20.0, sharpness=r),
                     postures=["Blitz", "Steady"])


def test_blitz_strictly_dominant_at_high_sharpness_prisoners_dilemma():
    v = analyze(pd_model(3.0))
    assert v.blitz_dominance["a"].kind == "strictly dominant"
    assert v.blitz_dominant == {"a": True, "b": True}
    assert len(v.equilibria) == 1
    assert v.equilibrium_postures(0) == {"a": {"Blitz": 1.0}, "b": {"Blitz": 1.0}}
    # both would earn more steady: the race is a prisoner's dilemma
    g = v.game
    assert g.payoff_of(("Steady", "Steady"))[0] > g.payoff_of(("Blitz", "Blitz"))[0]
    assert not v.defender_wins


def test_non_dominance_comes_with_a_checked_witness():
    v = analyze(pd_model(0.2))
    fv = v.blitz_dominance["a"]
    assert fv.kind in ("dominated", "eliminated", "survives elimination")
    assert fv.better == "Steady" and fv.witness is not None and fv.gain > 0
    g = v.game
    prof = tuple(g.action_index(p, fv.witness[p]) for p in g.players)
    alt = (g.action_index("a", "Blitz"),) + prof[1:]
    assert g.float_payoffs[prof][0] - g.float_payoffs[alt][0] == pytest.approx(fv.gain)
    assert is_dominant(g, "a", "Blitz").kind == "none"


def test_seed_verdict():
    v = analyze(bsc.gpu_race())
    assert set(v.blitz_dominance) == set(v.game.players)
    assert v.blitz_dominance["Google"].kind == "strictly dominant"
    assert v.blitz_dominance["Defender"].better == "Niche"
    assert len(v.equilibria) >= 1 and v.equilibria.success
    for eq in v.equilibria:
        assert eq.max_regret <= v.game.float_tol
    assert "Niche" in v.defender_wins
    assert v.death_zone == ("Defender",)
    assert v.death_payoffs["Defender"] < 0
    text = str(v)
    for needle in ("Is blitzing dominant?", "Equilibria", "Defender wins", "Death zone"):
        assert needle in text


def test_to_frame():
    pytest.importorskip("pandas")
    v = analyze(bsc.two_firm_race())
    df = v.to_frame()
    assert list(df.columns[:4]) == ["equilibrium", "firm", "posture", "payoff"]
    assert len(df) == 2 * len(v.equilibria)
    assert set(df["firm"]) == {"Blitzer", "Defender"}


def test_blitz_index_and_bad_input():
    assert blitz_index(bsc.two_firm_race().postures["Blitzer"]) == 0
    with pytest.raises(InvalidParameterError, match="RaceModel"):
        analyze("gpu_race")
