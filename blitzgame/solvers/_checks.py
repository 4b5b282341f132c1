"""Argument checks shared by the solvers (public entry points validate; helpers assume)."""

from __future__ import annotations

from .._validate import (
    check_bool,
    check_choice,
    check_finite_positive,
    check_index,
    check_int,
    check_nonnegative,
    check_optional_bool,
    check_positive_int,
    check_rng,
    describe,
)
from ..exceptions import InvalidParameterError, UnsupportedGameError
from ..games.normal_form import NormalFormGame

__all__ = [
    "check_game", "check_tol", "require_players", "check_two_player",
    # game-free option checks (defined in blitzgame._validate, re-exported for the solvers)
    "check_bool", "check_optional_bool", "check_int", "check_positive_int", "check_index",
    "check_finite_positive", "check_nonnegative", "check_choice", "check_rng", "describe",
]


def check_game(game: object, name: str = "game") -> NormalFormGame:
    """Raise a clear error unless ``game`` is a :class:`NormalFormGame`."""
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(
            f"{name} must be a NormalFormGame; got {type(game).__name__}. "
            "Build one with blitzgame.NormalFormGame(payoffs) or NormalFormGame.from_bimatrix(A, B)"
        )
    return game


def require_players(game: NormalFormGame, n: int, method: str) -> None:
    """Raise :class:`UnsupportedGameError` unless the game has ``n`` players."""
    if game.num_players != n:
        raise UnsupportedGameError(
            f"{method} needs a {n}-player game; got {game.num_players} players "
            f"(use method='pure' or an N-player method)"
        )


def check_tol(game: NormalFormGame, tol: float | None) -> float:
    """Validate a tolerance option; ``None`` gives the game's float tolerance.

    ``tol`` must be a finite number ``>= 0`` (not NaN, inf, a bool or a string).
    """
    if tol is None:
        return game.float_tol
    return check_nonnegative("tol", tol)


def check_two_player(game: object, tol: float | None, method: str
                     ) -> tuple[NormalFormGame, float]:
    """Validate the arguments of a two-player method: the game and its float tolerance."""
    game = check_game(game)
    require_players(game, 2, method)
    return game, check_tol(game, tol)
