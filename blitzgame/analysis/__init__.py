"""Analysis of race models: the verdict (dominance, equilibria, who wins) and parameter sweeps.

Examples
--------
>>> from blitzgame.analysis import analyze
>>> import blitzgame.model.presets as sc
>>> analyze(sc.two_firm_race()).blitz_dominant["Defender"]
False
"""

from __future__ import annotations

import importlib
from typing import Any

from .verdict import FirmVerdict, Verdict, analyze

__all__ = ["analyze", "Verdict", "FirmVerdict"]

_LAZY = {
    "sweep": "blitzgame.analysis.sweep",
    "SweepResult": "blitzgame.analysis.sweep",
    "ParameterGrid": "blitzgame.analysis.sweep",
    "get_measure": "blitzgame.analysis.measures",
    "available_measures": "blitzgame.analysis.measures",
    "VERDICTS": "blitzgame.analysis.measures",
}
__all__ += list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'blitzgame.analysis' has no attribute {name!r}")
