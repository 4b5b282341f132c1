r"""Strategy automata for repeated games: simulation and the one-shot deviation check.

A (Moore) automaton for player :math:`i` has finitely many states :math:`Q_i`,
an initial state :math:`q_i^0`, an output :math:`f_i(q) \in A_i` (the action
played in state :math:`q`) and a transition :math:`\tau_i(q, a)` to the next
state after the realized profile :math:`a`. A profile of automata is a
strategy profile of the repeated game; its *joint states*
:math:`q = (q_0, \dots, q_{N-1})` evolve deterministically.

**Values.** In the normalised discounted game, the value of joint state
:math:`q` solves :math:`V_i(q) = (1-\delta) u_i(f(q)) + \delta V_i(\tau(q, f(q)))`,
a linear system (solved exactly for exact games).

**One-shot deviation principle** (Blackwell; Fudenberg and Tirole 1991,
Thm. 4.2): the profile is subgame perfect iff in every joint state reachable
after *any* history no player gains by deviating once,

.. math:: \max_{a_i} (1-\delta) u_i(a_i, f_{-i}(q)) + \delta V_i(\tau(q, (a_i, f_{-i}(q))))
          \le V_i(q).

Constructors: :func:`grim_trigger`, :func:`tit_for_tat`,
:func:`restraint_with_punishment` (stick-and-carrot with a punishment of
:math:`L` periods, restarted by any deviation from it) and
:func:`wait_for_stumble` (hold back until a rival plays a "stumble" action,
then strike forever).

References
----------
1. Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 4-5. MIT Press.
2. Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
3. Abreu, D. (1988). On the theory of infinitely repeated games with
   discounting. *Econometrica* 56(2), 383-396.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from ...exact import solve_rational
from ...exceptions import InvalidParameterError
from ...games.normal_form import NormalFormGame
from ...games.repeated import RepeatedGame, check_discount
from ...results import compact_repr
from .._checks import (
    check_game,
    check_index,
    check_int,
    check_positive_int,
    check_tol,
    describe,
)

__all__ = ["Automaton", "SimulationResult", "DeviationCheck", "grim_trigger", "tit_for_tat",
           "restraint_with_punishment", "wait_for_stumble", "simulate",
           "check_subgame_perfect"]


@dataclass(frozen=True, slots=True, eq=False)
class Automaton:
    """A finite automaton playing one player's repeated-game strategy.

    Attributes
    ----------
    name : str
    player : int
    states : tuple of str
    initial : int
    output : tuple of int
        The action index played in each state.
    transition : ndarray of int, shape (n_states, n_0, ..., n_{N-1})
        Next state after each realized pure profile.
    """

    name: str
    player: int
    states: tuple[str, ...]
    initial: int
    output: tuple[int, ...]
    transition: np.ndarray

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise InvalidParameterError(f"name must be a string; got {describe(self.name)}")
        check_int("player", self.player, 0)
        n = len(self.states)
        check_index("initial", self.initial, n)
        if len(self.output) != n:
            raise InvalidParameterError(
                f"output must give one action per state ({n}); got {len(self.output)}")
        for o in self.output:
            check_int("output", o, 0)
        T = self.transition
        if not isinstance(T, np.ndarray) or T.ndim < 2 or T.shape[0] != n \
                or T.dtype.kind not in "iu" or (T.size and not 0 <= T.min() <= T.max() < n):
            raise InvalidParameterError(
                f"transition must be an int array of shape ({n}, n_0, ..., n_(N-1)) with "
                f"entries in 0..{n - 1}; got {describe(T)}")

    def __repr__(self) -> str:
        return f"Automaton({self.name!r}, player={self.player}, states={self.states!r})"


def _build(stage: NormalFormGame, player: Any, name: str, states: Sequence[str],
           output: Sequence[int], rule: Callable[[int, tuple[int, ...]], int]) -> Automaton:
    p = stage.player_index(player)
    T = np.empty((len(states), *stage.shape), dtype=np.int64)
    for q in range(len(states)):
        for a in stage.pure_profiles():
            T[(q, *a)] = rule(q, a)
    T.flags.writeable = False
    return Automaton(name=name, player=p, states=tuple(states), initial=0,
                     output=tuple(output), transition=T)


def _action(stage: NormalFormGame, p: int, value: Any, name: str) -> int:
    """``stage.action_index`` with the argument's name in the error message."""
    try:
        return stage.action_index(p, value)
    except InvalidParameterError as err:
        raise InvalidParameterError(f"{name}: {err}") from None


