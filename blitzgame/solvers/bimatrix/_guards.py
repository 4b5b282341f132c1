"""Guards of the float two-player path: extreme payoff magnitudes and impossible answers.

Two things can make a float computation silently wrong where an exact one is not:

* **Magnitudes.** Payoffs near the float range (``|u| ~ 1e308``) overflow in
  payoff spans and products; payoffs of very different size per player make one
  tolerance (in payoff units) meaningless for the smaller player. Equilibria do
  not change under a positive scaling of one player's payoffs, so a game whose
  largest payoff of some player lies outside ``[2**LOW, 2**HIGH]`` is solved as
  the copy whose payoffs are divided, per player, by a power of two that brings
  that player's largest payoff into ``[1/2, 1)`` -- exact in binary floating
  point (:func:`~blitzgame.solvers._magnitude.rescaled`). Its tolerance is the
  copy's own (relative) one; each equilibrium found is verified again on the
  original game (:func:`remap`).
* **Impossible answers.** Every finite game has an equilibrium, and a
  non-degenerate one an odd number of them (Wilson 1971). A float result with
  none, or with an even number while no degeneracy was seen, comes from
  decisions taken within rounding of a tie; the game is then re-solved exactly
  from the shortest decimal form of its payoffs (:meth:`NormalFormGame.to_exact`,
  the project's float -> Fraction rule) and the exact equilibria are returned in
  floats, with a :class:`~blitzgame.exceptions.PrecisionWarning` and a note in
  the message and ``stats["exact_fallback"] = 1`` (:func:`exact_resolve`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..._display import equilibria
from ...games.normal_form import NormalFormGame
from ...results import EquilibriumResult, Status
from .._magnitude import rescaled
from .._verify import finalize
from ._certified_vertices import exact_candidates

__all__ = ["solve_rescaled", "remap", "suspicious", "exact_resolve"]

def solve_rescaled(game: NormalFormGame, tol: float | None, t: float,
                   solve: Callable[[NormalFormGame, float | None], EquilibriumResult],
                   parameters: Mapping[str, Any]) -> EquilibriumResult | None:
    """``solve(copy, copy_tol)`` on the rescaled copy of a game of extreme magnitudes, remapped.

    ``None`` for a game of ordinary magnitudes (solve it directly). ``tol`` is the
    caller's option, ``t`` the game's own tolerance.
    """
    if (small := rescaled(game, tol)) is None:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = solve(*small)
    return remap(game, res, t, parameters)


def remap(game: NormalFormGame, res: EquilibriumResult, tol: float,
          parameters: Mapping[str, Any]) -> EquilibriumResult:
    """The result ``res`` of the rescaled copy of ``game`` as a result of ``game`` itself.

    The strategies are kept; payoffs and regrets are recomputed on ``game`` and
    verified against ``tol`` (its tolerance). Solve the copy with its warnings
    silenced: they are issued here, once.
    """
    cands = [tuple(np.asarray(s, dtype=np.float64) for s in e.strategies) for e in res]
    keep = res.status not in (Status.OK, Status.DEGENERATE)
    note = ("payoffs rescaled per player by a power of two (extreme magnitudes); "
            "equilibria verified on the original payoffs")
    return finalize(game, res.method, cands, complete=res.complete, tol=tol,
                    degenerate=res.status == Status.DEGENERATE,
                    status=res.status if keep else None,
                    message="; ".join([res.message, note] if keep else [note]),
                    stats={**res.stats, "rescaled": 1}, parameters=parameters, stacklevel=5)


def suspicious(count: int, degenerate: bool, complete: bool = True) -> str | None:
    """Why a float result cannot be right (no equilibrium, or an even number in a game
    seen as non-degenerate by a complete method), or ``None``."""
    if count == 0:
        return "found no equilibrium (every finite game has one)"
    if complete and not degenerate and count % 2 == 0:
        return (f"found {equilibria(count)} in a game it saw as non-degenerate (an odd "
                "number is certain there)")
    return None


def exact_resolve(game: NormalFormGame, method: str, tol: float, reason: str,
                  solver: Callable[[NormalFormGame], EquilibriumResult], *,
                  complete: bool, stats: Mapping[str, int | float],
                  parameters: Mapping[str, Any]) -> EquilibriumResult:
    """Re-solve a float two-player game exactly and return the answer in floats.

    ``solver`` runs on the exact copy of ``game`` (shortest-decimal payoffs);
    when it finds nothing (a degenerate game given to a method that may miss
    equilibria there), the extreme equilibria of the exact copy are used
    instead (:func:`~._certified_vertices.exact_candidates`). ``complete`` is
    what the calling method may claim for a non-degenerate game.
    """
    exact = game.to_exact()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # reported once below, on the float result
        res = solver(exact)
    found = list(res.equilibria)
    degenerate = res.status == Status.DEGENERATE
    name = res.method
    if not found:
        m, n = game.shape
        found, degenerate, _ = exact_candidates(exact, exact.comparable_payoffs, np.arange(m),
                                                np.arange(n), qhull=False)
        name = "vertex enumeration"
    cands = [tuple(np.asarray(s, dtype=np.float64) for s in e.strategies) for e in found]
    text = (f"the float computation {reason}; the game was re-solved exactly from the "
            f"shortest decimal form of its payoffs ({name}, {equilibria(len(found))}) and "
            "the answer converted to floats")
    return finalize(game, method, cands, complete=complete and res.complete, tol=tol,
                    degenerate=degenerate, precision_notes=[text],
                    stats={**stats, **{k: v for k, v in res.stats.items() if k != "seconds"},
                           "exact_fallback": 1},
                    parameters=parameters, stacklevel=5, merge_atol=0.0)
