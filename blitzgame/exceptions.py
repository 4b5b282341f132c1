"""Exceptions and warnings raised by blitzgame.

Every exception also derives from the builtin a user would naturally catch
(``ValueError``, ``TypeError``, ``NotImplementedError``, ``RuntimeError``), so
``except ValueError`` keeps working in code that does not know blitzgame.

Examples
--------
>>> import blitzgame as bg
>>> try:
...     bg.NormalFormGame.from_bimatrix([[1, 2]], [[1, 2, 3]])
... except ValueError as err:
...     print(type(err).__name__)
InvalidGameError
"""

from __future__ import annotations

__all__ = [
    "BlitzgameError",
    "InvalidGameError",
    "InvalidParameterError",
    "GameFormatError",
    "UnsupportedGameError",
    "SolverError",
    "BlitzgameWarning",
    "DegenerateGameWarning",
    "ConvergenceWarning",
    "PrecisionWarning",
    "SweepWarning",
]


class BlitzgameError(Exception):
    """Base class of every error raised by blitzgame."""


class InvalidGameError(BlitzgameError, ValueError):
    """A game's data is invalid: shapes, labels, non-finite or non-numeric payoffs."""


class InvalidParameterError(BlitzgameError, ValueError, TypeError):
    """A model parameter or solver option is invalid (wrong type or value)."""


class GameFormatError(BlitzgameError, ValueError):
    """A game file could not be parsed; the message gives ``line:column``."""


class UnsupportedGameError(BlitzgameError, NotImplementedError):
    """The method does not apply to this game (e.g. three players for a two-player method)."""


class SolverError(BlitzgameError, RuntimeError):
    """An internal invariant of a solver was broken; this is a bug, please report it."""


class BlitzgameWarning(UserWarning):
    """Base class of every warning issued by blitzgame."""


class DegenerateGameWarning(BlitzgameWarning, RuntimeWarning):
    """The game is degenerate; a method's completeness guarantee may not hold."""


class ConvergenceWarning(BlitzgameWarning):
    """An iterative method stopped before it converged."""


class PrecisionWarning(BlitzgameWarning):
    """A float result lies within the tolerance of a support boundary."""


class SweepWarning(BlitzgameWarning):
    """A sweep recovered from trouble: a checkpoint chunk was rejected, or a worker died."""
