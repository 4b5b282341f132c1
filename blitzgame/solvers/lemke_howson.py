r"""The Lemke-Howson algorithm: complementary pivoting to a Nash equilibrium of a bimatrix game.

With the payoffs of :math:`A, B` (:math:`m \times n`) shifted to be positive, the
best-response polytopes are written as tableaux with slack variables,

.. math::

    B^\top x + s = \mathbf 1,\ x, s \ge 0, \qquad A y + r = \mathbf 1,\ y, r \ge 0,

and every variable carries a label: :math:`x_i` and :math:`r_i` label
:math:`i \in \{0..m-1\}`, :math:`s_j` and :math:`y_j` label :math:`m + j`. Starting
from the artificial equilibrium :math:`(0, 0)`, the variable with the *initial
label* :math:`k` enters its tableau; the variable that leaves (by the minimum
ratio test) has a label whose *complementary* variable in the other tableau
enters next, and so on, until the label :math:`k` leaves: then every label is
present exactly once and :math:`(x / \mathbf 1^\top x, y / \mathbf 1^\top y)` is a
Nash equilibrium (Lemke and Howson, *J. SIAM* 12, 1964; von Stengel,
*Algorithmic Game Theory*, 2007, ch. 3.4).

Ties in the ratio test (degenerate games) are broken by the lexicographic
minimum-ratio rule on the rows of :math:`(\text{rhs}, \text{basis inverse})`, so
the path never cycles. Float tableaux are pivoted with NumPy (one rank-one
update per pivot). Exact games run in floats and each equilibrium is recomputed
exactly on its support; when that fails the path is re-run with
:class:`~fractions.Fraction` tableaux.
"""

from __future__ import annotations

import warnings
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..exceptions import ConvergenceWarning, InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..results import EquilibriumResult, Status
from ._common import Timer, check_game, check_tol, finalize, refine_two_player, require_players
from .pure import comparable_payoffs

__all__ = ["lemke_howson"]

_EPS = 1e-12


def _tableaux(A: NDArray[Any], B: NDArray[Any], exact: bool) -> tuple[NDArray[Any], NDArray[Any]]:
    """Initial tableaux with columns indexed by label and the right-hand side last."""
    m, n = A.shape
    if exact:
        one, zero = Fraction(1), Fraction(0)
        Ap = np.array([[Fraction(int(v)) for v in r] for r in A - A.min() + 1], dtype=object)
        Bp = np.array([[Fraction(int(v)) for v in r] for r in B - B.min() + 1], dtype=object)
        TP = np.full((n, m + n + 1), zero, dtype=object)
        TQ = np.full((m, m + n + 1), zero, dtype=object)
    else:
        one = 1.0
        ra, rb = np.ptp(A), np.ptp(B)
        Ap = (A - A.min()) / (ra if ra > 0 else 1.0) + 1.0
        Bp = (B - B.min()) / (rb if rb > 0 else 1.0) + 1.0
        TP = np.zeros((n, m + n + 1))
        TQ = np.zeros((m, m + n + 1))
    TP[:, :m] = Bp.T
    TQ[:, m:m + n] = Ap
    for j in range(n):
        TP[j, m + j] = one
    for i in range(m):
        TQ[i, i] = one
    TP[:, -1] = one
    TQ[:, -1] = one
    return TP, TQ


def _leaving(T: NDArray[Any], c: int, slack: range, exact: bool) -> tuple[int, bool]:
    """Row of the lexicographic minimum-ratio test for entering column ``c``; and a tie flag."""
    col = T[:, c]
    rows = np.flatnonzero(col > (0 if exact else _EPS))
    if len(rows) == 0:
        raise ArithmeticError("unbounded ray in the Lemke-Howson path")
    tie = False
    for k, j in enumerate([T.shape[1] - 1, *slack]):
        ratio = T[rows, j] / col[rows]
        best = ratio.min()
        keep = ratio == best if exact else ratio <= best + _EPS * max(1.0, abs(float(best)))
        if k == 0 and keep.sum() > 1:
            tie = True
        rows = rows[keep]
        if len(rows) == 1:
            return int(rows[0]), tie
    return int(rows[0]), tie


def _pivot(T: NDArray[Any], r: int, c: int) -> None:
    col = T[:, c].copy()
    T[r] = T[r] / col[r]
    col[r] = 0
    if T.dtype == object:
        T -= np.outer(col, T[r])
    else:
        np.subtract(T, col[:, None] * T[r], out=T)


