r"""Pure-strategy Nash equilibria of N-player games, vectorized over the payoff tensor.

A pure profile :math:`a` is a Nash equilibrium when every player's action is a
best response: :math:`u_i(a) = \max_{b_i} u_i(b_i, a_{-i})` for all :math:`i`.
For each player the best-response indicator is one comparison of the payoff
tensor with its maximum along that player's axis; the equilibria are the
profiles where all N indicators hold. There is no Python loop over profiles,
so the cost is :math:`O(N \prod_j n_j)` array operations.

Exact games are compared exactly: each player's payoffs are scaled by the
least common multiple of their denominators (a positive rescaling, which keeps
best responses) and compared as int64 when they fit; otherwise as Fractions.
Float games count a tie within ``tol``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._display import equilibria, plural
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, EquilibriumResult
from ._checks import check_game, check_tol
from ._magnitude import rescaled
from ._verify import Timer, finalize
from .batch import kernels

__all__ = ["pure_equilibria", "has_pure_equilibrium", "best_response_mask"]

def best_response_mask(u: NDArray[Any], tol: float = 0.0) -> NDArray[np.bool_]:
    """Boolean tensor ``(n_0, ..., n_{N-1}, N)``: is ``a_i`` a best response to ``a_{-i}``?

    ``u`` is a payoff tensor of shape ``(n_0, ..., n_{N-1}, N)``; an action is a
    best response when its payoff is within ``tol`` of the best (the batch
    kernel :func:`blitzgame.solvers.batch.kernels.best_response_mask` on a
    stack of one).

    Examples
    --------
    >>> best_response_mask(np.array([[[1, 0], [0, 1]], [[0, 1], [2, 0]]]))[..., 0].tolist()
    [[True, False], [False, True]]
    """
    mask = kernels.best_response_mask(np, u[None], np.full(1, tol))  # numpy: array-API enough
    return np.asarray(mask[0])


def _pure_eq(game: NormalFormGame, prof: tuple[int, ...]) -> Equilibrium:
    strategies = []
    for n, a in zip(game.shape, prof, strict=True):
        if game.exact:
            s = np.full(n, Fraction(0), dtype=object)
            s[a] = Fraction(1)
        else:
            s = np.zeros(n)
            s[a] = 1.0
        s.flags.writeable = False
        strategies.append(s)
    pay = tuple(game.payoff_array[prof]) if game.exact else tuple(
        float(v) for v in game.float_payoffs[prof])
    return Equilibrium(strategies=tuple(strategies), payoffs=pay,
                       max_regret=Fraction(0) if game.exact else 0.0, exact=game.exact)


def pure_equilibria(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
    """Find every pure-strategy Nash equilibrium of an N-player game.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players (one player: the optimal actions).
    tol : float, optional
        Float games only: a payoff within ``tol`` of the best counts as a best
        response. Default :attr:`NormalFormGame.float_tol`. Exact games use 0.

    Returns
    -------
    EquilibriumResult
        ``method="pure"``; ``complete=True`` (every *pure* equilibrium is listed;
        mixed equilibria are not searched). Exact for exact games.

    Notes
    -----
    1. For each player i, compute the maximum of :math:`u_i` along axis i.
    2. Mark the profiles where :math:`u_i` attains it.
    3. The equilibria are the profiles marked for every player.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [e.pure_profile for e in bg.pure_equilibria(g)]
    [(1, 1)]
    """
    game = check_game(game)
    t = check_tol(game, tol)  # checked for exact games too, where it is ignored
    t = 0.0 if game.exact else t
    with Timer() as timer:
        u, tt = _decision_payoffs(game, tol, t)
        mask = best_response_mask(u, tt).all(axis=-1)
        profiles = [tuple(int(a) for a in p) for p in np.argwhere(mask)]
        eqs = [_pure_eq(game, p) for p in profiles]
    return finalize(
        game, "pure", eqs, complete=True, tol=t,
        stats={"profiles": int(mask.size), "seconds": timer.seconds},
        parameters={"tol": t},
        message=f"{equilibria(len(eqs), 'pure')} among "
                f"{plural(mask.size, 'profile')}",
    )


def has_pure_equilibrium(game: NormalFormGame, *, tol: float | None = None) -> bool:
    """True if the game has at least one pure-strategy Nash equilibrium.

    Examples
    --------
    >>> import blitzgame as bg
    >>> bg.has_pure_equilibrium(bg.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]))
    False
    """
    game = check_game(game)
    t = check_tol(game, tol)  # checked for exact games too, where it is ignored
    t = 0.0 if game.exact else t
    return bool(best_response_mask(*_decision_payoffs(game, tol, t)).all(axis=-1).any())


def _decision_payoffs(game: NormalFormGame, tol: float | None, t: float
                      ) -> tuple[NDArray[Any], float]:
    """The payoffs and tolerance that decide best responses.

    Float games with extreme payoffs (near the float range, or tiny) are
    decided on their per-player power-of-two rescaling with its own tolerance
    (:func:`~.bimatrix._guards.rescaled`): the best responses are the same, and
    no player's payoffs drown in another's tolerance.
    """
    small = rescaled(game, tol)
    if small is None:
        return game.comparable_payoffs, t
    return small[0].float_payoffs, small[0].float_tol if small[1] is None else small[1]
