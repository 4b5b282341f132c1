"""Exact equilibrium sets of the classic fixtures in conftest.py (shared by the solver tests).

Each set holds every Nash equilibrium, as tuples of Fractions per player; the games
are non-degenerate, so these are also their extreme equilibria.
"""

from __future__ import annotations

from fractions import Fraction as F


def profiles(res):
    """The equilibria of a result as a set of exact-comparable tuples."""
    return {tuple(tuple(s) for s in e.strategies) for e in res}


def p(*vals):
    """A probability vector of Fractions."""
    return tuple(F(v) for v in vals)


KNOWN = {
    "prisoners_dilemma": {(p(0, 1), p(0, 1))},
    "matching_pennies": {(p("1/2", "1/2"), p("1/2", "1/2"))},
    "battle_of_the_sexes": {(p(1, 0), p(1, 0)), (p(0, 1), p(0, 1)),
                            (p("3/5", "2/5"), p("2/5", "3/5"))},
    "chicken": {(p(1, 0), p(0, 1)), (p(0, 1), p(1, 0)),
                (p("2/3", "1/3"), p("2/3", "1/3"))},
    "rock_paper_scissors": {(p("1/3", "1/3", "1/3"), p("1/3", "1/3", "1/3"))},
}
