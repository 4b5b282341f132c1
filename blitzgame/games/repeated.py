r"""Repeated games: a stage game played again and again.

A repeated game :math:`G^\infty(\delta)` plays the stage game :math:`G` (a
:class:`~blitzgame.games.normal_form.NormalFormGame`) in periods
:math:`t = 0, 1, 2, \dots`; every player observes past actions (perfect
monitoring) and maximises the *normalised* discounted sum

.. math:: U_i = (1 - \delta) \sum_{t \ge 0} \delta^t u_i(a^t), \qquad 0 \le \delta < 1,

so that a constant path pays exactly its stage payoff. A finite horizon
:math:`G^T` plays :math:`T` periods with discount :math:`0 < \delta \le 1`
(default 1) and total payoff :math:`\sum_{t<T} \delta^t u_i(a^t)`.

The folk theorem (Fudenberg and Maskin 1986) relates the subgame-perfect
equilibrium payoffs of :math:`G^\infty(\delta)` to the *feasible* set (the
convex hull of the stage payoff vectors) and the *minmax* values

.. math:: \underline v_i = \min_{\sigma_{-i}} \max_{a_i} u_i(a_i, \sigma_{-i}),

see :mod:`blitzgame.solvers.repeated` for the computations.

References
----------
1. Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 5. MIT Press.
2. Mailath, G. and Samuelson, L. (2006). *Repeated Games and Reputations*. OUP.

Examples
--------
>>> import blitzgame as bg
>>> from blitzgame.games.repeated import RepeatedGame
>>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> rg = RepeatedGame(pd, discount=0.9)
>>> rg
RepeatedGame(players=('0', '1'), shape=(2, 2), discount=9/10, horizon=None)
>>> rg.discount
Fraction(9, 10)
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from .._validate import check_positive_int, describe
from ..exact import to_fraction
from ..exceptions import InvalidParameterError
from .normal_form import NormalFormGame

__all__ = ["RepeatedGame", "check_discount"]


def check_discount(discount: Any, *, exact: bool, allow_one: bool = False,
                   name: str = "discount") -> Fraction | float:
    """Validate a discount factor; exact games keep it as a Fraction.

    Parameters
    ----------
    discount : int, float or Fraction
        The per-period discount factor.
    exact : bool
        Return a :class:`~fractions.Fraction` (floats through their shortest repr).
    allow_one : bool
        Accept ``discount == 1`` (finite horizons).
    name : str
        Argument name used in error messages.

    Returns
    -------
    Fraction or float

    Raises
    ------
    InvalidParameterError
        Not a number, or outside ``[0, 1)`` (``[0, 1]`` with ``allow_one``).

    Examples
    --------
    >>> check_discount(0.95, exact=True)
    Fraction(19, 20)
    """
    if isinstance(discount, (bool, np.bool_)) or not isinstance(
            discount, (int, float, Fraction)) and not (
            hasattr(discount, "__float__") and hasattr(discount, "dtype")):
        raise InvalidParameterError(
            f"{name} must be a number in [0, 1{']' if allow_one else ')'}; "
            f"got {describe(discount)}")
    if not isinstance(discount, (int, Fraction)) and not math.isfinite(float(discount)):
        raise InvalidParameterError(
            f"{name} must be a number in [0, 1{']' if allow_one else ')'}; got {discount!r}")
    d = to_fraction(discount) if exact else float(discount)
    upper_ok = d <= 1 if allow_one else d < 1
    if not (d >= 0 and upper_ok):
        rng = "[0, 1]" if allow_one else "[0, 1) for an infinite horizon"
        raise InvalidParameterError(f"{name} must lie in {rng}; got {discount!r}")
    return d


class RepeatedGame:
    """A stage game repeated infinitely often (``discount``) or ``horizon`` times.

    Parameters
    ----------
    stage : NormalFormGame
        The stage game.
    discount : float or Fraction, optional
        Per-period discount factor: required in ``[0, 1)`` for an infinite
        horizon, in ``[0, 1]`` (default 1) for a finite one. Kept as an exact
        Fraction when the stage game is exact.
    horizon : int, optional
        Number of periods T >= 1; ``None`` (default) for an infinite horizon.

    Raises
    ------
    InvalidParameterError
        ``stage`` is not a NormalFormGame, a missing or out-of-range discount,
        a horizon that is not a positive integer.

    Examples
    --------
    >>> import blitzgame as bg
    >>> from blitzgame.games.repeated import RepeatedGame
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> RepeatedGame(pd, horizon=3).is_finite
    True
    >>> RepeatedGame(pd, discount=1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.InvalidParameterError: discount must lie in [0, 1) ...; got 1.0
    """

    __slots__ = ("_stage", "_discount", "_horizon")

    def __init__(self, stage: NormalFormGame, discount: Any = None, *,
                 horizon: int | None = None) -> None:
        if not isinstance(stage, NormalFormGame):
            raise InvalidParameterError(
                f"stage must be a NormalFormGame; got {type(stage).__name__}")
        if horizon is not None:
            horizon = check_positive_int("horizon", horizon)
            d = check_discount(1 if discount is None else discount, exact=stage.exact,
                               allow_one=True)
        else:
            if discount is None:
                raise InvalidParameterError(
                    "discount is required for an infinite horizon (a number in [0, 1)); "
                    "give horizon=T for a finite repetition")
            d = check_discount(discount, exact=stage.exact)
        self._stage = stage
        self._discount = d
        self._horizon = horizon

    @property
    def stage(self) -> NormalFormGame:
        """The stage game."""
        return self._stage

    @property
    def discount(self) -> Fraction | float:
        """The discount factor (a Fraction for exact stage games)."""
        return self._discount

    @property
    def horizon(self) -> int | None:
        """Number of periods, ``None`` for an infinite horizon."""
        return self._horizon

    @property
    def is_finite(self) -> bool:
        """True for a finite horizon."""
        return self._horizon is not None

    @property
    def exact(self) -> bool:
        """True if the stage payoffs (and the discount) are exact."""
        return self._stage.exact

    @property
    def num_players(self) -> int:
        """Number of players."""
        return self._stage.num_players

    @property
    def players(self) -> tuple[str, ...]:
        """Player labels of the stage game."""
        return self._stage.players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Action labels of the stage game."""
        return self._stage.actions

    def with_discount(self, discount: Any) -> RepeatedGame:
        """The same game with another discount factor."""
        return RepeatedGame(self._stage, discount, horizon=self._horizon)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RepeatedGame):
            return NotImplemented
        return (self._stage == other._stage and self._discount == other._discount
                and self._horizon == other._horizon)

    def __hash__(self) -> int:
        return hash((self._stage, self._discount, self._horizon))

    def __repr__(self) -> str:
        return (f"RepeatedGame(players={self.players!r}, shape={self._stage.shape}, "
                f"discount={self._discount}, horizon={self._horizon})")
