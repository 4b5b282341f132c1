r"""Markov perfect equilibria of stochastic games; Shapley iteration for zero-sum ones.

For a stochastic game (:mod:`blitzgame.games.stochastic`) and stationary
strategies :math:`\sigma = (\sigma_s)_s`, the values solve the linear system

.. math:: V_i(s) = u_i(s, \sigma_s) + \delta \sum_{s'} P(s' \mid s, \sigma_s) V_i(s').

:math:`\sigma` is a **Markov perfect equilibrium** (MPE) iff, with these values,
:math:`\sigma_s` is a Nash equilibrium of every auxiliary game
:math:`u(s, a) + \delta \sum_{s'} P(s' \mid s, a) V(s')` -- the one-shot
deviation principle for discounted stochastic games. blitzgame *verifies*
every returned MPE this way and reports its largest regret.

**Algorithm** (:func:`markov_perfect`; Pakes and McGuire 1994 style value
iteration): start from values :math:`V^0`; in each state solve the auxiliary
game at the current values (pure equilibria, or mixed ones from
:func:`blitzgame.solve` when no pure one exists), select an equilibrium
(the one nearest to the previous selection; the first selection follows a
start-specific preference, so that different starts can find different
equilibria) and take its payoffs as the new values -- for all states at once
(``gauss_jacobi``) or state by state using the newest values
(``gauss_seidel``). Convergence is not guaranteed for general-sum games;
non-convergence is reported (``success=False``) with the reason.

**Zero-sum games** (:func:`shapley_iteration`): the Shapley operator
:math:`V(s) \mapsto \mathrm{val}[u_0(s, \cdot) + \delta P V]` is a
:math:`\delta`-contraction (Shapley 1953); iterate to ``tol``, then, for exact
games, rationalise the optimal stationary strategies, evaluate them exactly and
verify exactly that they are optimal in every auxiliary game. The value of a
stochastic game with rational data may be irrational; then the float answer is
returned with a note.

References
----------
1. Shapley, L. S. (1953). Stochastic games. *PNAS* 39(10), 1095-1100.
2. Pakes, A. and McGuire, P. (1994). Computing Markovian equilibria in a
   dynamic oligopoly model. *RAND J. Econ.* 25(4), 555-589.
3. Maskin, E. and Tirole, J. (2001). Markov perfect equilibrium. *JET* 100, 191-219.
4. Filar, J. and Vrieze, K. (1997). *Competitive Markov Decision Processes*. Springer.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from ..._display import equilibria
from ...exact import fraction_array, solve_rational
from ...exceptions import (
    ConvergenceWarning,
    InvalidParameterError,
    SolverError,
    UnsupportedGameError,
)
from ...games.normal_form import NormalFormGame
from ...games.stochastic import StochasticGame
from ...results import Status, compact_repr, version
from .._checks import check_index, check_nonnegative, check_positive_int, check_rng
from .._numerics.scaling import unit_range
from .._stage import stage_equilibria

__all__ = ["MarkovEquilibrium", "MarkovResult", "markov_perfect", "shapley_iteration",
           "evaluate_strategies", "markov_regrets"]

Strategy = tuple[tuple[np.ndarray, ...], ...]  # per state, per player


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkovEquilibrium:
    """A stationary Markov strategy profile with its values and verified regrets.

    Attributes
    ----------
    strategies : tuple (per state) of tuple (per player) of ndarray
    values : ndarray of shape (|S|, N)
        Discounted values (Fractions when exact).
    regrets : ndarray of shape (|S|,)
        Largest one-shot deviation gain in each state.
    max_regret : float or Fraction
    exact : bool
    """

    __repr__ = compact_repr

    strategies: Strategy
    values: np.ndarray
    regrets: np.ndarray
    max_regret: Any
    exact: bool

    def pure_actions(self, state: int) -> tuple[int, ...] | None:
        """Action indices played in a state (a 0-based index) if pure, else ``None``."""
        out = []
        for s in self.strategies[check_index("state", state, len(self.strategies))]:
            nz = np.flatnonzero(np.asarray(s, float) > 1e-12)
            if len(nz) != 1:
                return None
            out.append(int(nz[0]))
        return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkovResult:
    """Markov perfect equilibria found by a method, with status and provenance."""

    __repr__ = compact_repr

    game: StochasticGame = field(repr=False)
    method: str
    equilibria: tuple[MarkovEquilibrium, ...]
    exact: bool
    success: bool = True
    status: Status = Status.OK
    message: str = ""
    stats: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    version: str = field(default_factory=version)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[MarkovEquilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> MarkovEquilibrium:
        return self.equilibria[k]


def _profile_arrays(game: StochasticGame, sig: tuple[np.ndarray, ...], s: int, exact: bool
                    ) -> tuple[Any, Any]:
    """Expected stage payoffs (N,) and next-state distribution (|S|,) in state s."""
    g = game.stage_game(s)
    u = g.payoff_array if exact else g.float_payoffs
    P = game.transition(s, exact=exact)
    for k in reversed(range(g.num_players)):
        u = np.tensordot(u, sig[k], axes=([k], [0]))
        P = np.tensordot(P, sig[k], axes=([k], [0]))
    return u, P


def evaluate_strategies(game: StochasticGame, sigma: Strategy, *, exact: bool = False
                        ) -> np.ndarray:
    """Values ``(|S|, N)`` of stationary strategies: solve ``(I - delta P) V = r``.

    Examples
    --------
    >>> from blitzgame.games.stochastic import StochasticGame
    >>> g = StochasticGame(1, None, [[[1]]], [[[2]]], 0.5)
    >>> evaluate_strategies(g, (((1,),),))
    array([[4.]])
    """
    S, N = game.num_states, game.num_players
    r_rows, P_rows = [], []
    for s in range(S):
        sig = tuple(fraction_array(x) if exact else np.asarray(x, float) for x in sigma[s])
        u, P = _profile_arrays(game, sig, s, exact)
        r_rows.append(u)
        P_rows.append(P)
    d = game.discount if exact else float(game.discount)
    if exact:
        M = np.array([[(Fraction(1) if a == b else Fraction(0)) - d * P_rows[a][b]
                       for b in range(S)] for a in range(S)], dtype=object)
        R = np.array(r_rows, dtype=object)
        cols = [solve_rational(M, R[:, i]) for i in range(N)]
        # I - d P is non-singular for d < 1: every solution exists
        return np.column_stack(cast("list[NDArray[np.object_]]", cols))
    M = np.eye(S) - d * np.array(P_rows, float)
    return np.linalg.solve(M, np.array(r_rows, float))


def markov_regrets(game: StochasticGame, sigma: Strategy, values: np.ndarray) -> np.ndarray:
    """Largest one-shot deviation gain in each state, given the strategies' values."""
    out = []
    for s in range(game.num_states):
        aux = game.auxiliary_game(s, values)
        prof = tuple(np.asarray(x, dtype=object if aux.exact else float) for x in sigma[s])
        if aux.exact:
            prof = tuple(fraction_array(x) for x in prof)
        out.append(max(aux._regrets(prof)))
    return np.array(out, dtype=object if values.dtype == object else float)


