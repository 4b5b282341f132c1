r"""Stochastic (dynamic, Markov) games with finitely many states.

A stochastic game (Shapley 1953) has players :math:`i = 0..N-1`, states
:math:`s \in S`, in each state a finite action set :math:`A_i(s)` per player,
stage payoffs :math:`u_i(s, a)`, transition probabilities
:math:`P(s' \mid s, a)` and a discount factor :math:`0 \le \delta < 1`. In
every period the players see the state, act simultaneously, receive
:math:`u(s, a)` and the state moves to :math:`s' \sim P(\cdot \mid s, a)`.
Each player maximises :math:`\mathbb E \sum_t \delta^t u_i(s_t, a_t)`
(unnormalised).

A *stationary Markov strategy* picks a mixed action per state. Given
continuation values :math:`V`, the state-:math:`s` *auxiliary game* has payoffs
:math:`u_i(s, a) + \delta \sum_{s'} P(s' \mid s, a) V_i(s')`; a Markov perfect
equilibrium is a strategy whose values :math:`V` make it a Nash equilibrium of
every auxiliary game (see :mod:`blitzgame.solvers.stochastic.markov`).

Here the stage payoffs of state ``s`` form a
:class:`~blitzgame.games.normal_form.NormalFormGame` (:meth:`StochasticGame.stage_game`)
and the transitions an array of shape ``(n_0(s), ..., n_{N-1}(s), |S|)``.

References
----------
1. Shapley, L. S. (1953). Stochastic games. *PNAS* 39(10), 1095-1100.
2. Filar, J. and Vrieze, K. (1997). *Competitive Markov Decision Processes*. Springer.

Examples
--------
>>> import blitzgame as bg
>>> from blitzgame.games.stochastic import StochasticGame
>>> g = StochasticGame(
...     states=("low", "high"),
...     actions=[(("wait", "invest"),), (("wait",),)],
...     transitions=[[[1, 0], [0, 1]], [[[0, 1]]][0]],
...     payoffs=[[[0], [-1]], [[2]]],
...     discount=0.5)
>>> g
StochasticGame(states=('low', 'high'), players=('0',), discount=1/2)
>>> g.stage_game("low").shape
(2,)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import check_bool, describe
from ..exact import as_payoff_array, fraction_array
from ..exceptions import InvalidGameError, InvalidParameterError
from .normal_form import NormalFormGame
from .repeated import check_discount

__all__ = ["StochasticGame"]


def _state_labels(states: Any) -> tuple[str, ...]:
    if isinstance(states, (int, np.integer)) and not isinstance(states, bool):
        if states < 1:
            raise InvalidGameError(f"states must be at least 1; got {states}")
        return tuple(str(k) for k in range(int(states)))
    if isinstance(states, str) or not isinstance(states, Sequence) or len(states) == 0:
        raise InvalidGameError(
            f"states must be a positive int or a non-empty sequence of labels; got {states!r}")
    labels = tuple(str(s) for s in states)
    if len(set(labels)) != len(labels):
        raise InvalidGameError(f"states must be distinct; got {labels!r}")
    return labels


class StochasticGame:
    """A finite stochastic game: states, per-state stage games, transitions, discount.

    Parameters
    ----------
    states : int or sequence of str
        Number of states or their labels.
    actions : sequence
        Per state, a sequence with one entry per player: an action count or a
        sequence of action labels. ``None`` infers the counts from ``payoffs``.
    transitions : sequence of array_like
        Per state ``s``, an array of shape ``(n_0(s), ..., n_{N-1}(s), |S|)``
        whose last axis is a probability vector over the next state.
    payoffs : sequence of array_like or NormalFormGame
        Per state, the stage payoffs: a :class:`NormalFormGame`, or an array of
        shape ``(n_0(s), ..., n_{N-1}(s), N)`` (a 1-D array for one player).
    discount : float or Fraction
        Discount factor in ``[0, 1)``.
    players : sequence of str, optional
        Player labels (default ``"0", "1", ...``).

    Raises
    ------
    InvalidGameError
        Mismatched shapes, a transition row that is not a probability vector
        (negative entries or a sum other than 1), bad labels.
    InvalidParameterError
        A discount outside ``[0, 1)``.

    Examples
    --------
    A one-state game is a repeated game without memory:

    >>> import blitzgame as bg
        >>> from blitzgame.games.stochastic import StochasticGame
    >>> g = StochasticGame(1, None, [[[[1], [1]], [[1], [1]]]],
    ...                       [[[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]], 0.9)
    >>> g.num_states, g.num_players, g.shape(0)
    (1, 2, (2, 2))
    >>> StochasticGame(1, None, [[[1], [0.4]]], [[[1], [2]]], 0.9)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.InvalidGameError: transitions[0] row (1,) sums to 0.4; ...
    """

    __slots__ = ("_states", "_games", "_trans", "_trans_exact", "_discount", "_exact",
                 "_players")

    def __init__(self, states: int | Sequence[str], actions: Sequence[Any] | None,
                 transitions: Sequence[ArrayLike], payoffs: Sequence[Any], discount: Any,
                 *, players: Sequence[str] | None = None) -> None:
        labels = _state_labels(states)
        S = len(labels)
        for name, seq in (("payoffs", payoffs), ("transitions", transitions)):
            if isinstance(seq, str) or not isinstance(seq, (Sequence, np.ndarray)) \
                    or len(seq) != S:
                got = len(seq) if isinstance(seq, (Sequence, np.ndarray)) else type(seq).__name__
                raise InvalidGameError(f"{name} must give one entry per state ({S}); got {got}")
        if actions is not None and (not isinstance(actions, Sequence) or len(actions) != S):
            raise InvalidGameError(
                f"actions must give one entry per state ({S}) or be None; got {actions!r}")
        games: list[NormalFormGame] = []
        for s in range(S):
            p = payoffs[s]
            acts = None if actions is None else actions[s]
            if acts is not None:
                acts = [tuple(str(k) for k in range(a)) if isinstance(a, (int, np.integer))
                        else tuple(a) for a in acts]
            if isinstance(p, NormalFormGame):
                g = p if acts is None else p.with_labels(actions=acts)
            else:
                try:
                    arr, _ = as_payoff_array(p, exact=None, name=f"payoffs[{s}]")
                    g = NormalFormGame(arr, players=players, actions=acts)
                except InvalidGameError as err:
                    raise InvalidGameError(f"payoffs[{s}]: {err}") from None
            games.append(g)
        N = games[0].num_players
        for s, g in enumerate(games):
            if g.num_players != N:
                raise InvalidGameError(
                    f"payoffs[{s}] has {g.num_players} players; state 0 has {N}")
        plabels = tuple(players) if players is not None else games[0].players
        games = [g if g.players == plabels else g.with_labels(players=plabels) for g in games]
        exact = all(g.exact for g in games)
        trans: list[NDArray[np.float64]] = []
        trans_exact: list[NDArray[Any]] = []
        for s, (t, g) in enumerate(zip(transitions, games, strict=True)):
            arr, t_exact = as_payoff_array(t, exact=None, name=f"transitions[{s}]")
            want = (*g.shape, S)
            if arr.shape != want:
                raise InvalidGameError(
                    f"transitions[{s}] has shape {arr.shape}; expected {want} "
                    f"(the actions of state {labels[s]!r} times the {S} next states)")
            exact = exact and t_exact
            f = arr.astype(np.float64)
            if np.any(f < 0):
                bad = tuple(int(k) for k in np.argwhere(f < 0)[0][:-1])
                raise InvalidGameError(
                    f"transitions[{s}] row {bad} has a negative probability; each row must "
                    f"be a probability vector over the {S} states")
            sums = arr.sum(axis=-1)
            ok = (sums == 1) if t_exact else np.abs(f.sum(axis=-1) - 1.0) <= 1e-9
            if not np.all(ok):
                bad = tuple(int(k) for k in np.argwhere(~np.asarray(ok, dtype=bool))[0])
                raise InvalidGameError(
                    f"transitions[{s}] row {bad} sums to {float(sums[bad]):.6g}; each row "
                    f"must be a probability vector over the {S} states (sum 1)")
            f = f / f.sum(axis=-1, keepdims=True)
            f.flags.writeable = False
            trans.append(f)
            trans_exact.append(arr if t_exact else f)
        self._states = labels
        self._games = tuple(games)
        self._trans = tuple(trans)
        self._trans_exact = tuple(trans_exact)
        self._exact = exact
        self._discount = check_discount(discount, exact=exact)
        self._players = plabels

    # ------------------------------------------------------------------ properties
    @property
    def states(self) -> tuple[str, ...]:
        """State labels."""
        return self._states

    @property
    def num_states(self) -> int:
        """Number of states."""
        return len(self._states)

    @property
    def num_players(self) -> int:
        """Number of players."""
        return self._games[0].num_players

    @property
    def players(self) -> tuple[str, ...]:
        """Player labels."""
        return self._players

    @property
    def discount(self) -> Fraction | float:
        """The discount factor (a Fraction when the game is exact)."""
        return self._discount

    @property
    def exact(self) -> bool:
        """True if payoffs, transitions and discount are exact."""
        return self._exact

    def state_index(self, state: int | str) -> int:
        """0-based index of a state given by index or label.

        Raises
        ------
        InvalidParameterError
            An index out of range, an unknown label, or neither an int nor a label.
        """
        if isinstance(state, (int, np.integer)) and not isinstance(state, (bool, np.bool_)):
            if not 0 <= int(state) < self.num_states:
                raise InvalidParameterError(
                    f"state index {state} out of range; expected 0..{self.num_states - 1}")
            return int(state)
        if isinstance(state, str):
            if state in self._states:
                return self._states.index(state)
            raise InvalidParameterError(
                f"unknown state {state!r}; expected one of {list(self._states)}")
        raise InvalidParameterError(
            f"state must be an int index or a state label; got {describe(state)}")

    def stage_game(self, state: int | str) -> NormalFormGame:
        """The stage game (payoffs without continuation) of a state."""
        return self._games[self.state_index(state)]

    def shape(self, state: int | str) -> tuple[int, ...]:
        """Numbers of actions per player in a state."""
        return self.stage_game(state).shape

    def actions(self, state: int | str) -> tuple[tuple[str, ...], ...]:
        """Action labels per player in a state."""
        return self.stage_game(state).actions

    def transition(self, state: int | str, *, exact: bool = False) -> NDArray[Any]:
        """Transition array of a state, shape ``(n_0, ..., n_{N-1}, |S|)``.

        ``exact=True`` returns Fractions when the transitions were given exactly.
        """
        s = self.state_index(state)
        return self._trans_exact[s] if check_bool("exact", exact) else self._trans[s]

    def auxiliary_game(self, state: int | str, values: ArrayLike) -> NormalFormGame:
        """The state's stage game plus discounted continuation values.

        Parameters
        ----------
        state : int or str
        values : array_like of shape (|S|, N)
            Continuation value of each player in each next state. An object
            array of Fractions keeps an exact game exact.

        Returns
        -------
        NormalFormGame
            Payoffs :math:`u(s, a) + \\delta \\sum_{s'} P(s' | s, a) V(s')`.

        Examples
        --------
        >>> import blitzgame as bg
        >>> from blitzgame.games.stochastic import StochasticGame
        >>> g = StochasticGame(1, None, [[[1], [1]]], [[[1], [2]]], 0.5)
        >>> g.auxiliary_game(0, [[4]]).payoff_array.ravel().tolist()
        [Fraction(3, 1), Fraction(4, 1)]
        """
        s = self.state_index(state)
        g = self._games[s]
        V = np.asarray(values)
        if V.shape != (self.num_states, self.num_players):
            raise InvalidGameError(
                f"values must have shape {(self.num_states, self.num_players)}; got {V.shape}")
        if self._exact and V.dtype.kind in "iuO":
            cont = np.tensordot(self._trans_exact[s], fraction_array(V), axes=([-1], [0]))
            u = g.payoff_array + self._discount * cont
            return NormalFormGame(u, players=g.players, actions=g.actions)
        cont = np.tensordot(self._trans[s], V.astype(np.float64), axes=([-1], [0]))
        u = g.float_payoffs + float(self._discount) * cont
        return NormalFormGame(u, players=g.players, actions=g.actions, exact=False)

    def __repr__(self) -> str:
        return (f"StochasticGame(states={self._states!r}, players={self._players!r}, "
                f"discount={self._discount})")