def _path(A: NDArray[Any], B: NDArray[Any], label: int, exact: bool, max_pivots: int
          ) -> tuple[NDArray[Any], NDArray[Any], int, bool] | None:
    """Follow the path from ``label``; return (x, y, pivots, tie) or None if max_pivots hit."""
    m, n = A.shape
    TP, TQ = _tableaux(A, B, exact)
    basis = {"P": list(range(m, m + n)), "Q": list(range(m))}
    tabs = {"P": TP, "Q": TQ}
    slack = {"P": range(m, m + n), "Q": range(m)}
    side = "P" if label < m else "Q"
    entering = label
    tie_any = False
    for pivots in range(1, max_pivots + 1):  # noqa: B007 (used after the loop)
        T = tabs[side]
        r, tie = _leaving(T, entering, slack[side], exact)
        tie_any |= tie
        _pivot(T, r, entering)
        leaving = basis[side][r]
        basis[side][r] = entering
        if leaving == label:
            break
        entering = leaving
        side = "Q" if side == "P" else "P"
    else:
        return None
    zero = Fraction(0) if exact else 0.0
    x = np.full(m, zero, dtype=object if exact else float)
    y = np.full(n, zero, dtype=object if exact else float)
    for row, lab in enumerate(basis["P"]):
        if lab < m:
            x[lab] = TP[row, -1]
    for row, lab in enumerate(basis["Q"]):
        if lab >= m:
            y[lab - m] = TQ[row, -1]
    if not exact:
        x = np.clip(x, 0.0, None)
        y = np.clip(y, 0.0, None)
    return x / x.sum(), y / y.sum(), pivots, tie_any


def lemke_howson(game: NormalFormGame, *, initial_label: int | None = None,
                 tol: float | None = None, max_pivots: int | None = None) -> EquilibriumResult:
    """Find Nash equilibria of a two-player game with the Lemke-Howson algorithm.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game; exact games give exact (Fraction) equilibria.
    initial_label : int, optional
        The label that is dropped first: ``0..m-1`` are the row player's
        actions, ``m..m+n-1`` the column player's. ``None`` (default) runs from
        every label and returns the distinct equilibria found.
    tol : float, optional
        Float games: tolerance of the verification. Default
        :attr:`NormalFormGame.float_tol`.
    max_pivots : int, optional
        Pivot limit per path; default ``10**6``. A path that hits
        it is reported with status ``max_iter`` and a
        :class:`~blitzgame.exceptions.ConvergenceWarning`.

    Returns
    -------
    EquilibriumResult
        ``method="lemke_howson"``, ``complete=False`` (the paths need not reach
        every equilibrium). Status ``degenerate`` when the ratio test had ties.

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players.
    InvalidParameterError
        Bad ``initial_label``, ``tol`` or ``max_pivots``.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> res = bg.lemke_howson(g, initial_label=0)
    >>> [e.pure_profile for e in res]
    [(0, 0)]
    >>> len(bg.lemke_howson(g))  # every label leads to a pure one here
    2
    """
    game = check_game(game)
    require_players(game, 2, "lemke_howson")
    t = check_tol(game, tol)
    m, n = game.shape
    if initial_label is None:
        labels = list(range(m + n))
    elif isinstance(initial_label, (int, np.integer)) and not isinstance(initial_label, bool) \
            and 0 <= initial_label < m + n:
        labels = [int(initial_label)]
    else:
        raise InvalidParameterError(
            f"initial_label must be None or an int in [0, {m + n - 1}] for a {m}x{n} game; "
            f"got {initial_label!r}")
    if max_pivots is None:
        max_pivots = 10**6
    elif isinstance(max_pivots, bool) or not isinstance(max_pivots, (int, np.integer)) \
            or max_pivots < 1:
        raise InvalidParameterError(f"max_pivots must be a positive int; got {max_pivots!r}")
    with Timer() as timer:
        U = comparable_payoffs(game)
        F = U.astype(np.float64)
        A, B = F[..., 0], F[..., 1]
        cands: list[Any] = []
        seen: set[tuple[float, ...]] = set()
        total = 0
        degenerate = False
        stuck: list[int] = []
        for lab in labels:
            out = _path(A, B, lab, False, int(max_pivots))
            if out is None:
                stuck.append(lab)
                continue
            x, y, piv, tie = out
            total += piv
            degenerate |= tie
            if game.exact:
                ref = refine_two_player(game, x, y)
                if ref is None:
                    out = _path(U[..., 0], U[..., 1], lab, True, int(max_pivots))
                    if out is None:
                        stuck.append(lab)
                        continue
                    ref = out[0], out[1]
                x, y = ref
            key = tuple(np.round(np.concatenate([np.asarray(x, float), np.asarray(y, float)]),
                                 9))
            if key not in seen:
                seen.add(key)
                cands.append((x, y))
    status, message = None, ""
    if stuck:
        message = (f"the path from label(s) {stuck} did not end within max_pivots={max_pivots} "
                   "pivots")
        warnings.warn(message, ConvergenceWarning, stacklevel=2)
        status = Status.MAX_ITER
    return finalize(
        game, "lemke_howson", cands, complete=False, tol=t, degenerate=degenerate,
        status=status, message=message,
        stats={"pivots": total, "paths": len(labels), "seconds": timer.seconds},
        parameters={"initial_label": initial_label, "tol": t, "max_pivots": max_pivots},
    )
