r"""Equilibria of the race when speed and scale are continuous.

Each firm :math:`i` chooses a target compute :math:`K_i` (GPUs) in
:math:`[\underline K_i, \overline K_i]` and, optionally, a speed
:math:`s_i \in [\underline s, \overline s] \subseteq (0, 1]`; payoffs are those
of a plain posture (no rule change) in :mod:`blitzgame.model.payoff`.

Algorithm (best-response iteration with verification):

1. Start from ``start`` (default: the middle of each box, in log K).
2. Gauss-Seidel sweeps: for each firm, compute a best response to the others
   (see :mod:`blitzgame.model._maximize`): a dense grid over its own box
   (vectorized), the grid's local maxima ranked by value, and bounded local
   optimization from the best ``local_starts`` of them and from the firm's
   current strategy (zoom + :func:`scipy.optimize.minimize_scalar` in log K,
   or L-BFGS-B when speed varies too). A firm moves only to a better point, and
   not by less than :math:`\sqrt{\epsilon}` for a gain within rounding (8 ulp of
   its payoff plus the prize), so an equilibrium start stays exactly in place;
   optionally the update is damped, :math:`x \leftarrow (1-d)\,BR(x) + d\,x`.
3. Stop when no coordinate moves more than ``tol`` (in log K and speed), after
   ``max_iter`` sweeps, or when about 80% of ``max_time`` is used.
4. Verify: for every firm, a grid 4x finer and the current strategy, then
   bounded local optimization from twice as many local maxima, from the
   current strategy and, in one dimension, over ``local_starts`` equal
   segments of the box (start points off the grid); all of it stops at
   ``max_time`` except the current payoff and the first (coarse) chunk of
   the grid. The regret is the best deviation payoff found minus
   the equilibrium payoff. ``success`` means the verification finished and
   ``max_regret <= regret_tol``; the message says whether the iteration itself
   met ``tol``.

Sanity anchor (Tullock 1980): with one scenario, no waste, risk, decay,
stage jump, speed premium or network feedback, alpha = 1 and no installed
compute, the symmetric equilibrium spend of N firms with prize V and
sharpness :math:`r \le N/(N-1)` is :math:`r (N-1) V / N^2` ($B), i.e.
:math:`K^* = r (N-1) V / (N^2 c)` GPUs at $c per GPU (:math:`c` in $B per GPU);
at :math:`r = N/(N-1)` the payoff is 0 (the whole rent is dissipated).
For :math:`1 < r \le N/(N-1)` and :math:`N \ge 3` the contest also has
equilibria in which only :math:`k < N` firms are active (each at the
:math:`k`-firm Tullock spend, the others at their lower bound); the sequential
(Gauss-Seidel) best-response iteration may converge to one of those. The
result is an equilibrium either way (its regret is verified); it is not
necessarily the symmetric one. Started at the symmetric equilibrium, the
iteration stays there.

References
----------
1. Tullock, G. (1980). Efficient rent seeking.
2. Perez-Castrillo, J. D. and Verdier, T. (1992). A general analysis of rent-seeking
   games. *Public Choice* 73, 335-350.

Examples
--------
>>> from blitzgame.model import Firm, Market, RaceModel
>>> firms = [Firm(n, 0, 10.0, unit_cost=1.0) for n in "ab"]
>>> m = RaceModel(firms, Market.tullock(prize=1.0, sharpness=1.0))
>>> eq = continuous_equilibrium(m)
>>> eq.success, eq.status, round(float(eq.spend[0]), 6)     # r (N-1) V / N^2 = 1/4
(True, <Status.OK: 'ok'>, 0.25)
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validate import (
    check_bool,
    check_finite_positive,
    check_int,
    check_nonnegative,
    check_optional_bool,
    check_positive_int,
)
from ..exceptions import ConvergenceWarning, InvalidParameterError
from ..results import Status, compact_repr
from ._maximize import Budget, Search
from .payoff import FirmArrays, ScenarioArrays, expected_payoffs
from .race import RaceModel

__all__ = ["ContinuousEquilibrium", "continuous_equilibrium", "choice_payoffs"]

_ITERATION_SHARE = 0.8  # of max_time; the rest is left to the verification


@dataclass(frozen=True)
class ContinuousEquilibrium:
    """A (candidate) equilibrium of the continuous race with its verification.

    Attributes
    ----------
    players : tuple of str
    compute : ndarray
        Target compute K_i (GPUs).
    speed : ndarray
        Speed s_i.
    spend : ndarray
        Money spent C_i ($B).
    payoffs : ndarray
        Expected payoffs ($B).
    regret : ndarray
        Best deviation gain of each firm found by the verification.
    max_regret : float
    success : bool
        The verification finished and ``max_regret <= regret_tol``.
    message : str
    iterations : int
        Completed best-response sweeps.
    status : Status
        ``ok``; ``max_iter`` when ``max_iter`` or ``max_time`` ran out before a
        verified equilibrium was found (or during the verification);
        ``failed`` when the iteration converged to a point that is not verified.
    stats : mapping
        ``sweeps``, ``best_responses``, ``evaluations`` (payoff-function calls),
        ``seconds``.
    """

    __repr__ = compact_repr

    players: tuple[str, ...]
    compute: NDArray[np.float64]
    speed: NDArray[np.float64]
    spend: NDArray[np.float64]
    payoffs: NDArray[np.float64]
    regret: NDArray[np.float64]
    max_regret: float
    success: bool
    message: str
    iterations: int
    status: Status = Status.OK
    stats: Mapping[str, float] = field(default_factory=dict, repr=False)


def _firm_arrays(model: RaceModel, speed: NDArray[np.float64], target: NDArray[np.float64]
                 ) -> tuple[FirmArrays, dict[str, float], list[ScenarioArrays]]:
    fs = model.firms
    shape = np.broadcast_shapes(speed.shape, target.shape)

    def col(attr: str) -> NDArray[np.float64]:
        return np.broadcast_to(np.array([getattr(f, attr) for f in fs], float), shape)

    one, zero = np.ones(shape), np.zeros(shape)
    fa = FirmArrays(compute=col("compute"), target=np.broadcast_to(target, shape),
                    speed=np.broadcast_to(speed, shape), unit_cost=col("unit_cost"),
                    efficiency=col("efficiency"), execution=col("execution"),
                    capital=col("capital"), cost_factor=one, efficiency_gain=one, delay=zero,
                    fixed_cost=zero, floor=zero, salvage=zero,
                    kind=np.zeros(shape, np.int64))
    m = asdict(model.market)
    assert model.scenarios is not None  # set by RaceModel.__post_init__
    sc = [ScenarioArrays(np.float64(s.probability), np.float64(s.prize_multiplier),
                         np.float64(model.market.sharpness if s.sharpness is None
                                    else s.sharpness)) for s in model.scenarios]
    return fa, m, sc


def choice_payoffs(model: RaceModel, speed: NDArray[np.float64] | Sequence[float],
                   compute: NDArray[np.float64] | Sequence[float]) -> NDArray[np.float64]:
    """Payoffs ($B) when firms choose plain (speed, target compute); arrays of shape (..., N).

    Examples
    --------
    >>> from blitzgame.model import Firm, Market, RaceModel
    >>> m = RaceModel([Firm(n, 0, 10.0, unit_cost=1.0) for n in "ab"],
    ...               Market.tullock(prize=1.0, sharpness=1.0))
    >>> choice_payoffs(m, [1.0, 1.0], [0.25e9, 0.25e9]).tolist()
    [0.25, 0.25]
    """
    s = np.asarray(speed, float)
    k = np.asarray(compute, float)
    fa, m, sc = _firm_arrays(model, s, k)
    return expected_payoffs(fa, m, sc)


def _spend(model: RaceModel, s: NDArray[np.float64], k: NDArray[np.float64]
           ) -> NDArray[np.float64]:
    phi = model.market.speed_premium
    out = []
    for i, f in enumerate(model.firms):
        out.append(1e-9 * f.unit_cost * max(k[i] - f.compute, 0.0) * (1 + phi * s[i] ** 2))
    return np.array(out)


def _progress_bar(progress: bool | None, total: int) -> Any:
    """A tqdm.auto bar, or None (progress False, tqdm missing, or None and not interactive).

    As in :func:`blitzgame.analysis.sweep`: a widget in Jupyter, a terminal bar
    elsewhere. ``None`` shows it only in a notebook or when stderr is a terminal;
    ``TQDM_DISABLE=1`` still switches it off (``disable`` is not passed).
    """
    if progress is False:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional: run silently
        return None
    in_notebook = "tqdm.notebook" in {c.__module__ for c in tqdm.__mro__}
    if progress is None and not in_notebook:
        isatty = getattr(sys.stderr, "isatty", None)
        if not (callable(isatty) and isatty()):
            return None
    return tqdm(total=total, desc="continuous_equilibrium", unit="BR")


def _pairs(name: str, value: Any, n: int) -> NDArray[np.float64]:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        arr = np.zeros(0)
    if arr.shape != (n, 2) or not np.all(np.isfinite(arr)) or np.any(arr[:, 0] <= 0) \
            or np.any(arr[:, 1] < arr[:, 0]):
        raise InvalidParameterError(
            f"{name} must be {n} positive finite (low, high) pairs with low <= high; "
            f"got {value!r}")
    return arr


def _check_options(max_iter: Any, max_time: Any, tol: Any, grid: Any, local_starts: Any,
                   regret_tol: Any, progress: Any, speed_bounds: Any) -> tuple[float, float]:
    check_positive_int("max_iter", max_iter)
    if max_time is not None:
        check_finite_positive("max_time", max_time)
    check_finite_positive("tol", tol)
    check_int("grid", grid, minimum=3)
    check_positive_int("local_starts", local_starts)
    if regret_tol is not None:
        check_nonnegative("regret_tol", regret_tol)
    check_optional_bool("progress", progress)
    sb = _pairs("speed_bounds", [speed_bounds], 1)[0]
    if sb[1] > 1:
        raise InvalidParameterError(f"speed_bounds must lie in (0, 1]; got {speed_bounds!r}")
    return float(sb[0]), float(sb[1])


def continuous_equilibrium(model: RaceModel, *, vary_speed: bool = False,
                           bounds: Sequence[tuple[float, float]] | None = None,
                           speed_bounds: tuple[float, float] = (0.05, 1.0),
                           start: Sequence[float] | None = None, max_iter: int = 200,
                           max_time: float | None = None, tol: float = 1e-9,
                           damping: float | str = "auto", grid: int = 257,
                           local_starts: int = 4, regret_tol: float | None = None,
                           progress: bool | None = None) -> ContinuousEquilibrium:
    """Find and verify an equilibrium of the race with continuous scale (and speed).

    Parameters
    ----------
    model : RaceModel
        Its firms, market and scenarios are used; its postures are ignored.
    vary_speed : bool
        Also choose speed (default: speed fixed at the upper speed bound).
    bounds : sequence of (low, high), optional
        Target compute range of each firm in GPUs. Default: from
        ``max(compute, 1e-6 high)`` to ``compute + capital / unit_cost`` (all capital).
    speed_bounds : (float, float)
        Speed range, within (0, 1], when ``vary_speed``.
    start : sequence of float, optional
        Initial compute of each firm, clipped to its range (default: geometric
        middle of its range).
    max_iter : int
        Iteration budget: at most this many best-response sweeps (default 200).
    max_time : float, optional
        Time budget in seconds for the whole call (default: none). About 80%
        goes to the iteration, the rest to the verification. Grids are
        evaluated in chunks of at most 4096 points; the first chunk of each
        firm's verification grid always runs (a finite regret), so the call can
        overrun by about one such payoff evaluation per firm.
    tol : float
        Convergence tolerance of the iteration (largest move in log K and speed).
    damping : float in [0, 1) or "auto"
        Weight of the old point in each update. ``"auto"`` starts undamped and
        moves the damping halfway to 0.9 after every sweep that does not at
        least halve the largest move (best-response cycles).
    grid : int
        Grid points per dimension of the best-response search (>= 3; the
        verification uses ``4 * grid + 1``).
    local_starts : int
        Local maxima of the grid refined per best response (the verification
        uses twice as many, plus as many segments of the box).
    regret_tol : float, optional
        Largest accepted verified regret; default ``1e-7 * max(1, prize)``.
    progress : bool, optional
        Show a tqdm bar (best responses, then the verification) -- a widget in
        Jupyter. ``None`` (default): only in a notebook or when stderr is a
        terminal; ``False``: never. Silent when tqdm is not installed.

    Returns
    -------
    ContinuousEquilibrium
        ``success=False`` (with a :class:`ConvergenceWarning`) when the
        verification did not finish within ``max_time`` or the verified regret
        of the final point exceeds ``regret_tol``; ``status`` and ``message``
        say why and ``max_regret`` is the best deviation gain found.

    Raises
    ------
    InvalidParameterError
        A model that is not a RaceModel, or an invalid option.

    Warns
    -----
    ConvergenceWarning
        When ``success`` is False.

    Examples
    --------
    >>> from blitzgame.model import Firm, Market, RaceModel
    >>> m = RaceModel([Firm(n, 0, 10.0, unit_cost=1.0) for n in "abc"],
    ...               Market.tullock(prize=9.0, sharpness=1.0))
    >>> round(float(continuous_equilibrium(m).spend[0]), 6)   # 1 * 2 * 9 / 9
    2.0

    Two firms at r = 2 = N/(N-1): the whole prize is dissipated.

    >>> m2 = RaceModel([Firm(n, 0, 10.0, unit_cost=1.0) for n in "ab"],
    ...                Market.tullock(prize=1.0, sharpness=2.0))
    >>> eq = continuous_equilibrium(m2)
    >>> eq.success, round(float(eq.spend[0]), 6), round(float(eq.payoffs[0]), 6) + 0.0
    (True, 0.5, 0.0)
    """
    if not isinstance(model, RaceModel):
        raise InvalidParameterError(f"model must be a RaceModel; got {type(model).__name__}")
    s_lo, s_hi = _check_options(max_iter, max_time, tol, grid, local_starts, regret_tol,
                                progress, speed_bounds)
    vary_speed = check_bool("vary_speed", vary_speed)
    auto = damping == "auto"
    damping = 0.0 if auto else damping
    if isinstance(damping, bool) or not isinstance(damping, (int, float)) \
            or not 0 <= damping < 1:
        raise InvalidParameterError(f"damping must be in [0, 1) or 'auto'; got {damping!r}")
    budget = Budget(max_time)
    n = len(model.firms)
    if bounds is None:
        bounds = []
        for f in model.firms:
            top = f.compute + 1e9 * f.capital / f.unit_cost
            bounds.append((max(f.compute, 1e-6 * top), top))
    box = np.log(_pairs("bounds", bounds, n))
    lo, hi = box[:, 0], box[:, 1]
    if start is None:
        x = (lo + hi) / 2
    else:
        st = np.asarray(start, float)
        if st.shape != (n,) or not np.all(np.isfinite(st)) or np.any(st <= 0):
            raise InvalidParameterError(
                f"start must be {n} positive finite compute values; got {start!r}")
        x = np.clip(np.log(st), lo, hi)
    s = np.full(n, s_hi)
    reg_tol = 1e-7 * max(1.0, model.market.prize) if regret_tol is None else regret_tol
    eps = np.finfo(float).eps
    rounding = 8 * eps * abs(model.market.prize)  # plus 8 eps |u|: payoff rounding

    def pay_i(i: int, xs: NDArray[np.float64], ss: NDArray[np.float64],
              own_x: NDArray[np.float64], own_s: NDArray[np.float64]) -> NDArray[np.float64]:
        kk = np.broadcast_to(np.exp(xs), own_x.shape + (n,)).copy()
        sp = np.broadcast_to(ss, own_x.shape + (n,)).copy()
        kk[..., i] = np.exp(own_x)
        sp[..., i] = own_s
        return choice_payoffs(model, sp, kk)[..., i]

    def search(i: int, fine: bool, deadline: float) -> Search:
        g = 4 * grid + 1 if fine else grid
        k = 2 * local_starts if fine else local_starts
        xs, ss = x.copy(), s.copy()
        if vary_speed:
            return Search(lambda ox, os: pay_i(i, xs, ss, ox, os),
                          [(lo[i], hi[i]), (s_lo, s_hi)], (g, max(g // 4, 9)), k,
                          [(x[i], s[i])], budget, deadline)
        return Search(lambda ox: pay_i(i, xs, ss, ox, np.broadcast_to(ss[i], ox.shape)),
                      [(lo[i], hi[i])], (g,), k, [(x[i],)], budget, deadline)

    bar = _progress_bar(progress, n * max_iter)
    iter_deadline = budget.at(_ITERATION_SHARE)
    converged = timed_out = False
    sweeps = responses = 0
    move = gain = last = math.nan
    prev = math.inf
    try:
        for _ in range(max_iter):
            move = gain = 0.0
            for i in range(n):
                sr = search(i, False, iter_deadline)
                if not sr.refine(deadline=iter_deadline):
                    timed_out = True
                    break
                responses += 1
                cur = float(sr.extra_values[0])
                gain = max(gain, sr.value - cur)
                bx = float(sr.point[0])
                bs = float(sr.point[1]) if vary_speed else s[i]
                # within sqrt(eps) of the current point a gain of a few ulp is rounding noise
                noise = max(abs(bx - x[i]), abs(bs - s[i])) <= np.sqrt(eps) \
                    and sr.value <= cur + rounding + 8 * eps * abs(cur)
                if sr.value > cur and not noise:
                    nx = (1 - damping) * bx + damping * x[i]
                    ns = (1 - damping) * bs + damping * s[i]
                    move = max(move, abs(nx - x[i]), abs(ns - s[i]))
                    x[i], s[i] = nx, ns
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(sweep=sweeps + 1, move=f"{move:.2g}", gain=f"{gain:.2g}",
                                    refresh=False)
            if timed_out:
                break
            sweeps, last = sweeps + 1, move
            if move <= tol:
                converged = True
                break
            if auto and move > 0.5 * prev:
                damping = (damping + 0.9) / 2
            prev = move

        if bar is not None:
            bar.reset(total=n)
            bar.set_description("verification")
        # every firm's current payoff and first scan chunk always run (a finite regret);
        # the rest of the scans and the local searches stop at the deadline
        checks = [search(i, True, budget.deadline) for i in range(n)]
        verified = True
        for sr in checks:
            verified &= sr.refine(deadline=budget.deadline, polish=2, segments=local_starts)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    K = np.exp(x)
    pay = choice_payoffs(model, s, K)
    regret = np.array([max(sr.value - float(sr.extra_values[0]), 0.0) for sr in checks])
    mr = float(regret.max())
    # the equilibrium criterion is the verified regret; the iteration is only a means
    ok = verified and mr <= reg_tol
    if timed_out:
        ran = (f"the time budget max_time={max_time:g} s ran out after {sweeps} complete "
               f"best-response sweeps" + (f" (last move {last:.3g})" if sweeps else ""))
    elif converged:
        ran = f"converged in {sweeps} sweeps"
    else:
        ran = (f"best-response iteration did not converge in {max_iter} sweeps "
               f"(last move {last:.3g})")
    if not verified:
        status = Status.MAX_ITER
        msg = (f"{ran}; the verification {'also ' if timed_out else ''}stopped at "
               f"max_time={max_time:g} s: regret found so far {mr:.3g} (a lower bound; "
               f"regret_tol {reg_tol:.3g})")
    elif ok and converged:
        status, msg = Status.OK, f"{ran}; verified regret {mr:.3g}"
    elif ok:
        status = Status.OK
        msg = f"{ran}, but the final point is verified: regret {mr:.3g} <= {reg_tol:.3g}"
    else:
        status = Status.FAILED if converged else Status.MAX_ITER
        msg = f"{ran}; the final point has verified regret {mr:.3g} > {reg_tol:.3g}"
        if converged:
            msg += (" (a best-response fixed point that is not an equilibrium: a payoff jump, "
                    "such as the leader's network bonus at a tie, or no pure equilibrium)")
    if not ok:
        warnings.warn(msg, ConvergenceWarning, stacklevel=2)
    stats = {"sweeps": sweeps, "best_responses": responses, "evaluations": budget.calls,
             "seconds": budget.elapsed()}
    return ContinuousEquilibrium(model.players, K, s, _spend(model, s, K), pay, regret, mr, ok,
                                 msg, sweeps, status, stats)
