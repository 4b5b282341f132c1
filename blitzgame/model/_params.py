"""Validation of model parameters (private): one rule table used by the dataclasses and batches."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError

__all__ = ["check_number", "check_array"]


def check_number(name: str, value: Any, lo: float = -math.inf, hi: float = math.inf, *,
                 lo_open: bool = False, hi_open: bool = False, allow_inf: bool = False) -> float:
    """Return ``value`` as float after checking it is a real number in the stated range."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer,
                                                                     np.floating)):
        raise InvalidParameterError(
            f"{name} must be a real number; got {type(value).__name__} {value!r}")
    v = float(value)
    if math.isnan(v):
        raise InvalidParameterError(f"{name} must be a number; got NaN")
    if math.isinf(v) and not (allow_inf and v > 0):
        raise InvalidParameterError(f"{name} must be finite; got {v}")
    bad_lo = v <= lo if lo_open else v < lo
    bad_hi = v >= hi if hi_open else v > hi
    if bad_lo or bad_hi:
        lb = "(" if lo_open else "["
        hb = ")" if hi_open else "]"
        raise InvalidParameterError(f"{name} must be in {lb}{lo:g}, {hi:g}{hb}; got {v:g}")
    return v


def check_array(name: str, value: Any, lo: float = -math.inf, hi: float = math.inf, *,
                lo_open: bool = False, hi_open: bool = False,
                allow_inf: bool = False) -> np.ndarray:
    """Vectorized :func:`check_number` for a batch of parameter values (1-D array)."""
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{name} must be an array of real numbers; got {value!r}") \
            from None
    if a.ndim != 1:
        raise InvalidParameterError(f"{name} must be a 1-D array of values; got shape {a.shape}")
    if np.isnan(a).any():
        raise InvalidParameterError(f"{name} must not contain NaN")
    if np.isinf(a).any() and not (allow_inf and np.all(a[np.isinf(a)] > 0)):
        raise InvalidParameterError(f"{name} must be finite")
    bad = (a <= lo if lo_open else a < lo) | (a >= hi if hi_open else a > hi)
    if bad.any():
        raise InvalidParameterError(
            f"{name} must be in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}; "
            f"got {a[bad][0]:g} at index {int(np.flatnonzero(bad)[0])}")
    return a
