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

from ._threads import run_chunks

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


# ---------------------------------------------------------------- numpy fast path
def _fast_chunk(u: Any, lo: int, hi: int, tol: float | None, rtol: float,
                out: dict[str, Any]) -> tuple[bool, Any]:
    """Closed form for games ``lo:hi`` written in place into ``out`` (numpy only).

    Handles the games that are non-degenerate within tol, where the equilibria
    are exactly one pure profile, or two pure profiles and the mixed one, or the
    mixed one alone (see the module docstring). Returns whether some game here
    has three equilibria, and the indices of the games left to the general
    kernel (degenerate, or a mixed equilibrium whose verified regret exceeds tol).
    """
    import numpy as np

    X = np.ascontiguousarray(np.reshape(u[lo:hi], (hi - lo, 8)).T)  # rows a00 b00 a01 b01 ...
    a00, b00, a01, b01, a10, b10, a11, b11 = X
    t = out["tol"][lo:hi]
    if tol is None:  # the float_tol rule: rtol * max(1, max |u|)
        np.max(np.abs(X), axis=0, out=t)
        np.maximum(t, 1.0, out=t)
        t *= rtol
    else:
        t[...] = tol
    d0, d1 = a00 - a10, a01 - a11
    e0, e1 = b00 - b01, b10 - b11
    small = np.minimum(np.minimum(np.abs(d0), np.abs(d1)), np.minimum(np.abs(e0), np.abs(e1)))
    slow = small <= t
    sd0, sd1, se0, se1 = d0 > 0, d1 > 0, e0 > 0, e1 > 0
    mixed = (sd0 != sd1) & (se0 != se1)
    two = mixed & (sd0 == se0)  # two pure equilibria besides the mixed one
    only = mixed ^ two  # the mixed equilibrium alone
    v00, v01, v10 = sd0 & se0, sd1 & ~se0, ~sd0 & se1
    pa = v00 | v01  # first pure equilibrium: row 0?
    qa = v00 | (v10 & ~v01)  # first pure equilibrium: column 0?
    with np.errstate(all="ignore"):  # games without the mixed equilibrium: inf/nan, unused
        q = d1 / (d1 - d0)  # column 0's weight at the mixed equilibrium
        p = e1 / (e1 - e0)  # row 0's weight
        res_r = (d0 - d1) * q + d1  # u(row 0) - u(row 1) at the mix: about 0
        res_c = (e0 - e1) * p + e1
        reg = np.maximum(np.maximum(res_r, 0.0) - p * res_r, np.maximum(res_c, 0.0) - q * res_c)
        pay_r = (a10 - a11) * q + a11 + p * res_r
        pay_c = (b01 - b11) * p + b11 + q * res_c
        slow |= mixed & ~(reg <= t)
    x, y, pay = out["x"], out["y"], out["payoffs"]
    # slot 0: the mixed equilibrium alone, or the first pure one
    p0 = np.where(only, p, pa)
    q0 = np.where(only, q, qa)
    x[0, 0, lo:hi] = p0
    np.subtract(1.0, p0, out=x[1, 0, lo:hi])
    y[0, 0, lo:hi] = q0
    np.subtract(1.0, q0, out=y[1, 0, lo:hi])
    pay[0, 0, lo:hi] = np.where(only, pay_r, np.where(pa, np.where(qa, a00, a01),
                                                      np.where(qa, a10, a11)))
    pay[1, 0, lo:hi] = np.where(only, pay_c, np.where(pa, np.where(qa, b00, b01),
                                                      np.where(qa, b10, b11)))
    # slot 1: the second pure equilibrium (row 1; column 0 iff (1, 0)); slot 2: the mixed one
    zero = np.zeros(1, dtype=X.dtype)
    x[0, 1, lo:hi] = 0.0
    x[1, 1, lo:hi] = two
    y[0, 1, lo:hi] = v10 & two
    y[1, 1, lo:hi] = ~v10 & two
    pay[0, 1, lo:hi] = np.where(two, np.where(v10, a10, a11), zero)
    pay[1, 1, lo:hi] = np.where(two, np.where(v10, b10, b11), zero)
    p2 = np.where(two, p, zero)
    q2 = np.where(two, q, zero)
    x[0, 2, lo:hi] = p2
    np.subtract(two, p2, out=x[1, 2, lo:hi])
    y[0, 2, lo:hi] = q2
    np.subtract(two, q2, out=y[1, 2, lo:hi])
    pay[0, 2, lo:hi] = np.where(two, pay_r, zero)
    pay[1, 2, lo:hi] = np.where(two, pay_c, zero)
    valid = out["valid"]
    valid[0, lo:hi] = True
    valid[1, lo:hi] = two
    valid[2, lo:hi] = two
    count = out["count"][lo:hi]
    np.multiply(two.view(np.uint8), np.uint8(2), out=count)
    count += 1
    out["degenerate"][lo:hi] = False
    out["max_regret"][lo:hi] = np.where(mixed, reg, 0.0)
    return bool(two.any()), np.flatnonzero(slow) + lo


