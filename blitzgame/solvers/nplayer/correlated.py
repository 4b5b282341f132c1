r"""Correlated equilibria of N-player games by linear programming.

A correlated equilibrium (Aumann 1974) is a probability distribution :math:`p`
over pure profiles such that no player, told only their own recommended action
:math:`a_i`, gains by switching to another action :math:`a_i'`:

.. math:: \sum_{a_{-i}} p(a_i, a_{-i})\,\bigl[u_i(a_i, a_{-i}) - u_i(a_i', a_{-i})\bigr]
          \ \ge\ 0 \qquad \text{for all } i,\ a_i \ne a_i'

(the *obedience* constraints). Together with :math:`p \ge 0` and
:math:`\sum p = 1` they define a polytope that contains every Nash equilibrium
(as a product distribution). :func:`correlated_equilibrium` maximises a linear
objective over it with HiGHS -- by default the total welfare
:math:`\sum_a p(a) \sum_i u_i(a)`. The distribution returned is verified: the
obedience constraints hold within ``tol`` in float mode and exactly (in
Fractions) for exact games, where the LP vertex is recomputed exactly from its
active constraints.

References
----------
1. Aumann, R. (1974). Subjectivity and correlation in randomized strategies.
   *J. Math. Econ.* 1, 67-96.
2. Papadimitriou, C. and Roughgarden, T. (2008). Computing correlated equilibria
   in multi-player games. *J. ACM* 55(3).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ...exact import as_payoff_array
from ...exceptions import InvalidGameError, InvalidParameterError, PrecisionWarning
from ...games.normal_form import NormalFormGame
from ...results import Status, compact_repr
from .._checks import check_game, check_tol
from .._numerics.lp import exact_vertex, highs, round_to_fractions

__all__ = ["correlated_equilibrium", "CorrelatedResult", "obedience_constraints"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrelatedResult:
    """A correlated equilibrium that optimises a linear objective.

    Attributes
    ----------
    distribution : ndarray
        Probability of each pure profile, shape ``game.shape``; Fractions (object
        dtype) when exact. ``None`` if the LP failed.
    payoffs : tuple
        Each player's expected payoff under the distribution.
    objective_value : Fraction or float
        The optimal objective.
    exact : bool
        Whether the distribution was verified exactly in rational arithmetic.
    success : bool
    status : Status
    message : str
    parameters : mapping
        The options used.
    """

    __repr__ = compact_repr

    distribution: NDArray[Any] | None
    payoffs: tuple[Any, ...]
    objective_value: Any
    exact: bool
    success: bool = True
    status: Status = Status.OK
    message: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)


def obedience_constraints(game: NormalFormGame, *, exact: bool = False) -> NDArray[Any]:
    """The obedience constraint matrix ``R`` (``R @ p.ravel() >= 0`` at a correlated equilibrium).

    One row per player ``i`` and ordered pair of distinct actions ``(a, a')``,
    in the order (player, a, a'); columns follow ``np.ravel`` of the profile
    tensor. Exact (Fractions) when ``exact`` and the game is exact.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> obedience_constraints(g).shape
    (4, 4)
    """
    game = check_game(game)
    ex = exact and game.exact
    u = game.payoff_array if ex else game.float_payoffs
    rows = []
    for i, n in enumerate(game.shape):
        ui = u[..., i]
        for a in range(n):
            for b in range(n):
                if a == b:
                    continue
                r = np.zeros(game.shape, dtype=object if ex else np.float64)
                if ex:
                    r[...] = Fraction(0)
                idx: list[Any] = [slice(None)] * game.num_players
                idx[i] = a
                alt = list(idx)
                alt[i] = b
                r[tuple(idx)] = ui[tuple(idx)] - ui[tuple(alt)]
                rows.append(r.reshape(-1))
    if not rows:
        return np.zeros((0, int(np.prod(game.shape))), dtype=object if ex else np.float64)
    return np.array(rows, dtype=object if ex else np.float64)


def _coefficients(game: NormalFormGame, objective: Any) -> NDArray[Any]:
    """Objective coefficients per profile (Fractions for exact games and exact weights)."""
    u = game.payoff_array
    if isinstance(objective, str):
        if objective != "welfare":
            raise InvalidParameterError(
                f"objective must be 'welfare', a weight per player (length "
                f"{game.num_players}) or an array of shape {game.shape}; got {objective!r}")
        welfare: NDArray[Any] = u.sum(axis=-1)
        return welfare
    try:
        w, ex = as_payoff_array(objective, exact=None, name="objective")
    except InvalidGameError as err:
        raise InvalidParameterError(str(err)) from None
    if w.shape == game.shape:
        coef = w
    elif w.shape == (game.num_players,):
        coef = np.tensordot(u if ex and game.exact else game.float_payoffs,
                            w if ex and game.exact else w.astype(np.float64), axes=([-1], [0]))
    else:
        raise InvalidParameterError(
            f"objective has shape {w.shape}; expected 'welfare', shape ({game.num_players},) "
            f"(a weight per player) or {game.shape} (a coefficient per profile)")
    return coef if (ex and game.exact) else np.asarray(coef, dtype=np.float64)


def _verify(R: NDArray[Any], p: NDArray[Any], t: float) -> bool:
    """Is p a distribution satisfying the obedience constraints (exactly if p is exact)?"""
    if p.dtype == object:
        if any(v < 0 for v in p) or sum(p) != 1:
            return False
    elif np.any(p < -t) or abs(p.sum() - 1) > 1e-9:
        return False
    return bool(np.all(R @ p >= -t)) if R.size else True


def correlated_equilibrium(
    game: NormalFormGame, *, objective: str | ArrayLike = "welfare", tol: float | None = None
) -> CorrelatedResult:
    """Find a correlated equilibrium that maximises a linear objective.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    objective : "welfare" or array_like
        ``"welfare"`` (default): the sum of the players' expected payoffs; a vector
        of length N: a weighted sum of the players' payoffs; an array of shape
        ``game.shape``: a coefficient per pure profile (it takes precedence when
        both shapes match). To minimise, negate the coefficients.
    tol : float, optional
        Float games: tolerance of the obedience check (default
        :attr:`NormalFormGame.float_tol`). Exact games are checked exactly.

    Returns
    -------
    CorrelatedResult

    Raises
    ------
    InvalidParameterError
        A malformed objective.

    Warns
    -----
    PrecisionWarning
        For an exact game, the LP's distribution could not be made exact; it is
        returned in floats, verified to ``tol``.

    Examples
    --------
    Aumann's chicken: the welfare-maximising correlated equilibrium puts 1/2 on
    (C, C) and 1/4 on each of (C, D) and (D, C):

    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> ce = bg.correlated_equilibrium(g)
    >>> [[str(v) for v in row] for row in ce.distribution], ce.objective_value
    ([['1/2', '1/4'], ['1/4', '0']], Fraction(21, 2))
    """
    game = check_game(game)
    t = check_tol(game, tol)
    coef = _coefficients(game, objective)
    params = {"objective": objective if isinstance(objective, str) else "array", "tol": t}
    R = obedience_constraints(game)
    c = np.asarray(coef, dtype=np.float64).reshape(-1)
    size = c.size
    # constraints and objective both in units of order 1 (the optimum is unchanged):
    # the gains divided by their largest size, the objective shifted to start at 0
    # (a constant on the simplex) and divided by its range
    scale = (float(np.max(np.abs(R))) or 1.0) if R.size else 1.0
    clo = float(c.min())
    cscale = float(c.max() - clo) or 1.0
    lp = highs(-(c - clo) / cscale, A_ub=-R / scale if R.size else None,
               b_ub=np.zeros(len(R)) if R.size else None,
               A_eq=np.ones((1, size)), b_eq=np.ones(1), bounds=(0, None))
    if lp.status != 0:
        return CorrelatedResult(distribution=None, payoffs=(), objective_value=None, exact=False,
                                success=False, status=Status.FAILED,
                                message=f"the LP failed: {lp.message}", parameters=params)
    x = np.clip(lp.x, 0.0, None)
    x /= x.sum()
    exact_p = None
    if game.exact and coef.dtype == object:
        Re = obedience_constraints(game, exact=True)
        fun = lp.fun * cscale - clo              # -(c @ x) in the objective's units
        for den in (10**3, 10**6):
            cand = round_to_fractions(x, den)
            if _verify(Re, cand, 0) and abs(float(coef.reshape(-1) @ cand) + fun) <= 1e-9 * (
                    1 + abs(fun)):
                exact_p = cand
                break
        if exact_p is None:
            one = np.array([[Fraction(1)] * size], dtype=object)
            vertex = exact_vertex(lp.x, A_ub=-Re if Re.size else None,
                                b_ub=np.full(len(Re), Fraction(0), dtype=object) if Re.size
                                else None, A_eq=one, b_eq=np.array([Fraction(1)], dtype=object),
                                nonneg=np.ones(size, dtype=bool))
            if vertex is not None and _verify(Re, vertex, 0):
                exact_p = vertex
    notes = []
    if exact_p is not None:
        dist = exact_p.reshape(game.shape)
        value = coef.reshape(-1) @ exact_p
        payoffs = tuple((game.payoff_array[..., i] * dist).sum() for i in range(game.num_players))
    else:
        if not _verify(R, x, t):
            return CorrelatedResult(
                distribution=None, payoffs=(), objective_value=None, exact=False, success=False,
                status=Status.FAILED, parameters=params,
                message="the LP solution violates the obedience constraints beyond tol")
        if game.exact and coef.dtype == object:
            text = ("the correlated equilibrium could not be made exact; it is returned in "
                    "floats, verified to the float tolerance")
            warnings.warn(text, PrecisionWarning, stacklevel=2)
            notes.append(text)
        dist = x.reshape(game.shape)
        value = float(c @ x)
        payoffs = tuple(float((game.float_payoffs[..., i] * dist).sum())
                        for i in range(game.num_players))
    dist.flags.writeable = False
    return CorrelatedResult(
        distribution=dist, payoffs=payoffs, objective_value=value, exact=exact_p is not None,
        success=True, status=Status.OK, parameters=params,
        message="; ".join([f"objective {float(value):.6g}"] + notes))