def _select(eqs: Any, prev: tuple[np.ndarray, ...] | None, pref: np.ndarray) -> Any:
    if prev is None:
        return max(eqs, key=lambda e: float(np.dot(pref[:len(e.payoffs)],
                                                   np.asarray(e.payoffs, float))))
    return min(eqs, key=lambda e: sum(float(np.abs(np.asarray(a, float) - b).sum())
                                      for a, b in zip(e.strategies, prev, strict=True)))


def _stage_solve(aux: Any, notes: list[str]) -> Any:
    eqs, n1 = stage_equilibria(aux, mixed=False)
    if not eqs:
        eqs, n1 = stage_equilibria(aux, mixed=True)
    notes.extend(n1)
    return eqs


def markov_perfect(game: StochasticGame, *, method: str = "gauss_seidel", starts: int = 3,
                   rng: Any = None, tol: float = 1e-9, max_iter: int = 5000) -> MarkovResult:
    """Markov perfect equilibria by value iteration on the auxiliary stage games.

    Parameters
    ----------
    game : StochasticGame
    method : {"gauss_seidel", "gauss_jacobi"}
        Update values state by state with the newest values, or all at once.
    starts : int
        Number of starting points (zero values with the first equilibrium
        selection, then random values and selections from ``rng``).
    rng : None, int or numpy.random.Generator
    tol : float
        Stop when the values move less than ``tol`` times the scale (sup norm);
        returned equilibria have regret at most ``100 * tol`` times the scale.
        The computation runs on payoffs mapped onto [0, 1] (each player's
        minimum over all states subtracted, divided by the largest range of a
        player's payoffs), which has the same MPEs; the scale is that range
        over :math:`1 - \\delta`, so the answer does not depend on the payoffs'
        units. Values and regrets are reported in the payoffs' units.
    max_iter : int
        Value-iteration sweeps per start (at least 1).

    Returns
    -------
    MarkovResult
        Distinct verified equilibria; ``success=False`` with a reason (and a
        :class:`ConvergenceWarning`) when no start converged to a verified MPE:
        status ``max_iter`` when the values were still moving, ``failed`` when
        the stage solver found no equilibrium of some state's auxiliary game (a
        start that meets one is abandoned; the stage solver's warnings are in
        ``warnings``).

    Examples
    --------
    A single-state game is a repeated game: the MPE plays a stage equilibrium.

    >>> from blitzgame.games.stochastic import StochasticGame
    >>> pd = StochasticGame(1, None, [[[[1], [1]], [[1], [1]]]],
    ...                     [[[[3, 3], [0, 5]], [[5, 0], [1, 1]]]], 0.9)
    >>> res = markov_perfect(pd)
    >>> res.success, res[0].pure_actions(0), [round(float(v), 6) for v in res[0].values[0]]
    (True, (1, 1), [10.0, 10.0])
    """
    if not isinstance(game, StochasticGame):
        raise InvalidParameterError(f"game must be a StochasticGame; got {type(game).__name__}")
    if method not in ("gauss_seidel", "gauss_jacobi"):
        raise InvalidParameterError(
            f"method must be 'gauss_seidel' or 'gauss_jacobi'; got {method!r}")
    if isinstance(starts, bool) or not isinstance(starts, int) or starts < 1:
        raise InvalidParameterError(f"starts must be a positive integer; got {starts!r}")
    tol, max_iter = check_nonnegative("tol", tol), check_positive_int("max_iter", max_iter)
    gen = np.random.default_rng(check_rng(rng))
    S, N = game.num_states, game.num_players
    d = float(game.discount)
    original, (game, lo, span) = game, _unit_payoffs(game)
    scale = 1.0 / (1.0 - d)  # values of the payoffs in [0, 1]
    notes: list[str] = []
    found: list[MarkovEquilibrium] = []
    reasons: list[str] = []
    iters: list[int] = []
    stage_failed = False
    for k in range(starts):
        V = np.zeros((S, N)) if k == 0 else gen.uniform(0.0, 1.0, (S, N)) / (1 - d)
        pref = np.ones(N) if k == 0 else gen.normal(size=N)
        prev: list[Any] = [None] * S
        converged = False
        missing: int | None = None  # a state whose auxiliary game had no equilibrium found
        for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported below
            V_old = V.copy()
            for s in range(S):
                aux = game.auxiliary_game(s, V if method == "gauss_seidel" else V_old)
                eqs = _stage_solve(aux, notes)
                if not eqs:
                    missing = s
                    break
                e = _select(eqs, prev[s], pref)
                prev[s] = tuple(np.asarray(x, float) for x in e.strategies)
                V[s] = np.asarray(e.payoffs, float)
            if missing is not None:
                break
            if np.max(np.abs(V - V_old)) < tol * scale:
                converged = True
                break
        iters.append(it)
        if missing is not None:
            stage_failed = True
            reasons.append(f"start {k}: the stage solver found no equilibrium of the auxiliary "
                           f"game of state {game.states[missing]!r} at iteration {it} "
                           "(see warnings)")
            continue
        if not converged:
            reasons.append(f"start {k}: values still moved by "
                           f"{np.max(np.abs(V - V_old)) * span:.3g} after {max_iter} iterations "
                           "(cycling equilibrium selection or slow convergence)")
            continue
        sigma: Strategy = tuple(prev)
        vals = evaluate_strategies(game, sigma)
        reg = markov_regrets(game, sigma, vals)
        # back to the payoffs' units
        eq = MarkovEquilibrium(strategies=sigma, values=vals * span + lo / (1.0 - d),
                               regrets=reg * span, max_regret=float(reg.max()) * span,
                               exact=False)
        if float(reg.max()) > 100 * tol * scale:
            reasons.append(f"start {k}: converged values fail the one-shot deviation "
                           f"check (regret {eq.max_regret:.3g})")
            continue
        if not any(_same(eq, f) for f in found):
            found.append(eq)
    ok = bool(found)
    msg = f"{equilibria(len(found), 'verified Markov perfect')}" if ok else \
        "no start converged to a verified MPE: " + "; ".join(reasons)
    if ok and reasons:
        msg += " (" + "; ".join(reasons) + ")"
    notes = sorted(set(notes))
    if not ok:
        warnings.warn(msg, ConvergenceWarning, stacklevel=2)
    status = Status.OK if ok else Status.FAILED if stage_failed else Status.MAX_ITER
    return MarkovResult(game=original, method=method, equilibria=tuple(found), exact=False,
                        success=ok, status=status, message=msg,
                        stats={"iterations": iters}, warnings=tuple(notes),
                        parameters={"starts": starts, "tol": tol, "max_iter": max_iter})


