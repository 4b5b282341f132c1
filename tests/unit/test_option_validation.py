"""Every bad option of the public API gets the library's own clear error (issue 14).

A table built from the signatures of the names in ``blitzgame.__all__``: for each
(function, bad keyword arguments) the call must raise
:class:`~blitzgame.exceptions.InvalidParameterError` -- not a ``TypeError`` or
``ValueError`` from deep inside, not an ``UnboundLocalError``, and not be silently
accepted -- with a message that names the argument and shows what was received.
A second, smaller table checks that the valid spellings the checks must keep
accepting (numpy bools and integers, ``SeedSequence``, ``tol=0``, labels) still work.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import pytest

import blitzgame as bg
from blitzgame._validate import (
    check_bool,
    check_finite_positive,
    check_index,
    check_nonnegative,
    check_optional_bool,
    check_positive_int,
    check_rng,
)
from blitzgame.exceptions import InvalidParameterError

NAN, INF = math.nan, math.inf

# ---------------------------------------------------------------- bad values by kind
#: A tolerance: finite and >= 0.
BAD_TOL: dict[str, Any] = {"neg": -1, "nan": NAN, "inf": INF, "str": "x", "bool": True}
#: A flag: only True/False (numpy bools too); never taken by truthiness.
BAD_BOOL: dict[str, Any] = {"str_no": "no", "str_yes": "yes", "int1": 1, "int0": 0,
                            "float": 1.0, "none": None}
#: A limit or count: an int >= 1.
BAD_COUNT: dict[str, Any] = {"zero": 0, "neg": -1, "frac": 2.5, "float": 3.0, "nan": NAN,
                             "inf": INF, "bool": True, "str": "3"}
#: A player/action index: an int (or, where the API takes them, a label) in range.
BAD_INDEX: dict[str, Any] = {"half": 0.5, "float": 1.0, "bool": True, "neg": -1, "big": 99,
                             "nan": NAN}
#: SPEC 7: None, an int >= 0, a Generator or a SeedSequence.
BAD_RNG: dict[str, Any] = {"str": "x", "neg": -1, "float": 1.5, "bool": True,
                           "legacy": np.random.RandomState(0)}
#: A positive, finite real number.
BAD_POSITIVE: dict[str, Any] = {"zero": 0, "neg": -1, "nan": NAN, "inf": INF, "str": "x",
                                "bool": True}
#: An infinite-horizon discount factor, in [0, 1).
BAD_DISCOUNT: dict[str, Any] = {"nan": NAN, "neg": -0.1, "one": 1.0, "big": 1.5, "inf": INF,
                                "str": "x", "bool": True}


# ---------------------------------------------------------------- fixtures (built once)
@cache
def pd_game() -> bg.NormalFormGame:
    return bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                           actions=(("C", "D"), ("C", "D")))


@cache
def float_game() -> bg.NormalFormGame:
    return bg.NormalFormGame.from_bimatrix([[3.0, 0.0], [0.0, 2.0]], [[2.0, 0.0], [0.0, 3.0]])


@cache
def pennies() -> bg.NormalFormGame:
    return bg.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


@cache
def repeated() -> Any:
    return bg.RepeatedGame(pd_game(), discount=Fraction(9, 10))


@cache
def finite() -> Any:
    return bg.RepeatedGame(pd_game(), horizon=2)


@cache
def stochastic() -> Any:
    coord = [[[2, 2], [0, 0]], [[0, 0], [1, 1]]]
    chick = [[[1, 1], [0, 2]], [[2, 0], [-2, -2]]]
    t_boom = [[[0.9, 0.1], [0.5, 0.5]], [[0.5, 0.5], [0.2, 0.8]]]
    t_bust = [[[0.6, 0.4], [0.3, 0.7]], [[0.3, 0.7], [0.1, 0.9]]]
    return bg.StochasticGame(("boom", "bust"), None, [t_boom, t_bust], [coord, chick], 0.8)


@cache
def zero_sum_stochastic() -> Any:
    A = np.array([[3, 0], [0, 1]])
    pay0 = np.stack([A, -A], axis=-1).tolist()
    t0 = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]
    return bg.StochasticGame(("play", "end"), None, [t0, [[[0, 1]]]], [pay0, [[[1, -1]]]],
                             Fraction(1, 2))


@cache
def race() -> Any:
    return bg.scenarios.two_firm_race()


@cache
def tullock() -> Any:
    firms = [bg.Firm(n, 0, 10.0, unit_cost=1.0) for n in "ab"]
    return bg.RaceModel(firms, bg.Market.tullock(prize=1.0, sharpness=1.0))


@cache
def grim() -> list[Any]:
    return [bg.grim_trigger(pd_game(), i, (0, 0), (1, 1)) for i in range(2)]


@cache
def feasible() -> Any:
    return bg.feasible_payoffs(pd_game())


@cache
def critical() -> Any:
    return bg.critical_discount(pd_game(), (0, 0))


@cache
def spe_set() -> Any:
    return bg.spe_payoffs(bg.RepeatedGame(pd_game(), discount=0.9), directions=8)


@cache
def nfg_text() -> str:
    return bg.write_nfg(pd_game())


@cache
def json_text() -> str:
    return bg.write_json(pd_game())


@cache
def eq_result() -> Any:
    return bg.solve(pd_game())


@cache
def three_players() -> bg.NormalFormGame:
    u = np.zeros((2, 2, 2, 3), dtype=int)
    u[0, 0, 0] = u[1, 1, 1] = 1  # a 3-player coordination game
    return bg.NormalFormGame(u)


@cache
def markov_eq() -> Any:
    return bg.markov_perfect(stochastic(), starts=1)[0]


@cache
def verdict() -> Any:
    return bg.analyze(race())


@cache
def grid() -> Any:
    return bg.ParameterGrid({"a": [1, 2], "b": [0.5, 1.5]})


def _automaton(**k: Any) -> Any:
    args: dict[str, Any] = {"name": "a", "player": 0, "states": ("s", "t"), "initial": 0,
                            "output": (0, 1), "transition": np.zeros((2, 2, 2), dtype=np.int64)}
    return bg.Automaton(**{**args, **k})


@cache
def batch() -> np.ndarray:
    return np.random.default_rng(0).normal(size=(3, 2, 2, 2))


def _measure(model: Any, game: Any) -> dict[str, float]:
    return {"x": 1.0}


class _Chicken:
    """A minimal sweep model: hawk-dove with fight cost C."""

    def __init__(self, C: float = 6.0) -> None:
        self.C = C

    def with_params(self, changes: Any) -> _Chicken:
        return _Chicken(**changes)

    def to_game(self) -> bg.NormalFormGame:
        c = self.C
        return bg.NormalFormGame.from_bimatrix([[1, 0], [2, (2 - c) / 2]],
                                               [[1, 2], [0, (2 - c) / 2]])


# ---------------------------------------------------------------- the table
@dataclass(frozen=True)
class Case:
    """``call(**kwargs)`` must raise InvalidParameterError whose message names ``name``."""

    id: str
    call: Callable[..., Any]
    kwargs: dict[str, Any]
    name: str
    extra: tuple[str, ...] = field(default=())


def _each(fid: str, call: Callable[..., Any], option: str, bad: dict[str, Any],
          name: str | None = None, **fixed: Any) -> Iterator[Case]:
    for tag, value in bad.items():
        yield Case(f"{fid}-{option}={tag}", call, {**fixed, option: value}, name or option)


def _cases() -> Iterator[Case]:  # noqa: C901 - one table, read top to bottom
    g, fg = pd_game, float_game
    # --- NormalFormGame and its methods
    for tag, ex in BAD_BOOL.items():
        if ex is not None:
            yield Case(f"NormalFormGame-exact={tag}",
                       lambda exact: bg.NormalFormGame([[[1, 1]]], exact=exact),
                       {"exact": ex}, "exact")
            yield Case(f"from_bimatrix-exact={tag}",
                       lambda exact: bg.NormalFormGame.from_bimatrix([[1]], [[1]], exact=exact),
                       {"exact": ex}, "exact")
    yield from _each("is_nash", lambda **k: g().is_nash([[1, 0], [1, 0]], **k), "tol", BAD_TOL)
    yield from _each("best_responses",
                     lambda **k: g().best_responses(0, [[1, 0], [1, 0]], **k), "tol", BAD_TOL)
    yield from _each("best_responses", lambda **k: g().best_responses(
        k["player"], [[1, 0], [1, 0]]), "player", BAD_INDEX)
    yield from _each("action_index", lambda **k: g().action_index(0, **k), "action", BAD_INDEX)
    yield from _each("player_index", lambda **k: g().player_index(**k), "player", BAD_INDEX)
    yield from _each("permute_actions", lambda **k: g().permute_actions(k["player"], [1, 0]),
                     "player", BAD_INDEX)
    # --- solve and its methods
    for method in ("pure", "support_enumeration", "vertex_enumeration", "lemke_howson",
                   "zero_sum", "logit_qre"):
        game = pennies if method == "zero_sum" else fg
        yield from _each(f"solve[{method}]",
                         lambda game=game, method=method, **k: bg.solve(game(), method=method,
                                                                         **k), "tol", BAD_TOL)
    yield from _each("solve[lemke_howson]", lambda **k: bg.solve(
        fg(), method="lemke_howson", **k), "initial_label", BAD_INDEX)
    yield from _each("solve[lemke_howson]", lambda **k: bg.solve(
        fg(), method="lemke_howson", **k), "max_pivots", BAD_COUNT)
    yield from _each("solve[logit_qre]", lambda **k: bg.solve(fg(), method="logit_qre", **k),
                     "rng", BAD_RNG)
    for opt, bad in (("tol", BAD_TOL), ("rng", BAD_RNG), ("max_steps", BAD_COUNT),
                     ("lambda_max", BAD_POSITIVE)):
        yield from _each("solve[auto,3-player]", lambda **k: bg.solve(three_players(), **k), opt,
                         bad)
    yield Case("solve-method=int", lambda **k: bg.solve(fg(), **k), {"method": 3}, "method")
    yield Case("solve-method=unknown", lambda **k: bg.solve(fg(), **k), {"method": "lemke"},
               "method")
    # --- pure equilibria, exact and float games (exact games ignore tol but check it)
    for gid, game in (("exact", g), ("float", fg)):
        yield from _each(f"pure_equilibria[{gid}]", lambda game=game, **k: bg.pure_equilibria(
            game(), **k), "tol", BAD_TOL)
        yield from _each(f"has_pure_equilibrium[{gid}]",
                         lambda game=game, **k: bg.has_pure_equilibrium(game(), **k), "tol",
                         BAD_TOL)
    # --- dominance
    for gid, game in (("exact", g), ("float", fg)):
        def dom(game: Callable[[], Any] = game, **k: Any) -> Any:
            return bg.is_dominant(game(), **{"player": 0, "action": 1, **k})

        def dtd(game: Callable[[], Any] = game, **k: Any) -> Any:
            return bg.is_dominated(game(), **{"player": 0, "action": 0, **k})

        yield from _each(f"is_dominant[{gid}]", dom, "tol", BAD_TOL)
        yield from _each(f"is_dominated[{gid}]", dtd, "tol", BAD_TOL)
        yield from _each(f"dominated_actions[{gid}]",
                         lambda game=game, **k: bg.dominated_actions(game(), **k), "tol", BAD_TOL)
        yield from _each(f"iterated_elimination[{gid}]",
                         lambda game=game, **k: bg.iterated_elimination(game(), **k), "tol",
                         BAD_TOL)
    def dom_(**k: Any) -> Any:
        return bg.is_dominant(g(), **{"player": 0, "action": 1, **k})

    def dtd_(**k: Any) -> Any:
        return bg.is_dominated(g(), **{"player": 0, "action": 0, **k})

    yield from _each("is_dominant", dom_, "strict", BAD_BOOL)
    yield from _each("is_dominant", dom_, "player", BAD_INDEX)
    yield from _each("is_dominant", dom_, "action", BAD_INDEX)
    yield from _each("is_dominated", dtd_, "strict", BAD_BOOL)
    yield from _each("is_dominated", dtd_, "mixed", BAD_BOOL)
    yield from _each("is_dominated", dtd_, "player", BAD_INDEX)
    yield from _each("is_dominated", dtd_, "action", BAD_INDEX)
    for fname in ("dominated_actions", "iterated_elimination"):
        f = getattr(bg, fname)
        for opt in ("strict", "mixed"):
            yield from _each(fname, lambda f=f, **k: f(g(), **k), opt, BAD_BOOL)
    # --- two-player methods
    for fname, game in (("support_enumeration", fg), ("vertex_enumeration", fg),
                        ("lemke_howson", fg), ("zero_sum", pennies), ("game_value", pennies)):
        f = getattr(bg, fname)
        yield from _each(fname, lambda f=f, game=game, **k: f(game(), **k), "tol", BAD_TOL)
    yield from _each("lemke_howson", lambda **k: bg.lemke_howson(fg(), **k), "initial_label",
                     BAD_INDEX)
    yield from _each("lemke_howson", lambda **k: bg.lemke_howson(fg(), **k), "max_pivots",
                     BAD_COUNT)
    # --- N-player methods
    yield from _each("correlated_equilibrium", lambda **k: bg.correlated_equilibrium(fg(), **k),
                     "tol", BAD_TOL)
    yield Case("correlated_equilibrium-objective=unknown",
               lambda **k: bg.correlated_equilibrium(fg(), **k), {"objective": "bogus"},
               "objective")
    yield from _each("logit_qre", lambda **k: bg.logit_qre(fg(), **k), "tol", BAD_TOL)
    yield from _each("logit_qre", lambda **k: bg.logit_qre(fg(), **k), "max_steps", BAD_COUNT)
    yield from _each("logit_qre", lambda **k: bg.logit_qre(fg(), **k), "lambda_max",
                     BAD_POSITIVE)
    yield from _each("logit_qre", lambda **k: bg.logit_qre(fg(), **k), "rng", BAD_RNG)
    def fp(**k: Any) -> Any:
        return bg.fictitious_play(fg(), **{"n_iter": 5, **k})

    yield from _each("fictitious_play", fp, "n_iter", BAD_COUNT)
    yield from _each("fictitious_play", fp, "rng", BAD_RNG)
    yield from _each("fictitious_play", fp, "tol", BAD_TOL)
    def rd(**k: Any) -> Any:
        return bg.replicator_dynamics(fg(), **{"n_points": 3, "t_max": 1.0, **k})

    yield from _each("replicator_dynamics", rd, "t_max", BAD_POSITIVE)
    yield from _each("replicator_dynamics", rd, "n_points",
                     {**BAD_COUNT, "one": 1})
    yield from _each("replicator_dynamics", rd, "tol", BAD_TOL)
    yield Case("replicator_dynamics-populations=x", rd, {"populations": "x"}, "populations")
    # --- batches
    def sb(**k: Any) -> Any:
        return bg.solve_batch(batch(), **k)

    def sbd(**k: Any) -> Any:
        return bg.solve_batch(batch(), **{"question": "dominant", "player": 0, "action": 0, **k})

    yield Case("solve_batch-question=x", sb, {"question": "x"}, "question")
    yield from _each("solve_batch", sb, "tol", BAD_TOL)
    yield from _each("solve_batch", sb, "chunk_size", BAD_COUNT)
    yield from _each("solve_batch[dominant]", sbd, "player", BAD_INDEX)
    yield from _each("solve_batch[dominant]", sbd, "action", BAD_INDEX)
    yield from _each("solve_batch[dominant]", sbd, "strict", BAD_BOOL)
    yield from _each("solve_batch[lemke_howson]", lambda **k: bg.solve_batch(
        batch(), question="lemke_howson", **k), "initial_label", BAD_INDEX)
    yield from _each("solve_batch[lemke_howson]", lambda **k: bg.solve_batch(
        batch(), question="lemke_howson", **k), "max_iter", BAD_COUNT)
    # --- repeated games
    yield from _each("RepeatedGame", lambda **k: bg.RepeatedGame(g(), **k), "discount",
                     BAD_DISCOUNT)
    yield from _each("RepeatedGame[finite]", lambda **k: bg.RepeatedGame(g(), **k), "discount",
                     {k: v for k, v in BAD_DISCOUNT.items() if k != "one"}, horizon=3)
    yield from _each("RepeatedGame", lambda **k: bg.RepeatedGame(g(), **k), "horizon", BAD_COUNT)
    yield from _each("RepeatedGame.with_discount", lambda **k: repeated().with_discount(
        k["discount"]), "discount", BAD_DISCOUNT)
    yield from _each("minmax_values", lambda **k: bg.minmax_values(g(), **k), "mixed", BAD_BOOL)
    yield from _each("feasible_payoffs", lambda **k: bg.feasible_payoffs(g(), **k),
                     "mixed_minmax", BAD_BOOL)
    yield from _each("FeasibleSet.contains", lambda **k: feasible().contains((3, 3), **k),
                     "tol", BAD_TOL)
    yield from _each("FeasibleSet.contains", lambda **k: feasible().contains((3, 3), **k),
                     "rational", BAD_BOOL)
    def cd(**k: Any) -> Any:
        return bg.critical_discount(g(), (0, 0), **k)

    yield from _each("critical_discount", cd, "max_length", BAD_COUNT)
    yield Case("critical_discount-punishment=x", cd, {"punishment": "x"}, "punishment")
    yield from _each("CriticalDiscount.sustains", lambda **k: critical().sustains(k["discount"]),
                     "discount", {k: v for k, v in BAD_DISCOUNT.items() if k != "one"})
    def spe(**k: Any) -> Any:
        return bg.spe_payoffs(repeated(), **{"directions": 8, "max_iter": 5, **k})

    yield from _each("spe_payoffs", spe, "directions", BAD_COUNT)
    yield from _each("spe_payoffs", spe, "tol", BAD_TOL)
    yield from _each("spe_payoffs", spe, "max_iter", BAD_COUNT)
    yield from _each("SPEPayoffSet.contains", lambda **k: spe_set().contains((3, 3), **k),
                     "tol", BAD_TOL)
    yield from _each("backward_induction", lambda **k: bg.backward_induction(finite(), **k),
                     "max_paths", BAD_COUNT)
    # --- automata
    yield from _each("grim_trigger", lambda **k: bg.grim_trigger(
        g(), k["player"], (0, 0), (1, 1)), "player", BAD_INDEX)
    yield from _each("tit_for_tat", lambda **k: bg.tit_for_tat(g(), k["player"]), "player",
                     BAD_INDEX)
    yield from _each("tit_for_tat", lambda **k: bg.tit_for_tat(g(), 0, **k), "first", BAD_INDEX)
    yield from _each("restraint_with_punishment", lambda **k: bg.restraint_with_punishment(
        g(), 0, (0, 0), (1, 1), k["length"]), "length", BAD_COUNT)
    yield from _each("restraint_with_punishment", lambda **k: bg.restraint_with_punishment(
        g(), k["player"], (0, 0), (1, 1), 2), "player", BAD_INDEX)
    yield from _each("wait_for_stumble", lambda **k: bg.wait_for_stumble(
        g(), k["player"], 0, 1, [1]), "player", BAD_INDEX)
    yield from _each("wait_for_stumble", lambda **k: bg.wait_for_stumble(
        g(), 0, k["wait"], 1, [1]), "wait", BAD_INDEX)
    yield from _each("wait_for_stumble", lambda **k: bg.wait_for_stumble(
        g(), 0, 0, k["strike"], [1]), "strike", BAD_INDEX)
    yield from _each("wait_for_stumble", lambda **k: bg.wait_for_stumble(
        g(), 0, 0, 1, k["stumble"]), "stumble", {"int": 5, "str": "x", "none": None})
    yield from _each("Automaton", _automaton, "player", {"half": 0.5, "neg": -1, "bool": True})
    yield from _each("Automaton", _automaton, "initial", BAD_INDEX)
    yield from _each("Automaton", _automaton, "name", {"int": 3})
    yield from _each("Automaton", _automaton, "output", {"short": (0,), "frac": (0, 0.5)})
    yield from _each("Automaton", _automaton, "transition",
                     {"list": [[[0]]], "float": np.zeros((2, 2, 2)),
                      "range": np.full((2, 2, 2), 7), "shape": np.zeros((3, 2, 2), dtype=int)})

    def sim(**k: Any) -> Any:
        return bg.simulate(g(), grim(), **{"horizon": 3, **k})

    yield from _each("simulate", sim, "horizon", BAD_COUNT)
    yield from _each("simulate", sim, "discount",
                     {k: v for k, v in BAD_DISCOUNT.items() if k != "one"})
    yield from _each("check_subgame_perfect", lambda **k: bg.check_subgame_perfect(
        repeated(), grim(), **k), "tol", BAD_TOL)
    # --- stochastic games
    sg_args = (("boom", "bust"), None,
               [[[[0.9, 0.1], [0.5, 0.5]], [[0.5, 0.5], [0.2, 0.8]]],
                [[[0.6, 0.4], [0.3, 0.7]], [[0.3, 0.7], [0.1, 0.9]]]],
               [[[[2, 2], [0, 0]], [[0, 0], [1, 1]]], [[[1, 1], [0, 2]], [[2, 0], [-2, -2]]]])
    yield from _each("StochasticGame", lambda **k: bg.StochasticGame(*sg_args, **k), "discount",
                     BAD_DISCOUNT)
    yield from _each("StochasticGame.transition", lambda **k: stochastic().transition(0, **k),
                     "exact", BAD_BOOL)
    yield from _each("StochasticGame.state_index", lambda **k: stochastic().state_index(
        k["state"]), "state", BAD_INDEX)
    def mp(**k: Any) -> Any:
        return bg.markov_perfect(stochastic(), **{"max_iter": 3, "starts": 1, **k})

    yield from _each("markov_perfect", mp, "max_iter", BAD_COUNT)
    yield from _each("markov_perfect", mp, "starts", BAD_COUNT)
    yield from _each("markov_perfect", mp, "tol", BAD_TOL)
    yield from _each("markov_perfect", mp, "rng", BAD_RNG)
    yield Case("markov_perfect-method=x", mp, {"method": "x"}, "method")
    yield from _each("MarkovEquilibrium.pure_actions", lambda **k: markov_eq().pure_actions(
        k["state"]), "state", BAD_INDEX)

    def sh(**k: Any) -> Any:
        return bg.shapley_iteration(zero_sum_stochastic(), **{"max_iter": 3, **k})

    yield from _each("shapley_iteration", sh, "max_iter", BAD_COUNT)
    yield from _each("shapley_iteration", sh, "tol", BAD_TOL)
    # --- the model
    yield from _each("Market", lambda **k: bg.Market(**k), "prize",
                     {"nan": NAN, "neg": -1, "inf": INF, "str": "x", "bool": True})
    yield from _each("Market", lambda **k: bg.Market(**k), "sharpness",
                     {"nan": NAN, "neg": -1, "str": "x", "bool": True}, "sharpness")
    yield from _each("Firm", lambda **k: bg.Firm("a", 1.0, **k), "capital",
                     {"nan": NAN, "neg": -1, "str": "x", "bool": True})
    yield from _each("Scenario", lambda **k: bg.Scenario("s", **k), "probability",
                     {"nan": NAN, "neg": -0.5, "big": 1.5, "str": "x", "bool": True})
    yield from _each("Blitz", lambda **k: bg.Blitz(**k), "speed",
                     {"nan": NAN, "neg": -1, "str": "x", "bool": True})
    yield from _each("Blitz", lambda **k: bg.Blitz(**k), "scale",
                     {"nan": NAN, "neg": -1, "inf": INF, "str": "x", "bool": True})
    yield from _each("RaceModel.to_repeated_game", lambda **k: race().to_repeated_game(
        k["discount"]), "discount", BAD_DISCOUNT)
    yield from _each("RaceModel.to_stochastic_game", lambda **k: race().to_stochastic_game(**k),
                     "discount", BAD_DISCOUNT)
    for opt, bad in (("advance", {"nan": NAN, "big": 1.5, "str": "x", "bool": True}),
                     ("fringe", {"nan": NAN, "neg": -1, "str": "x", "inf": INF, "bool": True})):
        yield from _each("RaceModel.to_stochastic_game", lambda **k: race().to_stochastic_game(
            **k), opt, bad)
    yield Case("Blitz.with_params-unknown", lambda **k: bg.Blitz().with_params(**k),
               {"bogus": 1}, "bogus")
    yield from _each("Blitz.with_params", lambda **k: bg.Blitz().with_params(**k), "speed",
                     {"nan": NAN, "str": "x"})
    yield Case("RaceModel.to_stochastic_game-unknown", lambda **k: race().to_stochastic_game(
        **k), {"bogus": 1}, "bogus")
    yield Case("read_model-path=int", lambda **k: bg.read_model(**k), {"path": 3}, "path")
    # --- analysis
    yield Case("analyze-method=x", lambda **k: bg.analyze(race(), **k), {"method": "x"}, "method")
    yield from _each("repeated_verdict", lambda **k: bg.repeated_verdict(race(), **k),
                     "discount", BAD_DISCOUNT)
    yield from _each("dynamic_verdict", lambda **k: bg.dynamic_verdict(race(), **k), "starts",
                     BAD_COUNT)
    yield from _each("dynamic_verdict", lambda **k: bg.dynamic_verdict(race(), **k), "discount",
                     BAD_DISCOUNT)
    for fname in ("analyze", "repeated_verdict", "dynamic_verdict"):
        yield Case(f"{fname}-model=str", lambda fname=fname, **k: getattr(bg, fname)(**k),
                   {"model": "x"}, "model")
    yield Case("dynamic_verdict-unknown", lambda **k: bg.dynamic_verdict(race(), **k),
               {"bogus": 1}, "bogus")
    for opt in ("hazard_base", "hazard_speed", "advance", "fringe"):
        yield from _each("dynamic_verdict", lambda **k: bg.dynamic_verdict(race(), **k), opt,
                         {"nan": NAN, "str": "x"})
    yield from _each("Verdict.equilibrium_postures", lambda **k: verdict().equilibrium_postures(
        k["k"]), "k", BAD_INDEX)

    def ce(**k: Any) -> Any:
        return bg.continuous_equilibrium(tullock(), **k)

    yield from _each("continuous_equilibrium", ce, "vary_speed", BAD_BOOL)
    yield from _each("continuous_equilibrium", ce, "max_iter", BAD_COUNT)
    yield from _each("continuous_equilibrium", ce, "tol", BAD_TOL)
    yield from _each("continuous_equilibrium", ce, "regret_tol", BAD_TOL)
    yield from _each("continuous_equilibrium", ce, "grid", {**BAD_COUNT, "one": 1})
    yield from _each("continuous_equilibrium", ce, "damping",
                     {"neg": -0.5, "one": 1.0, "nan": NAN, "str": "x", "bool": True})
    def sw(**k: Any) -> Any:
        return bg.sweep(_Chicken(), {"C": [1.0, 6.0]}, _measure, **{"progress": False, **k})

    yield from _each("sweep", sw, "progress", BAD_BOOL)
    yield from _each("sweep", sw, "vectorize", BAD_BOOL)
    yield from _each("sweep", sw, "rng", {k: v for k, v in BAD_RNG.items()})
    yield from _each("sweep", sw, "chunksize", BAD_COUNT)
    yield from _each("sweep", sw, "n_workers", BAD_COUNT)
    yield Case("sweep-on_error=x", sw, {"on_error": "x"}, "on_error")
    yield Case("sweep-executor=x", sw, {"executor": "x"}, "executor")
    yield Case("sweep-measure_options=x", sw, {"measure_options": "x"}, "measure_options")
    yield Case("sweep-checkpoint=int", sw, {"checkpoint": 3}, "checkpoint")
    yield from _each("ParameterGrid.point", lambda **k: grid().point(k["k"]), "k",
                     {"half": 0.5, "float": 1.0, "bool": True, "neg": -1, "big": 99, "str": "0"})
    yield from _each("ParameterGrid.columns", lambda **k: grid().columns(**k), "start",
                     {"half": 0.5, "bool": True, "str": "0"})
    yield from _each("ParameterGrid.columns", lambda **k: grid().columns(**k), "stop",
                     {"half": 0.5, "bool": True, "str": "x"})
    yield from _each("ParameterGrid.zip", lambda **k: bg.ParameterGrid.zip({"a": [1]}, **k),
                     "name", {"int": 3, "empty": ""})
    yield Case("get_measure-unknown", lambda **k: bg.get_measure(**k), {"measure": "bogus"},
               "measure")
    yield Case("get_measure-option=unknown", lambda **k: bg.get_measure("verdict", **k),
               {"bogus": 1}, "verdict")
    yield from _each("get_measure[n_equilibria]", lambda **k: bg.get_measure(
        "n_equilibria", **k), "method", {"unknown": "bogus", "int": 3})
    yield from _each("get_measure[verdict]", lambda **k: bg.get_measure("verdict", **k), "blitz",
                     {"int": 3, "none": None})
    # --- input/output
    yield from _each("read_nfg", lambda **k: bg.read_nfg(nfg_text(), **k), "exact",
                     {k: v for k, v in BAD_BOOL.items() if v is not None})
    yield from _each("read_nfg", lambda **k: bg.read_nfg(nfg_text(), **k), "max_size", BAD_COUNT)
    yield from _each("read_json", lambda **k: bg.read_json(json_text(), **k), "max_size",
                     BAD_COUNT)
    yield from _each("write_nfg", lambda **k: bg.write_nfg(g(), **k), "outcome_version",
                     BAD_BOOL)
    yield from _each("write_nfg", lambda **k: bg.write_nfg(g(), **k), "title", {"int": 3})
    yield from _each("write_nfg", lambda **k: bg.write_nfg(g(), **k), "description", {"int": 3})
    yield from _each("write_json", lambda **k: bg.write_json(g(), **k), "title", {"int": 3})
    yield from _each("write_json", lambda **k: bg.write_json(g(), **k), "indent",
                     {"neg": -1, "frac": 2.5, "str": "x", "bool": True})
    yield from _each("EquilibriumResult.to_frame", lambda **k: eq_result().to_frame(**k),
                     "exact", BAD_BOOL)


CASES = list(_cases())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_option_raises_a_clear_error(case: Case) -> None:
    with pytest.raises(InvalidParameterError) as info:
        case.call(**case.kwargs)
    message = str(info.value)
    named = re.search(rf"(?<!\w){re.escape(case.name)}(?!\w)", message)
    assert named, f"message does not name {case.name!r}: {message}"
    assert "got" in message or "expected" in message, f"message lacks the received value: {message}"


def test_the_table_covers_every_public_option_kind() -> None:
    assert len(CASES) >= 400
    assert len({c.id for c in CASES}) == len(CASES), "duplicate case ids"


# ---------------------------------------------------------------- still accepted
def _ok_cases() -> Iterator[tuple[str, Callable[[], Any]]]:
    g, fg = pd_game, float_game
    yield "is_dominant-numpy-bool-and-ints", lambda: bg.is_dominant(
        g(), np.int64(0), np.int32(1), strict=np.bool_(False))
    yield "is_dominant-labels", lambda: bg.is_dominant(g(), "0", "D")
    yield "is_dominated-numpy-bool", lambda: bg.is_dominated(g(), 0, 0, mixed=np.bool_(True))
    yield "pure-tol-zero", lambda: bg.pure_equilibria(fg(), tol=0)
    yield "pure-tol-numpy", lambda: bg.pure_equilibria(fg(), tol=np.float64(1e-6))
    yield "lemke_howson-numpy-label", lambda: bg.lemke_howson(fg(), initial_label=np.int64(1),
                                                              max_pivots=np.int64(50))
    yield "logit_qre-seedsequence", lambda: bg.logit_qre(fg(), rng=np.random.SeedSequence(1))
    yield "logit_qre-generator", lambda: bg.logit_qre(fg(), rng=np.random.default_rng(1))
    yield "fictitious_play-int-rng", lambda: bg.fictitious_play(fg(), n_iter=np.int64(5), rng=3)
    yield "RepeatedGame-fraction", lambda: bg.RepeatedGame(g(), Fraction(1, 2))
    yield "RepeatedGame-finite-one", lambda: bg.RepeatedGame(g(), 1, horizon=np.int64(2))
    yield "backward_induction-numpy", lambda: bg.backward_induction(finite(),
                                                                    max_paths=np.int64(10))
    yield "critical_discount-numpy", lambda: bg.critical_discount(g(), (0, 0),
                                                                  max_length=np.int64(3))
    yield "markov-seed", lambda: bg.markov_perfect(stochastic(), starts=1, rng=0, max_iter=2)
    yield "sweep-seedsequence", lambda: bg.sweep(_Chicken(), {"C": [1.0]}, _measure,
                                                 progress=False, rng=np.random.SeedSequence(0),
                                                 chunksize=np.int64(1))
    yield "read_nfg-numpy-bool", lambda: bg.read_nfg(nfg_text(), exact=np.bool_(True),
                                                     max_size=np.int64(100))
    yield "minmax-numpy-bool", lambda: bg.minmax_values(g(), mixed=np.bool_(False))
    yield "tit_for_tat-label", lambda: bg.tit_for_tat(g(), "1", first="D")
    yield "solve-3-player-rng", lambda: bg.solve(three_players(), rng=np.random.default_rng(0))
    yield "pure_actions-numpy", lambda: markov_eq().pure_actions(np.int64(1))
    yield "grid-point-numpy", lambda: grid().point(np.int64(3))
    yield "write_json-indent", lambda: bg.write_json(g(), indent=np.int64(2), title="t")
    yield "transition-numpy-bool", lambda: stochastic().transition("bust", exact=np.bool_(True))
    yield "automaton-numpy", lambda: _automaton(player=np.int64(1), initial=np.int64(1))
    yield "contains-numpy", lambda: feasible().contains((3, 3), tol=np.float32(0.1),
                                                        rational=np.bool_(True))
    yield "simulate-fraction", lambda: bg.simulate(g(), grim(), np.int64(2), Fraction(1, 2))


OK_CASES = list(_ok_cases())


@pytest.mark.filterwarnings("ignore::blitzgame.ConvergenceWarning")
@pytest.mark.parametrize("call", [c for _, c in OK_CASES], ids=[i for i, _ in OK_CASES])
def test_valid_spellings_are_still_accepted(call: Callable[[], Any]) -> None:
    call()


# ---------------------------------------------------------------- the helpers themselves
@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
def test_check_bool_accepts_bools(value: Any) -> None:
    assert check_bool("flag", value) is bool(value)
    assert check_optional_bool("flag", value) is bool(value)
    assert check_optional_bool("flag", None) is None


@pytest.mark.parametrize(("helper", "value", "expected"), [
    (check_positive_int, np.int64(3), 3),
    (check_finite_positive, 2, 2.0),
    (check_nonnegative, 0, 0.0),
    (lambda name, v: check_index(name, v, 3), np.int8(2), 2),
], ids=["positive_int", "finite_positive", "nonnegative", "index"])
def test_helpers_return_plain_values(helper: Callable[..., Any], value: Any,
                                     expected: Any) -> None:
    out = helper("x", value)
    assert out == expected and type(out) is type(expected)


@pytest.mark.parametrize("rng", [None, 0, np.int64(5), np.random.default_rng(0),
                                 np.random.SeedSequence(1), np.random.PCG64(2)],
                         ids=["none", "int", "np-int", "generator", "seedsequence", "bitgen"])
def test_check_rng_accepts_spec7(rng: Any) -> None:
    assert check_rng(rng) is rng
    np.random.default_rng(check_rng(rng))
