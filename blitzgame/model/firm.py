"""Firms of the race: compute stock, capital, unit cost, efficiency and execution.

Units used throughout the race model: money in billions of US dollars ($B),
compute in GPUs (H100-equivalents), unit costs in dollars per GPU (all-in:
chip, share of data centre, power), time in months.

Examples
--------
>>> from blitzgame.model import Firm
>>> Firm("xAI", compute=100_000, capital=10.0, unit_cost=30_000).stage
'Dominator'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from ..exceptions import InvalidParameterError
from ._params import check_number
from .stages import STAGES, stage_of

__all__ = ["Firm"]


@dataclass(frozen=True)
class Firm:
    """A firm in the race for compute (immutable, validated once).

    Parameters
    ----------
    name : str
        The firm's label (player label of the game).
    compute : float
        Installed compute today, in GPUs (>= 0). Sunk: it counts towards
        effective compute but costs nothing more.
    capital : float
        Money the firm can commit to the race, in $B (>= 0). A posture that
        costs more is infeasible: the firm goes bankrupt (see
        :mod:`blitzgame.model.payoff`).
    unit_cost : float
        All-in cost of one more GPU, in $ (> 0). Default 30,000.
    efficiency : float
        Multiplier on effective compute (algorithms, data, talent); > 0, default 1.
    execution : float
        Execution quality (> 0, default 1): divides the speed part of the
        stumble hazard, ``h(s) = h0 + h1 s^2 / execution``.
    postures : sequence of Posture or str, optional
        The postures this firm can choose; ``None`` uses the model's.

    Raises
    ------
    InvalidParameterError
        Negative compute or capital, non-positive cost, efficiency or
        execution, NaN or infinite values, an empty name.

    Examples
    --------
    >>> Firm("Defender", compute=5_000, capital=2.0).unit_cost
    30000.0
    """

    name: str
    compute: float
    capital: float
    unit_cost: float = 30_000.0
    efficiency: float = 1.0
    execution: float = 1.0
    postures: Sequence[Any] | None = None

    #: (lower, upper, lower open, upper open) of each numeric field.
    RULES: ClassVar[dict[str, tuple[float, float, bool, bool]]] = {
        "compute": (0.0, math.inf, False, False),
        "capital": (0.0, math.inf, False, False),
        "unit_cost": (0.0, math.inf, True, False),
        "efficiency": (0.0, math.inf, True, False),
        "execution": (0.0, math.inf, True, False),
    }

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or "." in self.name:
            raise InvalidParameterError(
                f"Firm name must be a non-empty string without '.'; got {self.name!r}")
        for f, (lo, hi, lo_open, hi_open) in self.RULES.items():
            v = check_number(f"Firm({self.name!r}).{f}", getattr(self, f), lo, hi,
                             lo_open=lo_open, hi_open=hi_open)
            object.__setattr__(self, f, v)
        if self.postures is not None:
            from .postures import as_postures

            object.__setattr__(self, "postures",
                               as_postures(self.postures, f"Firm({self.name!r}).postures"))

    @property
    def stage(self) -> str:
        """Name of the GPU stage of the installed compute."""
        return STAGES[int(stage_of(self.compute))].name

    @classmethod
    def numeric_fields(cls) -> tuple[str, ...]:
        """Names of the numeric parameters (usable in ``with_params``)."""
        return tuple(f.name for f in fields(cls) if f.name in cls.RULES)
