"""Adapters: one game given as a payoff tensor ``u (n_0..n_{N-1}, N)``, solved by each library.

Every adapter has two steps: ``prepare(u)`` builds the library's own game object
(not timed) and ``solve(prepared)`` runs the solver (timed). ``solve`` returns a
list of equilibria, each a tuple of float probability vectors (or Fractions for
the exact solvers), so answers can be verified and compared across libraries.
A library that is not installed raises ImportError from ``prepare``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

Profile = tuple[np.ndarray, ...]


@dataclass(frozen=True)
class Solver:
    """A named solver of one library: build the game (untimed), then solve (timed)."""

    library: str
    method: str
    prepare: Callable[[np.ndarray], Any]
    solve: Callable[[Any], list[Profile]]
    exact: bool = False


# ------------------------------------------------------------------------ blitzgame
def _bg_game(u: np.ndarray) -> Any:
    import blitzgame as bg

    return bg.NormalFormGame(u)


def _bg_exact_game(u: np.ndarray) -> Any:
    import blitzgame as bg

    return bg.NormalFormGame(np.asarray(u).astype(np.int64))


def _bg(method: str, **options: Any) -> Callable[[Any], list[Profile]]:
    import blitzgame as bg

    func = getattr(bg, method)  # ImportError / AttributeError when not written yet

    def solve(game: Any) -> list[Profile]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = func(game, **options)
        return [tuple(e.strategies) for e in res]

    return solve


def blitzgame_solver(method: str, *, exact: bool = False, **options: Any) -> Solver:
    """``bg.<method>(game)``; raises ImportError when the method is not available."""
    try:
        solve = _bg(method, **options)
    except AttributeError as err:  # the lazy import failed: module not written
        raise ImportError(f"blitzgame.{method} is not available: {err}") from err
    return Solver("blitzgame", method + (" (exact)" if exact else ""),
                  _bg_exact_game if exact else _bg_game, solve, exact)


# ------------------------------------------------------------------------ quantecon
def _qe_game(u: np.ndarray) -> Any:
    import quantecon.game_theory as gt

    n = u.shape[-1]
    players = [gt.Player(np.transpose(u[..., i], [(i + k) % n for k in range(n)]).copy())
               for i in range(n)]
    return gt.NormalFormGame(players)


def quantecon_solver(method: str) -> Solver:
    import quantecon.game_theory as gt

    func = getattr(gt, method)

    def solve(g: Any) -> list[Profile]:
        if method == "lemke_howson":
            return [tuple(func(g, init_pivot=0))]
        if method == "pure_nash_brute":
            out = func(g)
            return [tuple(np.eye(n)[a] for n, a in zip(g.nums_actions, prof, strict=True))
                    for prof in out]
        return [tuple(eq) for eq in func(g)]

    return Solver("quantecon", method, _qe_game, solve)


# ------------------------------------------------------------------------ pygambit
def _gbt_game(u: np.ndarray, exact: bool = False) -> Any:
    import pygambit as gbt

    arrays = [u[..., i] for i in range(u.shape[-1])]
    if exact:
        arrays = [np.asarray(a).astype(np.int64) for a in arrays]
    return gbt.Game.from_arrays(*arrays)


def _gbt_profiles(game: Any, result: Any, exact: bool) -> list[Profile]:
    out = []
    for eq in result.equilibria:
        strat = []
        for p in game.players:
            vals = [eq[s] for s in p.strategies]
            strat.append(np.array([Fraction(str(v)) for v in vals], dtype=object) if exact
                         else np.array([float(v) for v in vals]))
        out.append(tuple(strat))
    return out


def gambit_solver(method: str, *, exact: bool = False) -> Solver:
    import pygambit as gbt

    func = getattr(gbt.nash, method)

    def solve(game: Any) -> list[Profile]:
        if method == "enumpure_solve":
            res = func(game)
        elif method == "lcp_solve":
            res = func(game, rational=exact, stop_after=1)
        else:
            res = func(game, rational=exact)
        return _gbt_profiles(game, res, exact)

    return Solver("pygambit", method + (" (rational)" if exact else " (float)"),
                  lambda u: _gbt_game(u, exact), solve, exact)


# ------------------------------------------------------------------------ nashpy
def nashpy_solver(method: str) -> Solver:
    import nashpy

    def prepare(u: np.ndarray) -> Any:
        return nashpy.Game(u[..., 0], u[..., 1])

    def solve(g: Any) -> list[Profile]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if method == "lemke_howson":
                return [tuple(g.lemke_howson(initial_dropped_label=0))]
            return [tuple(eq) for eq in getattr(g, method)()]

    return Solver("nashpy", method, prepare, solve)


def make(factory: Callable[..., Solver], *args: Any, **kwargs: Any) -> Solver | str:
    """A solver, or the reason it is not available (a string)."""
    try:
        return factory(*args, **kwargs)
    except ImportError as err:
        return f"not available ({err})"