def grim_trigger(stage: NormalFormGame, player: Any, path: Sequence[Any],
                 punishment: Sequence[Any]) -> Automaton:
    """Play ``path`` until anyone deviates from it, then ``punishment`` forever.

    Parameters
    ----------
    stage : NormalFormGame
    player : int or str
    path, punishment : sequence
        Pure profiles (indices or labels): the cooperative path and the
        punishment (usually a stage Nash equilibrium).

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> grim_trigger(pd, 0, (0, 0), (1, 1)).states
    ('cooperate', 'punish')
    """
    p = check_game(stage, "stage").player_index(player)
    on, off = stage.pure_profile(path), stage.pure_profile(punishment)
    return _build(stage, p, "grim_trigger", ("cooperate", "punish"), (on[p], off[p]),
                  lambda q, a: 0 if q == 0 and a == on else 1)


def tit_for_tat(stage: NormalFormGame, player: Any, *, first: Any = 0) -> Automaton:
    """Two players with the same number of actions: start with ``first``, then copy the rival.

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> tit_for_tat(pd, 1).output
    (0, 1)
    """
    p = check_game(stage, "stage").player_index(player)
    if stage.num_players != 2 or stage.shape[0] != stage.shape[1]:
        raise InvalidParameterError(
            f"tit_for_tat needs two players with equally many actions; got shape {stage.shape}")
    n = stage.shape[p]
    a0 = _action(stage, p, first, "first")
    order = [a0] + [k for k in range(n) if k != a0]  # state k plays order[k]
    return _build(stage, p, "tit_for_tat", tuple(f"play {stage.actions[p][k]}" for k in order),
                  tuple(order), lambda q, a: order.index(a[1 - p]))


def restraint_with_punishment(stage: NormalFormGame, player: Any, path: Sequence[Any],
                              punishment: Sequence[Any], length: int) -> Automaton:
    """Play ``path``; after a deviation play ``punishment`` for ``length`` periods, then return.

    A deviation from the punishment restarts it (stick and carrot).

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> restraint_with_punishment(pd, 0, (0, 0), (1, 1), 2).states
    ('restrain', 'punish 1', 'punish 2')
    """
    length = check_positive_int("length", length)
    p = check_game(stage, "stage").player_index(player)
    on, off = stage.pure_profile(path), stage.pure_profile(punishment)

    def rule(q: int, a: tuple[int, ...]) -> int:
        expected = on if q == 0 else off
        if a != expected:
            return 1
        return 0 if q in (0, length) else q + 1

    states = ("restrain", *(f"punish {k}" for k in range(1, length + 1)))
    return _build(stage, p, "restraint_with_punishment", states,
                  (on[p], *([off[p]] * length)), rule)


