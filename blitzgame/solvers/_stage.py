"""Stage-game equilibria for the repeated and stochastic-game solvers (private).

:func:`stage_equilibria` returns every equilibrium blitzgame's dispatcher finds
(pure ones always; mixed ones through :func:`blitzgame.solve`). Warnings of the
stage solver are captured and returned as text, so that a dynamic solver that
solves thousands of stage games reports them once in its own result.
If the two-player enumeration module is not installed in this build, nashpy's
vertex enumeration supplies the candidates, which are verified (exactly for
exact games) by :func:`~blitzgame.solvers._verify.finalize`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..games.normal_form import NormalFormGame
from ..results import Equilibrium
from ._verify import finalize
from .pure import pure_equilibria

__all__ = ["stage_equilibria"]


def _nashpy_candidates(game: NormalFormGame) -> list[tuple[Any, Any]]:
    return [(np.asarray(x, float), np.asarray(y, float))
            for x, y in game.to_nashpy().vertex_enumeration()]


def stage_equilibria(game: NormalFormGame, *, mixed: bool = True
                     ) -> tuple[tuple[Equilibrium, ...], tuple[str, ...]]:
    """Equilibria of a stage game and the warning texts raised while finding them.

    Parameters
    ----------
    game : NormalFormGame
    mixed : bool
        Look for mixed equilibria too (only when needed: pure ones are always
        returned, mixed ones are searched when ``mixed`` is true).

    Returns
    -------
    equilibria : tuple of Equilibrium
        Verified equilibria, pure first.
    notes : tuple of str
        Warning messages issued by the stage solver.
    """
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pure = pure_equilibria(game)
        eqs = list(pure.equilibria)
        if mixed and game.num_players >= 2:
            from .. import solve

            try:
                res = solve(game)
                found = list(res.equilibria)
            except ModuleNotFoundError:
                if game.num_players != 2:
                    raise
                found = list(finalize(game, "vertex_enumeration", _nashpy_candidates(game),
                                      complete=False).equilibria)
            for e in found:
                if not any(e == p for p in eqs):
                    eqs.append(e)
    notes.extend(str(w.message) for w in caught)
    return tuple(eqs), tuple(notes)