def _unit_payoffs(game: StochasticGame) -> tuple[StochasticGame, np.ndarray, float]:
    """The game with payoffs ``(u - lo) / span`` in [0, 1], with ``lo`` (per player) and ``span``.

    Subtracting a constant from a player's payoffs, and dividing all payoffs by
    one positive number, leaves best replies, and so the MPEs, unchanged; the
    values map back as ``V * span + lo / (1 - delta)``.
    """
    S, N = game.num_states, game.num_players
    u = [game.stage_game(s).float_payoffs for s in range(S)]
    _, lo, span = unit_range(np.concatenate([x.reshape(-1, N) for x in u]), per_player=True)
    stages = [NormalFormGame((x - lo) / span, players=game.players, actions=game.actions(s))
              for s, x in enumerate(u)]
    unit = StochasticGame(game.states, None, [game.transition(s) for s in range(S)], stages,
                          float(game.discount), players=game.players)
    return unit, lo, span


def _same(a: MarkovEquilibrium, b: MarkovEquilibrium) -> bool:
    return all(np.allclose(np.asarray(x, float), np.asarray(y, float), atol=1e-6)
               for sa, sb in zip(a.strategies, b.strategies, strict=True)
               for x, y in zip(sa, sb, strict=True))


def _matrix_game(A: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    from .._numerics.lp import matrix_game_lp

    lp = matrix_game_lp(A)
    if lp.x is None or lp.y is None:
        raise SolverError(f"shapley_iteration: the minimax LP of a state failed: {lp.message}")
    return lp.value, lp.x, lp.y


def _check_zero_sum(game: StochasticGame) -> None:
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"shapley_iteration needs a two-player game; got {game.num_players} players")
    for s in range(game.num_states):
        u = game.stage_game(s).payoff_array
        tot = u[..., 0] + u[..., 1]
        if not (np.all(tot == 0) if game.exact else np.allclose(tot.astype(float), 0)):
            raise UnsupportedGameError(
                f"shapley_iteration needs a zero-sum game; in state {game.states[s]!r} "
                "the payoffs u_0 + u_1 are not all 0 (use markov_perfect)")