def wait_for_stumble(stage: NormalFormGame, player: Any, wait: Any, strike: Any,
                     stumble: Sequence[Any]) -> Automaton:
    """Play ``wait`` until a rival plays one of the ``stumble`` actions, then ``strike`` forever.

    ``stumble`` lists action labels (or indices, applied to every rival).

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[1, 0], [2, -1]], [[1, 2], [0, -1]],
    ...     actions=(("wait", "blitz"), ("steady", "stumble")))
    >>> wait_for_stumble(g, 0, "wait", "blitz", ["stumble"]).output
    (0, 1)
    """
    p = check_game(stage, "stage").player_index(player)
    w, s = _action(stage, p, wait, "wait"), _action(stage, p, strike, "strike")
    if isinstance(stumble, str) or not isinstance(stumble, Sequence):
        raise InvalidParameterError(
            f"stumble must be a sequence of action labels or indices; got {describe(stumble)}")
    trig = {j: {k for k in range(stage.shape[j])
                if k in stumble or stage.actions[j][k] in stumble}
            for j in range(stage.num_players) if j != p}
    return _build(stage, p, "wait_for_stumble", ("wait", "strike"), (w, s),
                  lambda q, a: 1 if q == 1 or any(a[j] in t for j, t in trig.items()) else 0)


def _check_profile(stage: NormalFormGame, automata: Sequence[Automaton]) -> None:
    if len(automata) != stage.num_players:
        raise InvalidParameterError(
            f"automata must give one Automaton per player ({stage.num_players}); "
            f"got {len(automata)}")
    for i, m in enumerate(automata):
        if not isinstance(m, Automaton) or m.transition.shape[1:] != stage.shape:
            raise InvalidParameterError(
                f"automata[{i}] must be an Automaton built for this stage game (shape "
                f"{stage.shape}); got {m!r}")


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """A simulated play: the path, per-period payoffs and discounted totals.

    ``payoffs`` is :math:`\\sum_t \\delta^t u(a^t)`; ``normalized`` multiplies by
    :math:`(1-\\delta)/(1-\\delta^T)` (the average for :math:`\\delta = 1`).
    """

    __repr__ = compact_repr

    path: tuple[tuple[int, ...], ...]
    labels: tuple[tuple[str, ...], ...]
    stage_payoffs: np.ndarray
    payoffs: tuple[Any, ...]
    normalized: tuple[Any, ...]


def simulate(stage: NormalFormGame, automata: Sequence[Automaton], horizon: int,
             discount: Any = 1) -> SimulationResult:
    """Play automata against each other for ``horizon`` periods.

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     actions=(("C", "D"), ("C", "D")))
    >>> always_d = grim_trigger(pd, 1, (1, 1), (1, 1))
    >>> sim = simulate(pd, [tit_for_tat(pd, 0), always_d], 3)
    >>> sim.labels, sim.payoffs
    ((('C', 'D'), ('D', 'D'), ('D', 'D')), (Fraction(2, 1), Fraction(7, 1)))
    """
    _check_profile(check_game(stage, "stage"), automata)
    horizon = check_positive_int("horizon", horizon)
    d = check_discount(discount, exact=stage.exact, allow_one=True)
    u = stage.payoff_array
    q = [m.initial for m in automata]
    path, pays = [], []
    for _ in range(horizon):
        a = tuple(m.output[qi] for m, qi in zip(automata, q, strict=True))
        path.append(a)
        pays.append(u[a])
        q = [int(m.transition[(qi, *a)]) for m, qi in zip(automata, q, strict=True)]
    P = np.array(pays, dtype=u.dtype)
    w = np.array([d ** t for t in range(horizon)], dtype=object if stage.exact else float)
    tot = tuple(P[:, i] @ w for i in range(stage.num_players))
    norm_f = (1 - d) / (1 - d ** horizon) if d != 1 else Fraction(1, horizon) \
        if stage.exact else 1.0 / horizon
    labels = tuple(tuple(stage.actions[i][k] for i, k in enumerate(a)) for a in path)
    return SimulationResult(path=tuple(path), labels=labels, stage_payoffs=P, payoffs=tot,
                            normalized=tuple(t * norm_f for t in tot))


