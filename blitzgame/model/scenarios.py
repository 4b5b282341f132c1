"""Endgame scenarios and their mixture: the prize and sharpness depend on how the race ends.

The essay's three endgames, with its probabilities, are the default mixture:

* **consolidation** (60%): a few winners; high prize, the market's sharpness r;
* **commoditization** (25%): prices collapse; prize x 0.3, r = 1 (proportional);
* **disruption** (15%): the compute advantage is lost and most of the value
  goes to a new paradigm outside the race; prize x 0.2, r = 0.2.

A user can pass any mixture; probabilities must sum to one.

Examples
--------
>>> from blitzgame.model.scenarios import ScenarioMixture
>>> mix = ScenarioMixture.default()
>>> [s.name for s in mix], [s.probability for s in mix]
(['consolidation', 'commoditization', 'disruption'], [0.6, 0.25, 0.15])
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from ..exceptions import InvalidParameterError
from ._params import check_number

__all__ = ["Scenario", "ScenarioMixture", "SUM_TOL"]

#: Tolerance on the sum of scenario probabilities.
SUM_TOL = 1e-9


@dataclass(frozen=True)
class Scenario:
    """One endgame: its probability, prize multiplier and (optional) sharpness.

    Parameters
    ----------
    name : str
        Label (no '.').
    probability : float
        In [0, 1].
    prize_multiplier : float
        The scenario's prize is ``Market.prize * prize_multiplier`` (>= 0). Default 1.
    sharpness : float or None
        The contest's r in this scenario; ``None`` (default) uses ``Market.sharpness``.

    Examples
    --------
    >>> Scenario("boom", 0.5, prize_multiplier=2.0).sharpness is None
    True
    """

    name: str
    probability: float
    prize_multiplier: float = 1.0
    sharpness: float | None = None

    #: (lower, upper, lower open, upper open) of each numeric field.
    RULES: ClassVar[dict[str, tuple[float, float, bool, bool]]] = {
        "probability": (0.0, 1.0, False, False),
        "prize_multiplier": (0.0, math.inf, False, False),
        "sharpness": (0.0, math.inf, False, False),
    }

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or "." in self.name:
            raise InvalidParameterError(f"Scenario name must be a non-empty string without '.';"
                                        f" got {self.name!r}")
        for f, (lo, hi, lo_open, hi_open) in self.RULES.items():
            if f == "sharpness" and self.sharpness is None:
                continue
            object.__setattr__(self, f, check_number(
                f"Scenario({self.name!r}).{f}", getattr(self, f), lo, hi,
                lo_open=lo_open, hi_open=hi_open))


@dataclass(frozen=True)
class ScenarioMixture:
    """A probability mixture of scenarios (probabilities sum to 1 within ``SUM_TOL``).

    Raises
    ------
    InvalidParameterError
        Empty, duplicate names, or probabilities that do not sum to one.

    Examples
    --------
    >>> ScenarioMixture([Scenario("a", 0.5), Scenario("b", 0.4)])
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.InvalidParameterError: scenario probabilities must sum to 1; got 0.9 ...
    """

    scenarios: tuple[Scenario, ...]

    def __post_init__(self) -> None:
        sc = self.scenarios
        if isinstance(sc, Scenario) or not isinstance(sc, Sequence) or len(sc) == 0:
            raise InvalidParameterError(f"scenarios must be a non-empty sequence of Scenario; "
                                        f"got {sc!r}")
        for s in sc:
            if not isinstance(s, Scenario):
                raise InvalidParameterError(f"scenarios must hold Scenario objects; got {s!r}")
        names = [s.name for s in sc]
        if len(set(names)) != len(names):
            raise InvalidParameterError(f"scenario names must be distinct; got {names}")
        total = math.fsum(s.probability for s in sc)
        if abs(total - 1.0) > SUM_TOL:
            raise InvalidParameterError(
                f"scenario probabilities must sum to 1; got {total:g} "
                f"({', '.join(f'{s.name}={s.probability:g}' for s in sc)})")
        object.__setattr__(self, "scenarios", tuple(sc))

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.scenarios)

    def __len__(self) -> int:
        return len(self.scenarios)

    @property
    def names(self) -> tuple[str, ...]:
        """Scenario names in order."""
        return tuple(s.name for s in self.scenarios)

    @classmethod
    def single(cls, prize_multiplier: float = 1.0) -> ScenarioMixture:
        """One certain scenario ("baseline") that uses the market's prize and sharpness."""
        return cls((Scenario("baseline", 1.0, prize_multiplier),))

    @classmethod
    def default(cls, consolidation: float = 0.6, commoditization: float = 0.25,
                disruption: float = 0.15) -> ScenarioMixture:
        """The essay's mixture: consolidation / commoditization / disruption = 60/25/15.

        Prize multipliers and sharpness are stated assumptions: consolidation
        keeps the market's prize and sharpness; commoditization cuts the prize
        to 30% with proportional shares (r = 1); disruption leaves the racers 20%
        of the prize (the rest goes to the new paradigm) and makes compute nearly
        irrelevant (r = 0.2).
        """
        return cls((Scenario("consolidation", consolidation, 1.0, None),
                    Scenario("commoditization", commoditization, 0.3, 1.0),
                    Scenario("disruption", disruption, 0.2, 0.2)))
