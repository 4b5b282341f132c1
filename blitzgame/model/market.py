r"""The market the firms race in: prize, winner-take-all sharpness, scale, time, waste, risk.

Every parameter is documented in :class:`Market` with its unit and default;
the defaults are those of the built-in seed scenario
(:func:`blitzgame.model.presets.gpu_race`), each one a stated assumption where the
source essay gives no number.

Examples
--------
>>> from blitzgame.model import Market
>>> m = Market(prize=100.0, sharpness=2.0)
>>> round(m.decay_rate, 4)   # per month, from the 6-month leadership window
0.1155
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import ClassVar

from ._params import check_number

__all__ = ["Market"]

_INF = math.inf


@dataclass(frozen=True)
class Market:
    r"""Parameters of the contest, shared by all firms (immutable, validated once).

    Parameters
    ----------
    prize : float
        V, the value of winning the market outright, in $B (>= 0). Default 300
        (assumption: present value of frontier leadership over the horizon).
    sharpness : float
        r, winner-take-all sharpness of the Tullock contest
        :math:`p_i = E_i^r / \sum_j E_j^r` (>= 0; 0 = equal split, large = all
        to the leader). Default 2.
    returns_to_scale : float
        alpha >= 0 in capability = K^alpha jump^stage(K). Default 1.
    stage_jump : float
        jump >= 1: extra capability per GPU stage (per 10x). Default 1.5.
    leadership_window : float
        Months a lead lasts (> 0, may be ``inf`` for no decay). A lead reached
        after T months is worth :math:`e^{-\lambda T}` with
        :math:`\lambda = \ln 2 / \text{window}` (half its value per window).
        Default 6.
    build_time : float
        T0, months to add ``reference_scale`` GPUs at full speed (> 0). Reaching
        K from K_now at speed s takes :math:`T_0 (K - K_{now}) / (K_0 s)`.
        Default 4 (xAI's 100,000-GPU Colossus took about 4 months).
    reference_scale : float
        K0, GPUs added in ``build_time`` at full speed (> 0). Default 300,000
        (assumption: the largest builders run several Colossus-size sites at once).
    network_feedback : float
        eta >= 0: the leader's prize grows with its share, V (1 + eta p_max).
        Default 0.2.
    waste : float
        w in [0, 1): utilization u(s) = 1 - w s^2 (idle capacity at speed).
        Default 0.4 (30-50% idle at blitz speed).
    speed_premium : float
        phi >= 0: cost c K (1 + phi s^2) (paying up for speed). Default 0.25.
    hazard_base : float
        h0 in [0, 1]: stumble probability at zero speed. Default 0.05.
    hazard_speed : float
        h1 >= 0: h(s) = min(1, h0 + h1 s^2 / execution). Default 0.25.
    stumble_keep : float
        Fraction in [0, 1] of effective compute a stumbling firm keeps. Default 0.5.
    niche_size : float
        Fraction in [0, 1] of the prize that is a separate niche segment scale
        does not win. Default 0.1.
    niche_leak : float
        Fraction in [0, 1] of the niche segment that non-niche firms (blitzers)
        still take when some firm plays Niche. Default 0.3.
    niche_sharpness : float
        Sharpness (>= 0) of the contest among niche firms. Default 0 (equal split).
    coordination_loss : float
        Fraction in [0, 1) of pooled effective compute lost by partners. Default 0.2.

    Raises
    ------
    InvalidParameterError
        A value outside its range, NaN, or infinite (except ``leadership_window``).

    Examples
    --------
    >>> Market(prize=10.0, sharpness=1.0, leadership_window=float("inf")).decay_rate
    0.0
    """

    prize: float = 300.0
    sharpness: float = 2.0
    returns_to_scale: float = 1.0
    stage_jump: float = 1.5
    leadership_window: float = 6.0
    build_time: float = 4.0
    reference_scale: float = 300_000.0
    network_feedback: float = 0.2
    waste: float = 0.4
    speed_premium: float = 0.25
    hazard_base: float = 0.05
    hazard_speed: float = 0.25
    stumble_keep: float = 0.5
    niche_size: float = 0.1
    niche_leak: float = 0.3
    niche_sharpness: float = 0.0
    coordination_loss: float = 0.2

    #: (lower, upper, lower open, upper open, allow +inf) of each field.
    RULES: ClassVar[dict[str, tuple[float, float, bool, bool, bool]]] = {
        "prize": (0.0, _INF, False, False, False),
        "sharpness": (0.0, _INF, False, False, False),
        "returns_to_scale": (0.0, _INF, False, False, False),
        "stage_jump": (1.0, _INF, False, False, False),
        "leadership_window": (0.0, _INF, True, False, True),
        "build_time": (0.0, _INF, True, False, False),
        "reference_scale": (0.0, _INF, True, False, False),
        "network_feedback": (0.0, _INF, False, False, False),
        "waste": (0.0, 1.0, False, True, False),
        "speed_premium": (0.0, _INF, False, False, False),
        "hazard_base": (0.0, 1.0, False, False, False),
        "hazard_speed": (0.0, _INF, False, False, False),
        "stumble_keep": (0.0, 1.0, False, False, False),
        "niche_size": (0.0, 1.0, False, False, False),
        "niche_leak": (0.0, 1.0, False, False, False),
        "niche_sharpness": (0.0, _INF, False, False, False),
        "coordination_loss": (0.0, 1.0, False, True, False),
    }

    def __post_init__(self) -> None:
        for f, (lo, hi, lo_open, hi_open, inf) in self.RULES.items():
            v = check_number(f"Market.{f}", getattr(self, f), lo, hi,
                             lo_open=lo_open, hi_open=hi_open, allow_inf=inf)
            object.__setattr__(self, f, v)

    @property
    def decay_rate(self) -> float:
        """lambda = ln 2 / leadership_window, per month (0 for an infinite window)."""
        return 0.0 if math.isinf(self.leadership_window) else math.log(2) / self.leadership_window

    @classmethod
    def numeric_fields(cls) -> tuple[str, ...]:
        """Names of the parameters (usable as ``market.<name>`` in ``with_params``)."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def tullock(cls, prize: float, sharpness: float) -> Market:
        """The reductions under which the race is a Tullock contest.

        No waste, no risk, no decay, alpha = 1, no stage jump, no speed premium,
        no network feedback (DESIGN.md section 3, sanity anchor).

        Examples
        --------
        >>> Market.tullock(1.0, 1.0).waste
        0.0
        """
        return cls(prize=prize, sharpness=sharpness, returns_to_scale=1.0, stage_jump=1.0,
                   leadership_window=_INF, network_feedback=0.0, waste=0.0,
                   speed_premium=0.0, hazard_base=0.0, hazard_speed=0.0, stumble_keep=1.0)