@dataclass(frozen=True, slots=True)
class DeviationCheck:
    """Outcome of the one-shot deviation check of an automaton profile.

    Attributes
    ----------
    subgame_perfect : bool
    max_gain : Fraction or float
        Largest gain from a one-shot deviation over all reachable joint states
        (<= 0 exactly, or <= tol, iff subgame perfect).
    values : tuple
        Normalised value of each player from the initial joint state.
    violations : tuple of (joint state labels, player, action label, gain)
    n_states : int
        Number of joint states reachable after some history.
    exact : bool
    """

    __repr__ = compact_repr

    subgame_perfect: bool
    max_gain: Any
    values: tuple[Any, ...]
    violations: tuple[tuple[tuple[str, ...], int, str, Any], ...]
    n_states: int
    exact: bool


def check_subgame_perfect(game: RepeatedGame, automata: Sequence[Automaton], *,
                          tol: float | None = None) -> DeviationCheck:
    """Check an automaton profile for subgame perfection by one-shot deviations.

    Parameters
    ----------
    game : RepeatedGame
        Infinite horizon (discount < 1).
    automata : sequence of Automaton
        One per player.
    tol : float, optional
        Float games: gains up to ``tol`` are ignored (default the stage's
        ``float_tol``). Exact games are checked exactly.

    Examples
    --------
    Grim trigger sustains cooperation in the PD (T=5, R=3, P=1) iff delta >= 1/2:

    >>> import blitzgame as bg
    >>> from blitzgame.games.repeated import RepeatedGame
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> grim = [grim_trigger(pd, i, (0, 0), (1, 1)) for i in range(2)]
    >>> check_subgame_perfect(RepeatedGame(pd, discount=0.5), grim).subgame_perfect
    True
    >>> check_subgame_perfect(RepeatedGame(pd, discount=0.4), grim).max_gain
    Fraction(2, 5)
    """
    if not isinstance(game, RepeatedGame) or game.is_finite:
        raise InvalidParameterError(
            f"game must be an infinitely repeated RepeatedGame; got {game!r}")
    stage = game.stage
    _check_profile(stage, automata)
    t = check_tol(stage, tol)
    exact = stage.exact
    d = game.discount
    u = stage.payoff_array if exact else stage.float_payoffs
    N = stage.num_players

    def step(q: tuple[int, ...], a: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(int(m.transition[(qi, *a)]) for m, qi in zip(automata, q, strict=True))

    def play(q: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(m.output[qi] for m, qi in zip(automata, q, strict=True))

    start = tuple(m.initial for m in automata)
    index = {start: 0}
    order = [start]
    k = 0
    while k < len(order):  # every joint state reachable after any history
        for a in stage.pure_profiles():
            nq = step(order[k], a)
            if nq not in index:
                index[nq] = len(order)
                order.append(nq)
        k += 1
    n = len(order)
    M = np.zeros((n, n), dtype=object if exact else float)
    one = Fraction(1) if exact else 1.0
    for r, q in enumerate(order):
        M[r, r] += one
        M[r, index[step(q, play(q))]] -= d
    R = np.array([[(1 - d) * u[play(q)][i] for i in range(N)] for q in order],
                 dtype=object if exact else float)
    if exact:
        # I - d P is non-singular for d < 1: every solution exists
        V = np.column_stack(cast("list[NDArray[np.object_]]",
                                 [solve_rational(M, R[:, i]) for i in range(N)]))
    else:
        V = np.linalg.solve(M.astype(float), R.astype(float))
    t = 0 if exact else t
    gains, viol = [], []
    for r, q in enumerate(order):
        a = play(q)
        for i in range(N):
            for b in range(stage.shape[i]):
                dev = a[:i] + (b,) + a[i + 1:]
                g = (1 - d) * u[dev][i] + d * V[index[step(q, dev)], i] - V[r, i]
                gains.append(g)
                if g > t:
                    labels = tuple(m.states[qi] for m, qi in zip(automata, q, strict=True))
                    viol.append((labels, i, stage.actions[i][b], g))
    mg = max(gains)
    return DeviationCheck(subgame_perfect=not viol, max_gain=mg, values=tuple(V[0]),
                          violations=tuple(viol), n_states=n, exact=exact)
