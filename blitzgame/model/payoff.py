r"""The payoff function of the race (DESIGN.md section 3), vectorized over profiles and parameters.

Firm :math:`i` with installed compute :math:`K^0_i` (GPUs), capital
:math:`B_i` ($B), unit cost :math:`c_i` ($/GPU), efficiency :math:`e_i` and
execution :math:`x_i` plays a posture with speed :math:`s_i`, target compute
:math:`K_i \ge K^0_i`, cost factor :math:`f_i`, efficiency gain :math:`g_i`,
delay :math:`d_i` (months) and fixed cost :math:`k_i` (fraction of capital).

* **Cost** ($B): :math:`C_i = 10^{-9} f_i c_i (K_i - K^0_i)(1 + \phi s_i^2) + k_i B_i`.
  If :math:`C_i > B_i` the posture is infeasible and the firm is **bankrupt**:
  it drops out of every contest and its payoff is :math:`-B_i` (its whole
  capital; no feasible posture pays less, so monotonicity in cost holds).
* **Effective compute**: :math:`E_i = \mathrm{capability}(K_i)\,(1 - w s_i^2)\, e_i g_i`
  (see :mod:`blitzgame.model.stages`).
* **Time and decay**: :math:`T_i = d_i + T_0 (K_i - K^0_i) / (K_0 s_i)` months;
  every prize of firm i is weighted by :math:`e^{-\lambda T_i}`,
  :math:`\lambda = \ln 2 / \text{window}`.
* **Stumbles**: firm i stumbles independently with probability
  :math:`h_i = \min(1, h_0 + h_1 s_i^2 / x_i)` and then keeps
  :math:`\kappa E_i`. A WaitForStumble firm adds ``salvage`` x (lost compute of
  the stumbling non-waiting rivals) / (number of waiters) to its own.
* **Contest** (per scenario with prize :math:`V_\sigma` and sharpness
  :math:`r_\sigma`): Niche firms leave the main contest. Two or more Partner
  firms form one entity with :math:`E = (1-\ell)\sum E_j`. Entities get Tullock
  shares :math:`q = E^r / \sum E^r` (computed on :math:`E / \max E`, so
  :math:`r \to \infty` is safe; all-zero compute splits equally); partners
  split their entity's share by contribution. A Moat firm's share is raised to
  ``floor`` x its installed-base share :math:`K^0_i / \sum_j K^0_j` and the
  other free shares are scaled down proportionally (repeated until stable).
* **Prizes**: main prize :math:`V_\sigma (1 - n) + V_\sigma n \cdot (\text{leak if
  any niche firm else } 1)`; niche pool :math:`V_\sigma n (1 - \text{leak})`,
  split among niche firms by a contest of sharpness ``niche_sharpness``. The
  leading entity's main prize is multiplied by :math:`1 + \eta q_{max}`.
* **Payoff**: :math:`u_i = \sum_\sigma \pi_\sigma \sum_{o \in \{0,1\}^N} P(o)\,
  e^{-\lambda T_i} (p_i^o V^o_{main} \cdot \mathrm{boost}_i + p^{o,niche}_i V_{niche})
  - C_i`, the exact expectation over the :math:`2^N` stumble outcomes
  :math:`P(o) = \prod_i h_i^{o_i} (1-h_i)^{1-o_i}` and the scenario mixture.

With one scenario, no waste, no risk, no decay, alpha = 1, jump = 1,
:math:`\phi = \eta = 0` and :math:`K^0 = 0` this is the Tullock (1980) contest
:math:`u_i = V K_i^r / \sum_j K_j^r - c_i K_i`.

All functions take arrays with arbitrary leading (batch and profile) axes and
a last axis of length N (one entry per firm); market and scenario parameters
broadcast against the leading axes.

References
----------
1. Tullock, G. (1980). Efficient rent seeking. In *Toward a Theory of the
   Rent-Seeking Society*, 97-112.
2. Skaperdas, S. (1996). Contest success functions. *Economic Theory* 7, 283-290.

Examples
--------
>>> import numpy as np
>>> tullock_shares(np.array([1.0, 3.0]), 1.0).tolist()
[0.25, 0.75]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .postures import MOAT, NICHE, PARTNER, WAIT
from .stages import capability

__all__ = ["tullock_shares", "FirmArrays", "ScenarioArrays", "expected_payoffs",
           "contest_outcomes", "FIRM_FIELDS"]

Arr = NDArray[np.float64]

FIRM_FIELDS = ("compute", "target", "speed", "unit_cost", "efficiency", "execution",
               "capital", "cost_factor", "efficiency_gain", "delay", "fixed_cost", "floor",
               "salvage", "kind")


class FirmArrays(NamedTuple):
    """Per-firm inputs of the kernel, each an array of shape (..., N)."""

    compute: Arr
    target: Arr
    speed: Arr
    unit_cost: Arr
    efficiency: Arr
    execution: Arr
    capital: Arr
    cost_factor: Arr
    efficiency_gain: Arr
    delay: Arr
    fixed_cost: Arr
    floor: Arr
    salvage: Arr
    kind: NDArray[np.int64]


class ScenarioArrays(NamedTuple):
    """One scenario's probability, prize multiplier and sharpness, each of shape (...)."""

    probability: Arr | np.float64
    prize_multiplier: Arr | np.float64
    sharpness: Arr | np.float64


