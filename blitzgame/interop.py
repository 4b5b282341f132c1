"""Conversions between blitzgame games and nashpy / pygambit games.

* **pygambit** (optional, ``pip install "blitzgame[test]"`` or ``pip install
  pygambit``): Gambit stores payoffs as exact rationals or decimals, so
  :func:`to_pygambit` hands it the Fractions of an exact game unchanged and the
  shortest decimal of each float of a float game (pygambit's own ``repr``
  convention), and :func:`from_pygambit` reads them back exactly. Labels of
  players and strategies travel both ways; empty or duplicate Gambit labels are
  made unique as the ``.nfg`` reader does. Written against the pygambit 16.x API
  (``Game.from_arrays``, ``Game.to_arrays(dtype=Fraction)``).
* **nashpy** (a core dependency): a ``nashpy.Game`` holds two float matrices;
  :func:`to_nashpy` and :func:`from_nashpy` wrap
  :meth:`NormalFormGame.to_nashpy` / :meth:`NormalFormGame.from_nashpy`.

Examples
--------
>>> from blitzgame import NormalFormGame
>>> from blitzgame.interop import from_nashpy, to_nashpy
>>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
>>> from_nashpy(to_nashpy(g)) == g.to_float()
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ._optional import import_optional
from .exceptions import InvalidParameterError
from .games.normal_form import NormalFormGame

__all__ = ["to_pygambit", "from_pygambit", "to_nashpy", "from_nashpy"]


def _check(game: object) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got {type(game).__name__}")
    return game


def to_pygambit(game: NormalFormGame, *, title: str | None = None) -> Any:
    """Return a ``pygambit.Game`` (strategic form) with the same payoffs and labels.

    Parameters
    ----------
    game : NormalFormGame
    title : str, optional
        The Gambit game title (default ``"blitzgame game"``).

    Returns
    -------
    pygambit.Game
        Exact games keep their rationals; float payoffs become the decimal of
        their shortest repr (as pygambit does for Python floats).

    Raises
    ------
    ImportError
        pygambit is not installed (the message says how to install it).
    InvalidParameterError
        A label or the title is not ASCII (pygambit 16 cannot store it).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]], players=("a", "b"))
    >>> gg = to_pygambit(g)
    >>> [p.label for p in gg.players]
    ['a', 'b']
    """
    gbt = import_optional("pygambit")
    game = _check(game)
    if game.exact:
        arrays = list(game.payoffs)
    else:  # pygambit turns a float into Decimal(repr(x)); do it explicitly and exactly
        arrays = [np.vectorize(lambda v: Fraction(repr(float(v))), otypes=[object])(p)
                  for p in game.payoffs]
    for lab in (title or "", *game.players, *(a for acts in game.actions for a in acts)):
        if not lab.isascii():
            raise InvalidParameterError(
                f"pygambit accepts only ASCII labels and titles; got {lab!r} "
                "(rename with game.with_labels(...))"
            )
    gg = gbt.Game.from_arrays(*arrays, title=title or "blitzgame game")
    # pygambit keeps labels unique at every step: first move every label to a
    # temporary one that no final label uses, so a new label may equal a default
    # label of a later player or strategy
    taken = set(game.players).union(*game.actions)
    prefix = "tmp"
    while any(lab.startswith(prefix) for lab in taken):
        prefix += "_"
    for j, player in enumerate(gg.players):
        player.label = f"{prefix}{j}"
        for k, strategy in enumerate(player.strategies):
            strategy.label = f"{prefix}{k}"
    for player, label, acts in zip(gg.players, game.players, game.actions, strict=True):
        player.label = label
        for strategy, alabel in zip(player.strategies, acts, strict=True):
            strategy.label = alabel
    return gg


def from_pygambit(gbt_game: Any, *, exact: bool | None = None) -> NormalFormGame:
    """Build a :class:`NormalFormGame` from a ``pygambit.Game``.

    Parameters
    ----------
    gbt_game : pygambit.Game
        A strategic game (a tree game is converted through its reduced
        strategic form by pygambit).
    exact : bool, optional
        ``None`` or ``True`` (default): exact Fraction payoffs -- Gambit's
        numbers are exact. ``False``: float payoffs.

    Examples
    --------
    >>> import pygambit
    >>> gg = pygambit.Game.from_arrays([[1, 2]], [[3, 4]])
    >>> from_pygambit(gg).payoff_of((0, 1))
    (Fraction(2, 1), Fraction(4, 1))
    """
    from .io.nfg import gambit_labels

    gbt = import_optional("pygambit")
    if not isinstance(gbt_game, gbt.Game):
        raise InvalidParameterError(
            f"gbt_game must be a pygambit.Game; got {type(gbt_game).__name__}"
        )
    arrays = gbt_game.to_arrays(dtype=Fraction)
    players = gambit_labels([p.label for p in gbt_game.players])
    actions = [gambit_labels([s.label for s in p.strategies]) for p in gbt_game.players]
    u = np.stack([np.asarray(a, dtype=object) for a in arrays], axis=-1)
    return NormalFormGame(u, players=players, actions=actions,
                          exact=True if exact is None else exact)


def to_nashpy(game: NormalFormGame) -> Any:
    """Return a ``nashpy.Game`` (float matrices; two players only).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> to_nashpy(g).payoff_matrices[0].tolist()
    [[3.0, 0.0], [5.0, 1.0]]
    """
    return _check(game).to_nashpy()


def from_nashpy(nashpy_game: Any, **kwargs: Any) -> NormalFormGame:
    """Build a :class:`NormalFormGame` from a ``nashpy.Game``.

    ``kwargs`` (``players``, ``actions``, ``exact``) go to
    :meth:`NormalFormGame.from_bimatrix`.

    Examples
    --------
    >>> import nashpy
    >>> from_nashpy(nashpy.Game([[1, 2]], [[3, 4]]), exact=True).payoff_of((0, 1))
    (Fraction(2, 1), Fraction(4, 1))
    """
    return NormalFormGame.from_nashpy(nashpy_game, **kwargs)
