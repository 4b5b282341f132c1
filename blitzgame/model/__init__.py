"""The economic race model: firms, market, postures, scenarios -> games (DESIGN.md section 3).

Examples
--------
>>> from blitzgame.model import RaceModel, Firm, Market
>>> RaceModel([Firm("a", 1000, 1.0), Firm("b", 1000, 1.0)]).shape
(2, 2)
"""

from __future__ import annotations

from .firm import Firm
from .labels import PARAMETER_LABELS, parameter_label, parameter_range, parameter_unit
from .market import Market
from .payoff import tullock_shares
from .postures import (
    POSTURES,
    Blitz,
    CustomSilicon,
    Moat,
    Niche,
    Partner,
    Posture,
    SpeedScale,
    Steady,
    WaitForStumble,
    speed_scale_grid,
)
from .race import RaceModel
from .scenarios import Scenario, ScenarioMixture
from .stages import STAGES, capability, stage_of

__all__ = ["Firm", "Market", "RaceModel", "Scenario", "ScenarioMixture", "Posture", "Blitz",
           "Steady", "Niche", "Moat", "Partner", "CustomSilicon", "WaitForStumble",
           "SpeedScale", "POSTURES", "speed_scale_grid", "STAGES", "stage_of", "capability",
           "tullock_shares", "PARAMETER_LABELS", "parameter_label", "parameter_unit",
           "parameter_range"]