def _sum(x: NDArray[Any]) -> NDArray[Any]:
    """Sum over the (short) last axis, keeping it; faster than ``x.sum(-1)`` for small N."""
    out = x[..., 0].astype(np.float64 if x.dtype == bool else x.dtype)
    for i in range(1, x.shape[-1]):
        out = out + x[..., i]
    return out[..., None]


def _max(x: NDArray[Any]) -> NDArray[Any]:
    """Maximum over the (short) last axis, keeping it."""
    out = x[..., 0]
    for i in range(1, x.shape[-1]):
        out = np.maximum(out, x[..., i])
    return out[..., None]


def _prod(x: NDArray[Any]) -> NDArray[Any]:
    """Product over the (short) last axis, dropping it."""
    out = x[..., 0]
    for i in range(1, x.shape[-1]):
        out = out * x[..., i]
    return out


def tullock_shares(effective: ArrayLike, sharpness: ArrayLike,
                   mask: ArrayLike | None = None) -> Arr:
    r"""Tullock contest shares :math:`p_i = E_i^r / \sum_j E_j^r` along the last axis.

    Parameters
    ----------
    effective : array_like
        Effective compute, shape (..., N), >= 0.
    sharpness : array_like
        r >= 0, broadcastable to the leading axes (...).
    mask : array_like of bool, optional
        Which entries take part (default: all); others get share 0.

    Returns
    -------
    ndarray
        Shares of shape (..., N) summing to 1 over participants (0 if none).
        Computed on :math:`E / \max E` so large r cannot overflow; if every
        participant has zero compute they split equally; exact ties split evenly.

    Examples
    --------
    >>> tullock_shares([2.0, 2.0, 1.0], 1e6).round(6).tolist()
    [0.5, 0.5, 0.0]
    >>> tullock_shares([5.0, 1.0], 0.0).tolist()
    [0.5, 0.5]
    """
    e = np.asarray(effective, dtype=np.float64)
    m = np.ones(e.shape, bool) if mask is None else np.broadcast_to(np.asarray(mask, bool),
                                                                       e.shape)
    r = np.asarray(sharpness, dtype=np.float64)[..., None]
    e = np.where(m, e, 0.0)
    emax = _max(e)
    x = np.where(emax > 0, e / np.where(emax > 0, emax, 1.0), 1.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        w = np.where(m, np.where(x > 0, np.power(x, r), np.where(r == 0, 1.0, 0.0)), 0.0)
    tot = _sum(w)
    return np.asarray(np.where(tot > 0, w / np.where(tot > 0, tot, 1.0), 0.0))


class Outcome(NamedTuple):
    """Contest result in one scenario and one stumble outcome (arrays of shape (..., N))."""

    scenario: int
    stumbles: tuple[bool, ...]
    probability: Arr  # (...) scenario prob x outcome prob
    main_share: Arr
    niche_share: Arr
    gross: Arr  # decayed prize in $B
    leader_share: Arr  # (...) largest main-contest share of an entity (a coalition counts once)


def _derived(f: FirmArrays, m: Mapping[str, ArrayLike]) -> dict[str, Any]:
    g = {k: np.asarray(v, dtype=np.float64)[..., None] for k, v in m.items()}
    s = f.speed
    K = np.maximum(f.target, f.compute)
    buy = K - f.compute
    cost = 1e-9 * f.cost_factor * f.unit_cost * buy * (1.0 + g["speed_premium"] * s**2) \
        + f.fixed_cost * f.capital
    bankrupt = cost > f.capital * (1.0 + 1e-12) + 1e-12
    E = capability(K, g["returns_to_scale"], g["stage_jump"]) * (1.0 - g["waste"] * s**2) \
        * f.efficiency * f.efficiency_gain
    E = np.where(bankrupt, 0.0, E)
    T = f.delay + g["build_time"] * buy / (g["reference_scale"] * s)
    lam = np.where(np.isinf(g["leadership_window"]), 0.0,
                   np.log(2.0) / np.where(np.isinf(g["leadership_window"]), 1.0,
                                          g["leadership_window"]))
    decay = np.exp(-lam * T)
    h = np.clip(g["hazard_base"] + g["hazard_speed"] * s**2 / f.execution, 0.0, 1.0)
    h = np.where(bankrupt, 0.0, h)
    base = _sum(f.compute)
    base_share = np.where(base > 0, f.compute / np.where(base > 0, base, 1.0), 0.0)
    return {"g": g, "cost": cost, "bankrupt": bankrupt, "E": E, "decay": decay, "h": h,
            "base_share": base_share}


def contest_outcomes(f: FirmArrays, market: Mapping[str, ArrayLike],
                     scenarios: Sequence[ScenarioArrays],
                     derived: dict[str, Any] | None = None) -> Iterator[Outcome]:
    """Yield the contest in every scenario and every stumble outcome (see the module docs).

    Outcomes of probability zero everywhere are skipped.
    """
    d = _derived(f, market) if derived is None else derived
    g, E, h, bankrupt = d["g"], d["E"], d["h"], d["bankrupt"]
    n = E.shape[-1]
    kind = np.broadcast_to(f.kind, E.shape)
    alive = ~bankrupt
    waiter = (kind == WAIT) & alive
    niche = (kind == NICHE) & alive
    main = alive & ~niche
    partner = (kind == PARTNER) & main
    moat = (kind == MOAT) & main
    pooled = _sum(partner) >= 2
    pooled_p = partner & pooled
    any_niche = _sum(niche) > 0
    n_wait = np.maximum(_sum(waiter), 1)
    keep = g["stumble_keep"]
    floor = np.where(moat, f.floor * d["base_share"], 0.0)
    for o in itertools.product((False, True), repeat=n):
        st = np.array(o)
        p_o = _prod(np.where(st, h, 1.0 - h))
        if not np.any(p_o > 0):
            continue
        Er = E * np.where(st, keep, 1.0)
        lost = _sum((1.0 - keep) * E * (st & ~waiter))
        Er = Er + np.where(waiter, f.salvage * lost / n_wait, 0.0)
        pool = (1.0 - g["coordination_loss"]) * _sum(Er * pooled_p)
        # entity compute: the coalition sits on its first member, other members drop out
        first = pooled_p & (np.cumsum(pooled_p, axis=-1) == 1)
        ent_mask = main & (~pooled_p | first)
        ent_E = np.where(first, pool, Er)
        contrib = np.where(pooled_p, Er, 0.0)
        ctot = _sum(contrib)
        npool = np.maximum(_sum(pooled_p), 1)
        frac = np.where(ctot > 0, contrib / np.where(ctot > 0, ctot, 1.0), 1.0 / npool)
        for k, sc in enumerate(scenarios):
            q = tullock_shares(ent_E, sc.sharpness, ent_mask)
            qc = _sum(q * first)
            p = np.where(pooled_p, qc * frac, q)
            p = _apply_floors(p, floor, moat, main)
            ent = np.where(pooled_p, _sum(p * pooled_p), p)
            lead = main & (ent >= _max(ent) * (1 - 1e-12)) & (ent > 0)
            V = np.asarray(g["prize"][..., 0] * sc.prize_multiplier)[..., None]
            ns, leak = g["niche_size"], g["niche_leak"]
            v_main = V * (1.0 - ns) + V * ns * np.where(any_niche, leak, 1.0)
            v_niche = np.where(any_niche, V * ns * (1.0 - leak), 0.0)
            pn = tullock_shares(Er, g["niche_sharpness"][..., 0], niche)
            boost = 1.0 + g["network_feedback"] * ent * lead
            gross = d["decay"] * (p * v_main * boost + pn * v_niche)
            yield Outcome(k, o, np.asarray(sc.probability) * p_o, p, pn, gross,
                          _max(np.where(main, ent, 0.0))[..., 0])


def _apply_floors(p: Arr, floor: Arr, moat: NDArray[np.bool_], main: NDArray[np.bool_]) -> Arr:
    if not moat.any():
        return p
    bound = np.zeros(p.shape, bool)
    out = p
    for _ in range(p.shape[-1]):
        new = bound | (moat & (out < floor))
        if np.array_equal(new, bound) and _ > 0:
            break
        bound = new
        F = _sum(floor * bound)
        free = main & ~bound
        sf = _sum(p * free)
        scale = np.where(sf > 0, (1.0 - F) / np.where(sf > 0, sf, 1.0), 0.0)
        out = np.where(bound, floor, np.where(free, p * scale, p))
    return out


def expected_payoffs(f: FirmArrays, market: Mapping[str, ArrayLike],
                     scenarios: Sequence[ScenarioArrays]) -> Arr:
    """Expected payoff ($B) of every firm, shape (..., N): exact sum over outcomes and scenarios.

    Examples
    --------
    Two firms in a Tullock contest (V = 1 $B, r = 1, 1 $B per billion GPUs):

    >>> import numpy as np
    >>> from blitzgame.model.market import Market
    >>> from dataclasses import asdict
    >>> one = lambda v: np.full(2, float(v))
    >>> f = FirmArrays(compute=one(0), target=np.array([0.25e9, 0.25e9]), speed=one(1),
    ...     unit_cost=one(1), efficiency=one(1), execution=one(1), capital=one(10),
    ...     cost_factor=one(1), efficiency_gain=one(1), delay=one(0), fixed_cost=one(0),
    ...     floor=one(0), salvage=one(0), kind=np.zeros(2, np.int64))
    >>> sc = [ScenarioArrays(np.float64(1), np.float64(1), np.float64(1))]
    >>> expected_payoffs(f, asdict(Market.tullock(1.0, 1.0)), sc).tolist()
    [0.25, 0.25]
    """
    d = _derived(f, market)
    acc = np.zeros(np.broadcast_shapes(d["E"].shape, d["cost"].shape))
    for out in contest_outcomes(f, market, scenarios, d):
        acc = acc + np.asarray(out.probability)[..., None] * out.gross
    pay = acc - d["cost"]
    return np.asarray(np.where(d["bankrupt"], -f.capital, pay))
