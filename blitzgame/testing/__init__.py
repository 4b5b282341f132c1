"""Test helpers for blitzgame users: hypothesis strategies and assertions.

``blitzgame.testing`` imports hypothesis, so ``import blitzgame`` never imports
it; this package is loaded lazily (``blitzgame.testing`` or
``from blitzgame.testing import strategies as bst``).

* :mod:`blitzgame.testing.strategies`: :func:`games`, :func:`bimatrix_games`,
  :func:`zero_sum_games`, :func:`symmetric_games`, :func:`mixed_profiles`.
* :mod:`blitzgame.testing.asserts`: :func:`assert_equilibrium`,
  :func:`assert_same_equilibria`.
* :mod:`blitzgame.testing.race`: strategies for race models
  (:func:`race_models`, :func:`markets`) and :func:`check_payoff_model`; also
  reachable as ``strategies.race_models``.

Examples
--------
>>> from hypothesis import given
>>> from blitzgame.testing import games, assert_equilibrium
>>> import blitzgame as bg
>>> @given(games(max_actions=3))
... def test_pure_equilibria_are_equilibria(g):
...     for eq in bg.solve(g, method="pure"):
...         assert_equilibrium(g, eq)
>>> test_pure_equilibria_are_equilibria()
"""

from __future__ import annotations

from . import asserts, strategies
from .asserts import assert_equilibrium, assert_same_equilibria
from .strategies import (
    bimatrix_games,
    games,
    labels,
    mixed_profiles,
    payoff_values,
    symmetric_games,
    zero_sum_games,
)

__all__ = [
    "strategies",
    "asserts",
    "games",
    "bimatrix_games",
    "zero_sum_games",
    "symmetric_games",
    "mixed_profiles",
    "labels",
    "payoff_values",
    "assert_equilibrium",
    "assert_same_equilibria",
]

from . import race
from .race import check_payoff_model, markets, race_models

__all__ += ["race", "race_models", "markets", "check_payoff_model"]
