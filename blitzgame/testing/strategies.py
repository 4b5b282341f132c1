"""Hypothesis strategies that generate games and mixed profiles, for your own tests.

In the style of :mod:`hypothesis.extra.numpy`: each function returns a
``SearchStrategy``; draw from it with ``@given`` or ``data.draw``. Examples
shrink towards small games with small payoffs.

Payoff kinds (``payoffs=``):

* ``"integer"``: integers in ``[min_value, max_value]`` (an exact game);
* ``"fraction"``: Fractions in that range with denominators up to 12 (exact);
* ``"float"``: finite floats in that range (a float game).

``generic=True`` guarantees exactly this: **for each player, the payoffs of all
pure profiles are pairwise distinct** (for :func:`symmetric_games`: the values
``v(own action, multiset of the others' actions)`` are distinct). Hence no
player is ever indifferent between two pure outcomes: every pure best response
to a pure profile is unique, and no two actions tie against any pure profile
of the others. For random *continuous* payoffs this property makes a
two-player game non-degenerate with probability one, but hypothesis draws
integers and "simple" floats, so ``generic=True`` does **not** guarantee
non-degeneracy in the mixed sense (a mixed strategy with k actions in its
support can still have more than k pure best responses, e.g. payoffs
``A = [[0, 2], [1, 3], [2, 4]]``-like coincidences). Filter with a degeneracy
check when a test needs it.

Examples
--------
>>> from hypothesis import given
>>> from blitzgame.testing.strategies import games
>>> @given(games(num_players=2, max_actions=3))
... def test_shape(g):
...     assert g.num_players == 2 and max(g.shape) <= 3
>>> test_shape()
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame

__all__ = [
    "games",
    "bimatrix_games",
    "zero_sum_games",
    "symmetric_games",
    "mixed_profiles",
    "labels",
    "payoff_values",
    "race_models",
    "markets",
]

_PAYOFF_KINDS = ("integer", "fraction", "float")
_LABEL_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.<>&'\" éß中"
_MAX_DENOMINATOR = 12


def _check(payoffs: str, min_value: Any, max_value: Any, min_actions: int,
           max_actions: int) -> None:
    if payoffs not in _PAYOFF_KINDS:
        raise InvalidParameterError(
            f"payoffs must be one of {_PAYOFF_KINDS}; got {payoffs!r}"
        )
    if not (isinstance(min_actions, int) and isinstance(max_actions, int)
            and 1 <= min_actions <= max_actions):
        raise InvalidParameterError(
            f"need integers 1 <= min_actions <= max_actions; got {min_actions!r}, {max_actions!r}"
        )
    if not min_value < max_value:
        raise InvalidParameterError(
            f"need min_value < max_value; got {min_value!r}, {max_value!r}"
        )


def payoff_values(payoffs: str = "integer", min_value: Any = -10, max_value: Any = 10
                  ) -> SearchStrategy[Any]:
    """Single payoff numbers of the given kind (see the module docstring).

    Examples
    --------
    >>> from hypothesis import find
    >>> find(payoff_values("fraction", 0, 1), lambda v: v > 0.5)
    Fraction(1, 1)
    """
    _check(payoffs, min_value, max_value, 1, 1)
    if payoffs == "integer":
        return st.integers(math.ceil(min_value), math.floor(max_value))
    if payoffs == "fraction":
        return st.fractions(Fraction(min_value), Fraction(max_value),
                            max_denominator=_MAX_DENOMINATOR)
    return st.floats(float(min_value), float(max_value), allow_nan=False,
                     allow_infinity=False, allow_subnormal=False).map(lambda x: x + 0.0)


def labels(n: int, *, max_size: int = 8) -> SearchStrategy[tuple[str, ...]]:
    """``n`` distinct non-empty labels without surrounding or doubled spaces.

    Labels include quotes, ``<``, ``&`` and non-ASCII letters to exercise
    escaping; they never contain a backslash (which ``.nfg`` cannot always
    represent), so games with them round-trip through every format.

    Examples
    --------
    >>> from hypothesis import find
    >>> len(set(find(labels(3), lambda labs: True)))
    3
    """
    one = st.text(alphabet=_LABEL_ALPHABET, min_size=1, max_size=max_size).filter(
        lambda s: s == s.strip() and "  " not in s
    )
    return st.lists(one, min_size=n, max_size=n, unique=True).map(tuple)


_labels = labels  # the strategies below take a ``labels`` flag that shadows the name


def _num_players(num_players: int | SearchStrategy[int]) -> SearchStrategy[int]:
    if isinstance(num_players, SearchStrategy):
        return num_players
    if not isinstance(num_players, int) or isinstance(num_players, bool) or num_players < 1:
        raise InvalidParameterError(
            f"num_players must be an int >= 1 or a strategy; got {num_players!r}"
        )
    return st.just(num_players)


def _values(draw: st.DrawFn, size: int, payoffs: str, lo: Any, hi: Any, generic: bool) -> list[Any]:
    elem = payoff_values(payoffs, lo, hi)
    if generic:
        if payoffs == "integer" and math.floor(hi) - math.ceil(lo) + 1 < size:
            raise InvalidParameterError(
                f"generic integer payoffs need at least {size} distinct values in "
                f"[{lo}, {hi}]; widen min_value/max_value or use payoffs='fraction'"
            )
        return draw(st.lists(elem, min_size=size, max_size=size, unique=True))
    return draw(st.lists(elem, min_size=size, max_size=size))


def _build(draw: st.DrawFn, u: np.ndarray, payoffs: str, with_labels: bool) -> NormalFormGame:
    shape = u.shape[:-1]
    players = actions = None
    if with_labels:
        players = draw(_labels(len(shape)))
        actions = [draw(_labels(n)) for n in shape]
    return NormalFormGame(u, players=players, actions=actions,
                          exact=payoffs != "float")


@st.composite
def games(draw: st.DrawFn, *, num_players: int | SearchStrategy[int] = 2, min_actions: int = 1,
          max_actions: int = 4, payoffs: str = "integer", min_value: Any = -10,
          max_value: Any = 10, generic: bool = False, labels: bool = False) -> NormalFormGame:
    """Normal-form games with the given number of players and action counts.

    Parameters
    ----------
    num_players : int or SearchStrategy[int]
        Number of players (default 2).
    min_actions, max_actions : int
        Range of each player's number of actions (default 1..4).
    payoffs : {"integer", "fraction", "float"}
        Kind of payoff numbers; integer and fraction games are exact.
    min_value, max_value : number
        Payoff range (default -10..10).
    generic : bool
        Distinct payoffs per player over all pure profiles (see the module
        docstring for exactly what this does and does not guarantee).
    labels : bool
        Draw player and action labels (with quotes, ``<``, non-ASCII) instead of
        the defaults.

    Examples
    --------
    >>> from hypothesis import find
    >>> g = find(games(num_players=3, max_actions=2, generic=True), lambda g: g.shape == (2, 2, 2))
    >>> g.num_players, all(len(set(p.ravel().tolist())) == p.size for p in g.payoffs)
    (3, True)
    """
    _check(payoffs, min_value, max_value, min_actions, max_actions)
    n = draw(_num_players(num_players))
    shape = tuple(draw(st.integers(min_actions, max_actions)) for _ in range(n))
    size = math.prod(shape)
    cols = [_values(draw, size, payoffs, min_value, max_value, generic) for _ in range(n)]
    u = np.empty(shape + (n,), dtype=object)
    for i, col in enumerate(cols):
        u[..., i] = np.array(col, dtype=object).reshape(shape)
    return _build(draw, u, payoffs, labels)


def bimatrix_games(**kwargs: Any) -> SearchStrategy[NormalFormGame]:
    """Two-player games: ``games(num_players=2, **kwargs)``.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(bimatrix_games(max_actions=2), lambda g: True).num_players
    2
    """
    return games(num_players=2, **kwargs)


@st.composite
def zero_sum_games(draw: st.DrawFn, *, min_actions: int = 1, max_actions: int = 4,
                   payoffs: str = "integer", min_value: Any = -10, max_value: Any = 10,
                   generic: bool = False, labels: bool = False) -> NormalFormGame:
    """Two-player zero-sum games ``(A, -A)``.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(zero_sum_games(max_actions=3), lambda g: g.shape == (3, 3)).is_zero_sum()
    True
    """
    _check(payoffs, min_value, max_value, min_actions, max_actions)
    shape = (draw(st.integers(min_actions, max_actions)),
             draw(st.integers(min_actions, max_actions)))
    vals = _values(draw, math.prod(shape), payoffs, min_value, max_value, generic)
    A = np.array(vals, dtype=object).reshape(shape)
    u = np.stack([A, -A], axis=-1)
    return _build(draw, u, payoffs, labels)


@st.composite
def symmetric_games(draw: st.DrawFn, *, num_players: int | SearchStrategy[int] = 2,
                    min_actions: int = 1, max_actions: int = 4, payoffs: str = "integer",
                    min_value: Any = -10, max_value: Any = 10, generic: bool = False,
                    labels: bool = False) -> NormalFormGame:
    """Symmetric games: every player has the same actions and ``u_i(a)`` depends only
    on ``a_i`` and the multiset of the others' actions.

    Player labels are drawn if ``labels=True``; action labels are shared by all
    players.

    Examples
    --------
    >>> from hypothesis import find
    >>> g = find(symmetric_games(num_players=3, max_actions=2), lambda g: len(set(g.shape)) == 1)
    >>> g.is_symmetric()
    True
    """
    _check(payoffs, min_value, max_value, min_actions, max_actions)
    n = draw(_num_players(num_players))
    k = draw(st.integers(min_actions, max_actions))
    keys = [(a, rest) for a in range(k)
            for rest in itertools.combinations_with_replacement(range(k), n - 1)]
    vals = dict(zip(keys, _values(draw, len(keys), payoffs, min_value, max_value, generic),
                    strict=True))
    u = np.empty((k,) * n + (n,), dtype=object)
    for prof in itertools.product(range(k), repeat=n):
        for i in range(n):
            rest = tuple(sorted(prof[:i] + prof[i + 1:]))
            u[prof + (i,)] = vals[(prof[i], rest)]
    players = actions = None
    if labels:
        players = draw(_labels(n))
        acts = draw(_labels(k))
        actions = [acts] * n
    return NormalFormGame(u, players=players, actions=actions, exact=payoffs != "float")


@st.composite
def mixed_profiles(draw: st.DrawFn, game: NormalFormGame, *, exact: bool | None = None,
                   full_support: bool = False) -> tuple[np.ndarray, ...]:
    """Mixed profiles of ``game``: one probability vector per player.

    Parameters
    ----------
    game : NormalFormGame
    exact : bool, optional
        ``True``: Fraction probabilities (object arrays) summing exactly to 1;
        ``False``: float64 vectors (summing to 1 up to rounding); ``None``
        (default): exact for exact games, float otherwise.
    full_support : bool
        Every action gets positive probability.

    Examples
    --------
    >>> from blitzgame import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    >>> from hypothesis import find
    >>> prof = find(mixed_profiles(g), lambda prof: prof[0][0] != 1)
    >>> [sum(p) for p in prof]
    [Fraction(1, 1), Fraction(1, 1)]
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got {type(game).__name__}")
    use_exact = game.exact if exact is None else bool(exact)
    out = []
    lo = 1 if full_support else 0
    for n in game.shape:
        w = draw(st.lists(st.integers(lo, 10), min_size=n, max_size=n).filter(
            lambda ws: sum(ws) > 0))
        total = sum(w)
        if use_exact:
            out.append(np.array([Fraction(x, total) for x in w], dtype=object))
        else:
            out.append(np.array(w, dtype=np.float64) / total)
    return tuple(out)


# race-model strategies live in blitzgame.testing.race; re-exported here so that
# ``from blitzgame.testing import strategies as bst; bst.race_models()`` works.
from .race import markets, race_models  # noqa: E402
