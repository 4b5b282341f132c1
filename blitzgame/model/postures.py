"""Postures: how fast and how big a firm invests, and which rules of the contest it changes.

A posture fixes a firm's speed ``s`` in (0, 1] and scale (target GPUs
``K = scale * compute``, or an absolute ``target``), plus a fixed cost as a
fraction of the firm's capital. The defender postures also change the rules of
the contest (see :mod:`blitzgame.model.payoff` for the formulas):

* :class:`Blitz` -- maximal speed, one stage up (10x). No rule change.
* :class:`Steady` -- moderate speed and scale. No rule change.
* :class:`Niche` -- leaves the main contest and competes for a separate niche
  segment (``Market.niche_size`` of the prize) among niche firms only;
  non-niche firms take at most ``Market.niche_leak`` of it.
* :class:`Moat` -- pays for switching costs; keeps at least ``floor`` times its
  installed-base share of the main contest.
* :class:`Partner` -- pools effective compute with every other Partner firm
  (losing ``Market.coordination_loss``) and splits the pool's share by
  contribution.
* :class:`CustomSilicon` -- lower unit cost (``cost_factor``) and higher
  efficiency (``efficiency_gain``) after a development ``delay`` (months).
* :class:`WaitForStumble` -- enters ``delay`` months later at a lower unit cost
  (``cost_factor``: idle capacity is cheap after a boom) and takes ``salvage``
  of the effective compute that stumbling rivals lose.
* :class:`SpeedScale` -- a plain (speed, scale) choice, for grids.

Examples
--------
>>> from blitzgame.model.postures import Blitz, Niche, as_postures
>>> Blitz().speed, Blitz().scale
(1.0, 10.0)
>>> [p.name for p in as_postures(["Blitz", "Niche"])]
['Blitz', 'Niche']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

from ..exceptions import InvalidParameterError
from ._params import check_number

__all__ = ["Posture", "Blitz", "Steady", "Niche", "Moat", "Partner", "CustomSilicon",
           "WaitForStumble", "SpeedScale", "POSTURES", "as_postures", "speed_scale_grid",
           "PLAIN", "NICHE", "MOAT", "PARTNER", "WAIT"]

#: Contest-rule codes used by the payoff kernel.
PLAIN, NICHE, MOAT, PARTNER, WAIT = 0, 1, 2, 3, 4

#: Names of the kernel's per-posture inputs and their neutral values.
KERNEL_DEFAULTS: dict[str, float] = {
    "cost_factor": 1.0, "efficiency_gain": 1.0, "delay": 0.0, "fixed_cost": 0.0,
    "floor": 0.0, "salvage": 0.0,
}

_RULES: dict[str, tuple[float, float, bool, bool]] = {
    "speed": (0.0, 1.0, True, False),
    "scale": (0.0, math.inf, False, False),
    "target": (0.0, math.inf, False, False),
    "fixed_cost": (0.0, 1.0, False, False),
    "cost_factor": (0.0, math.inf, True, False),
    "efficiency_gain": (0.0, math.inf, True, False),
    "delay": (0.0, math.inf, False, False),
    "floor": (0.0, 1.0, False, False),
    "salvage": (0.0, 1.0, False, False),
}


@dataclass(frozen=True)
class Posture:
    """Base class of postures: speed, scale and the fixed cost of the posture.

    Parameters
    ----------
    speed : float
        s in (0, 1]: fraction of the fastest possible build-out.
    scale : float
        Target compute as a multiple of the firm's installed compute (>= 0).
        The firm never goes below its installed compute.
    target : float or None
        Absolute target compute in GPUs; overrides ``scale`` when given.
    fixed_cost : float
        The posture's own cost as a fraction in [0, 1] of the firm's capital.
    name : str
        The action label; defaults to the class name.
    """

    speed: float = 0.5
    scale: float = 1.0
    target: float | None = None
    fixed_cost: float = 0.0
    name: str = ""

    kind: ClassVar[int] = PLAIN

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", type(self).__name__)
        if not isinstance(self.name, str):
            raise InvalidParameterError(f"posture name must be a string; got {self.name!r}")
        for f in self.numeric_fields():
            v = getattr(self, f)
            if f == "target" and v is None:
                continue
            lo, hi, lo_open, hi_open = _RULES[f]
            object.__setattr__(self, f, check_number(f"{self.name}.{f}", v, lo, hi,
                                                     lo_open=lo_open, hi_open=hi_open))

    @classmethod
    def numeric_fields(cls) -> tuple[str, ...]:
        """Names of the numeric parameters of this posture."""
        return tuple(f.name for f in fields(cls) if f.name != "name")

    def kernel_values(self) -> dict[str, float]:
        """The posture's inputs to the payoff kernel (neutral values for rules it lacks)."""
        out = dict(KERNEL_DEFAULTS)
        for f in self.numeric_fields():
            if f in out:
                out[f] = float(getattr(self, f))
        return out

    def with_params(self, **changes: Any) -> Posture:
        """A copy with some fields changed (validated)."""
        valid = [f.name for f in fields(self)]
        unknown = sorted(set(changes) - set(valid))
        if unknown:
            raise InvalidParameterError(
                f"unknown field(s) {', '.join(map(repr, unknown))} of {type(self).__name__}; "
                f"expected some of {valid}")
        return replace(self, **changes)


