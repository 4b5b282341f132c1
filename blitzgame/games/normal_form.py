r"""Finite games in normal (strategic) form.

A normal-form game has players :math:`i = 0, \dots, N-1`, each with a finite set
of actions :math:`A_i` (:math:`|A_i| = n_i \ge 1`), and payoff functions
:math:`u_i : A_0 \times \dots \times A_{N-1} \to \mathbb{R}`. blitzgame stores
them as one tensor of shape :math:`(n_0, \dots, n_{N-1}, N)`; entry
``[a_0, ..., a_{N-1}, i]`` is :math:`u_i(a)`.

A mixed strategy :math:`\sigma_i` is a probability vector over :math:`A_i`. The
expected payoff of a profile is multilinear,

.. math:: u_i(\sigma) = \sum_{a} u_i(a) \prod_j \sigma_j(a_j),

the *action values* of player :math:`i` are :math:`u_i(a_i, \sigma_{-i})` for
each pure :math:`a_i`, and the *regret* of :math:`i` is
:math:`\max_{a_i} u_i(a_i, \sigma_{-i}) - u_i(\sigma)`. A profile is a Nash
equilibrium when every player's regret is zero.

Payoffs are *exact* (Python ``Fraction`` objects in an ``object`` array) when
they are given as integers or Fractions, and ``float64`` otherwise; every
computation on an exact game stays exact.

A game with one player is a decision problem; its equilibria are the optimal
actions and their mixtures.

References
----------
1. Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, ch. 1.
2. Nisan, N., Roughgarden, T., Tardos, E. and Vazirani, V. (2007).
   *Algorithmic Game Theory*, ch. 2-3. Cambridge University Press.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import _display
from .._validate import check_nonnegative, check_optional_bool
from ..exact import as_payoff_array, fraction_array
from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError

__all__ = ["NormalFormGame", "DEFAULT_RTOL"]

#: Relative tolerance of float mode: ``tol = DEFAULT_RTOL * max(1, max|u|)``.
DEFAULT_RTOL = 1e-9

#: Integer-scaled payoffs below this magnitude are stored as int64: the difference of
#: two of them, the widest number a comparison makes, still fits.
_INT64_SAFE = 2**62


def _frozen(a: NDArray[Any]) -> NDArray[Any]:
    """Mark an array read-only (derived views are shared by every caller)."""
    a.flags.writeable = False
    return a

Player = int | str
Action = int | str


def _labels(
    given: Sequence[Any] | None, n: int, default: Sequence[str], name: str
) -> tuple[str, ...]:
    if given is None:
        return tuple(default)
    if isinstance(given, str) or not isinstance(given, Sequence):
        raise InvalidGameError(
            f"{name} must be a sequence of {n} labels; got {type(given).__name__} {given!r}"
        )
    labels = tuple(given)
    if len(labels) != n:
        shown = repr(labels) if len(labels) <= 10 else f"{labels[:10]!r}[:10] ..."
        raise InvalidGameError(f"{name} must have {n} labels; got {len(labels)}: {shown}")
    for lab in labels:
        if not isinstance(lab, str) or not lab:
            raise InvalidGameError(f"{name} must be non-empty strings; got {lab!r}")
    if len(set(labels)) != len(labels):  # linear: labels of huge games are checked too
        dup = sorted(lab for lab, count in Counter(labels).items() if count > 1)
        more = f" and {len(dup) - 10} more" if len(dup) > 10 else ""
        raise InvalidGameError(f"{name} must be distinct; got duplicates {dup[:10]}{more}")
    return labels


class NormalFormGame:
    """An N-player finite game in normal form, immutable, with exact or float payoffs.

    Parameters
    ----------
    payoffs : array_like or sequence of array_like
        Either a sequence of N arrays of shape ``(n_0, ..., n_{N-1})`` (player
        i's payoffs) or one array of shape ``(n_0, ..., n_{N-1}, N)``. For two
        players, ``[A, B]`` is the bimatrix. A single 1-D array is a one-player
        decision problem.
    players : sequence of str, optional
        Player labels; default ``("0", "1", ...)``.
    actions : sequence of sequences of str, optional
        Action labels per player; default ``("0", "1", ...)`` per player.
    exact : bool, optional
        ``None`` (default) keeps the input's nature: integer/Fraction payoffs are
        exact, float payoffs are floats. ``True`` converts floats through their
        shortest repr (0.1 -> 1/10); ``False`` gives float payoffs.

    Raises
    ------
    InvalidGameError
        Ragged or mismatched shapes, empty action sets, non-numeric, NaN or
        infinite payoffs, bad or duplicate labels.

    See Also
    --------
    NormalFormGame.from_bimatrix, blitzgame.solve

    Examples
    --------
    The prisoner's dilemma:

    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix(
    ...     [[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=("row", "col"), actions=(("C", "D"), ("C", "D")))
    >>> g
    NormalFormGame(players=('row', 'col'), shape=(2, 2), exact=True)
    >>> g.payoff_of(("D", "D"))
    (Fraction(1, 1), Fraction(1, 1))
    >>> g.best_responses("row", [[1, 0], [0, 1]])
    (1,)
    """

    __slots__ = ("_u", "_exact", "_players", "_actions", "_float", "_hash", "_cache", "__weakref__")

    def __init__(
        self,
        payoffs: ArrayLike | Sequence[ArrayLike],
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        *,
        exact: bool | None = None,
    ) -> None:
        u, is_exact = self._parse_payoffs(payoffs, check_optional_bool("exact", exact))
        shape = u.shape[:-1]
        n_players = len(shape)
        self._u = u
        self._u.flags.writeable = False
        self._exact = is_exact
        self._players = _labels(players, n_players, [str(i) for i in range(n_players)], "players")
        if actions is None:
            acts = tuple(tuple(str(a) for a in range(n)) for n in shape)
        else:
            if isinstance(actions, str) or not isinstance(actions, Sequence):
                raise InvalidGameError(
                    f"actions must be a sequence of {n_players} label sequences; got {actions!r}"
                )
            if len(actions) != n_players:
                raise InvalidGameError(
                    f"actions must have one label sequence per player ({n_players}); "
                    f"got {len(actions)}"
                )
            acts = tuple(
                _labels(a, n, [str(k) for k in range(n)], f"actions[{i}]")
                for i, (a, n) in enumerate(zip(actions, shape, strict=True))
            )
        self._actions = acts
        self._float: NDArray[np.float64] | None = None if is_exact else u
        self._hash: int | None = None
        self._cache: dict[str, Any] = {}  # derived data (e.g. integer-scaled payoffs)

    @staticmethod
    def _parse_payoffs(payoffs: Any, exact: bool | None) -> tuple[NDArray[Any], bool]:
        if isinstance(payoffs, np.ndarray) or not isinstance(payoffs, Sequence):
            arr, is_exact = as_payoff_array(payoffs, exact=exact)
            if arr.ndim == 0:
                raise InvalidGameError("payoffs must have at least one axis; got a scalar")
            if arr.ndim == 1:  # decision problem
                arr = arr[:, None]
            elif arr.shape[-1] != arr.ndim - 1:
                raise InvalidGameError(
                    f"payoffs given as one array must have shape (n_0, ..., n_(N-1), N) with "
                    f"N = number of axes before the last; got shape {arr.shape}"
                )
            if any(n == 0 for n in arr.shape):
                raise InvalidGameError(
                    f"every player needs at least one action; got payoff shape {arr.shape}"
                )
            return arr, is_exact
        if len(payoffs) == 0:
            raise InvalidGameError("payoffs must not be empty; got an empty sequence")
        # a sequence: either N per-player arrays or one nested array
        parts = []
        for i, p in enumerate(payoffs):
            arr, ex = as_payoff_array(p, exact=exact, name=f"payoffs for player {i}")
            parts.append((arr, ex))
        ndims = {a.ndim for a, _ in parts}
        if ndims == {0} or (len(ndims) == 1 and parts[0][0].ndim != len(parts)):
            # not a per-player list: treat the whole thing as one array
            arr, is_exact = as_payoff_array(payoffs, exact=exact)
            if arr.ndim == 1:
                arr = arr[:, None]
            elif arr.shape[-1] != arr.ndim - 1:
                raise InvalidGameError(
                    f"payoffs must be a sequence of N arrays with N axes each, or one array "
                    f"of shape (n_0, ..., n_(N-1), N); got shape {arr.shape}"
                )
            if any(n == 0 for n in arr.shape):
                raise InvalidGameError(
                    f"every player needs at least one action; got payoff shape {arr.shape}"
                )
            return arr, is_exact
        shape0 = parts[0][0].shape
        for i, (a, _) in enumerate(parts):
            if a.shape != shape0:
                raise InvalidGameError(
                    f"payoffs for player {i} have shape {a.shape}; expected {shape0} "
                    f"(one axis per player, same shape for every player)"
                )
        if any(n == 0 for n in shape0):
            raise InvalidGameError(
                f"every player needs at least one action; got payoff shape {shape0}"
            )
        is_exact = all(ex for _, ex in parts)
        if not is_exact and exact is None:
            arrs = [a.astype(np.float64) if ex else a for a, ex in parts]
        else:
            arrs = [a for a, _ in parts]
        stacked = np.stack(arrs, axis=-1)
        return stacked, is_exact

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_bimatrix(
        cls,
        A: ArrayLike,
        B: ArrayLike | None = None,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        exact: bool | None = None,
    ) -> NormalFormGame:
        """Build a two-player game from the row player's matrix A and the column player's B.

        ``B=None`` gives the zero-sum game ``B = -A``.

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])  # matching pennies
        >>> g.is_zero_sum()
        True
        """
        exact = check_optional_bool("exact", exact)
        a, ea = as_payoff_array(A, exact=exact, name="A")
        if a.ndim != 2:
            raise InvalidGameError(f"A must be a 2-D matrix; got shape {a.shape}")
        if B is None:
            b, eb = -a, ea
        else:
            b, eb = as_payoff_array(B, exact=exact, name="B")
        if b.shape != a.shape:
            raise InvalidGameError(f"B has shape {b.shape}; expected {a.shape} (the shape of A)")
        if ea != eb:
            a, b = (a.astype(np.float64), b.astype(np.float64))
        return cls(np.stack([a, b], axis=-1), players=players, actions=actions)

    @classmethod
    def from_nashpy(cls, game: Any, **kwargs: Any) -> NormalFormGame:
        """Build a game from a :class:`nashpy.Game` (its ``payoff_matrices``)."""
        A, B = game.payoff_matrices
        return cls.from_bimatrix(A, B, **kwargs)

    def to_nashpy(self) -> Any:
        """Return a :class:`nashpy.Game` with float payoff matrices (two players only)."""
        import nashpy


        if self.num_players != 2:
            raise UnsupportedGameError(
                f"nashpy handles two-player games; this game has {self.num_players} players"
            )
        u = self.float_payoffs
        return nashpy.Game(u[..., 0], u[..., 1])

    # ------------------------------------------------------------------ basic properties
    @property
    def num_players(self) -> int:
        """Number of players N."""
        return self._u.ndim - 1

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player, ``(n_0, ..., n_{N-1})``."""
        return tuple(self._u.shape[:-1])

    @property
    def num_actions(self) -> tuple[int, ...]:
        """Alias of :attr:`shape`: the number of actions per player."""
        return self.shape

    @property
    def players(self) -> tuple[str, ...]:
        """Player labels."""
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Action labels, one tuple per player."""
        return self._actions

    @property
    def exact(self) -> bool:
        """True if payoffs are exact Fractions (results will be exact too)."""
        return self._exact

    @property
    def payoff_array(self) -> NDArray[Any]:
        """Read-only payoff tensor of shape ``(n_0, ..., n_{N-1}, N)``."""
        return self._u

    @property
    def float_payoffs(self) -> NDArray[np.float64]:
        """The payoff tensor as float64 (a cached read-only copy for exact games).

        Exact payoffs beyond the float range saturate at ``±np.finfo(float).max``
        (the exact solvers never use this view to decide anything).
        """
        if self._float is None:
            try:
                f = self._u.astype(np.float64)
            except OverflowError:
                top = float(np.finfo(np.float64).max)
                f = np.array([v if -top <= v <= top else (top if v > 0 else -top)
                              for v in self._u.reshape(-1).tolist()],
                             dtype=np.float64).reshape(self._u.shape)
            f.flags.writeable = False
            self._float = f
        return self._float

    @property
    def payoffs(self) -> tuple[NDArray[Any], ...]:
        """Per-player payoff arrays, each of shape ``(n_0, ..., n_{N-1})``."""
        return tuple(self._u[..., i] for i in range(self.num_players))

    @property
    def tol(self) -> float:
        """Tolerance of this game's results: 0 for exact games, else :attr:`float_tol`."""
        return 0.0 if self._exact else self.float_tol

    @property
    def float_tol(self) -> float:
        """Float-arithmetic tolerance ``DEFAULT_RTOL * max(1, max |u|)``."""
        tol: float | None = self._cache.get("float_tol")
        if tol is None:  # computed once: the game is immutable
            tol = DEFAULT_RTOL * max(1.0, float(np.max(np.abs(self.float_payoffs))))
            self._cache["float_tol"] = tol
        return tol

    # ------------------------------------------------------------------ derived views
    # Read-only forms of the payoffs that solvers need, computed once per game (the
    # game is immutable) and kept by the game itself: solvers never write into it.

    @property
    def float_bimatrix(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Contiguous float64 copies ``(A, B)`` of a two-player game's payoffs.

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[1, 2]], [[3, 4]])
        >>> [m.tolist() for m in g.float_bimatrix]
        [[[1.0, 2.0]], [[3.0, 4.0]]]
        """
        got: tuple[NDArray[np.float64], NDArray[np.float64]] | None = (
            self._cache.get("float_bimatrix"))
        if got is None:
            if self.num_players != 2:
                raise UnsupportedGameError(
                    f"float_bimatrix needs a two-player game; got {self.num_players} players")
            F = self.float_payoffs
            got = (_frozen(np.ascontiguousarray(F[..., 0])),
                   _frozen(np.ascontiguousarray(F[..., 1])))
            self._cache["float_bimatrix"] = got
        return got

    @property
    def integer_payoffs(self) -> tuple[NDArray[np.object_], tuple[int, ...]]:
        """Exact payoffs scaled to integers: ``(U, scales)`` with ``U[..., i] = scales[i] * u_i``.

        ``scales[i]`` is the least common multiple of player ``i``'s payoff
        denominators, so ``U`` (Python ints in an object array, shape
        ``(n_0, ..., n_{N-1}, N)``) has the same best responses, equilibria and
        dominance relations as the game. Exact games only.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> g = NormalFormGame.from_bimatrix([[F(1, 2), 1]], [[F(1, 3), 2]])
        >>> U, scales = g.integer_payoffs
        >>> U[..., 0].tolist(), U[..., 1].tolist(), scales
        ([[1, 2]], [[1, 6]], (2, 3))
        """
        got: tuple[NDArray[np.object_], tuple[int, ...]] | None = (
            self._cache.get("integer_payoffs"))
        if got is None:
            if not self._exact:
                raise UnsupportedGameError("integer_payoffs needs an exact game (Fraction payoffs)")
            out = np.empty(self._u.shape, dtype=object)
            scales = []
            for i in range(self.num_players):
                ui = self._u[..., i].reshape(-1)
                lcm = 1
                for v in ui:
                    lcm = math.lcm(lcm, v.denominator)
                out[..., i] = np.array([v.numerator * (lcm // v.denominator) for v in ui],
                                       dtype=object).reshape(self.shape)
                scales.append(lcm)
            got = (_frozen(out), tuple(scales))
            self._cache["integer_payoffs"] = got
        return got

    @property
    def comparable_payoffs(self) -> NDArray[Any]:
        """The payoff tensor in the fastest form that compares like the real payoffs.

        Exact games: :attr:`integer_payoffs` (``int64`` when every entry is
        below :math:`2^{62}` in magnitude, else Python ints). Float games: the
        float64 tensor. Use it for best responses, dominance and pure equilibria.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> g = NormalFormGame.from_bimatrix([[F(1, 2), 1]], [[F(1, 3), 2]])
        >>> g.comparable_payoffs.dtype.name
        'int64'
        """
        if not self._exact:
            return self.float_payoffs
        got: NDArray[Any] | None = self._cache.get("comparable_payoffs")
        if got is None:
            U: NDArray[Any] = self.integer_payoffs[0]
            if all(-_INT64_SAFE < v < _INT64_SAFE for v in cast("Iterable[int]", U.flat)):
                U = _frozen(U.astype(np.int64))
            got = self._cache["comparable_payoffs"] = U
        return got

    # ------------------------------------------------------------------ addressing
    def player_index(self, player: Player) -> int:
        """Return the 0-based index of a player given by index or label."""
        if isinstance(player, (bool, np.bool_)):
            raise InvalidParameterError(f"player must be an int or a label; got {player!r}")
        if isinstance(player, (int, np.integer)):
            p = int(player)
            if not 0 <= p < self.num_players:
                raise InvalidParameterError(
                    f"player index {p} out of range; expected 0..{self.num_players - 1}"
                )
            return p
        if isinstance(player, str):
            try:
                return self._players.index(player)
            except ValueError:
                raise InvalidParameterError(
                    f"unknown player {player!r}; expected one of {list(self._players)}"
                ) from None
        raise InvalidParameterError(
            f"player must be an int or a label; got {type(player).__name__} {player!r}"
        )

    def action_index(self, player: Player, action: Action) -> int:
        """Return the 0-based index of ``player``'s action given by index or label."""
        p = self.player_index(player)
        n = self.shape[p]
        if isinstance(action, (bool, np.bool_)):
            raise InvalidParameterError(f"action must be an int or a label; got {action!r}")
        if isinstance(action, (int, np.integer)):
            a = int(action)
            if not 0 <= a < n:
                raise InvalidParameterError(
                    f"action index {a} out of range for player {self._players[p]!r}; "
                    f"expected 0..{n - 1}"
                )
            return a
        if isinstance(action, str):
            try:
                return self._actions[p].index(action)
            except ValueError:
                raise InvalidParameterError(
                    f"unknown action {action!r} for player {self._players[p]!r}; "
                    f"expected one of {list(self._actions[p])}"
                ) from None
        raise InvalidParameterError(
            f"action must be an int or a label; got {type(action).__name__} {action!r}"
        )

    def pure_profile(self, profile: Sequence[Action]) -> tuple[int, ...]:
        """Return a pure profile (indices or labels, one per player) as indices."""
        if isinstance(profile, str) or not isinstance(profile, Sequence):
            raise InvalidParameterError(
                f"profile must be a sequence of {self.num_players} actions; got {profile!r}"
            )
        if len(profile) != self.num_players:
            raise InvalidParameterError(
                f"profile must name one action per player ({self.num_players}); "
                f"got {len(profile)}: {tuple(profile)!r}"
            )
        return tuple(self.action_index(i, a) for i, a in enumerate(profile))

    def payoff_of(self, profile: Sequence[Action]) -> tuple[Any, ...]:
        """Payoffs of a pure profile, one per player."""
        idx = self.pure_profile(profile)
        return tuple(self._u[idx])

    # ------------------------------------------------------------------ mixed profiles
    def validate_profile(self, profile: Sequence[ArrayLike], *, name: str = "profile") -> tuple[
        NDArray[Any], ...
    ]:
        """Check a mixed profile and return it as one array per player.

        Each vector must have the player's number of entries, be non-negative and
        sum to one (exactly for exact input, within 1e-9 for floats). Exact input
        (ints, Fractions) stays exact.

        Raises
        ------
        InvalidParameterError
            Wrong number of vectors, wrong lengths, negative entries, or a sum != 1.
        """
        if isinstance(profile, np.ndarray) and profile.ndim == 1 and self.num_players == 1:
            profile = [profile]
        if isinstance(profile, str) or not isinstance(profile, (Sequence, np.ndarray)):
            raise InvalidParameterError(
                f"{name} must be a sequence of {self.num_players} probability vectors; "
                f"got {type(profile).__name__}"
            )
        if len(profile) != self.num_players:
            raise InvalidParameterError(
                f"{name} must have one probability vector per player ({self.num_players}); "
                f"got {len(profile)}"
            )
        out = []
        for i, vec in enumerate(profile):
            try:
                arr, ex = as_payoff_array(vec, exact=None, name=f"{name}[{i}]")
            except InvalidGameError as err:
                raise InvalidParameterError(str(err)) from None
            if arr.shape != (self.shape[i],):
                raise InvalidParameterError(
                    f"{name}[{i}] (player {self._players[i]!r}) has shape {arr.shape}; "
                    f"expected ({self.shape[i]},)"
                )
            if np.any(arr < 0):
                raise InvalidParameterError(
                    f"{name}[{i}] (player {self._players[i]!r}) has negative entries: {list(arr)}"
                )
            total = arr.sum()
            if (ex and total != 1) or (not ex and abs(float(total) - 1.0) > 1e-9):
                raise InvalidParameterError(
                    f"{name}[{i}] (player {self._players[i]!r}) sums to {total}; expected 1"
                )
            out.append(arr)
        return tuple(out)

    def _contract(self, player_axis_values: NDArray[Any], profile: Sequence[NDArray[Any]],
                  skip: int | None) -> NDArray[Any]:
        """Contract payoff tensor axes with the profile, keeping axis ``skip``."""
        t = player_axis_values
        # contract from the last player axis down so the remaining axis indices stay valid
        for j in range(self.num_players - 1, -1, -1):
            if j == skip:
                continue
            t = np.tensordot(t, profile[j], axes=([j], [0]))
        return t

    def _arrays_for(self, profile: Sequence[NDArray[Any]]) -> tuple[NDArray[Any], bool]:
        exact = self._exact and all(p.dtype == object for p in profile)
        if exact:
            return self._u, True
        return self.float_payoffs, False

    def action_values(self, player: Player, profile: Sequence[ArrayLike]) -> NDArray[Any]:
        """Payoffs ``u_i(a_i, sigma_-i)`` of each pure action of ``player`` against ``profile``.

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> [str(v) for v in g.action_values(0, [[1, 0], [1, 0]])]
        ['3', '5']
        """
        p = self.player_index(player)
        prof = self.validate_profile(profile)
        return self._action_values(p, prof)

    def _action_values(self, p: int, prof: Sequence[NDArray[Any]]) -> NDArray[Any]:
        u, exact = self._arrays_for(prof)
        if not exact:
            prof = [np.asarray(x, dtype=np.float64) for x in prof]
        return self._contract(u[..., p], prof, skip=p)

    def expected_payoffs(self, profile: Sequence[ArrayLike]) -> tuple[Any, ...]:
        """Expected payoff of every player under a mixed profile.

        Exact (Fractions) when the game and the profile are exact.

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> g.expected_payoffs([[0.5, 0.5], [0.5, 0.5]])
        (0.0, 0.0)
        """
        prof = self.validate_profile(profile)
        return self._expected_payoffs(prof)

    def _expected_payoffs(self, prof: Sequence[NDArray[Any]]) -> tuple[Any, ...]:
        u, exact = self._arrays_for(prof)
        if not exact:
            prof = [np.asarray(x, dtype=np.float64) for x in prof]
        out = self._contract(u, prof, skip=None)
        vals = tuple(out[i] for i in range(self.num_players))
        return tuple(v if exact else float(v) for v in vals)

    def regrets(self, profile: Sequence[ArrayLike]) -> tuple[Any, ...]:
        """Each player's regret ``max_a u_i(a, sigma_-i) - u_i(sigma)`` (>= 0)."""
        prof = self.validate_profile(profile)
        return self._regrets(prof)

    def _regrets(self, prof: Sequence[NDArray[Any]]) -> tuple[Any, ...]:
        out = []
        for i in range(self.num_players):
            v = self._action_values(i, prof)
            cur = (v * (prof[i] if v.dtype == object else np.asarray(prof[i], float))).sum()
            out.append(max(v) - cur)
        if all(isinstance(r, Fraction) for r in out):
            return tuple(out)
        return tuple(max(float(r), 0.0) for r in out)

    def max_regret(self, profile: Sequence[ArrayLike]) -> Any:
        """The largest regret over players; 0 exactly at an exact Nash equilibrium."""
        return max(self.regrets(profile))

    def is_nash(self, profile: Sequence[ArrayLike], *, tol: float | None = None) -> bool:
        """True if ``profile`` is a Nash equilibrium (regret <= tol; exactly 0 when exact).

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> g.is_nash([[0.5, 0.5], [0.5, 0.5]]), g.is_nash([[1, 0], [1, 0]])
        (True, False)
        """
        if tol is not None:
            tol = check_nonnegative("tol", tol)
        r = self.max_regret(profile)
        if isinstance(r, Fraction) and tol is None:
            return r == 0
        return float(r) <= (self.float_tol if tol is None else tol)

    def best_responses(
        self, player: Player, profile: Sequence[ArrayLike], *, tol: float | None = None
    ) -> tuple[int, ...]:
        """Indices of ``player``'s pure best responses to ``profile`` (ties within tol)."""
        p = self.player_index(player)
        if tol is not None:
            tol = check_nonnegative("tol", tol)
        prof = self.validate_profile(profile)
        v = self._action_values(p, prof)
        best = max(v)
        if v.dtype == object and tol is None:
            return tuple(int(k) for k in range(len(v)) if v[k] == best)
        t = self.float_tol if tol is None else tol
        return tuple(int(k) for k in np.flatnonzero(np.asarray(v, float) >= float(best) - t))

    # ------------------------------------------------------------------ structure
    def is_symmetric(self) -> bool:
        """True if every player has the same actions and permuting players permutes payoffs.

        A game is symmetric when ``u_{pi(i)}(a_pi) = u_i(a)`` for every permutation
        ``pi`` of the players; checking the transpositions of player 0 with each
        other player suffices.
        """
        n = self.num_players
        if len(set(self.shape)) > 1:
            return False
        u = self._u if self._exact else self.float_payoffs
        for j in range(1, n):
            perm = list(range(n))
            perm[0], perm[j] = perm[j], perm[0]
            swapped = np.transpose(u, perm + [n])[..., perm]
            if self._exact:
                if not np.array_equal(swapped, u):
                    return False
            elif not np.allclose(swapped, u, rtol=0, atol=self.tol):
                return False
        return True

    def is_zero_sum(self) -> bool:
        """True if payoffs sum to zero in every outcome (within tol for floats)."""
        s = self._u.sum(axis=-1)
        if self._exact:
            return bool(np.all(s == 0))
        return bool(np.all(np.abs(s) <= self.tol))

    def is_constant_sum(self) -> bool:
        """True if payoffs sum to the same constant in every outcome."""
        s = self._u.sum(axis=-1).reshape(-1)
        if self._exact:
            return bool(np.all(s == s[0]))
        return bool(np.all(np.abs(s - s[0]) <= self.tol))

    def restrict(self, actions: Sequence[Sequence[Action]]) -> NormalFormGame:
        """The subgame where each player keeps only the given actions (in that order).

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.restrict([[1], [0, 1]]).shape
        (1, 2)
        """
        if len(actions) != self.num_players:
            raise InvalidParameterError(
                f"actions must list the kept actions of each of the {self.num_players} players; "
                f"got {len(actions)} lists"
            )
        idx = []
        for i, keep in enumerate(actions):
            ks = [self.action_index(i, a) for a in keep]
            if not ks:
                raise InvalidParameterError(f"player {self._players[i]!r} must keep an action")
            if len(set(ks)) != len(ks):
                raise InvalidParameterError(f"actions[{i}] repeats an action: {list(keep)}")
            idx.append(ks)
        u = self._u[np.ix_(*idx, range(self.num_players))]
        labels = [tuple(self._actions[i][k] for k in ks) for i, ks in enumerate(idx)]
        return NormalFormGame(u, players=self._players, actions=labels)

    def permute_actions(self, player: Player, order: Sequence[int]) -> NormalFormGame:
        """Return the game with ``player``'s actions reordered: new action k = old ``order[k]``."""
        p = self.player_index(player)
        if sorted(order) != list(range(self.shape[p])):
            raise InvalidParameterError(
                f"order must be a permutation of 0..{self.shape[p] - 1}; got {list(order)}"
            )
        keep = [list(range(n)) for n in self.shape]
        keep[p] = list(order)
        return self.restrict(keep)

    def permute_players(self, order: Sequence[int]) -> NormalFormGame:
        """Return the game with players reordered: new player k = old player ``order[k]``."""
        n = self.num_players
        if sorted(order) != list(range(n)):
            raise InvalidParameterError(
                f"order must be a permutation of 0..{n - 1}; got {list(order)}"
            )
        order = list(order)
        u = np.transpose(self._u, order + [n])[..., order]
        return NormalFormGame(
            u,
            players=[self._players[k] for k in order],
            actions=[self._actions[k] for k in order],
        )

    def to_exact(self) -> NormalFormGame:
        """This game with exact payoffs (floats converted through their shortest repr)."""
        if self._exact:
            return self
        return NormalFormGame(fraction_array(self._u), self._players, self._actions)

    def to_float(self) -> NormalFormGame:
        """This game with float64 payoffs."""
        if not self._exact:
            return self
        return NormalFormGame(self.float_payoffs.copy(), self._players, self._actions)

    def with_labels(
        self,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
    ) -> NormalFormGame:
        """A copy of the game with new player and/or action labels."""
        return NormalFormGame(
            self._u,
            players=self._players if players is None else players,
            actions=self._actions if actions is None else actions,
        )

    def pure_profiles(self) -> itertools.product[tuple[int, ...]]:
        """Iterate over all pure profiles (index tuples) in lexicographic order."""
        return itertools.product(*(range(n) for n in self.shape))

    # ------------------------------------------------------------------ dunder
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._exact == other._exact
            and self._players == other._players
            and self._actions == other._actions
            and self._u.shape == other._u.shape
            and bool(np.array_equal(self._u, other._u))
        )

    def __hash__(self) -> int:
        if self._hash is None:
            data = tuple(self._u.reshape(-1).tolist())
            self._hash = hash((self._exact, self._players, self._actions, self._u.shape, data))
        return self._hash

    def __getitem__(self, profile: Sequence[Action]) -> tuple[Any, ...]:
        return self.payoff_of(profile)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._u, self._players, self._actions))

    def __repr__(self) -> str:
        return (
            f"NormalFormGame(players={self._players!r}, shape={self.shape}, exact={self._exact})"
        )

    def __str__(self) -> str:
        return _display.game_text(self)

    def _repr_html_(self) -> str:
        return _display.game_html(self)

    def _repr_latex_(self) -> str | None:
        return _display.game_latex(self)


def _rebuild(u: NDArray[Any], players: tuple[str, ...], actions: Any) -> NormalFormGame:
    return NormalFormGame(u, players=players, actions=actions)
