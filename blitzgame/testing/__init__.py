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
* :data:`settings`: hypothesis settings fit for these strategies (no deadline),
  also registered as the hypothesis profile ``"blitzgame"``.

**Cost.** Drawing a game is cheap, but what a test does with it is not: an
exact solve of a 4x4 game takes milliseconds, a race model's game tens of
milliseconds, and the first call pays for imports (scipy, sympy). That is far
beyond hypothesis's default 200 ms *deadline* on a cold or busy machine, so
decorate such tests with :data:`settings` (or load the ``"blitzgame"``
profile): no deadline, and no health check for slow data generation.

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

from hypothesis import HealthCheck
from hypothesis import settings as _settings

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
    "settings",
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

#: Hypothesis settings for tests that solve games or build race models: no deadline
#: (a solve can outlast hypothesis's 200 ms default), no too-slow health check, and
#: otherwise the active profile's values. Use it as a decorator: ``@settings``.
settings = _settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
_settings.register_profile("blitzgame", settings)
