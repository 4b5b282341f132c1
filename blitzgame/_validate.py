"""Checks of scalar options shared by every layer (private; game-free).

Public entry points call these once per option, so every bad option raises
:class:`~blitzgame.exceptions.InvalidParameterError` naming the argument, what was
expected and what was received (STYLE.md, "Validation and error conventions").
They know nothing of games: :mod:`blitzgame.solvers._checks` adds the game-aware
checks and re-exports these, and ``model``, ``games`` and ``analysis`` import them
from here (layer 0, below all of them).

Examples
--------
>>> from blitzgame._validate import check_bool, check_positive_int
>>> check_positive_int("max_iter", 10)
10
>>> check_bool("strict", "no")
Traceback (most recent call last):
...
blitzgame.exceptions.InvalidParameterError: strict must be True or False; got str 'no'
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

import numpy as np

from .exceptions import InvalidParameterError

__all__ = [
    "RngLike",
    "check_bool",
    "check_optional_bool",
    "check_int",
    "check_positive_int",
    "check_index",
    "check_finite_positive",
    "check_nonnegative",
    "check_choice",
    "check_rng",
    "check_keywords",
    "describe",
]

#: What an ``rng`` option accepts (SPEC 7): a seed, a seed sequence or a generator.
RngLike: TypeAlias = "int | np.integer[Any] | np.random.Generator | np.random.SeedSequence | None"


def describe(value: object) -> str:
    """Name and show a received value for an error message: ``"str 'no'"``, ``"float 0.5"``."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_real(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_))


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` as a bool; only ``True``/``False`` (or a numpy bool) are accepted.

    Strings, numbers and ``None`` are rejected rather than taken by truthiness
    (``strict="no"`` would otherwise mean ``strict=True``).
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise InvalidParameterError(f"{name} must be True or False; got {describe(value)}")


def check_optional_bool(name: str, value: Any) -> bool | None:
    """Like :func:`check_bool`, but ``None`` (meaning "decide for me") is accepted."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise InvalidParameterError(f"{name} must be True, False or None; got {describe(value)}")


def check_int(name: str, value: Any, minimum: int | None = None) -> int:
    """Return ``value`` as an int (an int or numpy integer; not a bool or float) ``>= minimum``."""
    if not _is_int(value):
        expected = "an integer" if minimum is None else f"an integer >= {minimum}"
        raise InvalidParameterError(f"{name} must be {expected}; got {describe(value)}")
    v = int(value)
    if minimum is not None and v < minimum:
        raise InvalidParameterError(f"{name} must be an integer >= {minimum}; got {v}")
    return v


def check_positive_int(name: str, value: Any) -> int:
    """Return ``value`` as an int ``>= 1`` (limits: ``max_iter``, ``max_paths``, ...)."""
    if not _is_int(value) or int(value) < 1:
        raise InvalidParameterError(f"{name} must be a positive integer; got {describe(value)}")
    return int(value)


def check_index(name: str, value: Any, n: int) -> int:
    """Return ``value`` as an index in ``0..n-1`` (ints and numpy integers; no floats or bools)."""
    if not _is_int(value) or not 0 <= int(value) < n:
        raise InvalidParameterError(
            f"{name} must be in 0..{n - 1} (an integer index); got {describe(value)}")
    return int(value)


def check_finite_positive(name: str, value: Any) -> float:
    """Return ``value`` as a float that is finite and ``> 0`` (not NaN, inf, a bool or a string)."""
    if not _is_real(value) or not (math.isfinite(float(value)) and float(value) > 0):
        raise InvalidParameterError(
            f"{name} must be a finite positive number; got {describe(value)}")
    return float(value)


def check_nonnegative(name: str, value: Any) -> float:
    """Return ``value`` as a float that is finite and ``>= 0`` (tolerances)."""
    if not _is_real(value) or not (math.isfinite(float(value)) and float(value) >= 0):
        raise InvalidParameterError(
            f"{name} must be a non-negative finite number; got {describe(value)}")
    return float(value)


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of the strings ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise InvalidParameterError(
            f"{name} must be one of {', '.join(map(repr, choices))}; got {describe(value)}")
    return value


def check_rng(rng: Any, name: str = "rng") -> Any:
    """Validate an ``rng`` option (SPEC 7) and return it unchanged.

    Accepted: ``None`` (fresh entropy), an int ``>= 0`` (a seed), a
    :class:`numpy.random.SeedSequence`, a :class:`numpy.random.Generator` (used as
    is) or a :class:`numpy.random.BitGenerator`. Anything else -- a string, a
    float, a bool, a negative seed, the legacy ``RandomState`` -- raises.
    ``np.random.default_rng(check_rng(rng))`` gives the generator.

    Examples
    --------
    >>> import numpy as np
    >>> check_rng(0), check_rng(None)
    (0, None)
    >>> check_rng(1.5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.InvalidParameterError: rng must be None, an int >= 0, ...; got float 1.5
    """
    if rng is None or isinstance(
            rng, (np.random.Generator, np.random.SeedSequence, np.random.BitGenerator)):
        return rng
    if _is_int(rng) and int(rng) >= 0:
        return rng
    raise InvalidParameterError(
        f"{name} must be None, an int >= 0, a numpy.random.Generator or a "
        f"numpy.random.SeedSequence; got {describe(rng)}")


def check_keywords(func: Callable[..., Any], options: Mapping[str, Any], what: str) -> None:
    """Raise a clear error for a keyword ``func`` does not take, before calling it.

    ``func``'s keyword-only parameters are its options (none are checked when it
    takes ``**kwargs``); ``what`` names it in the message.

    Examples
    --------
    >>> def f(x, *, tol=None): ...
    >>> check_keywords(f, {"tl": 1}, "method 'f'")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.InvalidParameterError: method 'f' takes no option(s) 'tl'; ...: tol
    """
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    allowed = [name for name, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    bad = sorted(set(options) - set(allowed))
    if bad:
        raise InvalidParameterError(
            f"{what} takes no option(s) {', '.join(map(repr, bad))}; "
            f"expected some of: {', '.join(allowed) or 'none'}")
