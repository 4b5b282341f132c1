"""Building blocks of sweep measures: the Measure protocol, labels, and user functions.

See :mod:`blitzgame.analysis.measures` for the built-in measures and how they
are defined; this module holds what they share.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..solvers.batch import kernels

__all__ = ["Measure", "FunctionMeasure", "VERDICTS", "DEFENDER_NAMES", "blitz_actions",
           "defender_actions"]

#: Verdict classes of the ``verdict`` measure, in the order they are checked.
VERDICTS = ("blitz_dominant", "defender_wins", "blitz_equilibrium", "restraint", "mixed_only")


def _game_tensor(game: NormalFormGame) -> tuple[NDArray[Any], NDArray[np.float64]]:
    """One game as a batch of one, in the form that compares like its payoffs."""
    if game.exact:

        return game.comparable_payoffs[None], np.zeros(1)
    u = game.float_payoffs[None]
    return u, kernels.batch_tol(u)


def blitz_actions(game: NormalFormGame, blitz: str = "Blitz") -> tuple[int, ...]:
    """Index of each player's blitz action (label equal to ``blitz``, any case), -1 if none.

    Raises
    ------
    InvalidParameterError
        If no player has such an action.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[1, 0], [2, -2]], [[1, 2], [0, -2]],
    ...     actions=(("steady", "blitz"), ("steady", "blitz")))
    >>> blitz_actions(g)
    (1, 1)
    """
    key = blitz.casefold()
    out = tuple(next((k for k, a in enumerate(acts) if a.casefold() == key), -1)
                for acts in game.actions)
    if all(k < 0 for k in out):
        raise InvalidParameterError(
            f"no player has an action named {blitz!r}; actions are {game.actions}")
    return out


#: Names of the defender postures (:data:`blitzgame.analysis.verdict.DEFENDER_POSTURES`).
DEFENDER_NAMES = ("Niche", "Moat", "Partner", "CustomSilicon", "WaitForStumble")


def defender_actions(game: NormalFormGame, names: tuple[str, ...] = DEFENDER_NAMES
                     ) -> tuple[NDArray[np.bool_], ...]:
    """Per player, a mask of the actions whose label is a defender posture name (any case).

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[0, 0, 0]], [[0, 0, 0]],
    ...     actions=(("Blitz",), ("Blitz", "Steady", "Niche")))
    >>> [m.tolist() for m in defender_actions(g)]
    [[False], [False, False, True]]
    """
    keys = {x.casefold() for x in names}
    return tuple(np.array([a.casefold() in keys for a in acts], dtype=bool)
                 for acts in game.actions)


class _Context:
    """What the game measures need beyond payoffs: blitz and defender postures, capital.

    For a :class:`~blitzgame.model.RaceModel` these come from the posture
    objects (as in :func:`~blitzgame.analysis.verdict.analyze`) and each firm's
    capital (a swept ``firms.<name>.capital`` overrides it per point); for other
    models from the action labels, with capital 1.
    """

    def __init__(self, model: Any, game: NormalFormGame, blitz: str, B: int,
                 params: Mapping[str, NDArray[Any]] | None = None) -> None:
        self.game = game
        firms = getattr(model, "firms", None)
        postures = getattr(model, "postures", None)
        if firms is not None and isinstance(postures, Mapping):
            from .verdict import DEFENDER_POSTURES, blitz_index

            self.blitz = tuple(blitz_index(postures[f.name]) for f in firms)
            self.defenders = tuple(np.array([isinstance(p, DEFENDER_POSTURES)
                                             for p in postures[f.name]], dtype=bool)
                                   for f in firms)
            params = params or {}
            self.capital = np.stack([np.broadcast_to(np.maximum(np.asarray(
                params.get(f"firms.{f.name}.capital", f.capital), dtype=np.float64), 1e-12), (B,))
                for f in firms], axis=-1)
        else:
            self._label = blitz  # looked up on first use: not every measure needs it
            self.defenders = defender_actions(game)
            self.capital = np.ones((B, game.num_players))

    @property
    def blitz(self) -> tuple[int, ...]:
        """Index of each firm's blitz posture (-1: none)."""
        if "_blitz" not in self.__dict__:
            self._blitz = blitz_actions(self.game, self._label)
        return self._blitz

    @blitz.setter
    def blitz(self, value: tuple[int, ...]) -> None:
        self._blitz = value


