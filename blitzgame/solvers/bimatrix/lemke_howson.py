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
the path never cycles in exact arithmetic; the tie-break data (the basis
inverse) is looked at only when the minimum ratio is actually tied. In floating
point a tie can only be decided within a tolerance: a near-tie (ratios within
``1e-12``) is broken as a tie at one pivot while an equally near one was taken
as strict at an earlier pivot, so the float path can leave the polytope by a
rounding error (a slightly negative right-hand side) and walk back to a basis it
has already visited -- and then around that loop forever. The float path
therefore watches for a repeated pair of bases (Brent's cycle detection on a
Zobrist hash of the two bases and the entering label: O(1) work and memory per
pivot); when it sees one, that path is followed again in exact rational
arithmetic on the game's own payoffs (a float payoff taken at its exact binary
value), where the lexicographic rule guarantees termination. Float tableaux are *condensed*:
only the non-basic columns and the right-hand side are stored (the basic
ones are unit vectors), and each pivot is one in-place BLAS rank-one update
of that contiguous array, after which the entering variable's
column slot is reused for the leaving one (the classical Tucker-tableau
exchange step). Exact games run in floats and each equilibrium is recomputed
exactly on its support; when that fails, or when the float ratio test tied (a
near-tie may be no tie), the path is re-run with :class:`~fractions.Fraction`
tableaux, so an exact game's ``degenerate`` status comes from exact ties only.
Exact payoffs of any size enter the float path through
:func:`~blitzgame.solvers._numerics.certified.unit_floats` (no overflow); float
payoffs of extreme size are solved on a per-player power-of-two rescaling; and a
float run that ends with no verified equilibrium is re-solved exactly from the
shortest decimal form of the payoffs (:mod:`._guards`, a
:class:`~blitzgame.exceptions.PrecisionWarning`).
"""

from __future__ import annotations

import random
import warnings
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...exceptions import ConvergenceWarning, InvalidParameterError
from ...games.normal_form import NormalFormGame
from ...results import EquilibriumResult, Status
from .._checks import check_game, check_tol, require_players
from .._numerics.certified import unit_floats
from .._numerics.scaling import unit_range
from .._verify import Timer, finalize, refine_two_player
from ._guards import exact_resolve, solve_rescaled, suspicious

__all__ = ["lemke_howson"]

_EPS = 1e-12


class _Cycling(ArithmeticError):
    """The float path revisited a pair of bases (an exact Lemke-Howson path never does)."""


def _fraction(v: Any) -> Fraction:
    """An int (any size, numpy too), Fraction or float as a Fraction of Python ints."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, (int, np.integer)):
        return Fraction(int(v))
    return Fraction(float(v))   # the float's exact binary value


def _tableaux(A: NDArray[Any], B: NDArray[Any], exact: bool) -> tuple[NDArray[Any], NDArray[Any]]:
    """Initial tableaux with columns indexed by label and the right-hand side last."""
    m, n = A.shape
    one: Fraction | float
    if exact:  # ints of any size, Fractions, or floats at their exact binary value
        one, zero = Fraction(1), Fraction(0)
        Ap = np.array([[_fraction(v) for v in r] for r in A], dtype=object)
        Bp = np.array([[_fraction(v) for v in r] for r in B], dtype=object)
        Ap, Bp = Ap - Ap.min() + one, Bp - Bp.min() + one
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


