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
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:  # what the lazy names below resolve to
    from . import plotting, symbolic, testing  # noqa: F401  (lazy modules, not in __all__)
    from .analysis.dynamic import (
        DynamicVerdict,
        RepeatedVerdict,
        dynamic_verdict,
        repeated_verdict,
    )
    from .analysis.measures import available_measures, get_measure
    from .analysis.sweep import ParameterGrid, SweepResult, sweep
    from .analysis.verdict import Verdict, analyze
    from .games.repeated import RepeatedGame
    from .games.stochastic import StochasticGame
    from .io.json import read_json, write_json
    from .io.nfg import read_nfg, write_nfg
    from .model import (
        Blitz,
        CustomSilicon,
        Firm,
        Market,
        Moat,
        Niche,
        Partner,
        Posture,
        RaceModel,
        Scenario,
        ScenarioMixture,
        SpeedScale,
        Steady,
        WaitForStumble,
        parameter_label,
    )
    from .model import presets as scenarios  # noqa: F401
    from .model.config import read_model
    from .model.continuous import continuous_equilibrium
    from .solvers.batch.solve_batch import BatchResult, solve_batch
    from .solvers.bimatrix.lemke_howson import lemke_howson
    from .solvers.bimatrix.support import support_enumeration
    from .solvers.bimatrix.vertex import vertex_enumeration
    from .solvers.bimatrix.zero_sum import game_value, zero_sum
    from .solvers.dominance import (
        EliminationResult,
        dominated_actions,
        is_dominant,
        is_dominated,
        iterated_elimination,
    )
    from .solvers.nplayer.correlated import CorrelatedResult, correlated_equilibrium
    from .solvers.nplayer.dynamics import DynamicsResult, fictitious_play, replicator_dynamics
    from .solvers.nplayer.logit_qre import logit_qre
    from .solvers.repeated.automata import (
        Automaton,
        check_subgame_perfect,
        grim_trigger,
        restraint_with_punishment,
        simulate,
        tit_for_tat,
        wait_for_stumble,
    )
    from .solvers.repeated.backward_induction import BackwardInductionResult, backward_induction
    from .solvers.repeated.critical import CriticalDiscount, critical_discount
    from .solvers.repeated.payoff_sets import (
        FeasibleSet,
        MinmaxValues,
        feasible_payoffs,
        minmax_values,
    )
    from .solvers.repeated.spe import SPEPayoffSet, spe_payoffs
    from .solvers.stochastic.markov import (
        MarkovEquilibrium,
        MarkovResult,
        markov_perfect,
        shapley_iteration,
    )