def _verify_exact(game: StochasticGame, sigma: Strategy) -> tuple[np.ndarray, bool]:
    vals = evaluate_strategies(game, sigma, exact=True)
    for s in range(game.num_states):
        aux = game.auxiliary_game(s, vals)
        A = aux.payoff_array[..., 0]
        x, y = sigma[s]
        if min(x @ A) != vals[s, 0] or max(A @ y) != vals[s, 0]:
            return vals, False
    return vals, True


def shapley_iteration(game: StochasticGame, *, tol: float = 1e-10,
                      max_iter: int = 100_000) -> MarkovResult:
    """Solve a two-player zero-sum stochastic game by Shapley's value iteration.

    Parameters
    ----------
    game : StochasticGame
        Two players, ``u_0 + u_1 = 0`` in every state and outcome.
    tol : float
        Stop when the contraction bound ``delta/(1-delta) * change`` is below ``tol``.
    max_iter : int

    Returns
    -------
    MarkovResult
        One equilibrium: optimal stationary strategies and the values
        (``values[:, 0]`` is the value of the game from each state). Exact
        Fractions when the game is exact and the rationalised strategies are
        verified optimal exactly.

    Raises
    ------
    SolverError
        If the minimax LP of a state's auxiliary game fails.

    Examples
    --------
    One absorbing state paying 1 per period: the value is 1/(1 - delta).

    >>> from blitzgame.games.stochastic import StochasticGame
    >>> g = StochasticGame(1, None, [[[[1]]]], [[[[1, -1]]]], 0.5)
    >>> shapley_iteration(g)[0].values[0, 0]
    Fraction(2, 1)
    """
    if not isinstance(game, StochasticGame):
        raise InvalidParameterError(f"game must be a StochasticGame; got {type(game).__name__}")
    tol, max_iter = check_nonnegative("tol", tol), check_positive_int("max_iter", max_iter)
    _check_zero_sum(game)
    S = game.num_states
    d = float(game.discount)
    v = np.zeros(S)
    strat: list[tuple[np.ndarray, np.ndarray]] = []
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported below
        V = np.column_stack([v, -v])
        new, strat = np.empty(S), []
        for s in range(S):
            val, x, y = _matrix_game(game.auxiliary_game(s, V).float_payoffs[..., 0])
            new[s] = val
            strat.append((x, y))
        change = float(np.max(np.abs(new - v)))
        v = new
        if d * change <= tol * (1 - d) or d == 0:
            converged = True
            break
    sigma: Strategy = tuple(strat)
    exact, note = False, ""
    if game.exact and converged:
        from .._numerics.lp import round_to_fractions

        for den in (10**3, 10**6, 10**9):
            cand = tuple(tuple(round_to_fractions(z, den) for z in st) for st in strat)
            vals, ok = _verify_exact(game, cand)
            if ok:
                sigma, exact = cand, True
                break
        if not exact:
            note = ("the rationalised strategies could not be verified optimal exactly "
                    "(the value may be irrational); float values returned")
    if exact:
        values = vals
        reg = markov_regrets(game, sigma, values)
        mr: Any = max(reg)
    else:
        values = evaluate_strategies(game, sigma)
        reg = markov_regrets(game, sigma, values)
        mr = float(reg.max())
    msg = f"value iteration converged in {it} iterations" if converged else \
        f"no convergence in {max_iter} iterations"
    if note:
        msg += "; " + note
        warnings.warn(note, ConvergenceWarning, stacklevel=2)
    if not converged:
        warnings.warn(msg, ConvergenceWarning, stacklevel=2)
    eq = MarkovEquilibrium(strategies=sigma, values=values, regrets=reg, max_regret=mr,
                           exact=exact)
    return MarkovResult(game=game, method="shapley_iteration", equilibria=(eq,), exact=exact,
                        success=converged, status=Status.OK if converged else Status.MAX_ITER,
                        message=msg, stats={"iterations": it},
                        parameters={"tol": tol, "max_iter": max_iter})
