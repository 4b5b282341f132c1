r"""Learning and evolutionary dynamics: fictitious play and the replicator equation.

**Fictitious play** (Brown 1951). At each period :math:`t = 1, 2, \dots` every
player plays a pure best response to the opponents' *empirical* mixed
strategies :math:`\bar x_j(t) = \frac1t \sum_{s \le t} e_{a_j(s)}` (all players
update simultaneously; ties are broken uniformly at random with ``rng``). The
empirical strategies converge to a Nash equilibrium in two-player zero-sum
games (Robinson 1951), 2x2 games (Miyasawa 1961) and games solvable by iterated
strict dominance, but may cycle forever: Shapley's (1964) 3x3 game is the
classic counterexample.

**Replicator dynamics** (Taylor & Jonker 1978). For a population playing the
mixed strategy :math:`x`,

.. math:: \dot x_a = x_a\,\bigl[(A x)_a - x^\top A x\bigr]

in a symmetric two-player game with row matrix :math:`A` (single population);
in general each player :math:`i` has its own population and
:math:`\dot x_{i,a} = x_{i,a}\,[v_i(a) - x_i^\top v_i]` with
:math:`v_i(a) = u_i(a, x_{-i})` (multi-population). Interior trajectories that
converge converge to a Nash equilibrium; an evolutionarily stable strategy is
asymptotically stable. The ODE is integrated with :func:`scipy.integrate.solve_ivp`.

A run *converges* when the final profile's largest regret is at most ``tol``;
otherwise the result says so (``converged=False``, status ``max_iter``) and a
:class:`~blitzgame.exceptions.ConvergenceWarning` is issued.

References
----------
1. Brown, G. (1951). Iterative solution of games by fictitious play.
2. Robinson, J. (1951). An iterative method of solving a game. *Ann. Math.* 54.
3. Shapley, L. (1964). Some topics in two-person games. *Adv. Game Theory* 52.
4. Taylor, P. and Jonker, L. (1978). Evolutionarily stable strategies and game
   dynamics. *Math. Biosci.* 40, 145-156.
5. Weibull, J. (1995). *Evolutionary Game Theory*. MIT Press, ch. 3 and 5.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import solve_ivp

from ...exceptions import ConvergenceWarning, InvalidParameterError
from ...games.normal_form import NormalFormGame
from ...results import Status, compact_repr
from .._checks import (
    check_finite_positive,
    check_game,
    check_int,
    check_nonnegative,
    check_positive_int,
    check_rng,
)

__all__ = ["fictitious_play", "replicator_dynamics", "DynamicsResult"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DynamicsResult:
    """A trajectory of a learning or evolutionary dynamic.

    Attributes
    ----------
    trajectory : tuple of ndarray
        One array of shape ``(T, n_i)`` per player: the mixed strategy at each
        recorded time (empirical frequencies for fictitious play).
    times : ndarray
        The ``T`` recorded times (periods for fictitious play).
    final : tuple of ndarray
        The last profile.
    converged : bool
        Whether the final profile's max regret is at most ``tol``.
    max_regret : float
        Max regret of the final profile.
    success : bool
        Whether the computation itself succeeded (the ODE solver, say).
    status : Status
        ``ok`` (converged), ``max_iter`` (ran to the end without converging) or
        ``failed``.
    message : str
    method : str
        ``"fictitious_play"`` or ``"replicator_dynamics"``.
    parameters : mapping
        The options used.
    """

    __repr__ = compact_repr

    trajectory: tuple[NDArray[np.float64], ...]
    times: NDArray[np.float64]
    final: tuple[NDArray[np.float64], ...]
    converged: bool
    max_regret: float
    success: bool = True
    status: Status = Status.OK
    message: str = ""
    method: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)


def _tol(game: NormalFormGame, tol: float | None, default: float) -> float:
    if tol is None:
        return default * max(1.0, float(np.max(np.abs(game.float_payoffs))))
    return check_nonnegative("tol", tol)


def _init(game: NormalFormGame, init: Sequence[ArrayLike] | None) -> list[NDArray[np.float64]]:
    prof = game.validate_profile(init, name="init")  # type: ignore[arg-type]
    return [np.asarray(p, dtype=np.float64) for p in prof]


def _values(u: NDArray[np.float64], prof: Sequence[NDArray[np.float64]], i: int
            ) -> NDArray[np.float64]:
    N = len(prof)
    ops: list[Any] = [u[..., i], list(range(N))]
    for k in range(N):
        if k != i:
            ops += [prof[k], [k]]
    return np.einsum(*ops, [i])  # type: ignore[no-any-return]


def _regret(u: NDArray[np.float64], prof: Sequence[NDArray[np.float64]]) -> float:
    return max(float(v.max() - v @ p) for v, p in
               ((_values(u, prof, i), prof[i]) for i in range(len(prof))))


def _finish(game: NormalFormGame, traj: list[NDArray[np.float64]], times: NDArray[np.float64],
            tol: float, method: str, params: dict[str, Any], success: bool = True,
            note: str = "") -> DynamicsResult:
    final = tuple(np.array(x[-1]) for x in traj)
    reg = _regret(game.float_payoffs, final)
    converged = success and reg <= tol
    if converged:
        status, msg = Status.OK, f"converged: final max regret {reg:.3g} <= tol {tol:.3g}"
    else:
        status = Status.MAX_ITER if success else Status.FAILED
        msg = note or (f"did not converge: final max regret {reg:.3g} > tol {tol:.3g}")
        warnings.warn(f"{method}: {msg}", ConvergenceWarning, stacklevel=3)
    for x in traj:
        x.flags.writeable = False
    return DynamicsResult(trajectory=tuple(traj), times=times, final=final, converged=converged,
                          max_regret=reg, success=success, status=status, message=msg,
                          method=method, parameters=params)


def fictitious_play(
    game: NormalFormGame, *, n_iter: int = 10_000, init: Sequence[ArrayLike] | None = None,
    rng: int | np.random.Generator | None = None, tol: float | None = None,
) -> DynamicsResult:
    """Run discrete-time fictitious play with simultaneous updates (N players).

    Parameters
    ----------
    game : NormalFormGame
    n_iter : int
        Number of periods.
    init : sequence of array_like, optional
        Initial beliefs: a mixed profile counted as the period-0 play. Default:
        a pure profile drawn uniformly at random with ``rng``.
    rng : None, int or Generator
        Randomness for the default initial profile and for tie-breaking.
    tol : float, optional
        Convergence threshold on the final max regret; default
        ``2e-2 * max(1, max|u|)`` (fictitious play converges slowly: in matching
        pennies the regret after t periods is about :math:`t^{-1/2}`).

    Returns
    -------
    DynamicsResult
        ``trajectory[i][t]`` is player i's empirical mixed strategy after period
        ``t`` (``t = 0`` is the initial profile), ``times = 0..n_iter``.

    Warns
    -----
    ConvergenceWarning
        The final max regret exceeds ``tol``.

    Examples
    --------
    >>> import blitzgame as bg
    >>> mp = bg.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> res = bg.fictitious_play(mp, n_iter=5000, rng=0)
    >>> res.converged, [round(float(p), 1) for p in res.final[0]]
    (True, [0.5, 0.5])
    """
    game = check_game(game)
    n_iter = check_positive_int("n_iter", n_iter)
    t = _tol(game, tol, 2e-2)
    gen = np.random.default_rng(check_rng(rng))
    u = game.float_payoffs
    N = game.num_players
    if init is None:
        counts = [np.zeros(n) for n in game.shape]
        for i, n in enumerate(game.shape):
            counts[i][gen.integers(n)] = 1.0
    else:
        counts = _init(game, init)
    traj = [np.empty((n_iter + 1, n)) for n in game.shape]
    for i in range(N):
        traj[i][0] = counts[i]
    scale = max(1.0, float(np.max(np.abs(u))))
    # unnormalised action values against the opponents' counts; for two players
    # they are updated incrementally (one column per period)
    vals = [_values(u, counts, i) for i in range(N)]
    for step in range(1, n_iter + 1):
        moves = []
        for i in range(N):
            v = vals[i]
            best = np.flatnonzero(v >= v.max() - 1e-12 * scale * step)
            moves.append(int(best[0]) if len(best) == 1 else int(gen.choice(best)))
        for i, a in enumerate(moves):
            counts[i][a] += 1.0
            traj[i][step] = counts[i] / (step + 1)
        if N == 2:
            vals[0] = vals[0] + u[:, moves[1], 0]
            vals[1] = vals[1] + u[moves[0], :, 1]
        else:
            vals = [_values(u, counts, i) for i in range(N)]
    params = {"n_iter": n_iter, "tol": t, "init": "random" if init is None else "given"}
    return _finish(game, traj, np.arange(n_iter + 1, dtype=np.float64), t, "fictitious_play",
                   params)


def replicator_dynamics(
    game: NormalFormGame, *, init: Sequence[ArrayLike] | None = None, t_max: float = 100.0,
    n_points: int = 1001, tol: float | None = None, populations: str = "auto",
) -> DynamicsResult:
    """Integrate the (single- or multi-population) replicator dynamics.

    Parameters
    ----------
    game : NormalFormGame
    init : sequence of array_like, optional
        Initial mixed profile; default the uniform (barycentre) profile. Pure
        strategies not in the initial support stay extinct.
    t_max : float
        Integration horizon.
    n_points : int
        Number of recorded times in ``[0, t_max]``.
    tol : float, optional
        Convergence threshold on the final max regret; default
        ``1e-6 * max(1, max|u|)``.
    populations : {"auto", "single", "multi"}
        ``"single"``: one population playing a symmetric two-player game against
        itself (row matrix ``A``); ``"multi"``: one population per player.
        ``"auto"``: single for symmetric two-player games whose initial
        strategies are equal, multi otherwise.

    Returns
    -------
    DynamicsResult
        For a single population both players' trajectories are the same array.

    Raises
    ------
    InvalidParameterError
        Bad options, or ``populations="single"`` for a game that is not
        symmetric with two players.

    Warns
    -----
    ConvergenceWarning
        The final profile's max regret exceeds ``tol`` (e.g. cycling, or a rest
        point on the boundary that is not a Nash equilibrium), or the ODE solver failed.

    Examples
    --------
    Hawk-dove (V=2, C=6): from any interior start the population converges to
    the mixed ESS, hawk with probability V/C = 1/3:

    >>> import blitzgame as bg
    >>> hd = bg.NormalFormGame.from_bimatrix([[-2, 2], [0, 1]], [[-2, 0], [2, 1]])
    >>> res = bg.replicator_dynamics(hd, init=[[0.9, 0.1], [0.9, 0.1]])
    >>> res.converged, [round(float(p), 6) for p in res.final[0]]
    (True, [0.333333, 0.666667])
    """
    game = check_game(game)
    t_max = check_finite_positive("t_max", t_max)
    n_points = check_int("n_points", n_points, 2)
    t = _tol(game, tol, 1e-6)
    if populations not in ("auto", "single", "multi"):
        raise InvalidParameterError(
            f"populations must be 'auto', 'single' or 'multi'; got {populations!r}")
    x0 = [np.full(n, 1.0 / n) for n in game.shape] if init is None else _init(game, init)
    sym = game.num_players == 2 and game.is_symmetric()
    if populations == "single" and not sym:
        raise InvalidParameterError(
            "populations='single' needs a symmetric two-player game (B = A^T); got "
            f"{game.num_players} players, symmetric={sym}")
    single = populations == "single" or (
        populations == "auto" and sym and np.allclose(x0[0], x0[1], rtol=0, atol=1e-12))
    u = game.float_payoffs
    sizes = [len(x) for x in x0]
    off = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    if single:
        A = u[..., 0]

        def rhs(_t: float, x: NDArray[np.float64]) -> NDArray[np.float64]:
            f = A @ x
            return x * (f - x @ f)

        start = x0[0]
    else:
        def rhs(_t: float, x: NDArray[np.float64]) -> NDArray[np.float64]:
            prof = [x[off[i]:off[i + 1]] for i in range(len(sizes))]
            out = np.empty_like(x)
            for i, p in enumerate(prof):
                v = _values(u, prof, i)
                out[off[i]:off[i + 1]] = p * (v - p @ v)
            return out

        start = np.concatenate(x0)
    times = np.linspace(0.0, t_max, n_points)
    sol = solve_ivp(rhs, (0.0, t_max), start, t_eval=times, method="LSODA", rtol=1e-10,
                    atol=1e-12)
    params = {"t_max": t_max, "n_points": n_points, "tol": t,
              "populations": "single" if single else "multi",
              "init": "uniform" if init is None else "given"}
    if not sol.success:
        traj = [np.array([x]) for x in x0]
        return _finish(game, traj, np.zeros(1), t, "replicator_dynamics", params, success=False,
                       note=f"the ODE solver failed: {sol.message}")
    Y = np.clip(sol.y.T, 0.0, None)
    if single:
        Y = Y / Y.sum(axis=1, keepdims=True)
        traj = [Y, Y.copy()]
    else:
        traj = []
        for i in range(len(sizes)):
            Yi = Y[:, off[i]:off[i + 1]]
            traj.append(Yi / Yi.sum(axis=1, keepdims=True))
    return _finish(game, traj, sol.t, t, "replicator_dynamics", params)
