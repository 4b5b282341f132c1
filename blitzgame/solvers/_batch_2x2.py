r"""Batched closed form for all equilibria of 2×2 bimatrix games (array API).

Write :math:`d_j = A_{0j} - A_{1j}` (row player's gain from row 0 against
column ``j``) and :math:`e_i = B_{i0} - B_{i1}`. Pure profile ``(i, j)`` is an
equilibrium when each action is a best response (four sign tests within tol).
The completely mixed equilibrium exists iff both players' differences change
sign, :math:`d_0 d_1 < 0` and :math:`e_0 e_1 < 0`; then the column player's
weight on column 0 is :math:`q = -d_1/(d_0 - d_1)` and the row player's weight
on row 0 is :math:`p = -e_1/(e_0 - e_1)` (each makes the other indifferent).
A 2×2 game is degenerate iff some :math:`|d_j|` or :math:`|e_i|` is within tol
of 0 (a pure strategy with two best responses); otherwise this list is
complete (e.g. von Stengel 2002, §2). Its regrets are computed from the
indifference residuals, so every reported equilibrium is verified.

References
----------
1. von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook
   of Game Theory* 3, ch. 45.
"""

from __future__ import annotations

from typing import Any

from array_api_compat import device

__all__ = ["closed_form_2x2"]


def closed_form_2x2(xp: Any, u: Any, tol: Any) -> dict[str, Any]:
    """All equilibria of a chunk of 2×2 games by the closed form (see module docstring).

    Written with few, elementwise array operations (it is the throughput kernel):
    equilibria are listed in the slot order (0,0), (0,1), (1,0), (1,1), mixed.
    """
    a00, a01, a10, a11 = u[:, 0, 0, 0], u[:, 0, 1, 0], u[:, 1, 0, 0], u[:, 1, 1, 0]
    b00, b01, b10, b11 = u[:, 0, 0, 1], u[:, 0, 1, 1], u[:, 1, 0, 1], u[:, 1, 1, 1]
    d0, d1, e0, e1 = a00 - a10, a01 - a11, b00 - b01, b10 - b11
    t = tol
    mt = -t
    zero = xp.zeros_like(d0)
    one = xp.ones_like(d0)
    valid = [(d0 >= mt) & (e0 >= mt), (d1 >= mt) & (e0 <= t),
             (d0 <= t) & (e1 >= mt), (d1 <= t) & (e1 <= t)]
    # regret of a pure profile: the larger of the two players' losses, 0 if none
    regret = [-xp.minimum(xp.minimum(d0, e0), zero), xp.maximum(xp.maximum(e0, -d1), zero),
              xp.maximum(xp.maximum(d0, -e1), zero), xp.maximum(xp.maximum(d1, e1), zero)]
    mixed = ((d0 * d1) < 0) & ((e0 * e1) < 0)
    dd, de = d0 - d1, e0 - e1
    q = -d1 / xp.where(mixed, dd, one) * xp.astype(mixed, u.dtype)  # column 0's weight
    p = -e1 / xp.where(mixed, de, one) * xp.astype(mixed, u.dtype)  # row 0's weight
    # indifference residuals u(row 0) - u(row 1) and u(col 0) - u(col 1) at the mix
    res_r = d1 + q * dd
    res_c = e1 + p * de
    reg_m = xp.maximum(xp.maximum((1 - p) * res_r, -p * res_r),
                       xp.maximum((1 - q) * res_c, -q * res_c))
    pay_r = a11 + q * (a10 - a11) + p * res_r
    pay_c = b11 + p * (b01 - b11) + q * res_c
    valid.append(mixed & (reg_m <= t))
    regret.append(reg_m)

    cum = []
    count = None
    max_regret = zero
    for v, r in zip(valid, regret, strict=True):
        vi = xp.astype(v, xp.int8)
        count = vi if count is None else count + vi
        cum.append(count)
        max_regret = xp.maximum(max_regret, r * xp.astype(v, u.dtype))
    Bn = int(d0.shape[0])
    K = max(1, int(xp.max(count))) if Bn else 1
    dev = device(u)
    # slot index of the k-th equilibrium = number of slots whose running count is <= k
    ks = xp.reshape(xp.arange(K, dtype=xp.int8, device=dev), (K, 1, 1))
    idx = xp.sum(xp.astype(xp.stack(cum[:4], axis=0)[None, ...] <= ks, xp.int64), axis=1)
    # fields (row f*5 + slot): p, q, payoff of row player, payoff of column player
    fields = xp.stack([one, one, zero, zero, p, one, zero, one, zero, q,
                       a00, a01, a10, a11, pay_r, b00, b01, b10, b11, pay_c], axis=0)
    f5 = xp.reshape(xp.arange(0, 20, 5, dtype=xp.int64, device=dev), (4, 1, 1))
    gidx = (f5 + idx[None, ...]) * Bn + xp.reshape(xp.arange(Bn, dtype=xp.int64, device=dev),
                                                   (1, 1, Bn))
    got = xp.reshape(xp.take(xp.reshape(fields, (-1,)), xp.reshape(gidx, (-1,))), (4, K, Bn))
    count = xp.astype(count, xp.int64)
    valid_kb = xp.reshape(xp.arange(K, device=dev), (K, 1)) < xp.reshape(count, (1, Bn))
    vf = xp.astype(valid_kb, u.dtype)
    got = got * vf[None, ...]
    P, Q = got[0, ...], got[1, ...]
    # batch-last layout (slot axis -2, batch axis -1): solve_batch concatenates chunks along
    # the last axis and moves it to the front once, avoiding strided copies per chunk
    x = xp.stack([P, vf - P], axis=0)
    y = xp.stack([Q, vf - Q], axis=0)
    degenerate = ((xp.abs(d0) <= t) | (xp.abs(d1) <= t) | (xp.abs(e0) <= t) | (xp.abs(e1) <= t)
                  | (count % 2 == 0))
    return {"layout": "batch_last", "count": count, "valid": valid_kb, "strategies": (x, y),
            "payoffs": got[2:, ...], "degenerate": degenerate, "max_regret": max_regret}