# name -> module that defines it; imported on first attribute access (the TYPE_CHECKING
# block above names the same objects for type checkers and IDEs; a test keeps the two equal)
_LAZY: dict[str, str] = {
    "is_dominant": "blitzgame.solvers.dominance",
    "is_dominated": "blitzgame.solvers.dominance",
    "dominated_actions": "blitzgame.solvers.dominance",
    "iterated_elimination": "blitzgame.solvers.dominance",
    "EliminationResult": "blitzgame.solvers.dominance",
    "support_enumeration": "blitzgame.solvers.bimatrix.support",
    "vertex_enumeration": "blitzgame.solvers.bimatrix.vertex",
    "lemke_howson": "blitzgame.solvers.bimatrix.lemke_howson",
    "zero_sum": "blitzgame.solvers.bimatrix.zero_sum",
    "game_value": "blitzgame.solvers.bimatrix.zero_sum",
    "correlated_equilibrium": "blitzgame.solvers.nplayer.correlated",
    "CorrelatedResult": "blitzgame.solvers.nplayer.correlated",
    "logit_qre": "blitzgame.solvers.nplayer.logit_qre",
    "fictitious_play": "blitzgame.solvers.nplayer.dynamics",
    "replicator_dynamics": "blitzgame.solvers.nplayer.dynamics",
    "DynamicsResult": "blitzgame.solvers.nplayer.dynamics",
    "solve_batch": "blitzgame.solvers.batch.solve_batch",
    "BatchResult": "blitzgame.solvers.batch.solve_batch",
    "RepeatedGame": "blitzgame.games.repeated",
    "StochasticGame": "blitzgame.games.stochastic",
    "minmax_values": "blitzgame.solvers.repeated.payoff_sets",
    "feasible_payoffs": "blitzgame.solvers.repeated.payoff_sets",
    "critical_discount": "blitzgame.solvers.repeated.critical",
    "spe_payoffs": "blitzgame.solvers.repeated.spe",
    "backward_induction": "blitzgame.solvers.repeated.backward_induction",
    "MinmaxValues": "blitzgame.solvers.repeated.payoff_sets",
    "FeasibleSet": "blitzgame.solvers.repeated.payoff_sets",
    "CriticalDiscount": "blitzgame.solvers.repeated.critical",
    "SPEPayoffSet": "blitzgame.solvers.repeated.spe",
    "BackwardInductionResult": "blitzgame.solvers.repeated.backward_induction",
    "Automaton": "blitzgame.solvers.repeated.automata",
    "grim_trigger": "blitzgame.solvers.repeated.automata",
    "tit_for_tat": "blitzgame.solvers.repeated.automata",
    "restraint_with_punishment": "blitzgame.solvers.repeated.automata",
    "wait_for_stumble": "blitzgame.solvers.repeated.automata",
    "simulate": "blitzgame.solvers.repeated.automata",
    "check_subgame_perfect": "blitzgame.solvers.repeated.automata",
    "markov_perfect": "blitzgame.solvers.stochastic.markov",
    "shapley_iteration": "blitzgame.solvers.stochastic.markov",
    "MarkovResult": "blitzgame.solvers.stochastic.markov",
    "MarkovEquilibrium": "blitzgame.solvers.stochastic.markov",
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
    "parameter_label": "blitzgame.model",
    "analyze": "blitzgame.analysis.verdict",
    "Verdict": "blitzgame.analysis.verdict",
    "repeated_verdict": "blitzgame.analysis.dynamic",
    "RepeatedVerdict": "blitzgame.analysis.dynamic",
    "dynamic_verdict": "blitzgame.analysis.dynamic",
    "DynamicVerdict": "blitzgame.analysis.dynamic",
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
    "scenarios": "blitzgame.model.presets",
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
    "is_dominant",
    "is_dominated",
    "dominated_actions",
    "iterated_elimination",
    "EliminationResult",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "zero_sum",
    "game_value",
    "correlated_equilibrium",
    "CorrelatedResult",
    "logit_qre",
    "fictitious_play",
    "replicator_dynamics",
    "DynamicsResult",
    "solve_batch",
    "BatchResult",
    "RepeatedGame",
    "StochasticGame",
    "minmax_values",
    "feasible_payoffs",
    "critical_discount",
    "spe_payoffs",
    "backward_induction",
    "MinmaxValues",
    "FeasibleSet",
    "CriticalDiscount",
    "SPEPayoffSet",
    "BackwardInductionResult",
    "Automaton",
    "grim_trigger",
    "tit_for_tat",
    "restraint_with_punishment",
    "wait_for_stumble",
    "simulate",
    "check_subgame_perfect",
    "markov_perfect",
    "shapley_iteration",
    "MarkovResult",
    "MarkovEquilibrium",
    "RaceModel",
    "Firm",
    "Market",
    "Scenario",
    "ScenarioMixture",
    "Posture",
    "Blitz",
    "Steady",
    "Niche",
    "Moat",
    "Partner",
    "CustomSilicon",
    "WaitForStumble",
    "SpeedScale",
    "parameter_label",
    "analyze",
    "Verdict",
    "repeated_verdict",
    "RepeatedVerdict",
    "dynamic_verdict",
    "DynamicVerdict",
    "continuous_equilibrium",
    "read_model",
    "sweep",
    "ParameterGrid",
    "SweepResult",
    "get_measure",
    "available_measures",
    "read_nfg",
    "write_nfg",
    "read_json",
    "write_json",
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