def _positive(A: NDArray[np.float64], B: NDArray[np.float64]
              ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Payoffs shifted and scaled into [1, 2] (a positive affine map per player)."""
    return unit_range(A)[0] + 1.0, unit_range(B)[0] + 1.0


class _FloatTableau:
    """A condensed float tableau: the non-basic columns of ``[M | I | 1]`` and the rhs.

    The full tableau has a unit column for each basic variable; only the
    ``w`` non-basic columns change in a pivot, so only they are stored
    (``D``, shape ``(k, w + 1)``, the rhs last). A pivot on ``(r, c)`` is an
    in-place BLAS rank-one update of ``D``: ``dgemm`` with inner dimension 1 on
    its Fortran-ordered transpose, one call (OpenBLAS keeps such a product on
    one core up to about 500x500 tableaux, where ``dger`` would wake threads for
    a few microseconds of work). Column ``c`` is then overwritten by the column
    of the leaving variable (``-d / p``, with ``1 / p`` in the pivot row). The minimum-ratio
    test is one masked division and an ``argmin``; the lexicographic tie-break
    on the rows of the basis inverse (the slack columns, rebuilt from ``D``
    and the basis) runs only when the minimum ratio is tied.
    """

    __slots__ = ("D", "Dt", "rhs", "slack", "ratio", "basis", "pos", "_dgemm")

    def __init__(self, M: NDArray[np.float64], m_start: int, slack_start: int) -> None:
        from scipy.linalg.blas import dgemm  # imported on first use: scipy.linalg is slow to load

        self._dgemm = dgemm
        k, d = M.shape
        D = np.empty((k, d + 1))
        D[:, :d] = M
        D[:, d] = 1.0
        self.D = D
        self.Dt = D.T                       # Fortran-ordered view: BLAS updates it in place
        self.rhs = D[:, d]
        self.slack = range(slack_start, slack_start + k)
        self.ratio = np.empty(k)
        self.basis = list(self.slack)       # label of the basic variable of each row
        self.pos = {m_start + j: j for j in range(d)}  # label -> column of D (non-basic)

    def pivot(self, label: int) -> tuple[int, bool]:
        """Enter variable ``label``; return the leaving label and whether the ratio test tied."""
        D = self.D
        j = self.pos.pop(label)
        col = D[:, j].copy()
        ratio = self.ratio
        # rows without a positive entry get rhs / _EPS, larger than any true ratio
        # unless their rhs is ~0; if such a row wins, redo the test with a mask
        np.maximum(col, _EPS, out=ratio)
        np.divide(self.rhs, ratio, out=ratio)
        r = int(ratio.argmin())
        if col[r] <= _EPS:
            ratio.fill(np.inf)
            np.divide(self.rhs, col, out=ratio, where=col > _EPS)
            r = int(ratio.argmin())
        best = float(ratio[r])
        if best == np.inf:                  # no positive entry in the column
            raise ArithmeticError("unbounded ray in the Lemke-Howson path")
        ratio[r] = np.inf                   # tied if the second smallest ratio is as small
        tie = float(ratio[ratio.argmin()]) <= best + _EPS * max(1.0, best)
        if tie:                             # (a masked row can only add a false alarm)
            r = self._lexicographic(col, col > _EPS)
        inv = 1.0 / float(col[r])
        row = D[r]
        row *= inv
        col[r] = 0.0
        self._dgemm(-1.0, row[:, None], col[None, :], beta=1.0, c=self.Dt, overwrite_c=1)
        np.multiply(col, -inv, out=D[:, j])  # the leaving variable takes the free column
        D[r, j] = inv
        leaving = self.basis[r]
        self.basis[r] = label
        self.pos[leaving] = j
        return leaving, tie

    def _lexicographic(self, col: NDArray[np.float64], pos: NDArray[np.bool_]) -> int:
        """Lexicographic minimum ratio over (rhs, basis inverse) among the tied rows."""
        rows = np.flatnonzero(pos)
        where = {lab: i for i, lab in enumerate(self.basis)}
        for lab in (None, *self.slack):
            if lab is None:
                vals = self.rhs[rows]
            elif lab in where:              # basic slack: a unit column
                vals = (rows == where[lab]).astype(float)
            elif lab in self.pos:
                vals = self.D[rows, self.pos[lab]]
            else:                           # the entering slack: its column is col, every
                continue                    # ratio is 1 and breaks no tie
            ratio = vals / col[rows]
            best = ratio.min()
            rows = rows[ratio <= best + _EPS * max(1.0, abs(float(best)))]
            if len(rows) == 1:
                break
        return int(rows[0])


def _path_float(Ap: NDArray[np.float64], Bp: NDArray[np.float64], label: int, max_pivots: int
                ) -> tuple[NDArray[Any], NDArray[Any], int, bool] | None:
    """The float path from ``label`` on positive payoffs ``Ap, Bp`` (see :func:`_path`).

    Raises :class:`_Cycling` when the path comes back to a pair of bases it has
    visited (module docstring): Brent's algorithm compares the state -- a
    Zobrist hash of both bases and the entering label, updated by two XORs per
    pivot -- with one saved state, re-saved at pivots 1, 2, 4, 8, ..., so a loop
    is seen within about twice its start plus its length. A hash collision can
    only send a sound path to the exact re-run, never accept a wrong one.
    """
    m, n = Ap.shape
    tabs = (_FloatTableau(Bp.T, 0, m),   # P: B^T x + s = 1; x labels 0..m-1, s labels m..
            _FloatTableau(Ap, m, 0))     # Q: r + A y = 1; r labels 0..m-1, y labels m..
    side = 0 if label < m else 1
    entering = label
    tie_any = False
    rnd = random.Random(m * 100_003 + n)   # fixed keys: the same path hashes the same way
    # keys of the basic labels of P, of Q, and of (side, entering label)
    keys = [[rnd.getrandbits(64) for _ in range(k * (m + n))] for k in (1, 1, 2)]
    h = 0
    for k, tab in enumerate(tabs):
        for lab in tab.basis:
            h ^= keys[k][lab]
    saved, power, steps = -1, 1, 0
    for pivots in range(1, max_pivots + 1):  # noqa: B007 (used after the loop)
        leaving, tie = tabs[side].pivot(entering)
        tie_any |= tie
        if leaving == label:
            break
        h ^= keys[side][entering] ^ keys[side][leaving]
        entering = leaving
        side = 1 - side
        state = h ^ keys[2][side * (m + n) + entering]
        if state == saved:
            raise _Cycling(f"the float path from label {label} revisited a basis")
        steps += 1
        if steps == power:
            saved, power, steps = state, 2 * power, 0
    else:
        return None
    x = np.zeros(m)
    y = np.zeros(n)
    P, Q = tabs
    for row, lab in enumerate(P.basis):
        if lab < m:
            x[lab] = P.rhs[row]
    for row, lab in enumerate(Q.basis):
        if lab >= m:
            y[lab - m] = Q.rhs[row]
    x = np.clip(x, 0.0, None)
    y = np.clip(y, 0.0, None)
    return x / x.sum(), y / y.sum(), pivots, tie_any


def _exact_path(game: NormalFormGame, label: int, max_pivots: int
                ) -> tuple[NDArray[Any], NDArray[Any], int, bool] | None:
    """:func:`_path` in rational arithmetic on the game's own payoffs, in the game's number type.

    Float payoffs enter at their exact binary value (the float game itself, not
    its decimal reading), so the lexicographic rule decides every tie exactly.
    """
    U = game.comparable_payoffs
    out = _path(U[..., 0], U[..., 1], label, True, max_pivots)
    if out is None or game.exact:
        return out
    x, y, pivots, tie = out
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64), pivots, tie


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
    params = {"initial_label": initial_label, "tol": t, "max_pivots": max_pivots}
    rescaled_result = solve_rescaled(
        game, tol, t, lambda g, s: lemke_howson(g, initial_label=initial_label, tol=s,
                                                max_pivots=max_pivots), params)
    if rescaled_result is not None:  # extreme float magnitudes
        return rescaled_result
    with Timer() as timer:
        U = game.comparable_payoffs
        if game.exact:   # integers of any size into [1, 2] (no float overflow)
            Ap, Bp = unit_floats(U[..., 0])[0], unit_floats(U[..., 1])[0]
        else:
            Ap, Bp = _positive(U[..., 0], U[..., 1])
        cands: list[Any] = []
        seen: set[tuple[float, ...]] = set()
        total = 0
        degenerate = False
        stuck: list[int] = []
        cycled: list[int] = []
        for lab in labels:
            rational = False   # the path was followed in exact arithmetic
            try:
                out = _path_float(Ap, Bp, lab, int(max_pivots))
            except _Cycling:  # near-ties decided inconsistently: follow this path exactly
                cycled.append(lab)
                out, rational = _exact_path(game, lab, int(max_pivots)), True
            if out is None:
                stuck.append(lab)
                total += int(max_pivots)
                continue
            x, y, piv, tie = out
            total += piv
            if game.exact and not rational:
                # a float tie may be a near-tie: an exact game re-runs that path exactly,
                # which also decides whether the ratio test really tied
                ref = None if tie else refine_two_player(game, x, y)
                if ref is None:
                    out = _path(U[..., 0], U[..., 1], lab, True, int(max_pivots))
                    if out is None:
                        stuck.append(lab)
                        continue
                    ref, tie = (out[0], out[1]), out[3]
                x, y = ref
            degenerate |= tie
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
    stats = {"pivots": total, "paths": len(labels), "seconds": timer.seconds}
    if cycled:
        stats["exact_paths"] = len(cycled)
        message = "; ".join(filter(None, [message, (
            f"the float path from label(s) {cycled} cycled (ratio-test near-ties decided "
            "inconsistently in floating point); it was followed in exact arithmetic instead")]))
    res = finalize(game, "lemke_howson", cands, complete=False, tol=t, degenerate=degenerate,
                   status=status, message=message, stats=stats, parameters=params)
    if not game.exact and (why := suspicious(len(res), degenerate, complete=False)):
        return exact_resolve(
            game, "lemke_howson", t, why,
            lambda g: lemke_howson(g, initial_label=initial_label, max_pivots=max_pivots),
            complete=False, stats=stats, parameters=params)
    return res
