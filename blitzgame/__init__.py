"""blitzgame: is blitzscaling a dominant strategy in the race for compute?

Game theory for the race to scale: an economic model of firms choosing
investment speed and scale under winner-take-all, turned into one-shot,
repeated and dynamic games, solved by verified equilibrium solvers, and mapped
across the model's parameters.

The public API is importable from the top level; heavier parts are imported
lazily on first use, and ``import blitzgame`` never imports matplotlib,
pandas, dask or hypothesis.

Examples
--------
>>> import blitzgame as bg
>>> chicken = bg.NormalFormGame.from_bimatrix(
...     [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
...     players=("blitzer", "defender"), actions=(("yield", "blitz"), ("yield", "blitz")))
>>> res = bg.solve(chicken)
>>> [e.pure_profile for e in res.pure()]
[(0, 1), (1, 0)]
"""

from __future__ import annotations

import importlib
from typing import Any

from .exceptions import (
    BlitzgameError,
    BlitzgameWarning,
    ConvergenceWarning,
    DegenerateGameWarning,
    GameFormatError,
    InvalidGameError,
    InvalidParameterError,
    PrecisionWarning,
    SolverError,
    UnsupportedGameError,
)
from .games.normal_form import NormalFormGame
from .results import DominanceResult, Equilibrium, EquilibriumResult, Status
from .solvers import available_methods, solve
from .solvers.pure import has_pure_equilibrium, pure_equilibria

__version__ = "0.1.0"

# name -> module that defines it; imported on first attribute access
_LAZY: dict[str, str] = {
    "is_dominant": "blitzgame.solvers.dominance",
    "is_dominated": "blitzgame.solvers.dominance",
    "dominated_actions": "blitzgame.solvers.elimination",
    "iterated_elimination": "blitzgame.solvers.elimination",
    "EliminationResult": "blitzgame.solvers.elimination",
    "support_enumeration": "blitzgame.solvers.support",
    "vertex_enumeration": "blitzgame.solvers.vertex",
    "lemke_howson": "blitzgame.solvers.lemke_howson",
    "zero_sum": "blitzgame.solvers.zerosum",
    "game_value": "blitzgame.solvers.zerosum",
    "correlated_equilibrium": "blitzgame.solvers.correlated",
    "CorrelatedResult": "blitzgame.solvers.correlated",
    "logit_qre": "blitzgame.solvers.nplayer",
    "fictitious_play": "blitzgame.solvers.dynamics",
    "replicator_dynamics": "blitzgame.solvers.dynamics",
    "DynamicsResult": "blitzgame.solvers.dynamics",
    "solve_batch": "blitzgame.solvers.batch",
    "BatchResult": "blitzgame.solvers.batch",
    "RepeatedGame": "blitzgame.games.repeated",
    "StochasticGame": "blitzgame.games.stochastic",
    "minmax_values": "blitzgame.solvers.repeated",
    "feasible_payoffs": "blitzgame.solvers.repeated",
    "critical_discount": "blitzgame.solvers.critical",
    "spe_payoffs": "blitzgame.solvers.repeated",
    "backward_induction": "blitzgame.solvers.finite",
    "MinmaxValues": "blitzgame.solvers.repeated",
    "FeasibleSet": "blitzgame.solvers.repeated",
    "CriticalDiscount": "blitzgame.solvers.critical",
    "SPEPayoffSet": "blitzgame.solvers.repeated",
    "BackwardInductionResult": "blitzgame.solvers.finite",
    "Automaton": "blitzgame.solvers.automata",
    "grim_trigger": "blitzgame.solvers.automata",
    "tit_for_tat": "blitzgame.solvers.automata",
    "restraint_with_punishment": "blitzgame.solvers.automata",
    "wait_for_stumble": "blitzgame.solvers.automata",
    "simulate": "blitzgame.solvers.automata",
    "check_subgame_perfect": "blitzgame.solvers.automata",
    "markov_perfect": "blitzgame.solvers.markov",
    "shapley_iteration": "blitzgame.solvers.markov",
    "MarkovResult": "blitzgame.solvers.markov",
    "MarkovEquilibrium": "blitzgame.solvers.markov",
    "RaceModel": "blitzgame.model",
    "Firm": "blitzgame.model",
    "Market": "blitzgame.model",
    "Scenario": "blitzgame.model",
    "ScenarioMixture": "blitzgame.model",
    "Posture": "blitzgame.model",
    "Blitz": "blitzgame.model",
    "Steady": "blitzgame.model",
    "Niche": "blitzgame.model",
    "Moat": "blitzgame.model",
    "Partner": "blitzgame.model",
    "CustomSilicon": "blitzgame.model",
    "WaitForStumble": "blitzgame.model",
    "SpeedScale": "blitzgame.model",
    "analyze": "blitzgame.analysis.verdict",
    "Verdict": "blitzgame.analysis.verdict",
    "continuous_equilibrium": "blitzgame.model.continuous",
    "read_model": "blitzgame.model.config",
    "sweep": "blitzgame.analysis.sweep",
    "ParameterGrid": "blitzgame.analysis.sweep",
    "SweepResult": "blitzgame.analysis.sweep",
    "get_measure": "blitzgame.analysis.measures",
    "available_measures": "blitzgame.analysis.measures",
    "read_nfg": "blitzgame.io.nfg",
    "write_nfg": "blitzgame.io.nfg",
    "read_json": "blitzgame.io.json",
    "write_json": "blitzgame.io.json",
}
_LAZY_MODULES = {
    "testing": "blitzgame.testing",
    "scenarios": "blitzgame.scenarios",
    "symbolic": "blitzgame.symbolic",
    "plotting": "blitzgame.plotting",
}

__all__ = [
    "NormalFormGame",
    "solve",
    "available_methods",
    "pure_equilibria",
    "has_pure_equilibrium",
    "Equilibrium",
    "EquilibriumResult",
    "DominanceResult",
    "Status",
    "BlitzgameError",
    "InvalidGameError",
    "InvalidParameterError",
    "GameFormatError",
    "UnsupportedGameError",
    "SolverError",
    "BlitzgameWarning",
    "DegenerateGameWarning",
    "ConvergenceWarning",
    "PrecisionWarning",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _LAZY_MODULES:
        return importlib.import_module(_LAZY_MODULES[name])
    raise AttributeError(f"module 'blitzgame' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
