"""Equilibrium solvers behind one dispatcher, :func:`solve`.

``solve(game, method="auto", **options)`` returns an
:class:`~blitzgame.results.EquilibriumResult`. Each method name is the
algorithm's literature name and equals the name of the function that
implements it. The package is laid out by game class:

* :mod:`.pure`, :mod:`.dominance` -- any number of players;
* :mod:`.bimatrix` -- two-player algorithms (support and vertex enumeration,
  Lemke-Howson, zero-sum LP, the 2x2 closed form);
* :mod:`.nplayer` -- N-player methods (logit QRE, correlated equilibria, learning dynamics);
* :mod:`.repeated` -- repeated games (payoff sets, critical discounts, SPE payoffs,
  backward induction, automata); :mod:`.stochastic` -- Markov perfect equilibria;
* :mod:`.batch` -- the same questions for stacks of games (array API);
* private: ``_checks`` (argument checks), ``_verify`` (the one place where a candidate
  becomes a verified Equilibrium) and ``_numerics`` (game-free numerics).

==========================  =========  =============================================
method                      players    what it returns
==========================  =========  =============================================
``pure``                    any        every pure equilibrium
``support_enumeration``     2          every equilibrium of a non-degenerate game
``vertex_enumeration``      2          every extreme equilibrium, degenerate games too
``lemke_howson``            2          the equilibria reached from every initial label
``zero_sum``                2          an optimal strategy pair by linear programming
``logit_qre``               any        one equilibrium by logit QRE path following
==========================  =========  =============================================

``method="auto"`` picks: the optimal actions for one player; for two players,
``zero_sum`` is *not* chosen (it gives one equilibrium, not all), but
``vertex_enumeration`` when the smaller player has at most
``AUTO_ENUMERATION_LIMIT`` actions, and ``lemke_howson`` from every label when
the game is too large to enumerate; for three or more players, ``pure`` plus
one mixed equilibrium from ``logit_qre``.

The two-player rule is "fastest among the complete methods":
``vertex_enumeration`` is complete on degenerate games too (it lists the
extreme equilibria of every component), and it picks its fastest internal
path by itself -- a closed form for non-degenerate 2x2 games, qhull on the
polar polytopes for non-degenerate games of balanced shape from about 5x5, and
the base enumeration (exact and degenerate-safe) otherwise. It is about as fast
as ``support_enumeration`` up to 4x4, about 1.5x slower at 5x5 and 6x6, and
faster from 8x8 on, without ever needing a re-run when the game turns out to
be degenerate.

What is guaranteed (issue 14, "no silent wrong answers"):

* **Exact games** (integer or Fraction payoffs, of any size): every decision
  that could drop an equilibrium -- dominance, supports, bases, labels,
  degeneracy -- is exact, or taken in floats only where a certified error bound
  proves it right, with exact integer arithmetic inside the bound
  (:mod:`.bimatrix._certified_vertices`, :mod:`._numerics.certified`).
  ``vertex_enumeration`` lists every extreme equilibrium; ``support_enumeration``
  decides degeneracy exactly and says ``complete=False`` (status ``degenerate``)
  when it cannot promise every equilibrium. Every equilibrium has regret exactly 0.
* **Float games**: decisions use ``tol``; a float result is never empty, and one
  that cannot be right (no equilibrium; an even number in a game seen as
  non-degenerate; vertex labels decided within reach of a payoff near-tie) is
  replaced by an exact re-solve of the shortest-decimal payoffs, converted back
  to floats, with a :class:`~blitzgame.exceptions.PrecisionWarning`, a note in
  the message and ``stats["exact_fallback"] = 1`` (:mod:`.bimatrix._guards`).
  Payoffs of extreme size (near ``1e308``, tiny, or of very different size per
  player) are decided on a per-player power-of-two rescaling, exact in binary
  floating point (:mod:`._magnitude`), and verified on the original payoffs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, get_args

from .._validate import check_keywords
from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..results import EquilibriumResult
from ._checks import check_game
from .bimatrix.lemke_howson import lemke_howson
from .bimatrix.support import support_enumeration
from .bimatrix.vertex import vertex_enumeration
from .bimatrix.zero_sum import zero_sum
from .nplayer.logit_qre import logit_qre, nplayer_auto
from .pure import pure_equilibria

__all__ = ["solve", "available_methods", "Method", "AUTO_ENUMERATION_LIMIT"]

#: For two-player ``auto``: enumerate all equilibria when min(n_0, n_1) is at most this.
AUTO_ENUMERATION_LIMIT = 12

#: The method names accepted by :func:`solve` (besides ``"auto"``).
Method = Literal["pure", "support_enumeration", "vertex_enumeration", "lemke_howson",
                 "zero_sum", "logit_qre"]

_METHODS: dict[str, Callable[..., EquilibriumResult]] = {
    "pure": pure_equilibria,
    "support_enumeration": support_enumeration,
    "vertex_enumeration": vertex_enumeration,
    "lemke_howson": lemke_howson,
    "zero_sum": zero_sum,
    "logit_qre": logit_qre,
}
assert tuple(_METHODS) == get_args(Method)


def available_methods() -> tuple[str, ...]:
    """Names accepted by ``solve(game, method=...)`` (besides ``"auto"``).

    Examples
    --------
    >>> import blitzgame as bg
    >>> "support_enumeration" in bg.available_methods()
    True
    """
    return tuple(_METHODS)


def _auto(game: NormalFormGame) -> Callable[..., EquilibriumResult]:
    if game.num_players <= 1:
        return pure_equilibria
    if game.num_players == 2:
        if min(game.shape) <= AUTO_ENUMERATION_LIMIT:
            return vertex_enumeration
        return lemke_howson
    return nplayer_auto


def solve(game: NormalFormGame, /, *, method: Method | Literal["auto"] = "auto",
          **options: Any) -> EquilibriumResult:
    """Find Nash equilibria of a normal-form game.

    Parameters
    ----------
    game : NormalFormGame
    method : str
        ``"auto"`` or one of :func:`available_methods`.
    **options
        Passed to the method (e.g. ``tol``).

    Returns
    -------
    EquilibriumResult
        Every equilibrium in it has been verified (max regret exactly 0 for
        exact games, at most ``tol`` for float games).

    Raises
    ------
    InvalidParameterError
        Unknown method, or an option the method does not take.
    UnsupportedGameError
        The method does not apply to this game (e.g. too many players).

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed:

    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> res = bg.solve(g, method="support_enumeration")
    >>> len(res), res.exact
    (3, True)
    >>> [str(p) for p in res[2].strategies[0]]
    ['3/5', '2/5']
    """
    game = check_game(game)
    if not isinstance(method, str):
        raise InvalidParameterError(f"method must be a string; got {type(method).__name__}")
    if method == "auto":
        func = _auto(game)
    elif method in _METHODS:
        func = _METHODS[method]
    else:
        raise InvalidParameterError(
            f"unknown method {method!r}; expected one of: auto, " + ", ".join(_METHODS)
        )
    check_keywords(func, options, f"method {method!r}")
    return func(game, **options)
