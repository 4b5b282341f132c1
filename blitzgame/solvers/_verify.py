"""Shared machinery of the equilibrium solvers: verification, exact refinement, results.

Every solver produces *candidate* profiles and hands them to :func:`finalize`,
which

1. for exact games, turns each float candidate into an exact one by solving
   the indifference equations on its support (and its tight best-response
   sets) in rational arithmetic -- "exact answers at float speed";
2. verifies each equilibrium: max regret exactly 0 in exact mode, at most
   ``tol`` (default :attr:`NormalFormGame.float_tol`) in float mode;
3. removes duplicates, and
4. builds the :class:`~blitzgame.results.EquilibriumResult` with status,
   message, warnings and provenance.

A candidate that fails verification is never returned: it is dropped and the
result says so (``success=False``, a message and a warning).
"""

from __future__ import annotations

import itertools
import math
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._display import equilibria
from ..exact import fraction_array, solve_rational
from ..exceptions import BlitzgameWarning, DegenerateGameWarning, PrecisionWarning
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, EquilibriumResult, Status, version
from ._numerics.bareiss import bareiss_solve

__all__ = [
    "make_equilibrium",
    "finalize",
    "refine_two_player",
    "rationalize",
    "eval_two_player",
    "eval_integer",
    "exact_regret_zero",
    "Timer",
]

Profile = tuple[NDArray[Any], ...]


class Timer:
    """Context manager that measures wall-clock seconds."""

    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


@cache
def _version() -> str:
    """The blitzgame version, looked up once (``importlib.metadata`` is slow)."""
    return version()