@dataclass(frozen=True)
class Blitz(Posture):
    """Blitzscale: maximal speed, one stage up (10x the installed compute)."""

    speed: float = 1.0
    scale: float = 10.0


@dataclass(frozen=True)
class Steady(Posture):
    """Grow steadily: half speed, 3x the installed compute."""

    speed: float = 0.5
    scale: float = 3.0


@dataclass(frozen=True)
class SpeedScale(Posture):
    """A plain (speed, scale) choice without rule changes; named ``s=<speed>,x<scale>``."""

    def __post_init__(self) -> None:
        if not self.name:
            size = f"K={self.target:g}" if self.target is not None else f"x{self.scale:g}"
            object.__setattr__(self, "name", f"s={self.speed:g},{size}")
        super().__post_init__()


@dataclass(frozen=True)
class Niche(Posture):
    """Serve a niche segment that scale does not win (separate contest among niche firms)."""

    speed: float = 0.3
    scale: float = 1.0
    kind: ClassVar[int] = NICHE


@dataclass(frozen=True)
class Moat(Posture):
    """Pay for switching costs; keep at least ``floor`` x installed-base share of the market."""

    speed: float = 0.3
    scale: float = 2.0
    fixed_cost: float = 0.1
    floor: float = 0.5
    kind: ClassVar[int] = MOAT


@dataclass(frozen=True)
class Partner(Posture):
    """Pool effective compute with the other partners; split the pool's share by contribution."""

    speed: float = 0.5
    scale: float = 3.0
    fixed_cost: float = 0.02
    kind: ClassVar[int] = PARTNER


@dataclass(frozen=True)
class CustomSilicon(Posture):
    """Build own chips: ``cost_factor`` x unit cost, ``efficiency_gain`` x efficiency, later."""

    speed: float = 0.5
    scale: float = 5.0
    fixed_cost: float = 0.05
    cost_factor: float = 0.6
    efficiency_gain: float = 1.5
    delay: float = 6.0


@dataclass(frozen=True)
class WaitForStumble(Posture):
    """Enter ``delay`` months later, cheaper; take ``salvage`` of what stumbling rivals lose."""

    speed: float = 0.5
    scale: float = 3.0
    cost_factor: float = 0.7
    delay: float = 6.0
    salvage: float = 0.5
    kind: ClassVar[int] = WAIT


#: Built-in postures by name.
POSTURES: dict[str, type[Posture]] = {
    c.__name__: c for c in (Blitz, Steady, Niche, Moat, Partner, CustomSilicon, WaitForStumble)
}


def as_postures(items: Any, name: str = "postures") -> tuple[Posture, ...]:
    """Turn a sequence of postures or built-in posture names into a tuple of postures.

    Raises
    ------
    InvalidParameterError
        An unknown name (the message lists the built-ins), an empty list,
        duplicate names, or an item that is neither.

    Examples
    --------
    >>> as_postures(["Steady", Blitz(scale=5)])[1].scale
    5.0
    """
    if isinstance(items, (str, Posture)) or not isinstance(items, Sequence):
        raise InvalidParameterError(f"{name} must be a sequence of postures or names; "
                                    f"got {items!r}")
    out: list[Posture] = []
    for it in items:
        if isinstance(it, Posture):
            out.append(it)
        elif isinstance(it, str):
            if it not in POSTURES:
                raise InvalidParameterError(
                    f"unknown posture {it!r} in {name}; expected one of {sorted(POSTURES)} "
                    "or a Posture object")
            out.append(POSTURES[it]())
        else:
            raise InvalidParameterError(f"{name} must hold postures or names; got {it!r}")
    if not out:
        raise InvalidParameterError(f"{name} must not be empty")
    names = [p.name for p in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InvalidParameterError(f"{name} has duplicate posture names {dup}")
    return tuple(out)


def speed_scale_grid(speeds: Sequence[float], scales: Sequence[float], *,
                     absolute: bool = False) -> tuple[SpeedScale, ...]:
    """A grid of plain (speed, scale) postures; ``absolute=True`` reads scales as GPUs.

    Examples
    --------
    >>> [p.name for p in speed_scale_grid([0.5, 1.0], [2.0])]
    ['s=0.5,x2', 's=1,x2']
    """
    if absolute:
        return tuple(SpeedScale(speed=s, target=k) for s in speeds for k in scales)
    return tuple(SpeedScale(speed=s, scale=k) for s in speeds for k in scales)