def closed_form_2x2_numpy(u: Any, tol: float | None, rtol: float, chunk: int,
                          workers: int) -> dict[str, Any]:
    """All equilibria of ``u (B, 2, 2, 2)`` float numpy games, as :func:`closed_form_2x2`.

    The numpy fast path: chunks of ``chunk`` games run on ``workers`` threads
    (numpy releases the GIL in its loops) and write straight into preallocated
    batch-first outputs, so no full-size temporary is ever made. Degenerate
    games (few, in practice) are then solved by :func:`closed_form_2x2` and
    written over their rows, so the answers are those of the array-API kernel.
    Returns arrays with the batch axis first, ``tol`` included.
    """
    import numpy as np

    Bn = int(u.shape[0])
    dt = u.dtype
    # batch-last buffers (contiguous writes per chunk); returned as batch-first views
    out = {"x": np.empty((2, 3, Bn), dtype=dt), "y": np.empty((2, 3, Bn), dtype=dt),
           "payoffs": np.empty((2, 3, Bn), dtype=dt), "valid": np.empty((3, Bn), dtype=bool),
           "count": np.empty(Bn, dtype=np.int64), "degenerate": np.empty(Bn, dtype=bool),
           "max_regret": np.empty(Bn, dtype=dt), "tol": np.empty(Bn, dtype=dt)}
    starts = range(0, Bn, chunk)

    def work(lo: int) -> tuple[bool, Any]:
        return _fast_chunk(u, lo, min(lo + chunk, Bn), tol, rtol, out)

    done = run_chunks(work, starts, workers)
    slow = np.concatenate([s for _, s in done])
    subs = []
    for lo in range(0, slow.size, chunk):  # the general kernel on the degenerate games
        rows = slow[lo:lo + chunk]
        subs.append((rows, closed_form_2x2(np, u[rows], out["tol"][rows])))
    K = max([3 if any(h for h, _ in done) else 1]
            + [int(sub["valid"].shape[0]) for _, sub in subs])
    if K != 3:
        for key in ("x", "y", "payoffs", "valid"):
            old = out[key]
            new = np.zeros(old.shape[:-2] + (K, Bn), dtype=old.dtype)
            new[..., :min(K, 3), :] = old[..., :min(K, 3), :]
            out[key] = new
    for rows, sub in subs:
        ks = int(sub["valid"].shape[0])
        for key, src in (("x", sub["strategies"][0]), ("y", sub["strategies"][1]),
                         ("payoffs", sub["payoffs"]), ("valid", sub["valid"])):
            out[key][..., :ks, rows] = src
            out[key][..., ks:, rows] = 0
        for key in ("count", "degenerate", "max_regret"):
            out[key][rows] = sub[key]
    for key in ("x", "y", "payoffs", "valid"):
        out[key] = np.permute_dims(out[key], tuple(range(out[key].ndim - 1, -1, -1)))
    return out