# ------------------------------------------------------------------ two-player verification
def _integer_vector(s: NDArray[np.object_]) -> tuple[NDArray[np.object_], int]:
    """Write a Fraction vector as ``p / d`` with integer ``p`` (object array) and ``d > 0``."""
    d = 1
    for v in s:
        d = math.lcm(d, v.denominator)
    p = np.empty(len(s), dtype=object)
    p[:] = [v.numerator * (d // v.denominator) for v in s]
    return p, d


def eval_two_player(game: NormalFormGame, x: NDArray[Any], y: NDArray[Any], exact: bool
                     ) -> tuple[tuple[Any, Any], Any]:
    """Expected payoffs and max regret of ``(x, y)`` with two matrix-vector products.

    Exact mode works on integer-scaled payoffs and integer numerators of the
    strategies, so every comparison is an integer comparison and the results
    are exact Fractions; float mode uses BLAS ``A @ y`` and ``x @ B``.
    """
    if not exact:
        A, B = game.float_bimatrix
        ay = A @ y
        xb = x @ B
        u0 = float(x @ ay)
        u1 = float(xb @ y)
        r = max(float(ay.max()) - u0, float(xb.max()) - u1, 0.0)
        return (u0, u1), r
    px, dx = _integer_vector(x)
    py, dy = _integer_vector(y)
    return eval_integer(game, px, dx, py, dy)[:2]


def eval_integer(game: NormalFormGame, px: NDArray[np.object_], dx: int, py: NDArray[np.object_],
                 dy: int) -> tuple[tuple[Fraction, Fraction], Fraction, bool]:
    """Exact payoffs and max regret of ``(px / dx, py / dy)``: integer numerators, ``d > 0``.

    (:func:`eval_two_player` in exact mode, for a solver that has the
    strategies in this form already.) Also whether the profile shows the game
    degenerate: unequal support sizes, or a player with more pure best
    responses than the other player's support has actions.
    """
    U, (l0, l1) = game.integer_payoffs
    Ai, Bi = U[..., 0], U[..., 1]
    I = np.flatnonzero(px)
    J = np.flatnonzero(py)
    ay = Ai[:, J] @ py[J]                     # = dy * l0 * (A y)
    xb = px[I] @ Bi[I, :]                     # = dx * l1 * (x B)
    s0 = int(px[I] @ ay[I])                   # = dx * dy * l0 * u0
    s1 = int(xb[J] @ py[J])                   # = dx * dy * l1 * u1
    den = dx * dy
    r0 = Fraction(int(max(ay)) * dx - s0, den * l0)
    r1 = Fraction(int(max(xb)) * dy - s1, den * l1)
    ay, xb = ay.tolist(), xb.tolist()
    degenerate = (len(I) != len(J) or ay.count(max(ay)) > len(I)
                  or xb.count(max(xb)) > len(J))
    return (Fraction(s0, den * l0), Fraction(s1, den * l1)), max(r0, r1), degenerate


def exact_regret_zero(game: NormalFormGame, x: NDArray[Any], y: NDArray[Any]) -> bool:
    """Exact check that ``(x, y)`` (Fraction vectors) has zero regret for both players."""
    return bool(eval_two_player(game, x, y, True)[1] == 0)


# ------------------------------------------------------------------ candidates to results
def make_equilibrium(game: NormalFormGame, strategies: Sequence[NDArray[Any]]) -> Equilibrium:
    """Build an :class:`Equilibrium` with payoffs and max regret computed from the game."""
    exact = game.exact and all(s.dtype == object for s in strategies)
    if not exact:
        strategies = tuple(np.asarray(s, dtype=np.float64) for s in strategies)
    strategies = tuple(strategies)
    for s in strategies:
        s.flags.writeable = False
    if game.num_players == 2:
        payoffs, regret = eval_two_player(game, strategies[0], strategies[1], exact)
        return Equilibrium(strategies=strategies, payoffs=payoffs, max_regret=regret,
                           exact=exact)
    payoffs = game._expected_payoffs(strategies)
    regrets = game._regrets(strategies)
    return Equilibrium(strategies=strategies, payoffs=payoffs, max_regret=max(regrets),
                       exact=exact)


def _support_mask(s: NDArray[Any], eps: float) -> NDArray[np.bool_]:
    return np.asarray(s, dtype=np.float64) > eps


def refine_two_player(
    game: NormalFormGame, x: NDArray[Any], y: NDArray[Any], *, eps: float = 1e-9
) -> tuple[NDArray[np.object_], NDArray[np.object_]] | None:
    """Recompute a float two-player equilibrium exactly on its support.

    With ``I``, ``J`` the supports of ``x``, ``y`` and ``T_1``, ``T_2`` the
    actions whose payoff is within ``eps`` of the best (the tight best
    responses), solve in rational arithmetic

    .. math:: A_{T_1 J}\\, y_J = v\\mathbf 1,\\ \\mathbf 1^\\top y_J = 1, \\qquad
              B_{I T_2}^\\top x_I = w\\mathbf 1,\\ \\mathbf 1^\\top x_I = 1.

    Returns the exact pair if each system has a unique solution that is a
    verified equilibrium, else ``None`` (degenerate or ambiguous support).
    """
    U = game.integer_payoffs[0]  # positive multiples: same indifference solutions
    A, B = U[..., 0], U[..., 1]
    fx, fy = np.asarray(x, float), np.asarray(y, float)
    scale = max(1.0, float(np.max(np.abs(game.float_payoffs))))
    I = np.flatnonzero(_support_mask(fx, eps))
    J = np.flatnonzero(_support_mask(fy, eps))
    Af, Bf = game.float_payoffs[..., 0], game.float_payoffs[..., 1]
    row_vals = Af @ fy
    col_vals = fx @ Bf
    T1 = np.flatnonzero(row_vals >= row_vals.max() - 1e-7 * scale)
    T2 = np.flatnonzero(col_vals >= col_vals.max() - 1e-7 * scale)
    if not (set(I) <= set(T1) and set(J) <= set(T2)):
        return None
    ys = _indifference(A[np.ix_(T1, J)])
    xs = _indifference(B[np.ix_(I, T2)].T)
    if ys is None or xs is None:
        return None
    xe = np.full(game.shape[0], Fraction(0), dtype=object)
    ye = np.full(game.shape[1], Fraction(0), dtype=object)
    xe[I] = xs
    ye[J] = ys
    if any(v < 0 for v in xe) or any(v < 0 for v in ye):
        return None
    if not exact_regret_zero(game, xe, ye):
        return None
    return xe, ye


def _indifference(M: NDArray[Any]) -> NDArray[np.object_] | None:
    """Solve ``M z = v 1, sum z = 1`` for (z, v) exactly; return z if unique.

    Square integer systems (the generic case) use :func:`bareiss_solve`; others
    (more tight best responses than support actions) go through
    :func:`~blitzgame.exact.solve_rational`.
    """
    m, n = M.shape
    if m == n and all(isinstance(v, (int, np.integer)) for v in M.flat):
        rows = [[int(v) for v in r] + [-1] for r in M.tolist()] + [[1] * n + [0]]
        sol = bareiss_solve(rows, [0] * m + [1])
        if sol is None:
            return None
        y, det = sol
        z = np.empty(n, dtype=object)
        z[:] = [Fraction(v, det) for v in y[:n]]
        return z
    mat = np.zeros((m + 1, n + 1), dtype=object)
    mat[:m, :n] = M
    mat[:m, n] = -1
    mat[m, :n] = 1
    mat[m, n] = 0
    rhs = np.zeros(m + 1, dtype=object)
    rhs[m] = 1
    rsol = solve_rational(mat, rhs)
    return None if rsol is None else rsol[:n]


def rationalize(
    game: NormalFormGame, strategies: Sequence[NDArray[Any]], max_denominator: int = 10**6
) -> Profile | None:
    """Try to recover an exact equilibrium from a float one by bounded-denominator rounding.

    Each probability is rounded to the nearest fraction with denominator at most
    ``max_denominator``; the vector is renormalized; the result is returned only
    if its max regret is exactly zero.
    """
    out = []
    for s in strategies:
        fr = [Fraction(float(v)).limit_denominator(max_denominator) for v in s]
        fr = [max(v, Fraction(0)) for v in fr]
        total = sum(fr)
        if total == 0:
            return None
        arr = np.empty(len(fr), dtype=object)
        arr[:] = [v / total for v in fr]
        out.append(arr)
    prof = tuple(out)
    if game.num_players == 2:
        ok = exact_regret_zero(game, prof[0], prof[1])
    else:
        ok = max(game._regrets(prof)) == 0
    return prof if ok else None


def _to_exact(game: NormalFormGame, cand: Sequence[NDArray[Any]]) -> Profile | None:
    if all(np.asarray(c).dtype == object for c in cand):
        prof = tuple(fraction_array(c) for c in cand)
        if game.num_players == 2:
            return prof if exact_regret_zero(game, prof[0], prof[1]) else None
        return prof if max(game._regrets(prof)) == 0 else None
    if game.num_players == 2:
        ref = refine_two_player(game, cand[0], cand[1])
        if ref is not None:
            return ref
    return rationalize(game, cand)


#: Cells of the pairwise-distance block computed at once by :func:`_unique_index`.
_NEAR_BLOCK = 1 << 20


def _profile_rows(eqs: Sequence[Equilibrium]) -> NDArray[np.float64]:
    """Each equilibrium's strategies stacked into one float row ``(E, sum of actions)``."""
    return np.array([np.concatenate(e.strategies) for e in eqs], dtype=np.float64)


def _unique_index(eqs: Sequence[Equilibrium], rows: NDArray[np.float64], atol: float
                  ) -> list[int]:
    """Positions of the equilibria that repeat none before them (``rows``: :func:`_profile_rows`).

    Two exact equilibria repeat when their Fraction entries are equal, and a
    float one repeats any kept equilibrium whose stacked strategies differ from
    it by at most ``atol`` in every entry. (Two exact equilibria closer than
    ``atol`` are both kept: exact answers are never merged by a tolerance.)
    """
    E, d = rows.shape
    near = np.empty((E, E), dtype=bool)        # largest entry difference <= atol
    step = max(1, _NEAR_BLOCK // max(1, E * d))
    for s in range(0, E, step):
        near[s:s + step] = np.abs(rows[s:s + step, None, :] - rows[None]).max(axis=2) <= atol
    np.fill_diagonal(near, False)
    if not near.any():                         # equal Fractions are equal floats: all distinct
        return list(range(E))
    keep: list[int] = []
    kept, kept_float = np.zeros(E, dtype=bool), np.zeros(E, dtype=bool)
    seen: set[tuple[Any, ...]] = set()
    for i, e in enumerate(eqs):
        if e.exact:
            key = tuple((v.numerator, v.denominator) for s in e.strategies for v in s.tolist())
            if key in seen or (near[i] & kept_float).any():
                continue
            seen.add(key)
        elif (near[i] & kept).any():
            continue
        else:
            kept_float[i] = True
        kept[i] = True
        keep.append(i)
    return keep


def _unique_sorted(eqs: list[Equilibrium], atol: float = 1e-7,
                   rows: NDArray[np.float64] | None = None) -> list[Equilibrium]:
    """Without repeats (:func:`_unique_index`), pure equilibria first, the rest by
    descending probabilities.

    The order is lexicographic on ``(not pure, -p_1, -p_2, ...)`` over the stacked
    strategies (stable for ties), so a result lists its equilibria the same way
    whichever solver found them. ``rows``, when given, is :func:`_profile_rows`
    of ``eqs`` (a solver that has the strategies in one array already).

    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[1.0, 0], [0, 1]], [[1.0, 0], [0, 1]])
    >>> eqs = [make_equilibrium(g, (np.array(x), np.array(x)))
    ...        for x in ([0.5, 0.5], [0.0, 1.0], [1.0, 0.0], [1 - 1e-9, 1e-9])]
    >>> [e.strategies[0].tolist() for e in _unique_sorted(eqs)]
    [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    """
    if len(eqs) < 2:
        return eqs
    if rows is None:
        rows = _profile_rows(eqs)
    keep = _unique_index(eqs, rows, atol)
    rows = rows[keep]
    E, d = rows.shape
    starts = [0, *itertools.accumulate(len(s) for s in eqs[0].strategies[:-1])]
    keys = np.empty((d + 1, E))           # np.lexsort: the last key is the primary one
    np.negative(rows.T[::-1], out=keys[:d])
    keys[d] = (np.add.reduceat(rows != 0, starts, axis=1) != 1).any(axis=1)  # not pure
    return [eqs[keep[k]] for k in np.lexsort(keys).tolist()]


def finalize(
    game: NormalFormGame,
    method: str,
    candidates: Iterable[Sequence[NDArray[Any]] | Equilibrium],
    *,
    complete: bool,
    tol: float | None = None,
    stats: Mapping[str, int | float] | None = None,
    parameters: Mapping[str, Any] | None = None,
    degenerate: bool = False,
    status: Status | None = None,
    message: str = "",
    notes: Sequence[str] = (),
    precision_notes: Sequence[str] = (),
    rejected: int = 0,
    merge_atol: float = 1e-7,
    stacklevel: int = 4,
    rows: NDArray[np.float64] | None = None,
) -> EquilibriumResult:
    """Verify candidates (exactly when the game is exact) and build the result.

    Parameters
    ----------
    game : NormalFormGame
    method : str
        Name of the solver, stored in the result.
    candidates : iterable of profiles or Equilibrium
        Each a sequence of per-player probability vectors (float or Fraction),
        or an :class:`Equilibrium` the solver has already verified exactly.
    complete : bool
        Whether the method guarantees completeness for this (non-degenerate) game.
    tol : float, optional
        Float-mode regret tolerance; default ``game.float_tol``.
    degenerate : bool
        The solver detected degeneracy: status ``degenerate`` and a
        :class:`DegenerateGameWarning`.
    status, message
        Override the status (e.g. ``max_iter``) and add a message.
    notes : sequence of str
        Extra warning texts to store and issue (as :class:`BlitzgameWarning`).
    precision_notes : sequence of str
        Like ``notes``, issued as :class:`PrecisionWarning` and also added to
        the message (e.g. an exact re-solve of a float game).
    rejected : int
        Candidates the solver already dropped because their regret exceeded
        ``tol``; reported like the candidates that fail verification here.
    merge_atol : float
        Float equilibria whose probabilities differ by at most this are one
        (0: candidates known to be distinct, e.g. exact ones converted to floats).
    rows : ndarray, optional
        The candidates' strategies stacked into one float row each, when every
        candidate is an :class:`Equilibrium` (saves rebuilding them for the
        duplicate test and the ordering).
    """
    t = game.float_tol if tol is None else tol
    eqs: list[Equilibrium] = []
    inexact = 0
    for cand in candidates:
        if isinstance(cand, Equilibrium):  # built and verified by the solver itself
            eqs.append(cand)
            continue
        cand = tuple(np.asarray(c) for c in cand)
        if game.exact:
            prof = _to_exact(game, cand)
            if prof is not None:
                eqs.append(make_equilibrium(game, prof))
                continue
            inexact += 1
        eq = make_equilibrium(game, tuple(np.asarray(c, dtype=np.float64) for c in cand))
        if float(eq.max_regret) <= t:
            eqs.append(eq)
        else:
            rejected += 1
    # duplicates: a fixed tolerance on probabilities (t is in payoff units)
    eqs = _unique_sorted(eqs, merge_atol,
                         rows=rows if rows is not None and len(rows) == len(eqs) else None)
    msgs: list[str] = [message] if message else []
    warns: list[tuple[str, type[Warning]]] = [(n, BlitzgameWarning) for n in notes]
    warns += [(n, PrecisionWarning) for n in precision_notes]
    msgs += precision_notes
    st = status if status is not None else Status.OK
    success = st == Status.OK
    if degenerate:
        text = ("the game is degenerate: the equilibrium set may contain continua, "
                f"and {method} may not list every extreme equilibrium" if not complete else
                "the game is degenerate: equilibria may form continua; the extreme "
                "equilibria of each component are listed")
        msgs.append(text)
        warns.append((text, DegenerateGameWarning))
        if st == Status.OK:
            st = Status.DEGENERATE
    if rejected:
        text = (f"{rejected} candidate profile(s) failed verification (regret > {t:.3g}) "
                "and were dropped")
        msgs.append(text)
        warns.append((text, PrecisionWarning))
        success = False
        if st in (Status.OK, Status.DEGENERATE):
            st = Status.FAILED
    exact_all = game.exact and all(e.exact for e in eqs)
    if game.exact and inexact and eqs and not exact_all:
        text = (f"{inexact} equilibrium(s) could not be made exact (irrational or ambiguous "
                "support); they are returned in floats, verified to the float tolerance")
        msgs.append(text)
        warns.append((text, PrecisionWarning))
    for text, cls in warns:
        warnings.warn(text, cls, stacklevel=stacklevel)
    return EquilibriumResult(
        game=game,
        method=method,
        exact=exact_all,
        equilibria=tuple(eqs),
        complete=complete,
        success=success,
        status=st,
        message="; ".join(msgs) if msgs else f"{equilibria(len(eqs))} found",
        stats=dict(stats or {}),
        parameters=dict(parameters or {}),
        warnings=tuple(text for text, _ in warns),
        version=_version(),
    )
