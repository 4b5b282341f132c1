r"""Equilibria of the race when speed and scale are continuous.

Each firm :math:`i` chooses a target compute :math:`K_i` (GPUs) in
:math:`[\underline K_i, \overline K_i]` and, optionally, a speed
:math:`s_i \in [\underline s, 1]`; payoffs are those of a plain posture
(no rule change) in :mod:`blitzgame.model.payoff`.

Algorithm (best-response iteration with verification):

1. Start from ``start`` (default: the middle of each box, in log K).
2. Gauss-Seidel sweeps: for each firm, compute a best response to the others
   by a dense grid over its own box (vectorized) followed by bounded local
   optimization (:func:`scipy.optimize.minimize_scalar` in log K, or
   L-BFGS-B when speed varies too) from the best grid point; optionally damp
   the update, :math:`x \leftarrow (1-d)\,BR(x) + d\,x`.
3. Stop when no coordinate moves more than ``tol`` (in log K and speed).
4. Verify: for every firm, search deviations on a finer grid plus local
   optimization from the best grid points; the regret is the best deviation
   payoff minus the equilibrium payoff. ``success`` means
   ``max_regret <= regret_tol`` (the message says whether the iteration
   itself met ``tol`` within ``max_iter`` sweeps).

Sanity anchor (Tullock 1980): with one scenario, no waste, risk, decay,
stage jump, speed premium or network feedback, alpha = 1 and no installed
compute, the symmetric equilibrium spend of N firms with prize V and
sharpness :math:`r \le N/(N-1)` is :math:`r (N-1) V / N^2` ($B), i.e.
:math:`K^* = r (N-1) V / (N^2 c)` GPUs at $c per GPU (:math:`c` in $B per GPU).
For :math:`1 < r \le N/(N-1)` and :math:`N \ge 3` the contest also has
equilibria in which only :math:`k < N` firms are active (each at the
:math:`k`-firm Tullock spend, the others at their lower bound); the sequential
(Gauss-Seidel) best-response iteration may converge to one of those. The
result is an equilibrium either way (its regret is verified); it is not
necessarily the symmetric one.

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
>>> eq.success, round(float(eq.spend[0]), 6)     # r (N-1) V / N^2 = 1/4
(True, 0.25)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize, minimize_scalar

from ..exceptions import ConvergenceWarning, InvalidParameterError
from ..results import compact_repr
from .payoff import FirmArrays, ScenarioArrays, expected_payoffs
from .race import RaceModel

__all__ = ["ContinuousEquilibrium", "continuous_equilibrium", "choice_payoffs"]


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
    message : str
    iterations : int
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


def continuous_equilibrium(model: RaceModel, *, vary_speed: bool = False,
                           bounds: Sequence[tuple[float, float]] | None = None,
                           speed_bounds: tuple[float, float] = (0.05, 1.0),
                           start: Sequence[float] | None = None, max_iter: int = 200,
                           tol: float = 1e-9, damping: float | str = "auto", grid: int = 257,
                           regret_tol: float | None = None) -> ContinuousEquilibrium:
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
        Speed range when ``vary_speed``.
    start : sequence of float, optional
        Initial compute of each firm (default: geometric middle of its range).
    max_iter, tol, grid
        Iteration limit, convergence tolerance (log K and speed), grid points
        per dimension of the best-response search.
    damping : float in [0, 1) or "auto"
        Weight of the old point in each update. ``"auto"`` starts undamped and
        moves the damping halfway to 0.9 after every sweep that does not at
        least halve the largest move (best-response cycles).
    regret_tol : float, optional
        Largest accepted verified regret; default ``1e-7 * max(1, prize)``.

    Returns
    -------
    ContinuousEquilibrium
        ``success=False`` (with a :class:`ConvergenceWarning`) when the
        verified regret of the final point exceeds ``regret_tol``.

    Examples
    --------
    >>> from blitzgame.model import Firm, Market, RaceModel
    >>> m = RaceModel([Firm(n, 0, 10.0, unit_cost=1.0) for n in "abc"],
    ...               Market.tullock(prize=9.0, sharpness=1.0))
    >>> round(float(continuous_equilibrium(m).spend[0]), 6)   # 1 * 2 * 9 / 9
    2.0
    """
    if not isinstance(model, RaceModel):
        raise InvalidParameterError(f"model must be a RaceModel; got {type(model).__name__}")
    auto = damping == "auto"
    damping = 0.0 if auto else damping
    if not isinstance(damping, (int, float)) or not 0 <= damping < 1:
        raise InvalidParameterError(f"damping must be in [0, 1); got {damping}")
    n = len(model.firms)
    if bounds is None:
        bounds = []
        for f in model.firms:
            hi = f.compute + 1e9 * f.capital / f.unit_cost
            bounds.append((max(f.compute, 1e-6 * hi), hi))
    lo = np.log(np.array([b[0] for b in bounds], float))
    hi = np.log(np.array([b[1] for b in bounds], float))
    if np.any(~np.isfinite(lo)) or np.any(hi < lo):
        raise InvalidParameterError(f"bounds must be positive (low, high) pairs; got {bounds}")
    x = (lo + hi) / 2 if start is None else np.log(np.asarray(start, float))
    s = np.full(n, speed_bounds[1])
    reg_tol = 1e-7 * max(1.0, model.market.prize) if regret_tol is None else regret_tol

    def pay_i(i: int, xs: NDArray[np.float64], ss: NDArray[np.float64],
              own_x: NDArray[np.float64], own_s: NDArray[np.float64]) -> NDArray[np.float64]:
        kk = np.broadcast_to(np.exp(xs), own_x.shape + (n,)).copy()
        sp = np.broadcast_to(ss, own_x.shape + (n,)).copy()
        kk[..., i] = np.exp(own_x)
        sp[..., i] = own_s
        return choice_payoffs(model, sp, kk)[..., i]

    def best_response(i: int, xs: NDArray[np.float64], ss: NDArray[np.float64], g: int
                      ) -> tuple[float, float, float]:
        gx = np.linspace(lo[i], hi[i], g)
        if vary_speed:
            gs = np.linspace(speed_bounds[0], speed_bounds[1], max(g // 4, 9))
            GX, GS = np.meshgrid(gx, gs, indexing="ij")
            vals = pay_i(i, xs, ss, GX, GS)
            top = np.argsort(vals, axis=None)[::-1][:3]
            best = (-np.inf, 0.0, 0.0)

            def loss(z: NDArray[np.float64]) -> float:
                return -float(pay_i(i, xs, ss, np.array(z[0]), np.array(z[1])))

            for t in top:
                a, b = np.unravel_index(t, vals.shape)
                res = minimize(loss, [float(gx[a]), float(gs[b])], method="L-BFGS-B",
                               bounds=[(lo[i], hi[i]), speed_bounds])
                cand = (-float(res.fun), float(res.x[0]), float(res.x[1]))
                grid_v = (float(vals[a, b]), float(gx[a]), float(gs[b]))
                best = max(best, cand, grid_v)
            return best
        vals = pay_i(i, xs, ss, gx, np.full(g, ss[i]))
        best = (-np.inf, 0.0, float(ss[i]))
        for t in np.argsort(vals)[::-1][:3]:
            a, b = gx[max(t - 1, 0)], gx[min(t + 1, g - 1)]
            res1 = minimize_scalar(lambda z: -float(pay_i(i, xs, ss, np.array(z),
                                                          np.array(ss[i]))),
                                   bounds=(a, b), method="bounded",
                                   options={"xatol": 1e-13 * max(1.0, abs(a))})
            best = max(best, (-float(res1.fun), float(res1.x), float(ss[i])),
                       (float(vals[t]), float(gx[t]), float(ss[i])))
        return best

    converged = False
    it = 0
    prev = np.inf
    for it in range(1, max_iter + 1):  # noqa: B007 (it is reported)
        move = 0.0
        for i in range(n):
            _, bx, bs = best_response(i, x, s, grid)
            nx = (1 - damping) * bx + damping * x[i]
            ns = (1 - damping) * bs + damping * s[i]
            move = max(move, abs(nx - x[i]), abs(ns - s[i]))
            x[i], s[i] = nx, ns
        if move <= tol:
            converged = True
            break
        if auto and move > 0.5 * prev:
            damping = (damping + 0.9) / 2
        prev = move
    K = np.exp(x)
    pay = choice_payoffs(model, s, K)
    regret = np.zeros(n)
    for i in range(n):
        dev, _, _ = best_response(i, x, s, 4 * grid + 1)
        regret[i] = max(dev - float(pay[i]), 0.0)
    mr = float(regret.max())
    # the equilibrium criterion is the verified regret; the iteration is only a means
    ok = mr <= reg_tol
    if ok and converged:
        msg = f"converged in {it} sweeps; verified regret {mr:.3g}"
    elif ok:
        msg = (f"best-response iteration still moved by {move:.3g} after {max_iter} sweeps, "
               f"but the final point is verified: regret {mr:.3g} <= {reg_tol:.3g}")
    elif not converged:
        msg = (f"best-response iteration did not converge in {max_iter} sweeps and the "
               f"final point has regret {mr:.3g} > {reg_tol:.3g}")
    else:
        msg = f"converged but the verified regret {mr:.3g} exceeds {reg_tol:.3g}"
    if not ok:
        warnings.warn(msg, ConvergenceWarning, stacklevel=2)
    return ContinuousEquilibrium(model.players, K, s, _spend(model, s, K), pay, regret, mr, ok,
                                 msg, it)
