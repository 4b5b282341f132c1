"""Shared fixtures: hypothesis profiles and classic literature games."""

from __future__ import annotations

import os
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, settings

import blitzgame as bg

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=50,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def qe():
    """quantecon, its numba kernels compiled once per test session (per worker).

    Tests that use it carry ``@pytest.mark.xdist_group("quantecon")``, so that with
    ``--dist loadgroup`` they run on one worker and pay numba's compile once.
    """
    quantecon = pytest.importorskip("quantecon")
    import numpy as np

    gt = quantecon.game_theory
    g = gt.NormalFormGame((gt.Player(np.array([[3.0, 0.0], [0.0, 2.0]])),
                           gt.Player(np.array([[2.0, 0.0], [0.0, 3.0]]))))
    gt.vertex_enumeration(g)
    gt.lemke_howson(g, init_pivot=0)
    return quantecon


def _bimatrix(A, B, actions=None, players=("row", "col")):
    return bg.NormalFormGame.from_bimatrix(A, B, players=players, actions=actions)


@pytest.fixture
def prisoners_dilemma() -> bg.NormalFormGame:
    """T=5 > R=3 > P=1 > S=0; unique equilibrium (D, D)."""
    return _bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))


@pytest.fixture
def matching_pennies() -> bg.NormalFormGame:
    """Zero-sum, unique equilibrium (1/2, 1/2) each, value 0."""
    return _bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], actions=(("H", "T"), ("H", "T")))


@pytest.fixture
def battle_of_the_sexes() -> bg.NormalFormGame:
    """Two pure equilibria and the mixed one ((3/5, 2/5), (2/5, 3/5))."""
    return _bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]], actions=(("O", "F"), ("O", "F")))


@pytest.fixture
def chicken() -> bg.NormalFormGame:
    """Hawk-dove with V=2, C=6 as blitz/defend: (B, D), (D, B) and the mixed (2/3 D, 1/3 B)."""
    # hawk-dove: u(H,H) = (V-C)/2 = -2, u(H,D) = V = 2, u(D,H) = 0, u(D,D) = V/2 = 1
    return _bimatrix([[1, 0], [2, -2]], [[1, 2], [0, -2]],
                     actions=(("defend", "blitz"), ("defend", "blitz")),
                     players=("firm_a", "firm_b"))


@pytest.fixture
def rock_paper_scissors() -> bg.NormalFormGame:
    """Zero-sum; unique equilibrium uniform (1/3 each), value 0."""
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    return _bimatrix(A, [[-a for a in r] for r in A],
                     actions=(("R", "P", "S"), ("R", "P", "S")))


@pytest.fixture
def degenerate_continuum() -> bg.NormalFormGame:
    """A degenerate game whose equilibria form a continuum.

    Column's payoff does not depend on its action, so any y is a best response;
    Row's first action is optimal for y_0 >= 1/2 and its second for y_0 <= 1/2.
    Two segments of equilibria, {(e_0, (p, 1-p)) : 1/2 <= p <= 1} and
    {(e_1, (p, 1-p)) : 0 <= p <= 1/2}, with extreme equilibria
    (e_0, e_0), (e_0, (1/2, 1/2)), (e_1, (1/2, 1/2)), (e_1, e_1) (pygambit agrees).
    """
    return _bimatrix([[1, 0], [0, 1]], [[0, 0], [1, 1]])


@pytest.fixture
def three_player_mixed() -> bg.NormalFormGame:
    """3-player game whose unique equilibrium is fully mixed (1/2, 1/2) for all.

    Each player i is paid 1 if it matches player (i+1) mod 3 and -1 otherwise,
    except that player 2 wants to *mismatch* player 0 (a cyclic matching-pennies).
    """
    import numpy as np

    u = np.zeros((2, 2, 2, 3), dtype=object)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                u[a, b, c] = (
                    Fraction(1 if a == b else -1),
                    Fraction(1 if b == c else -1),
                    Fraction(1 if c != a else -1),
                )
    return bg.NormalFormGame(u, players=("p0", "p1", "p2"))
