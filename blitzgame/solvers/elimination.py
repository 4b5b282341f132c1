r"""Iterated elimination of dominated actions.

Each round removes, for *all* players at once, every action that is dominated
(strictly or weakly; by a pure or, optionally, a mixed strategy -- see
:mod:`blitzgame.solvers.dominance` for the tests and their certificates), then
repeats on the reduced game until nothing is dominated. For strict dominance
the surviving game does not depend on the order of elimination; for weak
dominance it can, and this simultaneous order is the documented one. Strict
elimination never removes an action played in a Nash equilibrium.

References
----------
1. Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, §2.1.
2. Gibbons, R. (1992). *A Primer in Game Theory*, §1.1.B.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..exceptions import SolverError
from ..games.normal_form import NormalFormGame
from ..results import compact_repr
from ._common import check_game, check_tol
from .dominance import _dominated, _matrix
from .pure import comparable_payoffs

__all__ = ["EliminationResult", "dominated_actions", "iterated_elimination"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EliminationResult:
    """Outcome of iterated elimination of dominated actions.

    Attributes
    ----------
    game : NormalFormGame
        The reduced game (labels of the surviving actions kept).
    eliminated : tuple
        ``(round, player_index, action_label, dominated_by)`` in elimination order;
        ``dominated_by`` is a probability vector over the *original* game's actions
        of that player (Fractions for exact games).
    remaining : tuple of tuple of int
        Surviving action indices of the original game, per player.
    strict, mixed : bool
        Which dominance was eliminated.
    """

    __repr__ = compact_repr

    game: NormalFormGame
    eliminated: tuple[tuple[int, int, str, NDArray[Any]], ...]
    remaining: tuple[tuple[int, ...], ...]
    strict: bool
    mixed: bool

    @property
    def rounds(self) -> int:
        """Number of rounds in which something was eliminated."""
        return max((e[0] for e in self.eliminated), default=0)

    @property
    def solved(self) -> bool:
        """True if exactly one action survives for every player (dominance solvable)."""
        return all(len(r) == 1 for r in self.remaining)


def _dominated_set(game: NormalFormGame, strict: bool, mixed: bool, t: float
                   ) -> list[list[tuple[int, NDArray[Any]]]]:
    u = comparable_payoffs(game)
    out = []
    for p in range(game.num_players):
        U = _matrix(u, p)
        found = []
        for a in range(game.shape[p]):
            by, _ = _dominated(game, p, a, U, t, strict, mixed)
            if by is not None:
                found.append((a, by))
        out.append(found)
    return out


def dominated_actions(
    game: NormalFormGame, *, strict: bool = True, mixed: bool = True, tol: float | None = None
) -> tuple[tuple[int, ...], ...]:
    """Indices of each player's dominated actions (by pure or, if ``mixed``, mixed strategies).

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> bg.dominated_actions(pd)
    ((0,), (0,))
    """
    game = check_game(game)
    t = 0.0 if game.exact else check_tol(game, tol)
    return tuple(tuple(a for a, _ in f) for f in _dominated_set(game, strict, mixed, t))


def iterated_elimination(
    game: NormalFormGame, *, strict: bool = True, mixed: bool = True, tol: float | None = None
) -> EliminationResult:
    """Iteratively eliminate dominated actions until none is left.

    Each round removes *all* dominated actions of *all* players simultaneously,
    then repeats on the reduced game. Strict elimination is order-independent;
    weak elimination is not, and this simultaneous order is the one used.

    Parameters
    ----------
    game : NormalFormGame
    strict : bool
        Eliminate strictly (default) or weakly dominated actions.
    mixed : bool
        Allow mixed dominators (default) or only pure ones.
    tol : float, optional
        Float games only; see :func:`is_dominated`.

    Returns
    -------
    EliminationResult

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[4, 3, 0], [3, 2, 1]], [[3, 1, 2], [0, 4, 1]],
    ...     actions=(("U", "D"), ("L", "C", "R")))
    >>> res = bg.iterated_elimination(g)
    >>> res.game.actions, res.solved
    ((('U',), ('L',)), True)
    """
    game = check_game(game)
    t = 0.0 if game.exact else check_tol(game, tol)
    remaining = [list(range(n)) for n in game.shape]
    current = game
    eliminated: list[tuple[int, int, str, NDArray[Any]]] = []
    rnd = 0
    while True:
        found = _dominated_set(current, strict, mixed, t)
        if not any(found):
            break
        rnd += 1
        for p, f in enumerate(found):
            for a, by in f:
                vec = np.full(game.shape[p], Fraction(0) if game.exact else 0.0,
                              dtype=object if game.exact else np.float64)
                vec[remaining[p]] = by
                eliminated.append((rnd, p, current.actions[p][a], vec))
        drop = [{a for a, _ in f} for f in found]
        keep = [[k for k in range(current.shape[p]) if k not in drop[p]]
                for p in range(game.num_players)]
        if any(not k for k in keep):  # cannot happen: some action is always undominated
            raise SolverError("elimination would remove every action of a player")
        remaining = [[remaining[p][k] for k in keep[p]] for p in range(game.num_players)]
        current = current.restrict(keep)
    return EliminationResult(game=current, eliminated=tuple(eliminated),
                             remaining=tuple(tuple(r) for r in remaining),
                             strict=strict, mixed=mixed)
