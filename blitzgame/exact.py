"""Exact arithmetic policy: when payoffs are exact, and how numbers become Fractions.

blitzgame keeps integer and :class:`fractions.Fraction` payoffs exact and answers
in Fractions; float payoffs give float answers. A float is never converted
bit-for-bit (``Fraction(0.1)`` is ``3602879701896397/36028797018963968``) but
through its shortest ``repr``, so ``0.1`` becomes ``1/10`` -- the semantics of
Gambit's file format.

Rational linear algebra goes through :class:`sympy.polys.matrices.DomainMatrix`
over ``QQ`` (backed by gmpy2 or python-flint when installed).

Examples
--------
>>> from blitzgame.exact import to_fraction
>>> to_fraction(0.1)
Fraction(1, 10)
>>> to_fraction("3/4")
Fraction(3, 4)
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .exceptions import InvalidGameError

__all__ = [
    "to_fraction",
    "is_exact_scalar",
    "as_payoff_array",
    "fraction_array",
    "solve_rational",
]

_INT_KINDS = "iu"


def to_fraction(value: Any) -> Fraction:
    """Convert a number to a :class:`~fractions.Fraction` without float noise.

    Parameters
    ----------
    value : int, Fraction, float, Decimal, str, sympy Rational or numpy scalar
        A float goes through its shortest decimal ``repr`` (0.1 -> 1/10).

    Returns
    -------
    Fraction

    Raises
    ------
    ValueError
        If the value is not a finite number.

    Examples
    --------
    >>> to_fraction(2.5), to_fraction(3), to_fraction("-7/2")
    (Fraction(5, 2), Fraction(3, 1), Fraction(-7, 2))
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"expected a number, got a boolean {value!r}")
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if not np.isfinite(f):
            raise ValueError(f"expected a finite number, got {f!r}")
        return Fraction(repr(f))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"expected a finite number, got {value!r}")
        return Fraction(value)
    if isinstance(value, str):
        return Fraction(value.strip())
    if isinstance(value, numbers.Rational):  # e.g. sympy.Rational, gmpy2.mpq
        return Fraction(int(value.numerator), int(value.denominator))
    p = getattr(value, "p", None)
    q = getattr(value, "q", None)
    if isinstance(p, int) and isinstance(q, int):  # sympy Rational / Integer
        return Fraction(p, q)
    raise ValueError(f"expected a rational number, got {value!r} of type {type(value).__name__}")


def is_exact_scalar(value: Any) -> bool:
    """Return True if ``value`` is an exact (integer or rational) number."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, np.integer, Fraction)):
        return True
    if isinstance(value, numbers.Rational):
        return True
    return bool(getattr(value, "is_Rational", False))


def fraction_array(values: ArrayLike) -> NDArray[np.object_]:
    """Return an object array of Fractions with the same shape as ``values``."""
    arr = np.asarray(values, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    flat_in = arr.reshape(-1)
    flat_out = out.reshape(-1)
    for k, v in enumerate(flat_in):
        flat_out[k] = to_fraction(v)
    return out


def as_payoff_array(
    values: ArrayLike, *, exact: bool | None, name: str = "payoffs"
) -> tuple[NDArray[Any], bool]:
    """Validate numeric payoff data; return it as Fraction or float64, and the mode.

    Parameters
    ----------
    values : array_like
        Numeric data (nested sequences must be rectangular).
    exact : bool or None
        ``None`` keeps the input's nature (int/Fraction -> exact, float -> float);
        ``True`` converts floats through their shortest repr; ``False`` gives floats.
    name : str
        Argument name used in error messages.

    Returns
    -------
    array : ndarray
        ``object`` array of Fractions (exact) or ``float64`` array.
    exact : bool
        Which of the two it is.

    Raises
    ------
    InvalidGameError
        Ragged data, non-numeric entries, NaN or infinite values.
    """
    if isinstance(values, np.ndarray):
        arr = values
    else:
        try:
            arr = np.array(values, dtype=object)
        except ValueError as err:  # ragged nested sequences
            raise InvalidGameError(
                f"{name} must be a rectangular array of numbers; got ragged data ({err})"
            ) from None
        # numpy builds object arrays of lists when the nesting is ragged at depth > 1
        if any(isinstance(v, (list, tuple, np.ndarray)) for v in arr.reshape(-1)):
            raise InvalidGameError(
                f"{name} must be a rectangular array of numbers; got ragged data"
            )
    kind = arr.dtype.kind
    if kind == "b":
        raise InvalidGameError(f"{name} must be numbers; got a boolean array")
    if kind in _INT_KINDS:
        is_exact_input = True
    elif kind == "f":
        if not np.all(np.isfinite(arr)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
            raise InvalidGameError(
                f"{name} must be finite; got {arr[bad]!r} at index {bad}"
            )
        is_exact_input = False
    elif kind == "O":
        flat = arr.reshape(-1)
        is_exact_input = True
        for k, v in enumerate(flat):
            if is_exact_scalar(v):
                continue
            if isinstance(v, (float, np.floating)):
                if not np.isfinite(float(v)):
                    idx = np.unravel_index(k, arr.shape)
                    raise InvalidGameError(
                        f"{name} must be finite; got {v!r} at index {tuple(map(int, idx))}"
                    )
                is_exact_input = False
                continue
            if isinstance(v, Decimal) and v.is_finite():
                continue
            idx = np.unravel_index(k, arr.shape)
            raise InvalidGameError(
                f"{name} must be numbers; got {v!r} of type {type(v).__name__} "
                f"at index {tuple(map(int, idx))}"
            )
    else:
        raise InvalidGameError(f"{name} must be numbers; got an array of dtype {arr.dtype}")
    use_exact = is_exact_input if exact is None else bool(exact)
    if use_exact:
        return fraction_array(arr), True
    if kind == "O":
        return np.array([float(v) for v in arr.reshape(-1)], dtype=np.float64).reshape(
            arr.shape
        ), False
    return np.asarray(arr, dtype=np.float64), False


def solve_rational(
    matrix: list[list[Any]] | NDArray[np.object_], rhs: list[Any] | NDArray[np.object_]
) -> NDArray[np.object_] | None:
    """Solve the rational linear system ``matrix @ x = rhs`` exactly, if its solution is unique.

    The system may be rectangular (more equations than unknowns); it is reduced
    to row echelon form over ``QQ``. Returns ``None`` when the system is
    inconsistent or its solution is not unique.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> solve_rational([[F(2), F(1)], [F(1), F(3)]], [F(1), F(2)]).tolist()
    [Fraction(1, 5), Fraction(3, 5)]
    >>> solve_rational([[1, 1], [2, 2]], [1, 2]) is None  # not unique
    True
    """
    from sympy import QQ
    from sympy.polys.matrices import DomainMatrix

    mat = np.asarray(matrix, dtype=object)
    vec = np.asarray(rhs, dtype=object).reshape(-1)
    m, n = mat.shape
    if vec.shape[0] != m:
        raise ValueError(f"rhs has {vec.shape[0]} entries; expected {m}")

    def q(v: Any) -> Any:
        f = to_fraction(v)
        return QQ(f.numerator, f.denominator)

    aug = DomainMatrix([[q(v) for v in row] + [q(b)] for row, b in zip(mat, vec, strict=True)],
                       (m, n + 1), QQ)
    red, pivots = aug.rref()
    if n in pivots or len(pivots) < n:  # inconsistent, or free variables
        return None
    rows = red.to_list()
    out = np.empty(n, dtype=object)
    for r, col in enumerate(pivots):
        v = rows[r][n]
        out[col] = Fraction(int(v.numerator), int(v.denominator))
    return out
