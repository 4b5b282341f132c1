"""SPE payoff set of the prisoner's dilemma against quantecon's RepeatedGame."""

from __future__ import annotations

import numpy as np
import pytest

import blitzgame as bg
from blitzgame import RepeatedGame, spe_payoffs
from blitzgame.solvers._numerics.convex2d import hausdorff


@pytest.mark.xdist_group("quantecon")
def test_spe_set_matches_quantecon(qe):
    A = [[9, 1], [10, 3]]
    B = [[9, 10], [1, 3]]
    delta = 0.75
    ours = spe_payoffs(RepeatedGame(bg.NormalFormGame.from_bimatrix(A, B), discount=delta),
                       directions=64)
    nfg = qe.game_theory.NormalFormGame(np.stack([np.array(A), np.array(B)], axis=-1))
    hull = qe.game_theory.RepeatedGame(nfg, delta).equilibrium_payoffs()
    theirs = hull.points[hull.vertices]
    assert ours.success and ours.inner_verified
    assert hausdorff(ours.outer, theirs) <= ours.hausdorff_gap + 1e-4
