"""Textbook reference implementations ("oracles") of the equilibrium algorithms.

Each module is a short, deliberately naive implementation of one algorithm as the
literature states it, in exact :class:`fractions.Fraction` arithmetic. They share
no code with :mod:`blitzgame` (their common helpers, Gaussian elimination and
regrets, are in ``_exact``), are slow, and are meant for small games (up to about
4x4); ``tests/oracles/test_oracles.py`` checks them on published games and
``tests/property/test_methods_oracle.py`` uses them to judge blitzgame's solvers.

Two-player games are given as payoff matrices ``A`` (row player) and ``B``
(column player), as nested sequences or arrays of ints/Fractions. Equilibria are
returned as pairs ``(x, y)`` of tuples of Fractions. Labels follow the usual
convention: ``0..m-1`` are the row player's actions, ``m..m+n-1`` the column
player's.
"""

from __future__ import annotations

from ._exact import expected_payoffs, max_regret
from .lemke_howson import lemke_howson
from .pure_equilibria import pure_equilibria
from .support_enumeration import support_enumeration
from .vertex_enumeration import is_degenerate, vertex_enumeration
from .zero_sum_value import zero_sum_value

__all__ = [
    "expected_payoffs",
    "is_degenerate",
    "lemke_howson",
    "max_regret",
    "pure_equilibria",
    "support_enumeration",
    "vertex_enumeration",
    "zero_sum_value",
]