class Measure:
    """Base class of sweep measures.

    Subclasses set :attr:`name`, implement :meth:`point` and, when the answer
    can be computed from a batch of payoff tensors, :meth:`batch`.
    """

    name: ClassVar[str] = "measure"
    vectorized: ClassVar[bool] = False
    uses_rng: bool = False

    def point(self, model: Any, game: NormalFormGame, rng: np.random.Generator | None = None
              ) -> dict[str, Any]:
        """Measure one point: the model there and its game."""
        raise NotImplementedError

    def batch(self, model: Any, payoffs: NDArray[Any], game: NormalFormGame,
              params: Mapping[str, NDArray[Any]] | None = None) -> dict[str, NDArray[Any]]:
        """Measure a batch: ``payoffs`` of shape ``(B, n_0, ..., n_{N-1}, N)``.

        ``model`` and ``game`` are the base model and its game (for labels),
        ``params`` the swept values of the batch's points (arrays of shape
        ``(B,)``). Returns arrays of shape ``(B,)``.
        """
        raise NotImplementedError(f"measure {self.name!r} is not vectorized")

    def canonical(self) -> str:
        """A string that identifies the measure and its options (for checkpoints)."""
        opts = {k: v for k, v in sorted(vars(self).items())} if hasattr(self, "__dict__") else {}
        return f"{type(self).__module__}.{type(self).__qualname__}{opts!r}"

    def __repr__(self) -> str:
        return f"<measure {self.name!r}>"


class _GameMeasure(Measure):
    """A measure computed from payoff tensors alone: point = batch of one."""

    vectorized = True
    blitz: str = "Blitz"

    def point(self, model: Any, game: NormalFormGame, rng: np.random.Generator | None = None
              ) -> dict[str, Any]:
        u, tol = _game_tensor(game)
        ctx = _Context(model, game, self.blitz, 1)
        return {k: v[0].item() if isinstance(v[0], np.generic) else v[0]
                for k, v in self._compute(u, tol, ctx).items()}

    def batch(self, model: Any, payoffs: NDArray[Any], game: NormalFormGame,
              params: Mapping[str, NDArray[Any]] | None = None) -> dict[str, NDArray[Any]]:
        u = np.asarray(payoffs, dtype=np.float64)
        ctx = _Context(model, game, self.blitz, len(u), params)
        return self._compute(u, kernels.batch_tol(u), ctx)

    def _compute(self, u: NDArray[Any], tol: NDArray[Any], ctx: _Context
                 ) -> dict[str, NDArray[Any]]:
        raise NotImplementedError


class FunctionMeasure(Measure):
    """A user's function ``f(model, game[, rng=...]) -> mapping of scalars`` as a measure.

    The function must be importable (defined at module level) to run on a
    process pool or Dask.
    """

    def __init__(self, func: Callable[..., Any]) -> None:
        if not callable(func):
            raise InvalidParameterError(f"measure must be callable; got {func!r}")
        self.func = func
        try:
            self.uses_rng = "rng" in inspect.signature(func).parameters
        except (TypeError, ValueError):  # pragma: no cover - builtins without signature
            self.uses_rng = False

    @property
    def name(self) -> str:  # type: ignore[override]
        return getattr(self.func, "__name__", "measure")

    def point(self, model: Any, game: NormalFormGame, rng: np.random.Generator | None = None
              ) -> dict[str, Any]:
        out = self.func(model, game, rng=rng) if self.uses_rng else self.func(model, game)
        if not isinstance(out, Mapping):
            if np.ndim(out) == 0:
                return {self.name: out}
            raise InvalidParameterError(
                f"measure {self.name!r} must return a mapping of scalars; got {type(out).__name__}")
        return dict(out)

    def canonical(self) -> str:
        f = self.func
        return f"{getattr(f, '__module__', '?')}.{getattr(f, '__qualname__', repr(f))}"
