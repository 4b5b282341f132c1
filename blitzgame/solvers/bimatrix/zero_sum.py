r"""Two-player zero-sum (and constant-sum) games by linear programming.

In a zero-sum game with row payoffs :math:`A` (the column player gets
:math:`-A`, or :math:`c - A` in a constant-sum game) von Neumann's minimax
theorem gives a value :math:`v` and optimal strategies

.. math:: v = \max_{x \in \Delta_m} \min_j (x^\top A)_j
            = \min_{y \in \Delta_n} \max_i (A y)_i ,

each the solution of a linear program: the row player maximises :math:`v` subject
to :math:`A^\top x \ge v\mathbf 1`, and the column player minimises :math:`w`
subject to :math:`A y \le w\mathbf 1`. Any pair of optimal strategies is a Nash
equilibrium, every equilibrium gives the row player :math:`v`, and the set of
equilibria is the product of the two optimal sets (interchangeability).

Both LPs are solved with HiGHS (:func:`scipy.optimize.linprog`); payoffs are
shifted to be positive and scaled for conditioning. For exact games the pair
is recomputed exactly on its support by
:func:`~blitzgame.solvers._verify.finalize`, so the value is an exact Fraction.

References
----------
1. von Neumann, J. (1928). Zur Theorie der Gesellschaftsspiele. *Math. Ann.* 100.
2. Dantzig, G. (1951). A proof of the equivalence of the programming problem and
   the game problem. In *Activity Analysis of Production and Allocation*.
"""

from __future__ import annotations

from fractions import Fraction

from ...exceptions import SolverError, UnsupportedGameError
from ...games.normal_form import NormalFormGame
from ...results import EquilibriumResult, Status
from .._checks import check_game, check_tol, require_players
from .._numerics.lp import matrix_game_lp
from .._verify import Timer, finalize

__all__ = ["zero_sum", "game_value"]


def _check_zero_sum(game: NormalFormGame) -> None:
    require_players(game, 2, "zero_sum")
    if not game.is_constant_sum():
        raise UnsupportedGameError(
            "zero_sum needs a two-player zero-sum or constant-sum game; the payoff sums "
            "u_0 + u_1 of this game differ across outcomes (use another method)"
        )


def zero_sum(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
    """Find an equilibrium of a two-player zero-sum or constant-sum game by linear programming.

    Parameters
    ----------
    game : NormalFormGame
        Two players, with ``u_0 + u_1`` the same in every outcome.
    tol : float, optional
        Float games: regret tolerance of the verification (default
        :attr:`NormalFormGame.float_tol`).

    Returns
    -------
    EquilibriumResult
        ``method="zero_sum"``, one equilibrium (a pair of optimal strategies),
        ``complete=False`` (the optimal sets may be polytopes). Exact for exact
        games; ``payoffs[0]`` of the equilibrium is the value.

    Raises
    ------
    UnsupportedGameError
        Not a two-player constant-sum game.

    See Also
    --------
    game_value

    Examples
    --------
    >>> import blitzgame as bg
    >>> rps = bg.NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> eq = bg.zero_sum(rps)[0]
    >>> [str(p) for p in eq.strategies[0]], eq.payoffs[0]
    (['1/3', '1/3', '1/3'], Fraction(0, 1))
    """
    game = check_game(game)
    _check_zero_sum(game)
    t = check_tol(game, tol)
    with Timer() as timer:
        lp = matrix_game_lp(game.float_payoffs[..., 0])
    params = {"tol": t}
    if lp.x is None or lp.y is None:  # both None when an LP failed
        return finalize(game, "zero_sum", [], complete=False, tol=t, parameters=params,
                        status=Status.FAILED, message=f"the minimax LP failed: {lp.message}",
                        stats={"seconds": timer.seconds})
    value = lp.value
    return finalize(game, "zero_sum", [(lp.x, lp.y)], complete=False, tol=t, parameters=params,
                    stats={"seconds": timer.seconds, "value": float(value),
                           "duality_gap": lp.duality_gap},
                    message=f"value {value:.6g} (row player's payoff)")


def game_value(game: NormalFormGame, *, tol: float | None = None) -> Fraction | float:
    """The value of a two-player zero-sum (or constant-sum) game for the row player.

    Exact (a Fraction) for exact games, a float otherwise.

    Raises
    ------
    UnsupportedGameError
        Not a two-player constant-sum game.
    SolverError
        The linear programs failed (numerical trouble).

    Examples
    --------
    >>> import blitzgame as bg
    >>> from blitzgame.solvers.bimatrix.zero_sum import game_value
    >>> game_value(bg.NormalFormGame.from_bimatrix([[3, -1], [-2, 1]]))
    Fraction(1, 7)
    """
    res = zero_sum(game, tol=tol)
    if not res.equilibria:
        raise SolverError(f"the value could not be computed: {res.message}")
    v = res[0].payoffs[0]
    return v if isinstance(v, Fraction) else float(v)
