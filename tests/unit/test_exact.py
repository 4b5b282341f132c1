"""Exact arithmetic policy."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy

from blitzgame.exact import as_payoff_array, solve_rational, to_fraction


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.1, Fraction(1, 10)), (3, Fraction(3)), ("3/4", Fraction(3, 4)),
     (Decimal("0.25"), Fraction(1, 4)), (sympy.Rational(2, 7), Fraction(2, 7)),
     (np.int64(5), Fraction(5)), (np.float64(1e-3), Fraction(1, 1000)), (1e22, Fraction(10**22))],
    ids=str,
)
def test_to_fraction(value, expected):
    assert to_fraction(value) == expected


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, object()],
                         ids=["nan", "inf", "bool", "object"])
def test_to_fraction_rejects(bad):
    with pytest.raises(ValueError):
        to_fraction(bad)


def test_as_payoff_array_modes():
    arr, exact = as_payoff_array([[1, 2]], exact=None)
    assert exact and arr.dtype == object
    arr, exact = as_payoff_array([[0.1, 2.0]], exact=None)
    assert not exact and arr.dtype == np.float64
    arr, exact = as_payoff_array([[0.1, 2.0]], exact=True)
    assert exact and arr[0, 0] == Fraction(1, 10)
    arr, exact = as_payoff_array([[Fraction(1, 3), 2]], exact=False)
    assert not exact and arr[0, 0] == pytest.approx(1 / 3)


def test_solve_rational_square_and_rectangular():
    x = solve_rational([[2, 1], [1, 3]], [1, 2])
    assert list(x) == [Fraction(1, 5), Fraction(3, 5)]
    # consistent over-determined system
    x = solve_rational([[1, 0], [0, 1], [1, 1]], [1, 2, 3])
    assert list(x) == [1, 2]
    assert solve_rational([[1, 0], [0, 1], [1, 1]], [1, 2, 4]) is None  # inconsistent
    assert solve_rational([[1, 1], [2, 2]], [1, 2]) is None  # not unique
