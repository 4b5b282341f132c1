"""Assertions for tests of equilibrium computations.

:func:`assert_equilibrium` checks the defining property of a Nash equilibrium,
zero regret for every player (exactly for exact games and profiles, within a
tolerance otherwise); :func:`assert_same_equilibria` compares two equilibrium
sets as sets (order-free), exactly or within a tolerance.

Examples
--------
>>> from blitzgame import NormalFormGame
>>> from blitzgame.testing import assert_equilibrium
>>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
>>> from fractions import Fraction as F
>>> assert_equilibrium(g, [[F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, EquilibriumResult

__all__ = ["assert_equilibrium", "assert_same_equilibria"]

#: Default tolerance when comparing float equilibria (probabilities).
DEFAULT_MATCH_TOL = 1e-6


def _fmt(v: Any) -> str:
    return str(v) if isinstance(v, Fraction) else f"{float(v):.6g}"


def assert_equilibrium(game: NormalFormGame, profile: Any, *, tol: float | None = None) -> None:
    """Assert that ``profile`` is a Nash equilibrium of ``game``.

    Parameters
    ----------
    game : NormalFormGame
    profile : sequence of probability vectors or Equilibrium
        One mixed strategy per player (an :class:`Equilibrium` is accepted).
    tol : float, optional
        Largest allowed regret. ``None``: exactly 0 when the game and the
        profile are exact, else :attr:`NormalFormGame.float_tol`.

    Raises
    ------
    AssertionError
        With every player's regret and best responses in the message.

    Examples
    --------
    >>> from blitzgame import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> assert_equilibrium(g, [[0, 1], [0, 1]])
    >>> assert_equilibrium(g, [[1, 0], [1, 0]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    AssertionError: not a Nash equilibrium (max regret 2 > 0): player '0' regret 2 ...
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got {type(game).__name__}")
    if isinstance(profile, Equilibrium):
        profile = list(profile.strategies)
    prof = game.validate_profile(profile)
    regrets = game._regrets(prof)
    exact = all(isinstance(r, Fraction) for r in regrets)
    limit: Any = (0 if exact else game.float_tol) if tol is None else tol
    worst = max(regrets)
    if worst <= limit:
        return
    parts = []
    for i, r in enumerate(regrets):
        br = game.best_responses(i, prof)
        parts.append(f"player {game.players[i]!r} regret {_fmt(r)} "
                     f"(best responses {[game.actions[i][a] for a in br]})")
    raise AssertionError(
        f"not a Nash equilibrium (max regret {_fmt(worst)} > {_fmt(limit)}): " + "; ".join(parts)
    )


def _profiles(res: Any, name: str) -> list[tuple[np.ndarray, ...]]:
    if isinstance(res, EquilibriumResult):
        res = res.equilibria
    if not isinstance(res, Iterable):
        raise InvalidParameterError(
            f"{name} must be an EquilibriumResult or a sequence of profiles; "
            f"got {type(res).__name__}"
        )
    out = []
    for eq in res:
        strategies = eq.strategies if isinstance(eq, Equilibrium) else eq
        out.append(tuple(np.asarray(s, dtype=object if _is_exact_vec(s) else np.float64)
                         for s in strategies))
    return out


def _is_exact_vec(s: Any) -> bool:
    arr = np.asarray(s, dtype=object).reshape(-1)
    return all(isinstance(v, (Fraction, int, np.integer)) and not isinstance(v, bool)
               for v in arr)


def _key(p: Sequence[np.ndarray]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(Fraction(v) for v in s) for s in p)


def _show(p: Sequence[np.ndarray]) -> str:
    return "[" + "; ".join("(" + ", ".join(_fmt(v) for v in s) + ")" for s in p) + "]"


def assert_same_equilibria(res1: Any, res2: Any, *, tol: float | None = None) -> None:
    """Assert that two equilibrium sets are equal, ignoring order.

    Parameters
    ----------
    res1, res2 : EquilibriumResult or sequence of profiles
        Profiles are sequences of probability vectors or :class:`Equilibrium`.
    tol : float, optional
        Largest allowed difference of any probability. ``None``: exact set
        equality when both sides are exact, else ``1e-6``.

    Raises
    ------
    AssertionError
        Listing the equilibria found on only one side.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> half = [F(1, 2), F(1, 2)]
    >>> assert_same_equilibria([[half, half]], [[[0.5, 0.5], [0.5000000001, 0.4999999999]]])
    >>> assert_same_equilibria([[half, half]], [[[1, 0], [1, 0]]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    AssertionError: equilibrium sets differ: only in the first: [(1/2, 1/2); (1/2, 1/2)]...
    """
    a, b = _profiles(res1, "res1"), _profiles(res2, "res2")
    all_exact = all(s.dtype == object for p in a + b for s in p)
    only_a: list[Any] = []
    if tol is None and all_exact:
        ka = {_key(p): p for p in a}
        kb = {_key(p): p for p in b}
        only_a = [ka[k] for k in ka if k not in kb]
        only_b = [kb[k] for k in kb if k not in ka]
    else:
        t = DEFAULT_MATCH_TOL if tol is None else float(tol)

        def close(p: Sequence[np.ndarray], q: Sequence[np.ndarray]) -> bool:
            return len(p) == len(q) and all(
                s.shape == r.shape and np.max(np.abs(s.astype(float) - r.astype(float))) <= t
                for s, r in zip(p, q, strict=True)
            )

        unmatched = list(range(len(b)))
        for p in a:
            hit = next((j for j in unmatched if close(p, b[j])), None)
            if hit is None:
                if not any(close(p, q) for q in b):  # duplicates within tol are not an error
                    only_a.append(p)
            else:
                unmatched.remove(hit)
        only_b = [b[j] for j in unmatched if not any(close(b[j], p) for p in a)]
    if only_a or only_b:
        raise AssertionError(
            "equilibrium sets differ: "
            f"only in the first: {', '.join(_show(p) for p in only_a) or 'none'}; "
            f"only in the second: {', '.join(_show(p) for p in only_b) or 'none'} "
            f"({len(a)} vs {len(b)} equilibria)"
        )
