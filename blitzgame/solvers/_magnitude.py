"""Extreme payoff magnitudes: decide float games on a per-player power-of-two rescaling.

Equilibria, best responses and dominance do not change when one player's payoffs
are multiplied by a positive number. A float game whose largest payoff of some
player lies outside ``[2**LOW, 2**HIGH]`` -- near the float range, where spans and
products of payoffs overflow (``1e308``), or so small or so unequal across players
that one tolerance in payoff units would swallow a player's payoffs -- is decided on
the copy whose payoffs are divided, per player, by the power of two that brings that
player's largest payoff into ``[1/2, 1)``. That division is exact in binary floating
point. Results are then verified on the original game.
"""

from __future__ import annotations

import numpy as np

from ..games.normal_form import NormalFormGame

__all__ = ["rescaled", "LOW", "HIGH"]

#: A float game whose largest payoff of some player is above ``2**HIGH`` or (if not
#: zero) below ``2**LOW`` is solved as its per-player power-of-two rescaling.
HIGH, LOW = 128, -10
_HIGH, _LOW = 2.0 ** HIGH, 2.0 ** LOW


def rescaled(game: NormalFormGame, tol: float | None) -> tuple[NormalFormGame, float | None] | None:
    """The per-player power-of-two rescaling of a float game with extreme payoffs, or ``None``.

    Returns the rescaled game and the tolerance to use on it: ``None`` (its own
    default, relative to its payoffs) when ``tol`` is ``None``, else ``tol``
    divided by the largest of the scale factors.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[1e308, -1e308], [0, 1.0]], [[1, 0], [0, 1.0]])
    >>> small, _ = rescaled(g, None)
    >>> float(abs(small.payoff_array[..., 0]).max()) < 1, small.payoff_array[1, 1, 1]
    (True, np.float64(0.5))
    """
    if game.exact:
        return None
    F = game.float_payoffs
    big = np.abs(F).max(axis=tuple(range(F.ndim - 1)))
    if all(v == 0.0 or _LOW <= v <= _HIGH for v in big.tolist()):   # ordinary: a few us
        return None
    e = np.frexp(big)[1]
    e[big == 0] = 0
    small = NormalFormGame(np.ldexp(F, -e), game.players, game.actions)
    return small, None if tol is None else float(np.ldexp(tol, -int(e.max())))
