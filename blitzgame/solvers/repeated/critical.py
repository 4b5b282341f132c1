r"""Critical discount factors of repeated games (grim trigger and harshest punishments).

A pure profile :math:`a` repeated forever, with reversion to a stage Nash
equilibrium :math:`e` after any deviation (grim trigger; Friedman 1971), is a
subgame-perfect equilibrium iff for every player

.. math:: u_i(a) \ge (1 - \delta) d_i(a) + \delta u_i(e), \quad
          d_i(a) = \max_{a_i'} u_i(a_i', a_{-i}),

i.e. :math:`\delta \ge \delta^*_i = (d_i - u_i(a)) / (d_i - u_i(e))`; the
critical discount factor is :math:`\max_i \delta^*_i` (exact for exact
payoffs); for the prisoner's dilemma it is :math:`(T - R)/(T - P)`.

With the harshest punishment (two players), no SPE gives :math:`i` less than
its minmax :math:`\underline v_i`, so :math:`\delta \ge (d_i - u_i(a))/(d_i -
\underline v_i)` is necessary; it is sufficient when the mutual-minmax
punishment can itself be enforced (Abreu 1988), which is checked with a
stick-and-carrot punishment (Fudenberg and Maskin 1986).

References
----------
1. Friedman, J. (1971). A non-cooperative equilibrium for supergames. *RES* 38.
2. Fudenberg, D. and Maskin, E. (1986). *Econometrica* 54(3), 533-554.
3. Abreu, D. (1988). *Econometrica* 56(2), 383-396.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ...exceptions import InvalidParameterError, UnsupportedGameError
from ...games.normal_form import NormalFormGame
from ...games.repeated import RepeatedGame, check_discount
from ...results import compact_repr
from .._checks import check_game, check_positive_int
from .._stage import stage_equilibria
from .payoff_sets import deviation_payoffs, minmax_values

__all__ = ["CriticalDiscount", "critical_discount"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CriticalDiscount:
    """The smallest discount factor at which a repeated pure profile is an SPE outcome.

    Attributes
    ----------
    discount : Fraction, float or None
        :math:`\\delta^*`; ``None`` if no :math:`\\delta < 1` sustains the profile.
    per_player : tuple
        :math:`\\delta^*_i` of each player (``None`` where impossible).
    profile : tuple of int
        The repeated pure profile.
    punishment : str
        ``"nash"`` or ``"minmax"``.
    punishment_payoffs : tuple
        Continuation payoff of each player after a deviation.
    punishment_profile : tuple of ndarray or None
        The stage equilibrium reverted to (``"nash"``) or the mutual minmax
        profile (``"minmax"``).
    lower_bound : Fraction, float or None
        For ``"minmax"``: the bound no SPE can beat.
    sufficient : bool
        True if ``discount`` is verified to sustain the profile (with grim
        trigger, or with a stick-and-carrot punishment of ``punishment_length``).
    punishment_length : int or None
    exact : bool
    message : str
    """

    __repr__ = compact_repr

    discount: Any
    per_player: tuple[Any, ...]
    profile: tuple[int, ...]
    punishment: str
    punishment_payoffs: tuple[Any, ...]
    punishment_profile: tuple[np.ndarray, ...] | None
    lower_bound: Any = None
    sufficient: bool = True
    punishment_length: int | None = None
    exact: bool = True
    message: str = ""

    @property
    def sustainable(self) -> bool:
        """True if some discount factor below 1 sustains the profile."""
        return self.discount is not None

    def sustains(self, discount: Any) -> bool:
        """True if the profile is sustained at ``discount`` (``discount >= self.discount``)."""
        check_discount(discount, exact=False, allow_one=True)
        return self.discount is not None and self.sufficient and discount >= self.discount


def _threshold(u: Any, d: Any, p: Any, exact: bool) -> Any:
    """Smallest delta with u >= (1-delta) d + delta p; None if impossible."""
    if d <= u:
        return Fraction(0) if exact else 0.0
    if p >= u:
        return None
    return (d - u) / (d - p)


def critical_discount(stage: NormalFormGame | RepeatedGame, profile: Any, *,
                      punishment: str = "nash", max_length: int = 50) -> CriticalDiscount:
    """Smallest discount factor at which repeating a pure profile is subgame perfect.

    Parameters
    ----------
    stage : NormalFormGame or RepeatedGame
        The stage game (a RepeatedGame's stage is used).
    profile : sequence
        The pure profile to repeat (action indices or labels).
    punishment : {"nash", "minmax"}
        ``"nash"`` (default): grim trigger, reversion to the stage Nash
        equilibrium that gives the smallest threshold (N players).
        ``"minmax"``: the harshest punishment, two players.
    max_length : int
        Longest stick-and-carrot punishment tried for ``"minmax"``.

    Returns
    -------
    CriticalDiscount
        Exact Fractions when the stage game (and the equilibria used) are exact.

    Raises
    ------
    InvalidParameterError
        Unknown punishment, bad profile.
    UnsupportedGameError
        ``"minmax"`` with other than two players.

    Examples
    --------
    Prisoner's dilemma T=5, R=3, P=1: :math:`\\delta^* = (T-R)/(T-P) = 1/2`.

    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> critical_discount(pd, (0, 0)).discount
    Fraction(1, 2)
    """
    if isinstance(stage, RepeatedGame):
        stage = stage.stage
    stage = check_game(stage, "stage")
    prof = stage.pure_profile(profile)
    if punishment not in ("nash", "minmax"):
        raise InvalidParameterError(
            f"punishment must be 'nash' or 'minmax'; got {punishment!r}")
    max_length = check_positive_int("max_length", max_length)
    u = stage.payoff_array[prof]
    d = deviation_payoffs(stage)[prof]
    if punishment == "nash":
        eqs, notes = stage_equilibria(stage)
        best: CriticalDiscount | None = None
        for e in eqs:
            exact = stage.exact and e.exact
            uu, dd = (u, d) if exact else (u.astype(float), d.astype(float))
            pay = e.payoffs if exact else tuple(float(x) for x in e.payoffs)
            per = tuple(_threshold(uu[i], dd[i], pay[i], exact)
                        for i in range(stage.num_players))
            delta = None if any(t is None for t in per) else max(per)
            cand = CriticalDiscount(discount=delta, per_player=per, profile=prof,
                                    punishment="nash", punishment_payoffs=pay,
                                    punishment_profile=e.strategies, exact=exact,
                                    message="; ".join(notes))
            if best is None or (delta is not None and (best.discount is None
                                                       or delta < best.discount)):
                best = cand
        assert best is not None  # every finite game has a Nash equilibrium
        return best
    if stage.num_players != 2:
        raise UnsupportedGameError(
            f"punishment='minmax' needs a two-player stage game; got {stage.num_players} players "
            "(use punishment='nash')")
    return _minmax_discount(stage, prof, u, d, max_length)


def _minmax_discount(stage: NormalFormGame, prof: tuple[int, ...], u: Any, d: Any,
                     max_length: int) -> CriticalDiscount:
    mm = minmax_values(stage, mixed=True)
    exact = stage.exact and mm.exact
    uu, dd = (u, d) if exact else (u.astype(float), d.astype(float))
    v = mm.values if exact else tuple(float(x) for x in mm.values)
    per = tuple(_threshold(uu[i], dd[i], v[i], exact) for i in range(2))
    lower = None if any(t is None for t in per) else max(per)
    common: dict[str, Any] = dict(per_player=per, profile=prof, punishment="minmax",
                                  punishment_payoffs=v, exact=exact, lower_bound=lower)
    if lower is None:
        return CriticalDiscount(discount=None, punishment_profile=None, sufficient=False,
                                message="the profile pays a player less than its minmax "
                                        "value: no discount factor sustains it", **common)
    # mutual minmax: player 0 plays its punishment of 1 and vice versa (pure only)
    pun0, pun1 = mm.punishments[1][0], mm.punishments[0][1]
    pure = all(int(np.count_nonzero(np.asarray(s, float))) == 1 for s in (pun0, pun1))
    if not pure:
        return CriticalDiscount(discount=lower, punishment_profile=None, sufficient=False,
                                message="the minmax punishments are mixed; the bound is "
                                        "necessary but not verified sufficient", **common)
    m = (int(np.flatnonzero(np.asarray(pun0, float))[0]),
         int(np.flatnonzero(np.asarray(pun1, float))[0]))
    um = stage.payoff_array[m] if exact else stage.float_payoffs[m]
    dm = deviation_payoffs(stage)[m] if exact else deviation_payoffs(stage)[m].astype(float)
    delta = lower
    for L in range(1, max_length + 1):
        if _stick_and_carrot_ok(uu, dd, um, dm, delta, L):
            return CriticalDiscount(discount=lower, punishment_profile=(pun0, pun1),
                                    punishment_length=L, sufficient=True,
                                    message=f"sustained at the minmax bound by {L} period(s) "
                                            "of mutual minmax, then back to the path", **common)
    return CriticalDiscount(discount=lower, punishment_profile=(pun0, pun1), sufficient=False,
                            message="the minmax bound is necessary; no stick-and-carrot "
                                    f"punishment of length <= {max_length} enforces it there",
                            **common)


def _stick_and_carrot_ok(u: Any, d: Any, um: Any, dm: Any, delta: Any, L: int) -> bool:
    """Check every one-shot deviation of the L-period mutual-minmax punishment code."""
    one = type(delta)(1)
    for i in range(2):
        w = (one - delta ** L) * um[i] + delta ** L * u[i]  # start of punishment
        if u[i] < (one - delta) * d[i] + delta * w:
            return False
        for k in range(L):  # k punishment periods already served
            left = L - k
            stay = (one - delta ** left) * um[i] + delta ** left * u[i]
            if stay < (one - delta) * dm[i] + delta * w:
                return False
    return True
